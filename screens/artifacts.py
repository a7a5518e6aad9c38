"""Artifacts: the register of models and checkpoints, their lineage as a tree, and every release.

The tree shows each artifact with what it was trained or evaluated on (the
datasets of the data-sharing register) and the artifacts it derives from,
down every chain of parents; the table shows every release and its state on
the day (live, expired, refused, revoked), and a release that a change to a
dataset's terms reaches is flagged for recall with the field that changed.
Reads only: artifacts are registered and releases granted from the shell.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Static, Tree
from textual.widgets.tree import TreeNode

from council.artifacts import MODE_NAMES, Artifact, release_state
from council.recall import flagged_releases
from screens.base import LOAD, AreaScreen
from screens.exit_notice import InExit, in_exit, show_exit
from screens.footer import FittingFooter
from screens.widgets import Table
from store import usecases

STATE_STYLE = {"live": "$text-success", "expired": "$text-muted", "refused": "$text-error",
               "revoked": "$text-error", "suspended": "$text-warning", "requested": "$text-warning"}


class ArtifactsScreen(AreaScreen):
    """The artifact register: lineage, manifests and signatures, releases and recall."""

    AUTO_FOCUS = "#lineage-tree"
    AREA = "artifacts"

    class Loaded(Message):
        """The register, its releases and the recall flags were read."""

        def __init__(self, view: usecases.artifacts.RegisterView, exit: InExit | None) -> None:
            super().__init__()
            self.view, self.exit = view, exit

    def __init__(self) -> None:
        super().__init__()
        self.view: usecases.artifacts.RegisterView | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        yield Static(id="artifact-exit", classes="exit-banner")
        with Horizontal(id="artifacts"):
            with Vertical(id="lineage-panel", classes="panel"):
                yield Tree("Artifacts", id="lineage-tree")
            with VerticalScroll(id="artifact-detail", classes="detail"):
                yield Static(id="artifact-head", classes="detail-head")
                yield Table(id="release-table", cursor_type="row", zebra_stripes=True)
                yield Static(id="recall-text")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one("#lineage-panel").border_title = "Lineage"
        # The recipient, free text and often long, comes last: at 80 columns it is the
        # one cut, never the release's state.
        self.query_one("#release-table", DataTable).add_columns(
            "Release", "Artifact", "State", "Until", "Mode", "To")

    def reload(self) -> None:
        self.query_one("#artifacts").loading = True
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group=LOAD)
    def load(self) -> None:
        self.post_message(self.Loaded(usecases.artifacts.register_view(self.store, self.today),
                                      in_exit(self.store, self.today)))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        self.query_one("#artifacts").loading = False
        self.view = view = event.view
        show_exit(self.query_one("#artifact-exit", Static), event.exit, self.today)
        tree = self.query_one("#lineage-tree", Tree)
        tree.clear()
        tree.root.expand()
        for artifact in sorted(view.artifacts.values(), key=lambda a: a.id):
            self._add(tree.root, artifact, set())
        if not view.artifacts:
            tree.root.add_leaf("No artifacts registered: `council artifact register PATH`")
        self._show_releases()
        first = self.pending_record or next(iter(sorted(view.artifacts)), "")
        self.pending_record = None
        self._show_artifact(first)

    def _add(self, parent: TreeNode, artifact: Artifact, seen: set[str]) -> None:
        """One artifact, its datasets and (recursively) its parents; a cycle stops the recursion."""
        assert self.view is not None
        # Tree labels are Rich text: a title from the record is never parsed as markup.
        label = Text.assemble((artifact.id, "bold"), f"  {artifact.title}",
                              (f"  {artifact.version}" if artifact.version else "", "dim"))
        node = parent.add(label, data=artifact.id, expand=parent.is_root)
        for dataset in artifact.datasets:
            node.add_leaf(Text.assemble(("trained on ", "dim"), dataset), data=artifact.id)
        for parent_id in artifact.parents:
            found = self.view.artifacts.get(parent_id)
            if found is None or parent_id in seen:
                node.add_leaf(Text.assemble(("from ", "dim"), (parent_id, "red"),
                                            (" (not in the register)" if found is None else " (cycle)", "red")),
                              data=artifact.id)
            else:
                self._add(node, found, seen | {artifact.id})

    def _show_releases(self) -> None:
        assert self.view is not None
        table = self.query_one("#release-table", DataTable)
        table.clear()
        flagged = flagged_releases(self.view.flags)
        for release in sorted(self.view.releases, key=lambda r: r.id):
            state = release_state(release, self.view.day)
            shown = ("recall", "bold $text-error") if release.id in flagged else (state, STATE_STYLE.get(state, ""))
            table.add_row(release.id, release.artifact, shown, str(release.ends) if release.ends else "—",
                          MODE_NAMES.get(release.mode, release.mode), release.recipient, key=release.id)
        lines = [Content.styled("Recall", "bold")]
        for flag in self.view.flags:
            lines.append(Content.assemble(("  · ", "$text-error"), str(flag)))
        if not self.view.flags:
            lines.append(Content.styled("  no dataset's terms have changed under any artifact", "$text-muted"))
        self.query_one("#recall-text", Static).update(Content("\n").join(lines))

    @on(Tree.NodeHighlighted, "#lineage-tree")
    def _highlighted(self, event: Tree.NodeHighlighted) -> None:
        if isinstance(event.node.data, str):
            self._show_artifact(event.node.data)

    def _show_artifact(self, artifact_id: str) -> None:
        head = self.query_one("#artifact-head", Static)
        artifact = self.view.artifacts.get(artifact_id) if self.view else None
        if artifact is None:
            head.update("Select an artifact to see its manifest, signature and evaluations.")
            return
        signed = (f"signed by {artifact.signed_by}" if artifact.signature else "not signed")
        facts = [f"{artifact.kind.replace('_', ' ')} · owned by {', '.join(artifact.owners)}"
                 + (f" · {artifact.ip_asset}" if artifact.ip_asset else "") + f" · {artifact.sensitivity}",
                 f"{artifact.files} files, {artifact.size:,} bytes · {artifact.manifest_digest} · {signed}",
                 f"registered by {artifact.decision or 'no decision'}"
                 + (f" · code {artifact.code_repository}@{artifact.code_commit}" if artifact.code_repository else "")]
        facts += [f"evaluation: {e.name} = {e.value} ({e.kind}{', ' + str(e.date) if e.date else ''})"
                  for e in artifact.evaluations]
        head.update(Content.assemble((f"{artifact.id}  {artifact.title}", "bold"), "\n",
                                     ("\n".join(facts), "$text-muted")))

    def focus_record(self, record_id: str) -> None:
        super().focus_record(record_id)
        if self.view is not None:
            release = next((r for r in self.view.releases if r.id == record_id), None)
            self._show_artifact(release.artifact if release else record_id)
