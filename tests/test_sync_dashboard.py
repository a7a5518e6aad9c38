"""The dashboard says where a replica stands against its remote (ahead, behind, diverged, conflicts)."""

from __future__ import annotations

import asyncio

from screens.app import make_app
from store.overview import overview
from store.service import Store
from store.sync import replicas as sync
from store.workspace import Workspace
from tests.conftest import DAY
from tests.test_sync_support import Trio, add_risk, edit_meeting, trio, trio_template  # noqa: F401
from tests.tui.helpers import no_error, settle


def subtitle(store: Store) -> str | None:
    async def run() -> str | None:
        app = make_app(store, DAY)
        async with app.run_test(size=(140, 45)) as pilot:
            await settle(pilot)
            no_error(app)
            return app.screen.query_one("#next-meeting").border_subtitle

    return asyncio.run(run())


def test_overview_and_dashboard_show_the_sync_status(trio: Trio) -> None:
    add_risk(trio.b, "RSK-001", "Model drift")
    data = overview(trio.b, Workspace.of_store(trio.b.root), DAY)
    assert data.sync is not None and (data.sync.state, data.sync.ahead) == ("ahead", 1)
    assert subtitle(trio.b) == "Sync: hub: ahead (1 ahead, 0 behind, as of the last sync)"
    edit_meeting(trio.b, "retitle", title="Spring meeting")
    edit_meeting(trio.a, "retitle", title="The spring meeting")
    sync.sync(trio.a)
    sync.sync(trio.b)
    assert subtitle(trio.b).endswith("1 conflict(s) to resolve (`council conflicts`) · ctrl+k to resolve them here")


def test_a_store_without_remotes_shows_no_sync_line(small_store: Store) -> None:
    data = overview(small_store, Workspace.of_store(small_store.root), DAY)
    assert data.sync is not None and data.sync.state == "no remote"
    assert not subtitle(small_store)
