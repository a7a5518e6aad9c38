"""The pictures screen: opened from the dashboard with g, drawn to the width there is, Escape back."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from screens.app import make_app
from screens.dashboard import DashboardScreen
from screens.trends import TrendsScreen
from store.service import Store
from tests.tui.conftest import TODAY
from tests.tui.helpers import press, settle, text_of

pytestmark = pytest.mark.slow


def _lines(app, selector: str) -> list[str]:  # type: ignore[no-untyped-def]
    return text_of(app, selector).splitlines()


async def test_the_pictures_fit_80x24_and_160x45_and_escape_goes_back(tui_store: Store) -> None:
    app = make_app(tui_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "g")
        assert isinstance(app.screen, TrendsScreen)
        await settle(pilot)
        for width in (80, 160):
            if width == 160:
                await pilot.resize_terminal(160, 45)
                await settle(pilot)
            panel = app.screen.query_one("#trend-quarters-picture", Static)
            for selector in ("#trend-quarters-picture", "#trend-attendance-picture",
                             "#trend-disputes-picture", "#trend-readiness-picture"):
                widest = max(len(line) for line in _lines(app, selector))
                assert widest <= panel.content_region.width, (selector, width)
            quarter = next(line for line in _lines(app, "#trend-quarters-picture") if "2026 Q1" in line)
            assert "passed" in quarter and "failed" in quarter  # the figures in words, never cut
            assert any("MTG-2026-01" in line and "quorate" in line
                       for line in _lines(app, "#trend-attendance-picture"))
            assert any(line.startswith("DSP-") for line in _lines(app, "#trend-disputes-picture"))
            assert "ready" in text_of(app, "#trend-readiness-picture")
        await press(pilot, "escape")
        assert isinstance(app.screen, DashboardScreen)
