"""What the acceptance review of issue 19 found, each at 80x24 and 160x45: keys typed
ahead of a form never reach the screen under it, an error goes once its field is
fixed, approving minutes leaves focus on what comes next, and nothing is cut unmarked.
"""

from __future__ import annotations

import pytest
from textual import events

from screens.app import CouncilApp, make_app
from screens.dialogs import FormDialog
from screens.meetings import MeetingsScreen
from store.service import Store
from tests.tui.conftest import TODAY
from tests.tui.helpers import press, settle

pytestmark = pytest.mark.slow  # see README: the fast inner loop leaves these out

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]


@pytest.fixture
def app(tui_store: Store) -> CouncilApp:
    return make_app(tui_store, today=TODAY)


async def type_ahead(app: CouncilApp, keys: str) -> None:
    """Keys arriving at once, as a fast typist's (or a paste's) do: none waits for the last to be handled."""
    assert app._driver is not None
    for key in keys:
        app._driver.send_message(events.Key(key, key))


@pytest.mark.parametrize("size", SIZES)
async def test_keys_typed_after_the_one_that_opens_a_form_never_fire_the_list_underneath(
        app: CouncilApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await press(pilot, "3")
        await type_ahead(app, "sHello")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, FormDialog) and app.screen.title_text == "Schedule a meeting"
        assert [type(s) for s in app.screen_stack[-2:]] == [MeetingsScreen, FormDialog]  # no agenda opened by e
        assert not app._notifications, [n.message for n in app._notifications]  # nor 'MTG-... is held'
