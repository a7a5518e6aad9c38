"""A sealed record the operator's key cannot open for a reason the user can fix is reported as
plainly as the CLI says it (issue 16): a passphrase-protected key without its passphrase names
COUNCIL_KEY_PASSPHRASE, never "This is a bug in Council"."""

from __future__ import annotations

from pathlib import Path

import pytest

from screens.app import make_app
from screens.dialogs import ErrorDialog
from store.service import Store
from tests.test_sealed_keys import locked_reader
from tests.test_sealed_records import store, template  # noqa: F401 (fixtures)
from tests.tui.conftest import TODAY
from tests.tui.helpers import settle, text_of

pytestmark = pytest.mark.slow  # see README: the fast inner loop leaves these out


async def test_a_key_without_its_passphrase_is_a_plain_error(store: Store, template: Path, tmp_path: Path) -> None:
    locked_reader(store, template, tmp_path)
    app = make_app(store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.open_record("RSK-001")
        await settle(pilot)
        assert isinstance(app.screen, ErrorDialog), app.screen
        shown = text_of(app, "#error-message")
        assert "protected by a passphrase" in shown and "COUNCIL_KEY_PASSPHRASE" in shown
        assert app.screen.title_text == "The store cannot do this"  # not "Unexpected error"
        assert not app.screen.query(".dialog-hint")  # no "This is a bug in Council"
