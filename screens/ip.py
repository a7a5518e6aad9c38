"""IP register: assets, owners and shares, licences and open-source obligations."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Input, Markdown, Static
from textual.worker import get_current_worker

from council.records import IPAsset
from screens.amend import AmendmentEditor
from screens.base import LOAD, AreaScreen
from screens.footer import FittingFooter
from screens.records import markdown_view
from screens.widgets import Table, bar
from store import api, usecases
from store.workspace import AMENDMENT


@dataclass(frozen=True)
class IPPage:
    text: str
    page: api.Page
    assets: list[IPAsset]
    drafted: set[str]


class IPRegisterScreen(AreaScreen):
    """The register, paged; a change to an entry is drafted as an amendment and voted on."""

    AUTO_FOCUS = "#ip-table"
    AREA = "ip"
    BINDINGS = [
        Binding("n", "new_entry", "New entry", id="new"),
        Binding("e", "change_entry", "Change entry", id="change"),
        Binding("slash", "focus_filter", "Filter", id="filter"),
    ]

    class Loaded(Message):
        """A page of the register."""

        def __init__(self, data: IPPage) -> None:
            super().__init__()
            self.data = data

    def __init__(self) -> None:
        super().__init__()
        self.data: IPPage | None = None
        self.filter_text = ""

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        with Horizontal(id="ip"):
            with Vertical(id="ip-list"):
                yield Input(placeholder="Filter: ID or words", id="ip-filter", compact=True)
                yield Table(id="ip-table", cursor_type="row", zebra_stripes=True)
                yield Static("", id="ip-status", classes="status-line")
            with VerticalScroll(id="ip-detail", classes="detail"):
                yield Static(id="ip-head", classes="detail-head")
                yield Static(id="ip-facts")
                yield markdown_view(id="ip-body")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one("#ip-table", DataTable).add_columns("ID", "Asset", "Kind", "Owners")

    def reload(self) -> None:
        self.query_one("#ip-table").loading = True
        self.load(self.filter_text)

    @work(thread=True, exclusive=True, exit_on_error=False, group=LOAD)
    def load(self, text: str) -> None:
        page = api.of_kind(self.store, "ip", text, limit=200)
        # Shown only: sealed royalty terms opened with the operator's key, or "sealed for ..." (docs/sealing.md).
        assets = [api.opened(self.store, a) for a in api.records(self.store, page.rows) if isinstance(a, IPAsset)]
        drafted = {d.target for d in self.workspace.drafts(AMENDMENT)}
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(IPPage(text, page, assets, drafted)))

    @on(Input.Changed, "#ip-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self.load(event.value)

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        if event.data.text != self.filter_text:
            return
        table = self.query_one("#ip-table", DataTable)
        table.loading = False
        keep = self.pending_record or self.selected_id()
        self.data = event.data
        table.clear()
        for asset in event.data.assets:
            owners = ", ".join(f"{p} {s:g}%" for p, s in asset.owners.items())
            mark = " ✎" if asset.id in event.data.drafted else ""
            table.add_row(asset.id, asset.title + mark, asset.kind, owners, key=asset.id)
        page = event.data.page
        more = f", showing the first {len(page.rows)}" if page.has_more else ""
        self.query_one("#ip-status", Static).update(f"{page.total} asset{'s' if page.total != 1 else ''}{more}"
                                                    " · ✎ has a draft amendment")
        if keep:
            self._select(keep)
        self._show_asset()

    def selected_id(self) -> str | None:
        table = self.query_one("#ip-table", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _select(self, asset_id: str) -> None:
        table = self.query_one("#ip-table", DataTable)
        try:
            table.move_cursor(row=table.get_row_index(asset_id))
            self.pending_record = None
        except Exception:  # RowDoesNotExist: not on this page
            pass

    def focus_record(self, record_id: str) -> None:
        super().focus_record(record_id)
        self.query_one("#ip-filter", Input).value = record_id

    @on(DataTable.RowHighlighted, "#ip-table")
    def _show_asset(self) -> None:
        asset_id = self.selected_id()
        asset = next((a for a in self.data.assets if a.id == asset_id), None) if self.data else None
        if asset is None:
            self.query_one("#ip-head", Static).update("No assets registered. Press n to draft a new entry.")
            self.query_one("#ip-facts", Static).update("")
            self.query_one("#ip-body", Markdown).update("")
            return
        self.query_one("#ip-head", Static).update(Content.assemble(
            (f"{asset.id}  {asset.title}", "bold"),
            (f"\n{asset.kind} · {asset.origin} · {asset.sensitivity} · on exit: {asset.on_exit.replace('_', ' ')}"
             + (f" · last changed by {asset.decision}" if asset.decision else ""), "$text-muted")))
        self.query_one("#ip-facts", Static).update(asset_facts(asset))
        self.query_one("#ip-body", Markdown).update(asset.body)

    def action_focus_filter(self) -> None:
        self.query_one("#ip-filter", Input).focus()

    def action_change_entry(self) -> None:
        asset_id = self.selected_id()
        if asset_id is None:
            self.notify("Select an entry first.", severity="warning")
            return
        self.open_editor(asset_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="prepare")
    def open_editor(self, asset_id: str) -> None:
        drafts = self.workspace.drafts(AMENDMENT, asset_id)
        draft_id = drafts[0].id if drafts else None
        self.council.call_from_thread(self.app.push_screen, AmendmentEditor(asset_id, draft_id))

    def action_new_entry(self) -> None:
        self.new_entry()

    @work(thread=True, exclusive=True, exit_on_error=False, group="prepare")
    def new_entry(self) -> None:
        partnership = self.store.partnership()
        parties = [p.id for p in partnership.parties] if partnership else []
        asset_id, template = usecases.new_ip_text(self.store, self.workspace, parties)
        self.council.call_from_thread(self.app.push_screen, AmendmentEditor(asset_id, None, template))


def asset_facts(asset: IPAsset) -> Content:
    """Owners with their shares, licences, royalties and open-source obligations."""
    lines = [Content.styled("Owners", "bold")]
    for party, share in asset.owners.items():
        lines.append(Content.assemble(f"  {party.ljust(14)} ", (bar(share / 100, 20), "$accent"), f" {share:g}%"))
    lines.append(Content.styled("Licences", "bold"))
    for grant in asset.licenses:
        terms = [grant.scope, f"field of use: {grant.field_of_use}" if grant.field_of_use else "",
                 "exclusive" if grant.exclusive else "non-exclusive", f"royalty {grant.royalty}" if grant.royalty else ""]
        lines.append(Content(f"  to {grant.licensee}: " + ", ".join(t for t in terms if t)))
    if not asset.licenses:
        lines.append(Content.styled("  none granted", "$text-muted"))
    lines.append(Content.assemble(("Royalty terms: ", "bold"), asset.royalty_terms or "—"))
    licence = asset.spdx or "not open source"
    lines.append(Content.assemble(("Open-source licence: ", "bold"), licence))
    for duty in asset.oss_obligations:
        lines.append(Content(f"  · {duty}"))
    return Content("\n").join(lines)
