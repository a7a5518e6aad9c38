"""What the Meetings area loads for one meeting, and the kinds of agenda item it offers."""

from __future__ import annotations

from dataclasses import dataclass

from council.records import Meeting
from store import api
from store.usecases import MeetingContext

AGENDA_KINDS = [("Item", "item"), ("Motion", "motion"), ("Term change", "term_change"),
                ("Minutes", "minutes"), ("Report", "report")]


def agenda_kind_label(kind: str) -> str:
    """An agenda item's kind as the forms name it ('term change', never 'term_change')."""
    return next((label.lower() for label, value in AGENDA_KINDS if value == kind), kind.replace("_", " "))


@dataclass(frozen=True)
class MeetingDetail:
    """A meeting with everything its tabs show."""

    ctx: MeetingContext
    decisions: list[api.Row]
    minutes_text: str
    draft_saved: bool
    previous: Meeting | None
