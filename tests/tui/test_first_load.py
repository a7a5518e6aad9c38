"""Each area loads its data once when first shown, and the dashboard's panels come just after
the first frame (issue 18).

Textual calls the ``on_mount`` of every class of a screen, its own first: an area that
called ``AreaScreen.on_mount`` itself as well loaded twice.  The dashboard's panels are
mounted lazily (``textual.lazy.Lazy``): the first frame has the header, the areas and the
keys, and the panels, once in, take the focus, their size's layout and their data.
"""

from __future__ import annotations

from typing import Any

import pytest

from screens import base
from screens.app import CouncilApp, make_app
from screens.dashboard import Panels
from screens.widgets import AREAS
from store.service import Store
from tests.tui.conftest import TODAY
from tests.tui.helpers import settle

pytestmark = pytest.mark.slow


@pytest.fixture
def reloads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The area of every load worker started (``@work(group=LOAD)`` runs through ``run_worker``)."""
    seen: list[str] = []
    original = base.AreaScreen.run_worker

    def counted(self: base.AreaScreen, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("group") == base.LOAD:
            seen.append(self.AREA)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(base.AreaScreen, "run_worker", counted)
    return seen


async def test_every_area_loads_once_when_first_shown(tui_store: Store, reloads: list[str]) -> None:
    app: CouncilApp = make_app(tui_store, today=TODAY)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        for _key, mode, _label in AREAS:
            if mode != app.current_mode:
                await app.switch_mode(mode)
                await settle(pilot)
        once = {mode: reloads.count(mode) for _key, mode, _label in AREAS}
    assert once == {mode: 1 for _key, mode, _label in AREAS}, reloads


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_the_dashboards_panels_come_in_focused_laid_out_and_filled(
        tui_store: Store, size: tuple[int, int]) -> None:
    app: CouncilApp = make_app(tui_store, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        panels = app.screen.query_one(Panels)
        assert panels.has_class("-narrow") is (size[0] < 110)
        assert not panels.loading
        assert app.screen.focused is not None and app.screen.focused in list(panels.walk_children())
        assert app.screen.query_one("#recent").border_title == "Recent decisions"
