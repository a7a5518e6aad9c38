"""The Registers area and the registers' place on the dashboard, on the sample partnership.

The app reasons as of the day the sample's story is told (21 November 2026):
DS-003's retention ends in 40 days, the regulator has not been told of
INC-2026-002 although its 72-hour clock ran out that morning, and the
security drill (DUTY-004) is overdue.
"""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Select, TabbedContent

from sample_partnership.history import AS_OF
from screens.app import make_app
from screens.dialogs import ErrorDialog
from screens.registers import RegistersScreen
from store.service import Store
from tests.tui.helpers import no_error, press, settle, text_of

pytestmark = pytest.mark.slow  # see README: the fast inner loop leaves these out


def cells(table: DataTable, key: str) -> list[str]:
    # Whole, as the table holds them: a cell the edge cuts shows with '…' (Table.fit).
    cut = getattr(table, "_cut", {})
    return [str(cut.get((k, column.key), c)) for column, c in zip(table.ordered_columns, table.get_row(key))
            for k in [table.rows[key].key]]


async def test_each_register_has_a_tab_with_its_rules_applied(sample_store: Store) -> None:
    app = make_app(sample_store, today=AS_OF)
    async with app.run_test(size=(140, 44)) as pilot:
        await settle(pilot)
        await press(pilot, "9")
        no_error(app)
        screen = app.screen
        assert isinstance(screen, RegistersScreen)
        datasets = screen.query_one("#datasets-table", DataTable)
        assert datasets.row_count == 4
        assert cells(datasets, "DS-003")[1] == "2026-12-31 (40d)"

        await press(pilot, "i")
        assert screen.query_one(TabbedContent).active == "tab-incidents"
        incidents = screen.query_one("#incidents-table", DataTable)
        assert cells(incidents, "INC-2026-002")[3] == "OVERDUE: regulator"
        assert cells(incidents, "INC-2026-001")[3] == "all on time"

        await press(pilot, "r")
        heat = text_of(app, "#risk-heat")
        assert "extreme 1" in heat and "high 4" in heat

        await press(pilot, "u")
        duties = screen.query_one("#duties-table", DataTable)
        assert cells(duties, "DUTY-004")[1] == "2026-09-20 OVERDUE"

        await press(pilot, "a")
        actions = screen.query_one("#actions-table", DataTable)
        assert cells(actions, "DEC-2026-020/1")[3] == "2026-11-17 OVERDUE 4d"
        assert "1 overdue" in text_of(app, "#actions-status")


async def test_a_record_id_opens_its_register_with_the_explanation(sample_store: Store) -> None:
    app = make_app(sample_store, today=AS_OF)
    async with app.run_test(size=(140, 44)) as pilot:
        await settle(pilot)
        await app.open_record("INC-2026-002")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RegistersScreen)
        assert screen.query_one(TabbedContent).active == "tab-incidents"
        table = screen.query_one("#incidents-table", DataTable)
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == "INC-2026-002"
        detail = text_of(app, "#incidents-detail")
        assert "regulator: notify within 72 hours of detection (charter 11), by 2026-11-21 09:10 UTC" in detail
        assert "OVERDUE by" in detail


async def test_exit_dry_run_uses_the_terms_in_force_on_the_date(sample_store: Store) -> None:
    app = make_app(sample_store, today=AS_OF)
    async with app.run_test(size=(140, 44)) as pilot:
        await settle(pilot)
        await app.run_in_area("registers", "show_tab('exit')")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#exit-trigger", Select).value = "material_breach"
        screen.query_one("#exit-date", Input).value = "2026-06-01"
        await pilot.click("#exit-run")
        await settle(pilot)
        no_error(app)
        assert "notice 90 days" in text_of(app, "#exit-summary")  # the plan before July 2026
        steps = screen.query_one("#exit-steps", DataTable)
        titles = [str(steps.get_row_at(i)[3]) for i in range(steps.row_count)]
        assert "Delete DS-003 (Redacted free-text clinical notes for discharge summarisation)" in titles
        assert "IP-007 (SEWS-1 sepsis early-warning model) is to be handled" in text_of(app, "#exit-gaps")

        screen.query_one("#exit-date", Input).value = "2026-02-30"
        await pilot.click("#exit-run")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ErrorDialog) and "a date YYYY-MM-DD" in dialog.message


