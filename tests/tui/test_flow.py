"""The secretariat's whole flow, from the keyboard, on a temporary store.

Schedule a meeting, circulate its agenda, take attendance (watching the quorum
indicator turn quorate), draft an amendment to a charter clause, put it to the
vote, and find it committed as an ``amend:`` commit with its trailers, and in
History.
"""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import DataTable, Input, TextArea

from screens.amend import AmendmentEditor
from screens.app import make_app
from screens.dialogs import ChooseDialog, ConfirmDialog, FormDialog
from screens.vote import VoteScreen
from screens.widgets import QuorumIndicator
from store.git.commits import trailers
from store.service import Store
from tests.tui.conftest import TODAY
from tests.tui.helpers import git, no_error, press, settle, text_of, until

pytestmark = pytest.mark.slow  # see README: the fast inner loop leaves these out

NEW_TEXT = ("A quorum is two thirds of the entire voting membership, "
            "with at least one member of each party present.")


async def test_secretariat_flow(tui_store: Store) -> None:
    app = make_app(tui_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)

        # Schedule a meeting: the date proposed follows the charter's monthly cadence.
        await press(pilot, "3")
        await press(pilot, "s")
        form = app.screen
        assert isinstance(form, FormDialog)
        assert form.query_one("#field-date", Input).value == "2026-05-10"
        await pilot.click("#submit")
        await settle(pilot)
        no_error(app)
        meetings = app.screen
        assert meetings.selected_id() == "MTG-2026-03"

        # Circulate the agenda today, so the amendment has its 14 days' notice.
        await press(pilot, "c")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#confirm")
        await settle(pilot)
        no_error(app)
        assert "agenda circulated 2026-03-20" in text_of(app, "#meeting-head")

        # The meeting's day comes: a meeting still to come cannot be marked held
        # (issue 14), so attendance is taken on the day, after a reload.
        assert "not yet held" in text_of(app, "#attendance-note")
        app.today = dt.date(2026, 5, 10)
        await press(pilot, "ctrl+r")
        await until(pilot, lambda: "not yet held" not in text_of(app, "#attendance-note"), "the form offered")

        # Take attendance: the indicator says not quorate, then quorate.
        await press(pilot, "t")
        indicator = app.screen.query_one("#live-quorum", QuorumIndicator)
        assert "no attendance recorded" in str(indicator.render())
        await pilot.press("p", "p", "p")  # Ada, Ben and Cy: all of one party
        assert indicator.has_class("-unmet")
        assert "NOT QUORATE" in str(indicator.render())
        assert "lab has fewer than 1 member present" in str(indicator.render())
        await pilot.press("p")  # Dee, of the other party
        assert indicator.has_class("-met")
        assert "4 of 6 voting members present, 4 required" in str(indicator.render())
        await pilot.press("p", "p")  # Eli and Fay
        await press(pilot, "ctrl+s")
        no_error(app)
        stored = tui_store.require("MTG-2026-03")
        assert stored.status == "held" and stored.quorate is True

        # Draft an amendment to clause 4.2 in the charter.
        await press(pilot, "2")
        app.screen.focus_record("4.2")
        await press(pilot, "e")
        editor = app.screen
        assert isinstance(editor, AmendmentEditor)
        area = editor.query_one("#amend-text", TextArea)
        old_body = tui_store.require("4.2").body
        area.text = area.text.replace(old_body, NEW_TEXT)
        editor.query_one("#amend-summary", Input).value = "raise the quorum to two thirds"
        # The diff follows the text after a short pause.
        await until(pilot, lambda: "+A quorum is two thirds" in text_of(app, "#amend-diff"), "the diff")
        assert "A valid record" in text_of(app, "#amend-status")
        await press(pilot, "ctrl+s")
        no_error(app)
        drafts = app.workspace.drafts()
        assert [(d.target, d.summary) for d in drafts] == [("4.2", "raise the quorum to two thirds")]
        await press(pilot, "escape")

        # Put the draft to the vote at the new meeting; the outcome is shown live.
        await press(pilot, "3")
        await press(pilot, "v")
        assert isinstance(app.screen, ChooseDialog)
        await press(pilot, "enter")
        vote = app.screen
        assert isinstance(vote, VoteScreen)
        vote.query_one("#vote-table", DataTable).focus()
        await pilot.press("F")  # everyone present votes for
        assert "PASSES" in text_of(app, "#live-outcome")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmDialog)
        assert "+A quorum is two thirds" in text_of(app, "DiffView")
        await pilot.click("#confirm")
        await settle(pilot)
        no_error(app)

        # The amendment is committed as an approved version, with its trailers.
        message = git(tui_store.root, "log", "-1", "--format=%B")
        assert message.startswith("amend: raise the quorum to two thirds\n")
        found = dict(trailers(message))
        assert found["Decision"] == "DEC-2026-005"
        assert found["Meeting"] == "MTG-2026-03"
        assert found["Quorum"].startswith("6 of 6 present")
        assert found["Vote"] == "6 for, 0 against, 0 abstain"
        assert sum(1 for k, _ in trailers(message) if k == "Approved-by") == 6
        assert NEW_TEXT in (tui_store.root / "charter" / "4.2.md").read_text()
        assert app.workspace.drafts() == []

        # And it is the newest amendment in History.
        await press(pilot, "8")
        table = app.screen.query_one("#commit-table", DataTable)
        assert "raise the quorum" in str(table.get_row_at(0)[2])
        assert "Decision: DEC-2026-005" in text_of(app, "#commit-trailers")
        assert "+A quorum is two thirds" in text_of(app, "#commit-diff")
