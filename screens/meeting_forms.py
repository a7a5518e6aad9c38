"""The Meetings area's forms: schedule, agenda, reschedule, cancel, and the meeting pack.

Each form writes through :mod:`store.usecases` (the same operations as
``council meeting ...``) and stays open until the store accepts it: a refusal
is shown beside the field it names, with everything typed kept.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import work

from council import settings
from council.errors import CouncilError
from council.parse import parse_day, split_ids
from council.records import AgendaItem
from screens.agenda import AgendaScreen, item_fields
from screens.base import PREPARE, AreaScreen
from screens.dialogs import ChooseDialog, ConfirmDialog, Field, FormDialog
from screens.meeting_detail import MeetingDetail
from store import usecases


def packs_dir() -> Path:
    """Where the app prints meeting packs: the data directory, never the store (it is a git repository)."""
    return settings.current().data_dir / "packs"


class MeetingForms(AreaScreen):
    """The meeting-level actions of the Meetings area (the screen itself is :mod:`screens.meetings`)."""

    def __init__(self) -> None:
        super().__init__()
        self.detail: MeetingDetail | None = None

    def _need_meeting(self) -> MeetingDetail | None:
        if self.detail is None:
            self.notify("Select a meeting first (or press s to schedule one).", severity="warning")
        return self.detail

    def _after(self, meeting_id: str) -> None:
        raise NotImplementedError

    def action_schedule(self) -> None:
        self.prepare_schedule()

    @work(thread=True, exclusive=True, exit_on_error=False, group=PREPARE)
    def prepare_schedule(self) -> None:
        day = usecases.default_meeting_date(self.store, self.today)
        self.council.call_from_thread(self._schedule_form, day)

    def _schedule_form(self, day: object) -> None:
        fields = [Field("date", "Date", str(day), kind="date", required=True),
                  Field("kind", "Kind", "regular", options=[("Regular", "regular"), ("Extraordinary", "extraordinary")]),
                  Field("title", "Title", "", placeholder="Regular meeting")]

        def save(values: dict[str, str]) -> Callable[[], Any]:
            day = parse_day(values["date"], self.today)
            return lambda: usecases.schedule_meeting(self.store, day, values["kind"], values["title"])

        self.open_form(FormDialog("Schedule a meeting", fields, "Schedule", save=save,
                                  intro="The date proposed follows the charter's meeting cadence."),
                       lambda result: self._after(result[1].id), done=lambda v: f"Meeting scheduled on {v['date']}.")

    def action_agenda_item(self) -> None:
        detail = self._need_meeting()
        if detail is None:
            return
        meeting_id = detail.ctx.meeting.id

        def save(values: dict[str, str]) -> Callable[[], Any]:
            refs = split_ids(values["refs"])
            return lambda: usecases.add_agenda_item(self.store, meeting_id, values["title"], values["kind"], refs)

        self.open_form(FormDialog(f"Add an agenda item to {meeting_id}", item_fields(), "Add", save=save),
                       lambda _: self._after(meeting_id), done="Agenda item added.")

    def action_edit_agenda(self) -> None:
        detail = self._need_meeting()
        if detail is None:
            return
        meeting = detail.ctx.meeting
        if meeting.status != "scheduled":
            self.notify(f"{meeting.id} is {meeting.status}: its agenda's order is the record now (items can still "
                        "be added with g).", severity="warning", markup=False)
            return

        def save(items: list[AgendaItem]) -> Callable[[], Any]:
            return lambda: usecases.set_agenda(self.store, meeting.id, items)

        self.open_form(AgendaScreen(meeting, save), lambda _: self._after(meeting.id),
                       done=f"Agenda of {meeting.id} saved.")

    def action_circulate_agenda(self) -> None:
        detail = self._need_meeting()
        if detail is None:
            return
        meeting_id, day = detail.ctx.meeting.id, self.today

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.write(lambda: usecases.circulate_agenda(self.store, meeting_id, day),
                           lambda _: self._after(meeting_id), done=f"Agenda of {meeting_id} circulated on {day}.")

        self.app.push_screen(ConfirmDialog("Circulate the agenda?", f"Record that the agenda of {meeting_id} "
                                           f"was circulated today, {day}. Notice periods count from this date.",
                                           "Circulate"), confirmed)

    def action_reschedule(self) -> None:
        detail = self._need_meeting()
        if detail is None:
            return
        meeting = detail.ctx.meeting
        fields = [Field("date", "New date", str(meeting.date), kind="date", required=True),
                  Field("reason", "Why it moves", placeholder="The chair is travelling")]

        def save(values: dict[str, str]) -> Callable[[], Any]:
            day = parse_day(values["date"], meeting.date, meeting.id)
            return lambda: usecases.reschedule_meeting(self.store, meeting.id, day, values["reason"])

        self.open_form(FormDialog(f"Reschedule {meeting.id} ({meeting.date})", fields, "Reschedule", save=save),
                       lambda _: self._after(meeting.id), done=lambda v: f"{meeting.id} moved to {v['date']}.")

    def action_cancel_meeting(self) -> None:
        detail = self._need_meeting()
        if detail is None:
            return
        meeting = detail.ctx.meeting
        fields = [Field("reason", "Why it is cancelled", placeholder="No business to transact")]

        def save(values: dict[str, str]) -> Callable[[], Any]:
            return lambda: usecases.cancel_meeting(self.store, meeting.id, values["reason"])

        self.open_form(FormDialog(f"Cancel {meeting.id} ({meeting.date})?", fields, "Cancel the meeting",
                                  save=save, intro="The record stays, marked cancelled. This cannot be undone.",
                                  cancel="Keep it"),
                       lambda _: self._after(meeting.id), done=f"{meeting.id} cancelled.")

    def action_pack(self) -> None:
        detail = self._need_meeting()
        if detail is None:
            return
        meeting = detail.ctx.meeting
        choices = [("The agenda pack (agenda, papers, minutes for approval, actions due)", "pack")]
        if meeting.status == "held":
            choices.append(("The minutes, with each decision's mover, seconder and votes", "minutes"))

        def chosen(what: str | None) -> None:
            if what:
                self.notify(f"Printing the {meeting.id} {what}…", markup=False)
                self.print_pack(meeting.id, what)

        self.app.push_screen(ChooseDialog(f"Print which document of {meeting.id}? (Markdown, HTML and PDF, "
                                          f"into {packs_dir()})", choices), chosen)

    @work(thread=True, exit_on_error=False, group="write")
    def print_pack(self, meeting_id: str, what: str) -> None:
        """Write the document as ``council meeting pack`` does, then say where the files went."""
        from exports import pack as packs
        from exports import pdf
        from exports.snapshot import read_snapshot

        snapshot = read_snapshot(self.store.root, "HEAD")
        try:
            document = (packs.minutes if what == "minutes" else packs.agenda_pack)(snapshot, meeting_id)
        except packs.PackError as exc:
            raise CouncilError(str(exc)) from None
        note = "" if document.sensitivity == "public" else f" ({document.sensitivity}: not for publication)"
        try:
            written = packs.write_files(document, packs_dir(), packs.FORMATS, f"{meeting_id}-{what}")
        except pdf.PdfUnavailable as exc:
            written, note = exc.written, f"{note}. No PDF: {exc}"
        self.council.call_from_thread(
            self.notify, f"Wrote the {document.title}{note}: " + ", ".join(str(p) for p in written),
            title="Printed", markup=False, timeout=20)
