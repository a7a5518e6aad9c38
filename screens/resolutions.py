"""Written resolutions (from the Decisions area, `w`): decisions taken between meetings.

The list of resolutions, newest first; the one highlighted shows its motion,
its votes as they came in, who has not voted and the days left, and its
outcome.  `n` circulates one (with a draft amendment, it amends terms), `v`
records a vote as it comes in, `c` closes it after a confirmation: the store
computes the outcome over the entire voting membership.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Markdown, Static

from council import resolutions as written
from council.charter import Charter
from council.errors import worded
from council.parse import parse_day
from council.records import BALLOT_CHOICES, SENSITIVITIES, Member, Resolution
from screens.base import LOAD, UsesStore
from screens.dialogs import ConfirmDialog, Field, FormDialog
from screens.footer import FittingFooter
from screens.records import markdown_view
from screens.widgets import Table, outcome_cell, outcome_label
from store import usecases
from store.workspace import AMENDMENT, Draft


@dataclass(frozen=True)
class ResolutionData:
    resolutions: list[Resolution]
    charter: Charter
    members: list[Member]
    drafts: list[Draft]


class ResolutionsScreen(UsesStore, Screen[None]):
    """Written resolutions: circulated, voted as the votes come in, closed."""

    AUTO_FOCUS = "#resolution-table"
    BINDINGS = [Binding("escape", "app.pop_screen", "Back"),
                Binding("n", "circulate", "Circulate", id="circulate"),
                Binding("v", "vote", "Record a vote", id="vote"),
                Binding("c", "close_resolution", "Close", id="close")]

    class Loaded(Message):
        """The resolutions, the charter, the members and the draft amendments were read."""

        def __init__(self, data: ResolutionData) -> None:
            super().__init__()
            self.data = data

    def __init__(self, focus: str | None = None) -> None:
        super().__init__()
        self.data: ResolutionData | None = None
        self.pending_record = focus

    def compose(self) -> ComposeResult:
        yield Header(icon="⚖")
        with Horizontal(id="resolutions"):
            yield Table(id="resolution-table", flex="Title", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="resolution-detail", classes="detail"):
                yield Static(id="resolution-head", classes="detail-head")
                yield Static(id="resolution-outcome")
                yield Table(id="ballot-table", cursor_type="none")
                yield Static(id="resolution-waiting")
                yield markdown_view(id="resolution-body")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.sub_title = "Written resolutions"
        self.query_one("#resolution-table", DataTable).add_columns("ID", "Closes", "Outcome", "Votes", "Title")
        self.query_one("#ballot-table", DataTable).add_columns("Day", "Member", "Vote")
        self.reload()

    def on_resize(self) -> None:
        self.set_class(self.size.width < 100, "-narrow")

    def reload(self) -> None:
        self.query_one("#resolutions").loading = True
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group=LOAD)
    def load(self) -> None:
        found = sorted((r for r in self.store.list("resolution") if isinstance(r, Resolution)),
                       key=lambda r: r.id, reverse=True)
        data = ResolutionData(found, self.store.charter(), self.store.members(), self.workspace.drafts(AMENDMENT))
        self.post_message(self.Loaded(data))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        self.query_one("#resolutions").loading = False
        self.data = event.data
        table = self.query_one("#resolution-table", DataTable)
        keep = self.pending_record or self.selected_id()
        table.clear()
        for r in event.data.resolutions:
            voters = len(written.membership(event.data.members, r))
            status = outcome_cell(r.outcome) if r.status == "closed" else ("open", "bold")
            table.add_row(r.id, str(r.closes), status, f"{len(r.ballots)}/{voters}", r.title, key=r.id)
        if keep:
            self._select(keep)
        self._show_one()

    def selected_id(self) -> str | None:
        table = self.query_one("#resolution-table", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def selected(self) -> Resolution | None:
        chosen = self.selected_id()
        return next((r for r in self.data.resolutions if r.id == chosen), None) if self.data else None

    def _select(self, resolution_id: str) -> None:
        table = self.query_one("#resolution-table", DataTable)
        try:
            table.move_cursor(row=table.get_row_index(resolution_id))
            self.pending_record = None
        except Exception:  # RowDoesNotExist: not (yet) in the list
            pass

    @on(DataTable.RowHighlighted, "#resolution-table")
    def _show_one(self) -> None:
        r, data = self.selected(), self.data
        head = self.query_one("#resolution-head", Static)
        ballots = self.query_one("#ballot-table", DataTable)
        ballots.clear()
        if r is None or data is None:
            head.update("No written resolutions. Press n to circulate one.")
            for part in ("#resolution-outcome", "#resolution-waiting"):
                self.query_one(part, Static).update("")
            self.query_one("#resolution-body", Markdown).update("")
            return
        amends = f" · amends {', '.join(r.amends)}" if r.amends else ""
        head.update(Content.assemble((f"{r.id}  {r.title}", "bold"), f"\n{r.motion}",
                                     (f"\ntier {r.tier} · open {r.opens} to {r.closes}{amends} · {r.sensitivity}",
                                      "$text-muted")))
        self.query_one("#resolution-outcome", Static).update(Content.assemble(
            ("Outcome: ", "bold"), (r.outcome_note or outcome_label(r.outcome))))
        names = {m.id: m.name for m in data.members}
        for b in r.ballots:
            ballots.add_row(str(b.on), names.get(b.member, b.member), b.vote)
        waiting = ""
        if r.status == "open":
            waiting = written.reminder(data.charter, data.members, r, self.today).text
        self.query_one("#resolution-waiting", Static).update(Content(waiting))
        self.query_one("#resolution-body", Markdown).update(r.body)

    # --- writes ----------------------------------------------------------------------

    def action_circulate(self) -> None:
        if self.data is None:
            return
        tiers = [(t.name, t.name) for t in self.data.charter.tiers if self.data.charter.written.allows(t.name)]
        drafts = [("none: it amends no terms", "")] + [(f"{d.id}: {d.target} {d.summary}", str(d.id))
                                                     for d in self.data.drafts]
        fields = [Field("title", "Title", required=True),
                  Field("motion", "Resolution", placeholder="That ...", required=True),
                  Field("tier", "Tier", tiers[0][1] if tiers else "", options=tiers),
                  Field("opens", "Opens", str(self.today), kind="date", required=True),
                  Field("closes", "Closes (last day for votes)", kind="date", required=True),
                  Field("draft", "Adopts the draft amendment", "", options=drafts),
                  Field("sensitivity", "Sensitivity", "internal", options=[(s, s) for s in SENSITIVITIES]),
                  Field("text", "Why (Markdown)", multiline=True)]

        def save(values: dict[str, str]) -> Callable[[], Any]:
            circular = usecases.Circular(values["title"], values["motion"], values["tier"],
                                         parse_day(values["opens"], self.today), parse_day(values["closes"], self.today),
                                         values["text"], values["sensitivity"],
                                         int(values["draft"]) if values["draft"] else None)
            return lambda: usecases.circulate_resolution(self.store, circular, self.workspace)

        self.open_form(FormDialog("Circulate a written resolution", fields, "Circulate", save=save,
                                  intro="It goes to every voting member; the charter's written threshold "
                                        "counts the entire voting membership, not those who reply."),
                       lambda result: self._after(result[1].id), done="Written resolution circulated.")

    def action_vote(self) -> None:
        r, data = self.selected(), self.data
        if r is None or data is None:
            return
        if r.status != "open":
            self.notify(f"{r.id} is closed ({outcome_label(r.outcome)}): no vote is recorded after its close.", severity="warning")
            return
        waiting = written.reminder(data.charter, data.members, r, self.today).not_voted
        if not waiting:
            self.notify(f"Every voting member has voted on {r.id}: press c to close it.", severity="information")
            return
        fields = [Field("member", "Member", waiting[0], options=[(m, m) for m in waiting]),
                  Field("vote", "Vote", "for", options=[(v, v) for v in BALLOT_CHOICES]),
                  Field("on", "Came in on", str(min(self.today, r.closes)), kind="date", required=True)]

        def save(values: dict[str, str]) -> Callable[[], Any]:
            day = parse_day(values["on"], self.today, r.id, "Closed on")
            return lambda: usecases.record_resolution_votes(self.store, r.id, {values["member"]: values["vote"]}, day)

        self.open_form(FormDialog(f"Record a vote on {r.id}", fields, "Record", save=save,
                                  intro="A vote, once recorded, stands; each member votes once."),
                       lambda _: self._after(r.id), done=f"Vote on {r.id} recorded.")

    def action_close_resolution(self) -> None:
        r = self.selected()
        if r is None:
            return
        if r.status != "open":
            self.notify(f"{r.id} is already closed ({outcome_label(r.outcome)}).", severity="warning")
            return
        fields = [Field("on", "Closed on", str(self.today), kind="date", required=True)]

        def chosen(values: dict[str, str] | None) -> None:
            if not values:
                return
            day = parse_day(values["on"], self.today, r.id, "Closed on")
            amends = f"\n\nIf it passes, {', '.join(r.amends)} is amended as circulated." if r.amends else ""

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.write(lambda: worded({"closed_on": "Closed on"}, lambda: usecases.close_resolution(
                        self.store, r.id, day, self.workspace)),
                               lambda done: self._after_close(done), done="")

            self.app.push_screen(ConfirmDialog(f"Close {r.id}?", f"Close {r.id} on {day}: the outcome is computed "
                                               "over the entire voting membership, and no vote is recorded after "
                                               f"it.{amends}", "Close"), confirmed)

        self.app.push_screen(FormDialog(f"Close {r.id}", fields, "Continue"), chosen)

    def _after_close(self, done: usecases.Closed) -> None:
        r = done.resolution
        amended = f"; {', '.join(r.amends)} is amended" if done.amended else ""
        self.notify(f"{r.id} closed: {outcome_label(r.outcome)}{amended}.", title="Saved", markup=False)
        self._after(r.id)

    def _after(self, resolution_id: str) -> None:
        self.pending_record = resolution_id
        self.reload()
