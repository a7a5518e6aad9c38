"""The forms that enter confidential text name its readers (issue 16), on the sample, whose charter seals.

The Readers field opens with the operator's own party (Meridian, for
fairbairn): a dispute raised as it stands is sealed to Meridian, its
substance in no git object; emptied, the store refuses it, the form stays
open with the Readers field marked and everything typed kept.
"""

from __future__ import annotations

import subprocess

import pytest
from textual.widgets import Input, TextArea

from sample_partnership.history import AS_OF
from screens.app import make_app
from screens.dialogs import FormDialog
from store.service import Store
from tests.tui.helpers import no_error, press, settle
from tests.tui.test_sealed_panes import as_operator

pytestmark = pytest.mark.slow  # see README: the fast inner loop leaves these out

SUBSTANCE = "Meridian's counsel reads clause 9 as capping the exposure at the fees paid"


def in_any_object(store: Store, text: str) -> bool:
    objects = subprocess.run(["git", "cat-file", "--batch-all-objects", "--batch"], cwd=store.root,
                             capture_output=True, check=True).stdout
    return text.encode() in objects


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_a_dispute_is_sealed_to_the_readers_the_form_names(sample_store: Store, size: tuple[int, int]) -> None:
    as_operator(sample_store, "fairbairn")
    app = make_app(sample_store, today=AS_OF)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "5")
        await press(pilot, "n")
        form = app.screen
        assert isinstance(form, FormDialog)
        assert form.query_one("#field-readers", Input).value == "meridian"
        form.query_one("#field-title", Input).value = "Liability under clause 9"
        form.query_one("#field-substance", TextArea).text = SUBSTANCE
        form.query_one("#field-readers", Input).value = ""
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert app.screen is form, "a refused form stays open"
        assert form.query_one("#field-readers", Input).has_class("-refused")
        assert form.query_one("#field-title", Input).value == "Liability under clause 9"
        assert form.query_one("#field-substance", TextArea).text == SUBSTANCE
        form.query_one("#field-readers", Input).value = "meridian"
        await press(pilot, "ctrl+s")
        await settle(pilot)
        no_error(app)
        assert not isinstance(app.screen, FormDialog)
    dispute = sample_store.require("DSP-005")  # the sample holds DSP-001 to DSP-004
    assert list(dispute.readers) == ["meridian"]  # type: ignore[attr-defined]
    assert not in_any_object(sample_store, SUBSTANCE)
