"""The Disputes and IP areas show sealed text as the operator may read it (issue 16).

DSP-002's notes are Meridian's alone; IP-003's royalty terms are sealed to
both partners.  Opened with Meridian's SAMPLE key (fairbairn) the panes show
the text; with the Trust's (okafor) DSP-002 reads "[sealed for meridian]" and
the royalty terms open; with no key both show "sealed for", never nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Markdown
from typer.testing import CliRunner

from council.cli import app as cli_app
from sample_partnership.history import AS_OF
from screens.app import make_app
from store.sealed import opened
from store.service import Store
from tests.tui.helpers import no_error, press, settle, text_of

pytestmark = pytest.mark.slow  # see README: the fast inner loop leaves these out

KEYS = Path(__file__).resolve().parents[2] / "sample_partnership" / "keys"


def as_operator(store: Store, member: str) -> None:
    if member:
        chosen = CliRunner().invoke(cli_app, ["operator", member, "--key", str(KEYS / member),
                                              "--store", str(store.root)])
        assert chosen.exit_code == 0, chosen.output


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
@pytest.mark.parametrize("member", ["", "fairbairn", "okafor"])
async def test_sealed_notes_and_royalty_terms_open_for_their_readers_only(sample_store: Store, member: str,
                                                                          size: tuple[int, int]) -> None:
    as_operator(sample_store, member)
    body = opened(sample_store, sample_store.require("DSP-002")).body_text
    royalty = opened(sample_store, sample_store.require("IP-003")).royalty_terms  # type: ignore[attr-defined]
    assert ("[sealed for" in body) == (member != "fairbairn") and ("[sealed for" in royalty) == (not member)
    app = make_app(sample_store, today=AS_OF)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "5")
        app.screen.focus_record("DSP-002")
        await settle(pilot)
        no_error(app)
        assert app.screen.selected_id() == "DSP-002"
        assert app.screen.query_one("#dispute-body", Markdown).source == body
        await press(pilot, "6")
        app.screen.focus_record("IP-003")
        await settle(pilot)
        no_error(app)
        assert app.screen.selected_id() == "IP-003"
        assert royalty.split("\n")[0][:20] in text_of(app, "#ip-facts").replace("\n", " ")


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_a_note_its_author_cannot_read_back_is_saved_with_a_warning(sample_store: Store,
                                                                          size: tuple[int, int]) -> None:
    as_operator(sample_store, "okafor")  # the Trust: DSP-002 is sealed to Meridian alone
    before = len(sample_store.require("DSP-002").stages)  # type: ignore[attr-defined]
    app = make_app(sample_store, today=AS_OF)
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot)
        await press(pilot, "5")
        app.screen.focus_record("DSP-002")
        await settle(pilot)
        await press(pilot, "m")
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "field-note"  # the day is filled in: start at the note
        await pilot.press(*"Talks stalled")
        await press(pilot, "ctrl+s")
        await settle(pilot)
        no_error(app)
        assert len(sample_store.require("DSP-002").stages) == before + 1  # type: ignore[attr-defined]
        notes = [n.message for n in app._notifications]
        assert any(n.startswith("DSP-002: the note of stage") and "sealed for meridian alone" in n
                   and "Name northgate among its readers" in n for n in notes), notes
