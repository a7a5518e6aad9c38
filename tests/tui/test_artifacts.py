"""The Artifacts area (issue 17): lineage as a tree, releases with their state, recall flags,
and the releases that end soon on the dashboard; on the sample, at 80x24 and 160x45."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import DataTable, Static, Tree

from screens.app import make_app
from store.service import Store
from tests.tui.helpers import press, settle

DAY = dt.date(2026, 12, 2)


def _labels(node) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(child.label) for child in node.children]


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_lineage_tree_releases_and_recall(sample_store: Store, size: tuple[int, int]) -> None:
    app = make_app(sample_store, today=DAY)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "0")
        await settle(pilot)
        screen = app.screen
        assert type(screen).__name__ == "ArtifactsScreen"
        tree = screen.query_one("#lineage-tree", Tree)
        tops = _labels(tree.root)
        assert len(tops) == 6 and tops[5].startswith("ART-006  DischargeLens 1.0")
        lens = tree.root.children[5]
        lens.expand()
        await settle(pilot)
        # ART-006 derives from the adapter, which was trained on DS-003.
        adapter = next(c for c in lens.children if str(c.label).startswith("ART-004"))
        assert _labels(adapter) == ["trained on DS-003"]
        table = screen.query_one("#release-table", DataTable)
        states = {str(table.get_row(key)[0]): str(table.get_row(key)[2]) for key in table.rows}
        assert states == {"REL-001": "expired", "REL-002": "recall", "REL-003": "refused", "REL-004": "live",
                          "REL-005": "live"}
        # Readable at 80 columns too: every column up to the state shows whole (issue 19).
        columns = list(table.columns.values())
        upto = next(i for i, c in enumerate(columns) if str(c.label) == "State")
        assert sum(c.get_render_width(table) for c in columns[:upto + 1]) <= table.scrollable_content_region.width
        recall = str(screen.query_one("#recall-text", Static).content)
        assert "ART-004: DS-003 (release modes)" in recall and "live releases: REL-002" in recall
        head = str(screen.query_one("#artifact-head", Static).content)
        assert head.startswith("ART-001") and "signed by chen" in head


async def test_dashboard_lists_releases_ending_and_recalled(sample_store: Store) -> None:
    app = make_app(sample_store, today=DAY)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#deadline-table", DataTable)
        rows = [" | ".join(str(c) for c in table.get_row(key)) for key in table.rows]
        assert any("REL-005" in r and "ends" in r for r in rows), rows
        assert any("REL-002" in r and "recall" in r for r in rows), rows


@pytest.mark.slow
@pytest.mark.parametrize("size", [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")])
def test_artifacts_snapshot_on_the_sample(sample_store: Store, size: tuple[int, int], snap_compare) -> None:
    from tests.tui.test_snapshots import keys

    assert snap_compare(make_app(sample_store, today=DAY), terminal_size=size, run_before=keys("0"))
