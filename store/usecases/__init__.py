"""The use cases the TUI and the CLI share: each builds one Change and sends it
down the store's write path (:meth:`store.service.Store.write`).

- :mod:`store.usecases.meetings`: meetings, attendance, the agenda, minutes.
- :mod:`store.usecases.proceedings`: motions and votes, amendments drafted in
  the workspace, disputes.
- :mod:`store.usecases.datasets`: the data-sharing register's terms, changed by draft amendments.
- :mod:`store.usecases.exits`: an exit trigger that happened, drafted as an amendment of the partnership.
- :mod:`store.usecases.editing`: whole record files edited (`council new|edit|apply`).
- :mod:`store.usecases.founding`: the founding commit (partnership, charter, signatories).
- :mod:`store.usecases.members`: appointing members, ending terms, rotating keys.
- :mod:`store.usecases.calendar`: a scheduled meeting rescheduled or cancelled.
- :mod:`store.usecases.votes`: the votes on a motion recorded without them.
- :mod:`store.usecases.resolutions`: written resolutions between meetings
  (circulated, voted as the votes come in, closed; reminders).
- :mod:`store.usecases.register_entries`: the living registers (notifications,
  duties and actions done, new risks, incidents and duties, an entry's fields changed).
- :mod:`store.usecases.artifacts` (``usecases.artifacts.register(...)``): the
  artifact register, the release gate on the terms in force, grants,
  revocations and recall through lineage.

Callers import this package (``from store import usecases``) and call
``usecases.schedule_meeting(...)``; the names below are the whole surface.
Nothing here computes an outcome or a quorum for the record: the store does
that (``council.checks``) when it validates the change; what a person typed is
read by the domain's one parser (:mod:`council.parse`) before it gets here.
"""

from store.usecases import artifacts
from store.usecases.calendar import cancel_meeting, reschedule_meeting
from store.usecases.common import text_diff
from store.usecases.datasets import draft_dataset_terms
from store.usecases.editing import NEW_KINDS, Edited, apply_records, blank_text, record_of_text, refuse_unknown_kind
from store.usecases.exits import draft_exit, withdraw_exit
from store.usecases.founding import Founder, Founding, found, founding_records
from store.usecases.founding import request as founding_request
from store.usecases.meetings import (
                                        add_agenda_item,
                                        approve_minutes,
                                        circulate_agenda,
                                        circulate_minutes,
                                        default_meeting_date,
                                        save_minutes_draft,
                                        schedule_meeting,
                                        set_agenda,
                                        set_attendance,
)
from store.usecases.members import Appointment, appoint_member, end_term, rotate_key
from store.usecases.proceedings import (
                                        MeetingContext,
                                        Motion,
                                        VoteResult,
                                        amendment_wording,
                                        check_draft,
                                        in_force_text,
                                        meeting_context,
                                        move_dispute,
                                        new_dataset_text,
                                        new_ip_text,
                                        put_amendment_to_vote,
                                        raise_dispute,
                                        record_decision,
                                        resolve_dispute,
                                        save_amendment,
)
from store.usecases.register_entries import (
                                        action_done,
                                        duty_done,
                                        first_review,
                                        new_duty,
                                        new_incident,
                                        new_risk,
                                        next_duty_id,
                                        next_incident_id,
                                        next_risk_id,
                                        record_notification,
                                        update_entry,
)
from store.usecases.resolutions import (
                                        Circular,
                                        Closed,
                                        circulate_resolution,
                                        close_resolution,
                                        record_resolution_votes,
                                        resolution_reminders,
)
from store.usecases.votes import record_votes

__all__ = [
    "NEW_KINDS", "Edited", "apply_records", "blank_text", "record_of_text", "refuse_unknown_kind",
    "Founder", "Founding", "found", "founding_records", "founding_request",
    "artifacts", "draft_exit", "withdraw_exit",
    "Appointment", "appoint_member", "cancel_meeting", "end_term", "record_votes", "reschedule_meeting",
    "rotate_key",
    "MeetingContext", "Motion", "VoteResult", "amendment_wording", "action_done", "add_agenda_item", "approve_minutes",
    "check_draft", "circulate_agenda", "circulate_minutes", "default_meeting_date", "duty_done",
    "in_force_text", "meeting_context", "move_dispute", "new_dataset_text", "new_duty", "new_incident",
    "new_ip_text", "new_risk", "first_review", "next_duty_id", "next_incident_id", "next_risk_id",
    "put_amendment_to_vote", "raise_dispute", "record_decision", "record_notification",
    "resolve_dispute", "update_entry", "draft_dataset_terms", "save_amendment", "save_minutes_draft",
    "schedule_meeting", "set_agenda", "set_attendance",
    "text_diff",
    "Circular", "Closed", "circulate_resolution", "close_resolution", "record_resolution_votes",
    "resolution_reminders",
]
