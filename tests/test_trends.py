"""The figures behind the pictures (council.trends), shared by the TUI and the site."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from council import trends
from council.clocks import StageClock
from council.records import ExitPlan, Obligation

D = dt.date


def test_quarters_are_named_and_counted_back_from_today() -> None:
    assert trends.quarter(D(2026, 3, 31)) == "2026 Q1" and trends.quarter(D(2026, 4, 1)) == "2026 Q2"
    assert trends.last_quarters(D(2026, 2, 1), 3) == ["2025 Q3", "2025 Q4", "2026 Q1"]


def test_by_quarter_keeps_empty_quarters_and_drops_what_lies_outside() -> None:
    counts = trends.by_quarter([(D(2026, 1, 5), "passed", 2), (D(2026, 2, 1), "failed", 1),
                                (D(2024, 1, 1), "passed", 9)], ["2025 Q4", "2026 Q1"])
    assert counts == {"2025 Q4": {}, "2026 Q1": {"passed": 2, "failed": 1}}
    assert list(trends.by_quarter([(D(2026, 5, 1), "tied", 1), (D(2025, 1, 1), "passed", 1)])) == [
        "2025 Q1", "2026 Q2"]


def test_outcomes_come_in_the_records_order() -> None:
    assert trends.outcomes_present({"q": {"pending": 1, "failed": 2}, "r": {"passed": 1}}) == [
        "passed", "failed", "pending"]


def test_a_voter_the_attendance_does_not_name_counts_as_absent() -> None:
    counts = trends.attendance_counts({"ada": "present", "ben": "proxy:ada", "cy": "apologies"},
                                      ["ada", "ben", "cy", "dee"])
    assert counts == {"present": 1, "proxy": 1, "apologies": 1, "absent": 1}


def test_time_past_a_deadline_is_its_own_run_and_the_deadline_is_marked() -> None:
    clocks = [StageClock("negotiation", D(2026, 1, 1), D(2026, 1, 11), D(2026, 1, 11), False, None),
              StageClock("council", D(2026, 1, 11), D(2026, 1, 21), None, True, None)]
    segments = trends.track(clocks, D(2026, 1, 31), D(2026, 1, 1), D(2026, 1, 31), 31)
    kinds = [(s.kind, s.start, s.stop) for s in segments]
    assert ("negotiation", 0, 11) in kinds and ("council", 10, 20) in kinds and ("overdue", 20, 31) in kinds
    assert [k for k in kinds if k[0] == "deadline"] == [("deadline", 10, 11), ("deadline", 20, 21)]


def test_readiness_counts_migration_and_evidence_per_party() -> None:
    plan = ExitPlan(id="EXIT-01", title="Exit", obligations=[
        Obligation(id="OB-1", party="a", action="delete", migration="m", evidence="e"),
        Obligation(id="OB-2", party="a", action="delete", migration="m"),
        Obligation(id="OB-3", party="b", action="delete", evidence="e")])
    assert trends.readiness_by_party(plan) == {"a": (1, 2), "b": (0, 1)}


@given(st.lists(st.integers(0, 500), min_size=1, max_size=6), st.integers(1, 80))
def test_a_stacked_bar_never_passes_its_width_and_never_hides_a_value(values: list[int], width: int) -> None:
    largest = max(sum(values), 1)
    cols = trends.scaled(values, largest, width)
    assert sum(cols) <= width
    if sum(1 for v in values if v) <= width:
        assert all(c >= 1 for c, v in zip(cols, values) if v)
    assert all(c == 0 for c, v in zip(cols, values) if not v)
