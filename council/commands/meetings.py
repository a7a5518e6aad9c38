"""Meetings, motions and votes from the shell: `council meeting schedule|attend|agenda|reschedule|cancel`,
`council motion`, `council vote` and `council minutes circulate|approve`.

Each calls the use case the TUI's meetings screen calls (:mod:`store.usecases`),
as the configured operator, with ``--json`` and ``--dry-run``
(:mod:`council.commands.writes`).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from council.commands.app import CouncilTyper, JsonOpt, StoreOpt, app, handled, open_store
from council.commands.writes import DryRunOpt, ReadersOpt, first_party, perform, readers_option, report, split
from council.errors import RecordError, worded
from council.parse import parse_date, split_ids

if TYPE_CHECKING:
    from council.records import AttendanceChange

meeting_app = CouncilTyper(help="Meetings: schedule one, take attendance, build and circulate its agenda.",
                           no_args_is_help=True)
app.add_typer(meeting_app, name="meeting")

ForOpt = typer.Option("", "--for", help="Members voting for, comma-separated: ada,ben.")
AgainstOpt = typer.Option("", "--against", help="Members voting against, comma-separated.")
AbstainOpt = typer.Option("", "--abstain", help="Members abstaining, comma-separated.")
RecusedOpt = typer.Option("", "--recused", help="Members recused, comma-separated.")
VoteArgs = typer.Argument(None, help="Votes one by one, MEMBER=CHOICE (for, against, abstain, recused).")


def votes_from(record: str, pairs: list[str] | None, **lists: str) -> dict[str, str]:
    """The votes as typed: ``ada=for`` pairs and ``--for ada,ben`` lists; a member votes once."""
    from council.records import VOTE_CHOICES

    votes: dict[str, str] = {}

    def cast(member: str, choice: str) -> None:
        if choice not in VOTE_CHOICES:
            raise RecordError(record, f"votes.{member}", "one of " + ", ".join(VOTE_CHOICES), choice)
        if member in votes and votes[member] != choice:
            raise RecordError(record, f"votes.{member}", "one vote per member", f"{votes[member]} and {choice}")
        votes[member] = choice

    for pair in pairs or []:
        member, sep, choice = pair.partition("=")
        if not sep or not member.strip():
            raise RecordError(record, "votes", "MEMBER=CHOICE, e.g. ada=for", pair)
        cast(member.strip(), choice.strip())
    for choice, names in lists.items():
        for member in split_ids(names):
            cast(member, choice)
    return votes


@meeting_app.command("schedule")
@handled
def schedule(date: str | None = typer.Option(None, "--date", help="The day, YYYY-MM-DD (default: the next "
                                                                   "regular date the charter's cadence gives)."),
             kind: str = typer.Option("regular", "--kind", help="regular or extraordinary."),
             title: str = typer.Option("", "--title", help="Its title (default: '<Kind> meeting')."),
             agenda: list[str] = typer.Option([], "--agenda", help="An agenda item's title; repeat for more."),
             sensitivity: str = typer.Option("public", "--sensitivity", help="public, internal, confidential..."),
             readers: str = ReadersOpt,
             store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Schedule a meeting under the next free ID of its year."""
    from council.records import AgendaItem
    from store import usecases

    opened = open_store(store, quiet=as_json)
    day = parse_date(date, "meeting", "date") if date else usecases.default_meeting_date(opened, dt.date.today())
    items = [AgendaItem(title=t.strip()) for t in agenda if t.strip()]
    with readers_option(first_party(opened)):
        result = perform(opened, dry_run, lambda: usecases.schedule_meeting(opened, day, kind, title, items,
                                                                            sensitivity, split_ids(readers)))
    committed, meeting = split(result)
    report(f"Scheduled {getattr(meeting, 'id', 'a meeting')} on {day.isoformat()}", committed, as_json, meeting)