async def test_dashboard_shows_register_deadlines_and_the_heat_map(sample_store: Store) -> None:
    app = make_app(sample_store, today=AS_OF)
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        no_error(app)
        table = app.screen.query_one("#deadline-table", DataTable)
        rows = [cells(table, table.ordered_rows[i].key) for i in range(table.row_count)]
        assert ["2026-11-21 due today", "Notify the regulator of INC-2026-002 by 2026-11-21 09:10 UTC",
                "INC-2026-002"] in rows
        assert any(r[2] == "DUTY-004" and "OVERDUE" in r[0] for r in rows)
        assert any(r[2] == "DS-003" and r[1].startswith("Retention of DS-003") for r in rows)
        assert "extreme 1" in text_of(app, "#dashboard-heat")


async def test_recording_a_notification_a_duty_and_an_action_clears_what_was_overdue(sample_store: Store) -> None:
    import datetime as dt

    from screens.dialogs import FormDialog

    app = make_app(sample_store, today=AS_OF)
    async with app.run_test(size=(140, 44)) as pilot:
        await settle(pilot)
        await app.open_record("INC-2026-002")
        await settle(pilot)
        await press(pilot, "n")
        form = app.screen
        assert isinstance(form, FormDialog)
        assert form.query_one("#field-who", Select).value == "regulator"  # the one still due comes first
        form.query_one("#field-at", Input).value = "2026-11-21 15:30"
        form.query_one("#field-reference", Input).value = "ICO case IC-2026-09113"
        await pilot.click("#submit")
        await settle(pilot)
        no_error(app)
        table = app.screen.query_one("#incidents-table", DataTable)
        assert cells(table, "INC-2026-002")[3] == "late: regulator"  # recorded, but after the 72 hours
        assert "LATE" in text_of(app, "#incidents-detail")

        await app.open_record("DUTY-004")
        await settle(pilot)
        await press(pilot, "c")
        assert isinstance(app.screen, FormDialog)
        app.screen.query_one("#field-evidence", Input).value = "Drill report SD-2026-02"
        await pilot.click("#submit")
        await settle(pilot)
        no_error(app)
        duties = app.screen.query_one("#duties-table", DataTable)
        assert cells(duties, "DUTY-004")[1] == "2027-05-21"

        await press(pilot, "a")
        actions = app.screen.query_one("#actions-table", DataTable)
        actions.move_cursor(row=actions.get_row_index("DEC-2026-020/1"))
        await press(pilot, "c")
        form = app.screen  # issue 19: closing an action asks the day it was completed
        assert isinstance(form, FormDialog) and form.query_one("#field-date", Input).value == str(app.today)
        form.query_one("#field-date", Input).value = "2026-11-20"
        await pilot.click("#submit")
        await settle(pilot)
        no_error(app)
        assert cells(app.screen.query_one("#actions-table", DataTable), "DEC-2026-020/1")[1] == "done"
    assert sample_store.require("INC-2026-002").notifications[-1].reference == "ICO case IC-2026-09113"
    assert sample_store.require("DEC-2026-020").actions[0].done_on == dt.date(2026, 11, 20)


async def _open_form(app, pilot, tab_key: str):
    from screens.dialogs import FormDialog

    await app.run_in_area("registers", "show_tab('datasets')")
    await settle(pilot)
    await press(pilot, tab_key)
    await press(pilot, "e")
    assert isinstance(app.screen, FormDialog)
    return app.screen


