"""Errors reach the user as a dialog that says what to do; nothing is half-written."""

from __future__ import annotations

import fcntl

import pytest
from textual.widgets import Input

from council import settings
from screens.app import make_app
from screens.dialogs import ErrorDialog, FormDialog
from screens.vote import VoteScreen
from store.service import Store
from tests.conftest import IDENTITY, amend_clause
from tests.tui.conftest import TODAY
from tests.tui.helpers import press, settle, text_of

pytestmark = pytest.mark.slow  # see README: the fast inner loop leaves these out

SIZE = (120, 40)


def error_dialog(app) -> ErrorDialog:
    screen = app.screen
    assert isinstance(screen, ErrorDialog), f"expected an error dialog, got {screen!r}"
    return screen


def form_refusal(app) -> str:
    """The refusal a form shows under its fields: it stays open, with what was typed."""
    screen = app.screen
    assert isinstance(screen, FormDialog), f"expected the form to stay open, got {screen!r}"
    return str(screen.query_one("#form-error").render())


async def raise_dispute(app, pilot, title: str = "Access logs withheld") -> None:
    await press(pilot, "5")
    await press(pilot, "n")
    assert isinstance(app.screen, FormDialog)
    app.screen.query_one("#field-title", Input).value = title
    await pilot.press("ctrl+s")  # not a click: a notification may cover the button
    await settle(pilot)


async def test_without_an_operator_the_app_says_so_and_writes_nothing(
        tui_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    for key in IDENTITY:
        monkeypatch.delenv(key)
    settings.reload()
    head = tui_store.head
    app = make_app(tui_store, today=TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert app.sub_title == "no operator"
        assert any("council operator" in n.message for n in app._notifications)
        await raise_dispute(app, pilot)
        refusal = form_refusal(app)
        assert refusal.startswith("The store cannot do this")
        assert "no operator is configured" in refusal
        assert "Nothing was written" in refusal
        assert app.screen.query_one("#field-title", Input).value == "Access logs withheld"
        await press(pilot, "escape")  # changed: it asks before discarding
        await press(pilot, "y")
        assert app.current_mode == "disputes"  # the app carries on
    assert tui_store.head == head


async def test_a_busy_store_is_reported_not_waited_on_forever(
        tui_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNCIL_LOCK_WAIT", "0.2")
    settings.reload()
    head = tui_store.head
    app = make_app(tui_store, today=TODAY)
    with open(tui_store.meta_dir / "write.lock", "a+") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # another writer holds the store
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await raise_dispute(app, pilot)
            refusal = form_refusal(app)
            assert refusal.startswith("The store is busy")
            assert "try again in a moment" in refusal
    assert tui_store.head == head


async def test_a_stale_draft_is_refused_with_what_to_do(tui_store: Store) -> None:
    from store import usecases as operations

    app = make_app(tui_store, today=TODAY)
    text = operations.in_force_text(tui_store, "4.2").replace("A quorum is", "A quorum shall be")
    operations.save_amendment(tui_store, app.workspace, "4.2", text, "reword the quorum")
    amend_clause(tui_store, "4.2", "Someone amended this first.", dec_id="DEC-2026-009")
    head = tui_store.head
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "3")
        await pilot.press("down")  # MTG-2026-01, held and quorate
        await settle(pilot)
        await press(pilot, "v")
        await pilot.press("enter")  # the only draft
        await settle(pilot)
        app.screen.query_one("#motion-title", Input).value = "Reword the quorum clause"
        app.screen.query_one("#vote-table").focus()
        await press(pilot, "F", "ctrl+s")
        await pilot.click("#confirm")
        await settle(pilot)
        # Issue 19: the vote screen stays open with the refusal, the votes still marked.
        screen = app.screen
        assert isinstance(screen, VoteScreen) and screen.votes and set(screen.votes.values()) == {"for"}
        refusal = str(screen.query_one("#vote-error").render())
        assert "The charter's rules refuse this" in refusal
        assert "4.2 has been amended since this draft was started" in refusal
    assert tui_store.head == head


async def test_an_unexpected_failure_is_shown_and_the_app_survives(
        tui_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("index exploded")

    monkeypatch.setattr("store.queries.parse_filter", broken)  # only the decision log uses it
    app = make_app(tui_store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "4")
        dialog = error_dialog(app)
        assert dialog.title_text == "Unexpected error"
        assert dialog.message == "ValueError: index exploded"
        assert app.screen_stack[-2].query_one("#decision-table").loading is False
        await pilot.press("escape")
        await press(pilot, "2")
        assert app.current_mode == "charter"
        assert "Purpose" in text_of(app, "#clause-head")
