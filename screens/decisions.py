"""Decision log: every decision, filtered as you type, paged from the index."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Label, Markdown, Static
from textual.worker import get_current_worker

from council.records import Decision, Member
from screens.base import LOAD, AreaScreen, UsesStore
from screens.footer import FittingFooter
from screens.records import markdown_view
from screens.widgets import DiffView, Table, outcome_cell, outcome_style
from store import api

MORE_AT = 20  # fetch the next page when the cursor is this close to the end


class DecisionLogScreen(AreaScreen):
    """All decisions, newest first; the filter narrows by words, tier, outcome, dates."""

    AUTO_FOCUS = "#decision-table"
    AREA = "decisions"
    BINDINGS = [Binding("slash", "focus_filter", "Filter", id="filter"),
                Binding("w", "written", "Written resolutions", id="written"),
                Binding("escape", "clear_filter", "Clear filter", show=False)]

    class PageLoaded(Message):
        """One page of decisions for a filter."""

        def __init__(self, text: str, page: api.Page, append: bool) -> None:
            super().__init__()
            self.text, self.page, self.append = text, page, append

    def __init__(self) -> None:
        super().__init__()
        self.filter_text = ""
        self.page: api.Page | None = None
        self.loading_more = False

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        with Vertical(id="decision-log"):
            yield Input(placeholder="Filter: words or DEC-2026 · tier:high · outcome:passed · sens:public · "
                                    "from:2025-01 · to:2025-06", id="decision-filter", compact=True)
            yield Static("", id="filter-status", classes="status-line")
            yield Table(id="decision-table", cursor_type="row", zebra_stripes=True)
        yield FittingFooter()

    def on_mount(self) -> None:
        # The title before the sensitivity: at 80 columns a title reads (the sensitivity,
        # filtered with sens:, is in the decision itself) rather than being cut to a few letters.
        self.query_one("#decision-table", DataTable).add_columns(
            "ID", "Date", "Tier", "Outcome", "Title", "Sensitivity")

    def reload(self) -> None:
        self.query_one("#decision-table").loading = True
        self.load(self.filter_text, 0)

    @work(thread=True, exclusive=True, exit_on_error=False, group=LOAD)
    def load(self, text: str, offset: int) -> None:
        page = api.decisions(self.store, api.parse_filter(text), offset)
        if not get_current_worker().is_cancelled:
            self.post_message(self.PageLoaded(text, page, append=offset > 0))

    @on(Input.Changed, "#decision-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self.load(event.value, 0)

    @on(Input.Submitted, "#decision-filter")
    def filter_submitted(self) -> None:
        self.query_one("#decision-table", DataTable).focus()

    @on(PageLoaded)
    def show_page(self, event: PageLoaded) -> None:
        if event.text != self.filter_text:
            return  # an older filter's answer
        table = self.query_one("#decision-table", DataTable)
        table.loading = False
        self.loading_more = False
        if not event.append:
            table.clear()
        for row in event.page.rows:
            table.add_row(row.id, str(row.day or ""), row.tier, outcome_cell(row.status), row.title,
                          row.sensitivity, key=row.id)
        shown = event.page.offset + len(event.page.rows)
        self.page = event.page
        flt = api.parse_filter(event.text)
        note = f"  (not understood: {' '.join(flt.problems)})" if flt.problems else ""
        total = event.page.total
        self.query_one("#filter-status", Static).update(
            f"{total:,} decision{'s' if total != 1 else ''}" + (f", showing {shown:,}" if shown < total else "")
            + " · enter opens one" + note)
        if self.pending_record:
            self._select(self.pending_record)

    @on(DataTable.RowHighlighted, "#decision-table")
    def maybe_more(self, event: DataTable.RowHighlighted) -> None:
        page = self.page
        table = event.data_table
        if page and page.has_more and not self.loading_more and event.cursor_row >= table.row_count - MORE_AT:
            self.loading_more = True
            self.load(self.filter_text, table.row_count)

    @on(DataTable.RowSelected, "#decision-table")
    def open_decision(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.app.push_screen(DecisionScreen(event.row_key.value))

    def action_written(self) -> None:
        """The written resolutions: decisions taken between meetings."""
        from screens.resolutions import ResolutionsScreen

        self.app.push_screen(ResolutionsScreen())

    def action_focus_filter(self) -> None:
        self.query_one("#decision-filter", Input).focus()

    def action_clear_filter(self) -> None:
        """Escape: clear the filter and leave it, back to the list (never typing into it)."""
        self.query_one("#decision-filter", Input).value = ""
        self.query_one("#decision-table", DataTable).focus()

    def focus_record(self, record_id: str) -> None:
        super().focus_record(record_id)
        self._select(record_id)

    def _select(self, record_id: str) -> None:
        table = self.query_one("#decision-table", DataTable)
        try:
            table.move_cursor(row=table.get_row_index(record_id))
            self.pending_record = None
        except Exception:  # not on the loaded pages: the palette opens it directly
            pass


@dataclass(frozen=True)
class DecisionDetail:
    decision: Decision
    members: dict[str, Member]
    amendment: api.CommitInfo | None
    diff: str


class DecisionScreen(UsesStore, Screen[None]):
    """One decision: motion, votes, outcome and why, rationale, actions, the diff it approved."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back"),
                Binding("h", "history", "Show in History", id="history")]

    class Loaded(Message):
        """The decision and what it approved were read."""

        def __init__(self, detail: DecisionDetail) -> None:
            super().__init__()
            self.detail = detail

    def __init__(self, decision_id: str) -> None:
        super().__init__()
        self.decision_id = decision_id

    def compose(self) -> ComposeResult:
        yield Header(icon="⚖")
        with VerticalScroll(id="decision-detail", classes="detail"):
            yield Static(id="decision-head", classes="detail-head")
            yield Label("Motion", classes="section-title")
            yield Static(id="decision-motion")
            yield Label("Outcome", classes="section-title")
            yield Static(id="decision-outcome")
            yield Table(id="vote-table", cursor_type="none", zebra_stripes=True)
            yield Label("Rationale", classes="section-title")
            yield markdown_view(id="decision-rationale")
            yield Label("Action items", classes="section-title")
            yield Table(id="action-table", cursor_type="none")
            yield Label("Amendment approved", classes="section-title")
            yield Static(id="amendment-head")
            yield DiffView(id="amendment-diff")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.sub_title = self.decision_id
        self.query_one("#vote-table", DataTable).add_columns("Member", "Party", "Vote")
        self.query_one("#action-table", DataTable).add_columns("Action", "Owner", "Due", "Status")
        self.query_one("#decision-detail").loading = True
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group=LOAD)
    def load(self) -> None:
        # Shown only: sealed text opened with the operator's key, or "sealed for ..." (docs/sealing.md).
        decision = api.opened(self.store, self.store.require(self.decision_id))
        assert isinstance(decision, Decision)
        members = {m.id: m for m in self.store.members()}
        commit = api.amendment_for(self.store, decision.id) if decision.amends else None
        diff = api.commit_diff(self.store, commit.sha) if commit else ""
        self.post_message(self.Loaded(DecisionDetail(decision, members, commit, diff)))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        d, members = event.detail.decision, event.detail.members
        self.query_one("#decision-detail").loading = False
        self.query_one("#decision-head", Static).update(Content.assemble(
            (d.id, "bold"), f"  {d.title}\n",
            (f"{d.date} · meeting {d.meeting} · tier {d.tier} · {d.sensitivity}", "$text-muted")))
        def name(member_id: str) -> str:
            member = members.get(member_id)
            return member.name if member else (member_id or "—")

        moved = f"\nMoved by {name(d.moved_by)}, seconded by {name(d.seconded_by)}."
        self.query_one("#decision-motion", Static).update(Content(d.motion or "—") + moved)
        self.query_one("#decision-outcome", Static).update(Content.assemble(
            (d.outcome.upper().replace("_", " "), f"bold {outcome_style(d.outcome)}"), "  ", d.outcome_note))
        votes = self.query_one("#vote-table", DataTable)
        votes.clear()
        for member_id, vote in d.votes.items():
            member = members.get(member_id)
            votes.add_row(member.name if member else member_id, member.party if member else "", vote)
        self.query_one("#decision-rationale", Markdown).update(d.body or "_No rationale recorded._")
        actions = self.query_one("#action-table", DataTable)
        actions.clear()
        for item in d.actions:
            actions.add_row(item.text, item.owner, str(item.due or ""), item.status)
        actions.display = bool(d.actions)
        self._show_amendment(event.detail)

    def _show_amendment(self, detail: DecisionDetail) -> None:
        head = self.query_one("#amendment-head", Static)
        if detail.amendment is None:
            text = ("It amends " + ", ".join(detail.decision.amends) + ", but no amend: commit records it "
                    "(the motion did not pass)") if detail.decision.amends else "This decision changes no terms."
            head.update(text)
            self.query_one("#amendment-diff", DiffView).show("", empty="")
            return
        c = detail.amendment
        head.update(Content.assemble((c.subject, "bold"), f"\ncommit {c.sha[:10]} · {c.date:%Y-%m-%d %H:%M}\n",
                                     ("\n".join(f"{k}: {v}" for k, v in c.trailers), "$text-muted")))
        self.query_one("#amendment-diff", DiffView).show(detail.diff)

    def action_history(self) -> None:
        self.run_worker(self.council.open_history(self.decision_id), group="open")