@meeting_app.command("attend")
@handled
def attend(meeting_id: str = typer.Argument(..., help="The meeting, e.g. MTG-2026-03."),
           present: str = typer.Option("", "--present", help="Members present, comma-separated."),
           absent: str = typer.Option("", "--absent", help="Members absent, comma-separated."),
           apologies: str = typer.Option("", "--apologies", help="Members who sent apologies, comma-separated."),
           proxy: list[str] = typer.Option([], "--proxy", help="MEMBER=HOLDER: MEMBER is represented by HOLDER."),
           left: list[str] = typer.Option([], "--left", help="MEMBER@ITEM: MEMBER left before agenda item ITEM."),
           arrived: list[str] = typer.Option([], "--arrived", help="MEMBER@ITEM: MEMBER arrived before item ITEM."),
           store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Record who attended, and who arrived or left during the meeting: the meeting is then held,
    and the store computes its quorum at each agenda item."""
    from store import usecases

    attendance: dict[str, str] = {}
    for state, names in (("present", present), ("absent", absent), ("apologies", apologies)):
        for member in split_ids(names):
            _mark(attendance, meeting_id, member, state)
    for pair in proxy:
        member, sep, holder = pair.partition("=")
        if not sep or not member.strip() or not holder.strip():
            raise RecordError(meeting_id, "attendance", "--proxy MEMBER=HOLDER", pair)
        _mark(attendance, meeting_id, member.strip(), f"proxy:{holder.strip()}")
    if not attendance:
        raise RecordError(meeting_id, "attendance", "at least one member: --present ada,ben ...")
    changes = [_change(meeting_id, text, "left") for text in left]
    changes += [_change(meeting_id, text, "arrived") for text in arrived]
    opened = open_store(store, quiet=as_json)
    result = perform(opened, dry_run, lambda: usecases.set_attendance(opened, meeting_id, attendance,
                                                                      changes or None))
    committed, meeting = split(result, meeting_id)
    report(f"Recorded the attendance at {meeting_id}", committed, as_json, meeting)
    quorum = "" if as_json else getattr(meeting, "quorum_note", "")
    if quorum:
        typer.echo(f"Quorum: {quorum}")


def _change(meeting_id: str, text: str, change: str) -> "AttendanceChange":
    """``ada@6``: the member who arrived or left, and the agenda item they did so before."""
    from council.records import AttendanceChange

    member, sep, item = text.partition("@")
    if not sep or not member.strip() or not item.strip().isdigit() or int(item) < 1:
        raise RecordError(meeting_id, "attendance_changes", f"--{change} MEMBER@ITEM, e.g. ada@6 (items from 1)",
                          text)
    return AttendanceChange(member=member.strip(), before_item=int(item), change=change)


def _mark(attendance: dict[str, str], meeting_id: str, member: str, state: str) -> None:
    if member in attendance and attendance[member] != state:
        raise RecordError(meeting_id, f"attendance.{member}", "one state per member",
                          f"{attendance[member]} and {state}")
    attendance[member] = state


@meeting_app.command("agenda")
@handled
def agenda(meeting_id: str = typer.Argument(..., help="The meeting, e.g. MTG-2026-03."),
           add: str = typer.Option("", "--add", help="Add an item with this title."),
           kind: str = typer.Option("item", "--kind", help="The item's kind: item, motion, term_change, minutes, report."),
           ref: list[str] = typer.Option([], "--ref", help="A record the item is about (repeat for more)."),
           circulate: str | None = typer.Option(None, "--circulate", help="Record that the agenda went out on this "
                                                                         "day, YYYY-MM-DD ('today' for today)."),
           store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Add an item to a meeting's agenda (--add), or record the day it was circulated (--circulate)."""
    from store import usecases

    if bool(add.strip()) == (circulate is not None):
        raise RecordError(meeting_id, "agenda", "one of --add TITLE or --circulate DATE")
    opened = open_store(store, quiet=as_json)
    if circulate is not None:
        day = dt.date.today() if circulate == "today" else parse_date(circulate, meeting_id, "agenda_circulated")
        result = perform(opened, dry_run, lambda: usecases.circulate_agenda(opened, meeting_id, day))
        report(f"Recorded the agenda of {meeting_id} as circulated on {day.isoformat()}", result, as_json, meeting_id)
        return
    result = perform(opened, dry_run, lambda: worded({"agenda[*].refs": "--ref"}, lambda: usecases.add_agenda_item(
        opened, meeting_id, add, kind, ref)))
    report(f"Added '{add.strip()}' to the agenda of {meeting_id}", result, as_json, meeting_id)


@meeting_app.command("reschedule")
@handled
def reschedule(meeting_id: str = typer.Argument(..., help="The scheduled meeting."),
               date: str = typer.Option(..., "--date", help="The new day, YYYY-MM-DD."),
               reason: str = typer.Option("", "--reason", help="Why it moves."),
               store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Move a scheduled meeting to another day."""
    from store import usecases

    day = parse_date(date, meeting_id, "date")
    opened = open_store(store, quiet=as_json)
    result = perform(opened, dry_run, lambda: usecases.reschedule_meeting(opened, meeting_id, day, reason))
    report(f"Rescheduled {meeting_id} to {day.isoformat()}", result, as_json, meeting_id)


@meeting_app.command("cancel")
@handled
def cancel(meeting_id: str = typer.Argument(..., help="The scheduled meeting."),
           reason: str = typer.Option("", "--reason", help="Why it is cancelled."),
           store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Cancel a scheduled meeting (the record stays, marked cancelled)."""
    from store import usecases

    opened = open_store(store, quiet=as_json)
    result = perform(opened, dry_run, lambda: usecases.cancel_meeting(opened, meeting_id, reason))
    report(f"Cancelled {meeting_id}", result, as_json, meeting_id)


@app.command()
@handled
def motion(meeting_id: str = typer.Argument(..., help="The meeting at which it was moved."),
           title: str = typer.Option(..., "--title", help="A short title for the decision."),
           text: str = typer.Option(..., "--motion", help="The motion as moved: 'That ...'."),
           tier: str = typer.Option(..., "--tier", help="Its approval tier, as the charter names them."),
           moved_by: str = typer.Option("", "--moved-by", help="The member who moved it."),
           seconded_by: str = typer.Option("", "--seconded-by", help="The member who seconded it."),
           rationale: str = typer.Option("", "--rationale", help="Why: the decision's body."),
           sensitivity: str = typer.Option("public", "--sensitivity", help="public, internal, confidential..."),
           item: int | None = typer.Option(None, "--item", min=1, help="The agenda item it was taken at "
                                                                       "(needed once attendance changed)."),
           casting: str = typer.Option("", "--casting", help="The chair's casting vote on a tie (for or "
                                                             "against), where the charter grants one."),
           casting_by: str = typer.Option("", "--casting-by", help="The chair who gave the casting vote."),
           pairs: list[str] | None = VoteArgs, for_: str = ForOpt, against: str = AgainstOpt,
           abstain: str = AbstainOpt, recused: str = RecusedOpt, readers: str = ReadersOpt,
           store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Record a motion, with its votes if they were cast (else it is pending: `council vote`)."""
    from store import usecases

    votes = votes_from("motion", pairs, **{"for": for_, "against": against, "abstain": abstain, "recused": recused})
    moved = usecases.Motion(title=title, motion=text, tier=tier, votes=votes, moved_by=moved_by,
                            seconded_by=seconded_by, rationale=rationale, sensitivity=sensitivity,
                            agenda_item=item, casting_vote=casting, casting_by=casting_by,
                            readers=tuple(split_ids(readers)))
    opened = open_store(store, quiet=as_json)
    with readers_option(first_party(opened)):
        result = perform(opened, dry_run, lambda: usecases.record_decision(opened, meeting_id, moved))
    committed, decision = split(result)
    _decided(f"Recorded {getattr(decision, 'id', 'the motion')}", committed, as_json, decision)


@app.command()
@handled
def vote(decision_id: str = typer.Argument(..., help="The pending decision, e.g. DEC-2026-014."),
         pairs: list[str] | None = VoteArgs, for_: str = ForOpt, against: str = AgainstOpt,
         abstain: str = AbstainOpt, recused: str = RecusedOpt,
         store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Record the votes on a pending motion, all at once: the store computes the outcome."""
    from store import usecases

    votes = votes_from(decision_id, pairs, **{"for": for_, "against": against, "abstain": abstain,
                                              "recused": recused})
    opened = open_store(store, quiet=as_json)
    result = perform(opened, dry_run, lambda: usecases.record_votes(opened, decision_id, votes))
    committed, decision = split(result, decision_id)
    _decided(f"Recorded the votes on {decision_id}", committed, as_json, decision)


def _decided(did: str, committed: object, as_json: bool, decision: object) -> None:
    """The report, then the outcome the store computed (as validated, in a dry run)."""
    report(did, committed, as_json, decision)
    if as_json:
        return
    outcome, note = getattr(decision, "outcome", ""), getattr(decision, "outcome_note", "")
    if outcome:
        typer.echo(f"Outcome: {note if note.startswith(outcome) else f'{outcome}: {note}'}".rstrip(": "))


# --- minutes ---------------------------------------------------------------------------

minutes_app = CouncilTyper(help="Minutes: circulate them, approve them at a later meeting.", no_args_is_help=True)
app.add_typer(minutes_app, name="minutes")


def _minutes_text(path: Path, meeting_id: str) -> str:
    try:
        return sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RecordError(meeting_id, "minutes", "a readable Markdown file",
                          f"{path}: {getattr(exc, 'strerror', None) or exc}") from None


@minutes_app.command("circulate")
@handled
def minutes_circulate(meeting_id: str = typer.Argument(..., help="The meeting whose minutes go out."),
                      file: Path = typer.Option(..., "--file", "-f", help="The minutes, Markdown ('-': standard input)."),
                      store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Commit a meeting's minutes as circulated (a draft of them in the workspace is then discarded)."""
    from store import usecases
    from store.workspace import Workspace

    text = _minutes_text(file, meeting_id)
    opened = open_store(store, quiet=as_json)
    workspace = Workspace.of_store(opened.root)
    try:
        result = perform(opened, dry_run, lambda: usecases.circulate_minutes(opened, workspace, meeting_id, text))
    finally:
        workspace.close()
    report(f"Circulated the minutes of {meeting_id}", result, as_json, meeting_id)


@minutes_app.command("approve")
@handled
def minutes_approve(meeting_id: str = typer.Argument(..., help="The meeting whose minutes are approved."),
                    at: str = typer.Option(..., "--at", help="The later meeting that approves them."),
                    corrected: Path | None = typer.Option(None, "--corrected", help="The minutes as corrected "
                                                                                  "(default: approved as read)."),
                    store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Approve a meeting's minutes at a later meeting, as read or as corrected (the corrections kept as a diff)."""
    from store import usecases

    text = _minutes_text(corrected, meeting_id) if corrected is not None else None
    opened = open_store(store, quiet=as_json)
    result = perform(opened, dry_run, lambda: worded({"minutes_approved_at": "--at"}, lambda: usecases.approve_minutes(
        opened, meeting_id, at, text)))
    report(f"Approved the minutes of {meeting_id} at {at}", result, as_json, meeting_id)
