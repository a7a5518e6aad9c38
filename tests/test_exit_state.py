"""The partnership in exit (council/exit_state.py): recorded whole on the partnership, refusing grants from its day."""

from __future__ import annotations

import datetime as dt

import pytest

from council.errors import RecordError
from council.exit_state import check_partnership_exit, exit_of, grant_day, instead, refusal
from council.records import ExitPlan, Obligation, Partnership, Party, Record, Trigger

PLAN = ExitPlan(id="EXIT-01", title="Exit plan", notice_days=90, days_from="notice_end",
                triggers=[Trigger("material_breach", "A material breach not remedied within 60 days.")],
                obligations=[Obligation("OB-01", "lab", "transfer", "IP-001", 30),
                             Obligation("OB-02", "lab", "delete", "IP-001", 10)])
P = Partnership(id="partnership", name="Test", effective_date=dt.date(2025, 1, 1),
                parties=[Party("hosp", "Hospital"), Party("lab", "Lab")])


def get(record_id: str) -> Record | None:
    return PLAN if record_id == PLAN.id else None


def test_a_partnership_not_in_exit_has_no_exit_and_refuses_nothing() -> None:
    check_partnership_exit(P, get)
    assert exit_of(P, get) is None and refusal(None, dt.date(2030, 1, 1)) is None


def test_an_exit_names_its_plan_trigger_and_day_and_counts_the_plans_deadlines() -> None:
    p = P.replace(exit_plan="EXIT-01", exit_trigger="material_breach", exit_on=dt.date(2026, 5, 1))
    check_partnership_exit(p, get)
    found = exit_of(p, get)
    assert found is not None and (found.plan, found.trigger, found.day) == ("EXIT-01", "material_breach",
                                                                          dt.date(2026, 5, 1))
    # Days from the end of the 90-day notice, as the plan says: 2026-07-30 + 30 days.
    assert instead(found, "IP-001") == ["under the exit plan, EXIT-01 OB-01: lab to transfer IP-001 by 2026-08-29"]
    assert instead(found, "IP-009") == [] and instead(found, "") == []
    assert refusal(found, dt.date(2026, 4, 30)) is None
    assert "in exit since 2026-05-01 by material_breach: A material breach" in (refusal(found, dt.date(2026, 5, 1)) or "")


@pytest.mark.parametrize(("changes", "named"), [
    ({"exit_plan": "EXIT-01", "exit_on": dt.date(2026, 5, 1)}, "partnership: field 'exit_trigger': expected a value"),
    ({"exit_trigger": "material_breach", "exit_on": dt.date(2026, 5, 1)}, "field 'exit_plan': expected a value"),
    ({"exit_plan": "EXIT-01", "exit_trigger": "material_breach"}, "field 'exit_on': expected a value"),
    ({"exit_plan": "EXIT-09", "exit_trigger": "material_breach", "exit_on": dt.date(2026, 5, 1)},
     "field 'exit_plan': expected the ID of an exit plan in the record, got 'EXIT-09'"),
    ({"exit_plan": "EXIT-01", "exit_trigger": "boredom", "exit_on": dt.date(2026, 5, 1)},
     "field 'exit_trigger': expected one of the triggers of EXIT-01: material_breach, got 'boredom'"),
    ({"exit_plan": "EXIT-01", "exit_trigger": "material_breach", "exit_on": dt.date(2024, 12, 31)},
     "field 'exit_on': expected a day on or after the partnership's effective date (2025-01-01)"),
])
def test_an_exit_recorded_in_part_or_naming_what_is_not_there_is_refused(changes: dict, named: str) -> None:
    with pytest.raises(RecordError, match=named.replace("(", r"\(").replace(")", r"\)")):
        check_partnership_exit(P.replace(**changes), get)


def test_a_grant_is_judged_on_the_later_of_its_first_day_and_the_day_it_is_recorded() -> None:
    assert grant_day(dt.date(2026, 4, 1), dt.date(2026, 5, 2)) == dt.date(2026, 5, 2)
    assert grant_day(dt.date(2026, 6, 1), dt.date(2026, 5, 2)) == dt.date(2026, 6, 1)
    assert grant_day(None, dt.date(2026, 5, 2)) == dt.date(2026, 5, 2) and grant_day(None, None) is None


def test_a_plan_missing_from_the_record_leaves_the_partnership_in_exit() -> None:
    """The refusal never hangs on the plan being there (verify names the missing plan on its own)."""
    p = P.replace(exit_plan="EXIT-01", exit_trigger="material_breach", exit_on=dt.date(2026, 5, 1))
    found = exit_of(p, lambda _id: None)
    assert found is not None and (found.plan, found.trigger, found.day, found.obligations) == (
        "EXIT-01", "material_breach", dt.date(2026, 5, 1), ())
    assert "in exit since 2026-05-01 by material_breach; no release" in (refusal(found, dt.date(2026, 6, 1)) or "")