async def test_a_new_risk_and_incident_take_the_next_free_id_and_appear_in_their_registers(sample_store: Store) -> None:
    app = make_app(sample_store, today=AS_OF)
    async with app.run_test(size=(140, 44)) as pilot:
        await settle(pilot)
        form = await _open_form(app, pilot, "r")
        risk_id = form.query_one("#field-id", Input).value
        assert risk_id.startswith("RSK-") and sample_store.get(risk_id) is None
        form.query_one("#field-title", Input).value = "Vendor lock-in of the inference platform"
        form.query_one("#field-likelihood", Select).value = "4"
        form.query_one("#field-mitigation", Input).value = "Exportable model formats"
        form.action_submit()
        await settle(pilot)
        no_error(app)
        risks = app.screen.query_one("#risks-table", DataTable)
        assert cells(risks, risk_id)[-1] == "Vendor lock-in of the inference platform"
        assert sample_store.require(risk_id).likelihood == 4

        form = await _open_form(app, pilot, "i")
        incident_id = form.query_one("#field-id", Input).value
        assert incident_id.startswith("INC-2026-") and sample_store.get(incident_id) is None
        form.query_one("#field-title", Input).value = "Phishing email to the secretariat"
        form.query_one("#field-detected_at", Input).value = "2026-11-21 08:00"
        form.action_submit()
        await settle(pilot)
        no_error(app)
        incidents = app.screen.query_one("#incidents-table", DataTable)
        assert cells(incidents, incident_id)[-1] == "Phishing email to the secretariat"
        assert "due" in cells(incidents, incident_id)[3]  # its notification clocks run from detection


async def test_a_new_duty_is_checked_by_the_store_and_a_refusal_names_the_field(sample_store: Store) -> None:
    app = make_app(sample_store, today=AS_OF)
    async with app.run_test(size=(140, 44)) as pilot:
        await settle(pilot)
        form = await _open_form(app, pilot, "u")
        duty_id = form.query_one("#field-id", Input).value
        form.action_submit()
        await settle(pilot)
        assert "Duty: required" in str(form.query_one("#form-error").render())  # the form's own check, inline
        form.query_one("#field-title", Input).value = "Model validation"
        form.query_one("#field-responsible", Input).value = "nobody-here"
        form.query_one("#field-accountable", Input).value = "nobody-here"
        form.action_submit()
        await settle(pilot)
        # Refused by the store: the form stays open, the error beside the field it names,
        # in the form's words (its label, not the record's field name), and nothing typed is lost.
        assert app.screen is form
        error = str(form.query_one("#form-error").render())
        assert "Responsible (IDs, comma-separated)" in error and "'responsible'" not in error
        assert form.query_one("#field-responsible", Input).has_class("-refused")
        assert form.focused is form.query_one("#field-responsible", Input)
        assert form.query_one("#field-title", Input).value == "Model validation"
        assert sample_store.get(duty_id) is None

        partnership = sample_store.partnership()
        member = sample_store.list("member")[0].id
        form.query_one("#field-title", Input).value = "Model validation"
        form.query_one("#field-cadence", Input).value = "6"
        form.query_one("#field-responsible", Input).value = f"{member}, {partnership.parties[0].id}"
        form.query_one("#field-accountable", Input).value = member
        form.action_submit()
        await settle(pilot)
        no_error(app)
        duties = app.screen.query_one("#duties-table", DataTable)
        assert cells(duties, duty_id)[2] == "6 mo"
    assert sample_store.require(duty_id).responsible == [member, partnership.parties[0].id]


async def test_new_data_sharing_terms_open_a_draft_amendment(sample_store: Store) -> None:
    from screens.amend import AmendmentEditor

    app = make_app(sample_store, today=AS_OF)
    async with app.run_test(size=(140, 44)) as pilot:
        await settle(pilot)
        await app.run_in_area("registers", "show_tab('datasets')")
        await settle(pilot)
        await press(pilot, "e")
        no_error(app)
        editor = app.screen
        assert isinstance(editor, AmendmentEditor)
        assert editor.target.startswith("DS-") and sample_store.get(editor.target) is None


async def test_the_palette_opens_the_new_entry_forms(sample_store: Store) -> None:
    from screens.commands import _actions
    from screens.dialogs import FormDialog

    app = make_app(sample_store, today=AS_OF)
    async with app.run_test(size=(140, 44)) as pilot:
        await settle(pilot)
        (callback,) = [cb for title, cb, _ in _actions(app) if title == "Record a new incident"]
        await callback()
        await settle(pilot)
        no_error(app)
        assert isinstance(app.screen, FormDialog) and app.screen.title_text == "New incident"
