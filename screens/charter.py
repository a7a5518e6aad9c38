"""Charter: the clauses in force, their versions, and drafting amendments to them."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Markdown, Static

from council.records import Clause
from screens.amend import AmendmentEditor
from screens.base import LOAD, AreaScreen
from screens.dialogs import ChooseDialog
from screens.footer import FittingFooter
from screens.records import markdown_view
from screens.widgets import Table
from store import api
from store.workspace import AMENDMENT, Draft

RULE_LABELS = {"quorum": "sets the quorum", "tiers": "sets the approval tiers", "cadence": "sets the meeting cadence",
               "minutes": "sets the minute-taking standard", "publication": "sets the publication policy",
               "escalation": "sets the escalation ladder", "signing": "sets the signing requirement",
               "proxies": "says whether proxies are allowed"}


@dataclass(frozen=True)
class CharterData:
    clauses: list[Clause]
    versions: dict[str, api.Version]
    drafts: list[Draft]


class CharterScreen(AreaScreen):
    """Clauses in force as rendered Markdown, each with its version and last decision."""

    AUTO_FOCUS = "#clause-table"
    AREA = "charter"
    BINDINGS = [
        Binding("e", "propose", "Propose amendment", id="propose"),
        Binding("d", "drafts", "Drafts", id="drafts"),
    ]

    class Loaded(Message):
        """The charter, its versions and the drafts were read."""

        def __init__(self, data: CharterData) -> None:
            super().__init__()
            self.data = data

    def __init__(self) -> None:
        super().__init__()
        self.data: CharterData | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        with Horizontal(id="charter"):
            yield Table(id="clause-table", cursor_type="row")
            with VerticalScroll(id="clause-detail", classes="detail"):
                yield Static(id="clause-head", classes="detail-head")
                yield Static(id="clause-settings")
                yield markdown_view(id="clause-body")
                yield Static(id="clause-drafts")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one("#clause-table", DataTable).add_columns("§", "Clause", "v")

    def reload(self) -> None:
        self.query_one("#charter").loading = True
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group=LOAD)
    def load(self) -> None:
        data = CharterData(self.store.clauses(), api.versions(self.store, "charter"),
                           self.workspace.drafts(AMENDMENT))
        self.post_message(self.Loaded(data))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        self.query_one("#charter").loading = False
        self.data = event.data
        table = self.query_one("#clause-table", DataTable)
        current = self.selected_id()
        table.clear()
        drafted = {d.target for d in event.data.drafts}
        for clause in event.data.clauses:
            version = event.data.versions.get(f"charter/{clause.id}.md")
            mark = " ✎" if clause.id in drafted else ""
            table.add_row(clause.id, clause.title + mark, str(version.number if version else 1), key=clause.id)
        target = self.pending_record or current
        if target:
            self._select(target)
        self._show_clause()
        table.focus()

    def selected_id(self) -> str | None:
        table = self.query_one("#clause-table", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _clause(self, clause_id: str | None) -> Clause | None:
        if self.data is None:
            return None
        return next((c for c in self.data.clauses if c.id == clause_id), None)

    @on(DataTable.RowHighlighted, "#clause-table")
    def _show_clause(self) -> None:
        clause = self._clause(self.selected_id())
        if clause is None or self.data is None:
            return
        version = self.data.versions.get(f"charter/{clause.id}.md")
        if version is None:
            history = "version 1"
        elif version.decision:
            history = f"version {version.number} · amended {version.date:%Y-%m-%d} by {version.decision}"
        else:
            history = f"version {version.number} · adopted {version.date:%Y-%m-%d} with the founding charter"
        rule = f" · {RULE_LABELS[clause.rule]}" if clause.rule in RULE_LABELS else ""
        self.query_one("#clause-head", Static).update(Content.assemble(
            (f"{clause.id} {clause.title}", "bold"), "\n", (history + rule, "$text-muted")))
        settings = self.query_one("#clause-settings", Static)
        settings.display = bool(clause.settings)
        settings.update(_settings_text(clause))
        self.query_one("#clause-body", Markdown).update(clause.body)
        drafts = [d for d in self.data.drafts if d.target == clause.id]
        self.query_one("#clause-drafts", Static).update(
            Content.styled("Draft amendments: " + "; ".join(d.summary for d in drafts) + " (d to open)",
                           "$text-warning") if drafts else "")

    def focus_record(self, record_id: str) -> None:
        super().focus_record(record_id)
        if self.data is not None:
            self._select(record_id)

    def _select(self, clause_id: str) -> None:
        table = self.query_one("#clause-table", DataTable)
        try:
            table.move_cursor(row=table.get_row_index(clause_id))
            self.pending_record = None
        except Exception:  # RowDoesNotExist: a clause that is not in force
            pass

    def action_propose(self) -> None:
        clause_id = self.selected_id()
        if clause_id is None:
            self.notify("Choose a clause first.", severity="warning")
            return
        existing = [d for d in (self.data.drafts if self.data else []) if d.target == clause_id]
        self.app.push_screen(AmendmentEditor(clause_id, existing[0].id if existing else None))

    def action_drafts(self) -> None:
        drafts = self.data.drafts if self.data else []
        choices = [(f"{d.target}: {d.summary}", str(d.id)) for d in drafts]

        def chosen(value: str | None) -> None:
            draft = next((d for d in drafts if str(d.id) == value), None)
            if draft is not None:
                self.app.push_screen(AmendmentEditor(draft.target, draft.id))

        self.app.push_screen(ChooseDialog("Draft amendments", choices,
                                          "No drafts. Select a clause and press e to propose one."), chosen)


def _settings_text(clause: Clause) -> Content:
    """A clause's machine-readable settings, one per line."""
    lines = [Content.styled("Settings the rules apply:", "bold")]
    for key, value in clause.settings.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(Content.styled(f"  {key}:", "$text-muted"))
            for item in value:
                lines.append(Content("    · " + ", ".join(f"{k} {v}" for k, v in item.items())))
        else:
            lines.append(Content.assemble((f"  {key}: ", "$text-muted"), str(value)))
    return Content("\n").join(lines)
