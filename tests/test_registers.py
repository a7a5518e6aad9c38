"""The living registers: their rules (unit and property tests), their validation,
the sample's register entries, and the CLI (list, show, exit simulate)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from council import registers
from council.charter import Charter, IncidentRule, charter_from_clauses
from council.checks import Context, check_change
from council.cli import app
from council.errors import CouncilError, RecordError, RuleError
from council.exit_dryrun import simulate_exit
from council.fileformat import parse, serialise
from council.parse import parse_moment, parse_whole, split_ids
from council.records import (
    AccessGrant,
    ActionItem,
    Clause,
    Dataset,
    Decision,
    Dispute,
    Duty,
    ExitPlan,
    Incident,
    IPAsset,
    Meeting,
    Notification,
    Obligation,
    Partnership,
    Party,
    Remediation,
    Risk,
    Trigger,
)
from store.service import Store
from store.write.change import Change
from tests.conftest import DAY, MEMBERS, at

FAST = settings(max_examples=60, deadline=None)
UTC = dt.UTC
NOW = dt.datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
TODAY = NOW.date()
PARTIES = [Party("hosp", "Hospital"), Party("lab", "Lab"), Party("panel", "Patient panel", "observer")]
RULE = IncidentRule(24, 72, ("breach",), False, "11")


def incident(**changes) -> Incident:
    base = Incident(id="INC-2026-001", title="Credential exposed", kind="breach", party="lab",
                    detected_at=dt.datetime(2026, 11, 18, 9, 0, tzinfo=UTC))
    return dataclasses.replace(base, **changes)


def dataset(**changes) -> Dataset:
    base = Dataset(id="DS-001", title="Extract", provider="hosp", lawful_basis="Art 6(1)(e)", jurisdiction="England",
                   anonymisation="k>=10", rights_contact="dpo@hosp.example", permitted_purposes=["sepsis"])
    return dataclasses.replace(base, **changes)


def risk(**changes) -> Risk:
    base = Risk(id="RSK-001", title="Re-identification", owner="ada", likelihood=2, impact=5, bearing_party="hosp",
                review_date=dt.date(2027, 1, 1))
    return dataclasses.replace(base, **changes)


def duty(**changes) -> Duty:
    base = Duty(id="DUTY-001", title="DPIA review", cadence_months=12, since=dt.date(2025, 1, 1),
                responsible=["ben"], accountable="ada", consulted=["lab"], informed=["panel"])
    return dataclasses.replace(base, **changes)


# --- dates -------------------------------------------------------------------------


@pytest.mark.parametrize("start, months, expected", [
    ("2026-01-31", 1, "2026-02-28"), ("2024-01-31", 1, "2024-02-29"), ("2026-11-15", 3, "2027-02-15"),
    ("2026-12-31", 12, "2027-12-31"), ("2026-05-10", 0, "2026-05-10"),
])
def test_add_months_clamps_to_the_end_of_the_month(start: str, months: int, expected: str) -> None:
    assert registers.add_months(dt.date.fromisoformat(start), months) == dt.date.fromisoformat(expected)


@given(st.dates(max_value=dt.date(9000, 1, 1)), st.integers(0, 600))
@FAST
def test_add_months_moves_exactly_that_many_months_and_never_past_the_day(day: dt.date, months: int) -> None:
    out = registers.add_months(day, months)
    assert (out.year - day.year) * 12 + out.month - day.month == months
    assert out.day <= day.day and (out.day == day.day or out.day >= 28)


# --- data-sharing terms --------------------------------------------------------------


def test_retention_ends_at_the_earlier_limit_and_says_why() -> None:
    ds = dataset(received_on=dt.date(2026, 2, 1), retention_months=12, delete_by=dt.date(2026, 12, 31))
    end, why = registers.retention_end(ds)
    assert end == dt.date(2026, 12, 31) and "deletion deadline" in why
    end, why = registers.retention_end(ds.replace(delete_by=dt.date(2027, 6, 1)))
    assert end == dt.date(2027, 2, 1) and "12 months from first receipt on 2026-02-01" in why
    assert registers.retention_end(dataset()) == (None, registers.retention_end(dataset())[1])
    assert "kept until exit" in registers.retention_end(dataset())[1]


@given(st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)), st.integers(1, 120),
       st.dates(dt.date(2020, 1, 1), dt.date(2040, 1, 1)))
@FAST
def test_retention_end_never_exceeds_either_limit(received: dt.date, months: int, delete_by: dt.date) -> None:
    end, _ = registers.retention_end(dataset(received_on=received, retention_months=months, delete_by=delete_by))
    assert end == min(delete_by, registers.add_months(received, months))


def test_access_expiry_and_retention_deadlines_with_overdue_state() -> None:
    ds = dataset(delete_by=dt.date(2026, 12, 31), access=[
        AccessGrant("auditors", "hosp", dt.date(2026, 6, 1), dt.date(2026, 12, 15)),
        AccessGrant("engineers", "lab", dt.date(2026, 1, 1), dt.date(2026, 11, 1)),
        AccessGrant("stewards", "hosp")])
    found = {(d.kind, d.due): d for d in registers.dataset_deadlines(ds, TODAY)}
    assert set(found) == {("retention_end", dt.date(2026, 12, 31)), ("access_expiry", dt.date(2026, 12, 15)),
                          ("access_expiry", dt.date(2026, 11, 1))}
    expired = found[("access_expiry", dt.date(2026, 11, 1))]
    assert expired.overdue and "20 days ago" in expired.explanation and "revoke" in expired.explanation
    assert not found[("retention_end", dt.date(2026, 12, 31))].overdue
    assert "in 40 days" in found[("retention_end", dt.date(2026, 12, 31))].explanation
    assert registers.dataset_deadlines(ds.replace(status="ended"), TODAY) == []


def test_deadline_sensitivity_is_the_strictest_of_the_fields_it_reveals() -> None:
    ds = dataset(sensitivity="public", delete_by=dt.date(2026, 12, 31), field_sensitivity={"access": "confidential"},
                 access=[AccessGrant("auditors", "hosp", None, dt.date(2026, 12, 15))])
    levels = {d.kind: d.sensitivity for d in registers.dataset_deadlines(ds, TODAY)}
    assert levels == {"retention_end": "public", "access_expiry": "confidential"}


# --- incidents -------------------------------------------------------------------------


def test_notification_clocks_on_time_late_pending_and_overdue() -> None:
    inc = incident(notifications=[Notification("hosp", dt.datetime(2026, 11, 18, 15, 0, tzinfo=UTC))])
    earlier = NOW - dt.timedelta(days=1)
    clocks = {c.who: c for c in registers.notification_clocks(inc, RULE, PARTIES, earlier)}
    assert set(clocks) == {"hosp", "regulator"}  # the observer party is told through the council
    assert clocks["hosp"].state == "on_time" and "6 hours after detection" in clocks["hosp"].explanation
    assert clocks["regulator"].state == "pending" and "21 hours left" in clocks["regulator"].explanation
    assert clocks["regulator"].deadline == dt.datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    regulator = registers.notification_clocks(inc, RULE, PARTIES, NOW)[1]
    assert regulator.overdue and "OVERDUE by 3 hours" in regulator.explanation and "charter 11" in regulator.explanation
    late = inc.replace(notifications=[Notification("hosp", dt.datetime(2026, 11, 20, 9, 0, tzinfo=UTC))])
    assert registers.notification_clocks(late, RULE, PARTIES, NOW)[0].state == "late"


def test_regulator_notification_follows_the_kind_unless_the_incident_decides() -> None:
    assert [c.who for c in registers.notification_clocks(incident(kind="security"), RULE, PARTIES, NOW)] == ["hosp"]
    decided = incident(regulator_required=False)
    assert [c.who for c in registers.notification_clocks(decided, RULE, PARTIES, NOW)] == ["hosp"]
    forced = incident(kind="policy_violation", regulator_required=True)
    assert "regulator" in [c.who for c in registers.notification_clocks(forced, RULE, PARTIES, NOW)]
    observers = dataclasses.replace(RULE, notify_observers=True)
    assert "panel" in [c.who for c in registers.notification_clocks(incident(), observers, PARTIES, NOW)]


@given(st.integers(0, 200), st.integers(0, 200))
@FAST
def test_notifying_sooner_never_makes_a_clock_worse(early: int, late: int) -> None:
    early, late = sorted((early, late))
    order = {"on_time": 0, "late": 1}
    states = []
    for hours in (early, late):
        sent = incident().detected_at + dt.timedelta(hours=hours)
        inc = incident(notifications=[Notification("hosp", sent)])
        states.append(registers.notification_clocks(inc, RULE, PARTIES, NOW)[0].state)
    assert order[states[0]] <= order[states[1]]
    assert (states[0] == "on_time") == (early <= RULE.party_hours)


def test_incident_deadlines_list_missing_notifications_and_open_remediation() -> None:
    inc = incident(remediation=[Remediation("wipe", "lab", dt.date(2026, 11, 20)),
                                Remediation("review", "lab", dt.date(2026, 12, 4)),
                                Remediation("rotate", "lab", dt.date(2026, 11, 19), dt.date(2026, 11, 19))])
    charter = Charter(incidents=RULE)
    kinds = [(d.kind, d.overdue) for d in registers.incident_deadlines(inc, charter, PARTIES, NOW + dt.timedelta(days=1))]
    assert kinds.count(("notification", True)) == 2
    assert ("remediation", True) in kinds and ("remediation", False) in kinds and len(kinds) == 4


def test_the_incidents_clause_sets_the_clocks_and_refuses_bad_settings() -> None:
    clause = Clause(id="11", title="Incidents", rule="incidents",
                    settings={"party_hours": 48, "regulator_hours": 72, "regulator_kinds": ["breach", "security"]})
    rule = charter_from_clauses([clause]).incidents
    assert (rule.party_hours, rule.regulator_kinds, rule.clause) == (48, ("breach", "security"), "11")
    assert Charter().incidents.party_hours == 24 and Charter().incidents.regulator_hours == 72
    for settings_, field in [({"party_hours": 0}, "settings.party_hours"),
                             ({"regulator_hours": "72"}, "settings.regulator_hours"),
                             ({"regulator_kinds": ["theft"]}, "settings.regulator_kinds")]:
        with pytest.raises(RecordError) as err:
            charter_from_clauses([clause.replace(settings=settings_)])
        assert err.value.record == "charter 11" and err.value.field == field


# --- risks -------------------------------------------------------------------------------


@pytest.mark.parametrize("likelihood, impact, band", [
    (1, 1, "low"), (1, 3, "low"), (2, 2, "moderate"), (2, 3, "moderate"), (2, 4, "high"), (3, 4, "high"),
    (3, 5, "extreme"), (4, 4, "extreme"), (5, 5, "extreme"),
])
def test_risk_bands_follow_the_5x5_matrix(likelihood: int, impact: int, band: str) -> None:
    assert registers.risk_band(registers.risk_score(likelihood, impact)) == band


@given(st.integers(1, 5), st.integers(1, 5), st.integers(0, 4), st.integers(0, 4))
@FAST
def test_a_likelier_or_worse_risk_never_rates_lower(likelihood: int, impact: int, more_l: int, more_i: int) -> None:
    rank = [b[0] for b in registers.BANDS].index
    before = registers.risk_band(registers.risk_score(likelihood, impact))
    after = registers.risk_band(registers.risk_score(min(5, likelihood + more_l), min(5, impact + more_i)))
    assert rank(after) >= rank(before)


def test_risk_scores_outside_the_scale_are_refused() -> None:
    with pytest.raises(ValueError):
        registers.risk_score(0, 3)
    with pytest.raises(ValueError):
        registers.risk_band(7)


@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5), st.sampled_from(["open", "mitigating", "closed"])),
                max_size=20))
@FAST
def test_heat_map_counts_every_risk_not_closed_once(specs: list[tuple[int, int, str]]) -> None:
    risks = [risk(id=f"RSK-{i:03d}", likelihood=li, impact=im, status=s) for i, (li, im, s) in enumerate(specs)]
    heat = registers.heat_map(risks)
    assert sum(map(sum, heat.rows())) == sum(1 for *_, s in specs if s != "closed") == sum(heat.by_band().values())


def test_heat_map_rows_run_from_likelihood_5_down_and_impact_1_across() -> None:
    heat = registers.heat_map([risk(likelihood=5, impact=1), risk(id="RSK-002", likelihood=1, impact=5)])
    assert heat.rows()[0] == [1, 0, 0, 0, 0] and heat.rows()[4] == [0, 0, 0, 0, 1]
    assert registers.rate(risk()).explanation == "RSK-001: score 10 (likelihood 2 x impact 5): high"


def test_risk_review_deadline_and_closed_risks() -> None:
    due = registers.risk_deadline(risk(review_date=dt.date(2026, 11, 1)), TODAY)
    assert due is not None and due.overdue and due.owner == "ada"
    assert registers.risk_deadline(risk(status="closed"), TODAY) is None


# --- duties --------------------------------------------------------------------------------


def test_duty_next_due_from_last_done_or_from_its_start() -> None:
    never = registers.duty_state(duty(), TODAY)
    assert never.next_due == dt.date(2026, 1, 1) and never.overdue and "never done since 2025-01-01" in never.explanation
    done = registers.duty_state(duty(last_done=dt.date(2026, 3, 20), cadence_months=6), TODAY)
    assert done.next_due == dt.date(2026, 9, 20) and done.overdue and "OVERDUE" in done.explanation
    fresh = registers.duty_state(duty(last_done=dt.date(2026, 9, 29), cadence_months=3), TODAY)
    assert fresh.next_due == dt.date(2026, 12, 29) and not fresh.overdue and "in 38 days" in fresh.explanation


@given(st.dates(dt.date(2025, 1, 1), dt.date(2030, 1, 1)), st.integers(0, 900), st.integers(1, 36))
@FAST
def test_doing_a_duty_later_never_brings_its_next_review_forward(first: dt.date, gap: int, cadence: int) -> None:
    a = registers.duty_next_due(duty(last_done=first, cadence_months=cadence))
    b = registers.duty_next_due(duty(last_done=first + dt.timedelta(days=gap), cadence_months=cadence))
    assert a <= b


# --- actions --------------------------------------------------------------------------------


def test_action_tracker_lists_passed_decisions_open_first_and_flags_overdue() -> None:
    items = [ActionItem("Publish", "ada", dt.date(2026, 11, 17)), ActionItem("Brief", "ben", dt.date(2026, 12, 1)),
             ActionItem("Done already", "ada", dt.date(2026, 1, 1), "done")]
    passed = Decision(id="DEC-2026-001", meeting="MTG-2026-01", outcome="passed", actions=items,
                      field_sensitivity={"actions": "confidential"})
    failed = Decision(id="DEC-2026-002", meeting="MTG-2026-01", outcome="failed", actions=[ActionItem("No", "ada")])
    rows = registers.action_rows([failed, passed], TODAY)
    assert [r.ref for r in rows] == ["DEC-2026-001/1", "DEC-2026-001/2", "DEC-2026-001/3"]
    assert rows[0].overdue and rows[0].days_overdue(TODAY) == 4 and not rows[1].overdue and not rows[2].overdue
    assert rows[0].sensitivity == "confidential"
    deadlines = registers.register_deadlines(now=NOW, charter=Charter(), parties=PARTIES, decisions=[passed])
    assert [(d.kind, d.due) for d in deadlines] == [("action", dt.date(2026, 11, 17)), ("action", dt.date(2026, 12, 1))]


def test_register_deadlines_are_sorted_soonest_first() -> None:
    found = registers.register_deadlines(
        now=NOW, charter=Charter(incidents=RULE), parties=PARTIES,
        datasets=[dataset(delete_by=dt.date(2026, 12, 31))], risks=[risk(review_date=dt.date(2026, 12, 8))],
        incidents=[incident()], duties=[duty(last_done=dt.date(2026, 3, 20), cadence_months=6)])
    assert [d.due for d in found] == sorted(d.due for d in found)
    assert {d.kind for d in found} == {"retention_end", "risk_review", "notification", "duty_review"}


# --- validation --------------------------------------------------------------------------------


def context(*extra) -> Context:
    partnership = Partnership(id="partnership", name="T", parties=PARTIES)
    known = {r.id: r for r in [*MEMBERS, *extra]}
    return Context(known.get, [], list(MEMBERS), partnership)


NAIVE = dt.datetime(2026, 11, 18, 9, 0)


@pytest.mark.parametrize("record, field", [
    (dataset(provider="acme"), "provider"),
    (dataset(permitted_purposes=[]), "permitted_purposes"),
    (dataset(lawful_basis=" "), "lawful_basis"),
    (dataset(transfers_to=["Ireland"]), "transfer_mechanism"),
    (dataset(outputs_commercialisable=True), "outputs_commercialisable"),
    (dataset(retention_months=12), "received_on"),
    (dataset(ip_asset="IP-404"), "ip_asset"),
    (dataset(access=[AccessGrant("x", "lab", dt.date(2026, 2, 1), dt.date(2026, 1, 1))]), "access[0].expires"),
    (dataset(access=[AccessGrant("x", "acme")]), "access[0].party"),
    (risk(likelihood=6), "likelihood"),
    (risk(impact=0), "impact"),
    (risk(owner="zed"), "owner"),
    (risk(bearing_party="acme"), "bearing_party"),
    (risk(review_date=None), "review_date"),
    (incident(id="INC-2025-001"), "id"),
    (incident(party="acme"), "party"),
    (incident(detected_at=NAIVE), "detected_at"),
    (incident(notifications=[Notification("acme", NOW)]), "notifications[0].who"),
    (incident(notifications=[Notification("hosp", NOW - dt.timedelta(days=9))]), "notifications[0].at"),
    (incident(notifications=[Notification("regulator", NOW, by="zed")]), "notifications[0].by"),
    (incident(dispute="DSP-009"), "dispute"),
    (incident(datasets=["DS-404"]), "datasets[0]"),
    (incident(status="closed"), "closed_on"),
    (incident(remediation=[Remediation("x", "zed")]), "remediation[0].owner"),
    (duty(responsible=[]), "responsible"),
    (duty(accountable="zed"), "accountable"),
    (duty(informed=["acme"]), "informed[0]"),
    (duty(cadence_months=0), "cadence_months"),
    (duty(last_done=dt.date(2024, 1, 1)), "last_done"),
])
def test_validation_names_the_record_and_the_field(record, field: str) -> None:
    with pytest.raises(RecordError) as err:
        check_change(context(), [record], [], "amend" if record.TERM else "record", None)
    assert err.value.record == record.id and err.value.field == field
    assert f"{record.id}: field '{field}'" in str(err.value)


def test_valid_register_records_pass_and_links_resolve() -> None:
    linked = incident(dispute="DSP-001", datasets=["DS-001"], status="closed", closed_on=dt.date(2026, 11, 20),
                      notifications=[Notification("regulator", NOW, by="ada", reference="ICO-1")])
    ctx = context(Dispute(id="DSP-001"), dataset())
    records, approval = check_change(ctx, [linked, risk(), duty()], [], "record", None)
    assert records == [linked, risk(), duty()] and approval is None


def test_data_sharing_terms_change_only_by_amendment() -> None:
    with pytest.raises(RuleError, match="DS-001 is a term of the partnership"):
        check_change(context(), [dataset()], [], "record", None)


def test_a_date_where_a_time_is_expected_is_refused_by_the_file_format() -> None:
    text = serialise(incident()).replace("2026-11-18 09:00:00+00:00", "2026-11-18")
    with pytest.raises(RecordError) as err:
        parse(text, "incident", "incidents/INC-2026-001.md")
    assert err.value.field == "detected_at" and "UTC offset" in err.value.expected


def test_registers_round_trip_through_the_store(small_store: Store) -> None:
    ledger = incident(party="lab", reported_by="eli", notifications=[Notification("hosp", NOW, by="eli")])
    raci = duty(informed=["lab"])  # the small store has two parties, no observer
    small_store.write(Change("record INC-2026-001 and the first risks and duties", [ledger, risk(), raci],
                             when=at(DAY, 13)))
    assert [r.id for r in small_store.list("incidents")] == ["INC-2026-001"]
    assert small_store.require("RSK-001") == risk() and small_store.require("DUTY-001") == raci
    decision = Decision(id="DEC-2026-001", title="Adopt DS-001", meeting="MTG-2026-01", date=DAY, tier="high",
                        motion="That DS-001 be adopted.", votes={m.id: "for" for m in MEMBERS if m.voting},
                        amends=["DS-001"])
    head = small_store.head
    with pytest.raises(CouncilError):
        small_store.write(Change("adopt DS-001 without a decision", [dataset()], when=at(DAY, 14)))
    assert small_store.head == head  # nothing written
    small_store.write(Change("adopt DS-001", [decision, dataset()], kind="amend", decision="DEC-2026-001",
                             when=at(DAY, 14)))
    assert small_store.require("DS-001") == dataset()


# --- the exit dry run ------------------------------------------------------------------------------


def plan(notice: int = 90) -> ExitPlan:
    return ExitPlan(id="EXIT-01", notice_days=notice, triggers=[Trigger("breach", "A material breach."),
                                                                Trigger("expiry", "The end date.")],
                    obligations=[Obligation("OB-01", "lab", "delete", "IP-001", 30, evidence="Certificate"),
                                 Obligation("OB-02", "lab", "transfer", "IP-002", 60, migration="SFTP")])


ASSETS = [IPAsset(id="IP-001", title="Extract", on_exit="delete", owners={"hosp": 100.0}),
          IPAsset(id="IP-002", title="Model", on_exit="transfer", owners={"hosp": 50.0, "lab": 50.0}),
          IPAsset(id="IP-003", title="Method", on_exit="license_back", owners={"lab": 100.0})]


def test_exit_timeline_orders_every_obligation_and_reports_gaps() -> None:
    notes = dataset(id="DS-002", delete_by=dt.date(2026, 12, 10), exit_days=30,
                    access=[AccessGrant("engineers", "lab", None, dt.date(2027, 6, 1))])
    timeline = simulate_exit([plan()], [dataset(ip_asset="IP-001"), notes], ASSETS, PARTIES, "breach", TODAY)
    steps = [(s.day, s.kind, s.subject, s.owner) for s in timeline.steps]
    assert steps == sorted(steps, key=lambda s: s[0])
    assert steps[0] == (TODAY, "trigger", "EXIT-01", "")
    assert (dt.date(2026, 12, 10), "retention_end", "DS-002", "lab") in steps  # sooner than the exit deadline
    assert (dt.date(2026, 12, 21), "obligation", "IP-001", "lab") in steps
    assert (dt.date(2026, 12, 21), "dataset", "DS-002", "lab") in steps
    assert (dt.date(2026, 12, 21), "access_end", "DS-002", "lab") in steps  # access ends with the data
    assert (dt.date(2027, 1, 20), "obligation", "IP-002", "lab") in steps
    assert timeline.notice_end == dt.date(2027, 2, 19)
    assert timeline.gaps == ("IP-003 (Method) is to be handled by 'license_back' on exit, "
                             "but no obligation in the exit plan performs it",)
    data = timeline.to_json()
    assert data["steps"][0]["day"] == "2026-11-21" and json.dumps(data)


def test_exit_timeline_refuses_an_unknown_trigger_naming_those_that_exist() -> None:
    with pytest.raises(RecordError) as err:
        simulate_exit([plan()], [], ASSETS, PARTIES, "meteor", TODAY)
    assert err.value.field == "trigger" and "breach, expiry" in err.value.expected


@given(st.lists(st.integers(0, 400), min_size=1, max_size=6), st.dates(dt.date(2025, 1, 1), dt.date(2030, 1, 1)),
       st.integers(0, 200))
@FAST
def test_exit_timeline_holds_each_obligation_once_on_or_after_the_trigger(days: list[int], day: dt.date,
                                                                          notice: int) -> None:
    obligations = [Obligation(f"OB-{i:02d}", "lab", "delete", f"IP-{i:03d}", d) for i, d in enumerate(days)]
    exit_plan = ExitPlan(id="EXIT-01", notice_days=notice, triggers=[Trigger("expiry")], obligations=obligations)
    timeline = simulate_exit([exit_plan], [dataset(exit_days=days[0])], [], PARTIES, "expiry", day)
    found = [s for s in timeline.steps if s.kind == "obligation"]
    assert sorted(s.source for s in found) == sorted(f"EXIT-01 {o.id}" for o in obligations)
    assert all(s.day == day + dt.timedelta(days=d) for s, d in
               zip(sorted(found, key=lambda s: s.source), days))
    assert all(s.day >= day for s in timeline.steps)
    assert [s.day for s in timeline.steps] == sorted(s.day for s in timeline.steps)


# --- the sample's registers ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def latest() -> dict[str, object]:
    """The last version of every record in the sample's history (no store needed)."""
    from sample_partnership.history import events

    out: dict[str, object] = {}
    for change in events():
        for record in change.records:
            out[record.id] = record
    return out


def test_the_sample_registers_tell_the_story_the_dashboard_needs(latest: dict[str, object]) -> None:
    from sample_partnership.history import AS_OF

    now = dt.datetime.combine(AS_OF, dt.time(12), UTC)
    kinds = {k: [r for r in latest.values() if r.KIND == k] for k in ("dataset", "risk", "incident", "duty", "clause")}
    assert 3 <= len(kinds["dataset"]) <= 4 and len(kinds["risk"]) >= 8 and len(kinds["incident"]) >= 3
    charter = charter_from_clauses(kinds["clause"])
    assert charter.incidents.party_hours == 24 and charter.incidents.clause == "11"
    deadlines = [d for ds in kinds["dataset"] for d in registers.dataset_deadlines(ds, AS_OF)]
    assert any(d.kind == "retention_end" and 0 < d.days_left(AS_OF) <= 60 for d in deadlines)
    assert any(d.kind == "access_expiry" and 0 < d.days_left(AS_OF) <= 60 for d in deadlines)
    parties = latest["partnership"].parties
    states = {i.id: {c.who: c.state for c in registers.notification_clocks(i, charter.incidents, parties, now)}
              for i in kinds["incident"]}
    assert states["INC-2026-002"]["regulator"] == "overdue"
    assert states["INC-2026-001"] == {"meridian": "on_time", "regulator": "on_time"}
    assert [d.id for d in kinds["duty"] if registers.duty_state(d, AS_OF).overdue] == ["DUTY-004"]
    bands = {registers.rate(r).band for r in kinds["risk"] if r.status != "closed"}
    assert len(bands) >= 3
    assert all("liability_cap" in r.field_sensitivity for r in kinds["risk"])
    assert all(i.sensitivity in ("confidential", "privileged") or i.field_level("body") in ("confidential", "privileged")
               for i in kinds["incident"])


# --- CLI ----------------------------------------------------------------------------------------------

runner = CliRunner()


@pytest.fixture(scope="module")
def sample(sample_template, tmp_path_factory: pytest.TempPathFactory):
    """One copy of the sample for this module's CLI tests, which only read."""
    import shutil

    target = tmp_path_factory.mktemp("registers") / "sample"
    shutil.copytree(sample_template, target)
    store = Store.open(target)
    yield store
    store.close()


def cli(*args: str):
    return runner.invoke(app, list(args))


@pytest.mark.parametrize("kind, needle", [
    ("datasets", "DS-003  northgate"), ("risks", "Heat map"), ("incidents", "INC-2026-002"),
    ("duties", "DUTY-004"), ("actions", "DEC-2026-"),
])
def test_cli_lists_every_register(sample: Store, kind: str, needle: str) -> None:
    result = cli("list", kind, "--store", str(sample.root))
    assert result.exit_code == 0, result.output
    assert needle in result.output
    data = json.loads(cli("list", kind, "--store", str(sample.root), "--json").stdout)
    assert data and all(isinstance(row, dict) for row in data)


def test_cli_show_explains_the_register_rules(sample: Store) -> None:
    shown = cli("show", "INC-2026-002", "--store", str(sample.root))
    assert shown.exit_code == 0, shown.output
    assert "Notification clocks:" in shown.output and "regulator: notify within 72 hours" in shown.output
    assert "OVERDUE" in shown.output  # nobody has told the regulator: the clock ran out on 21 November 2026
    risk_text = cli("show", "RSK-004", "--store", str(sample.root)).output
    assert "score 16 (likelihood 4 x impact 4): extreme" in risk_text
    assert "retention ends on 2026-12-31" in cli("show", "DS-003", "--store", str(sample.root)).output


def test_cli_exit_simulate_reads_the_terms_in_force_on_the_date(sample: Store) -> None:
    root = str(sample.root)
    text = cli("exit", "simulate", "--trigger", "termination_for_convenience", "--date", "2026-11-21", "--store", root)
    assert text.exit_code == 0, text.output
    assert "notice 120 days" in text.output and "Transfer IP-007" in text.output and "Delete DS-003" in text.output
    before = json.loads(cli("exit", "simulate", "--trigger", "material_breach", "--date", "2026-06-01",
                            "--store", root, "--json").stdout)
    assert before["notice_days"] == 90  # the plan as it stood before the July 2026 amendment
    assert not any(s["subject"] == "IP-007" for s in before["steps"])
    assert any("IP-007" in gap for gap in before["gaps"])


@pytest.mark.parametrize("args, needle", [
    (["--trigger", "meteor", "--date", "2026-11-21"], "termination_for_convenience, material_breach"),
    (["--trigger", "expiry", "--date", "2026-02-30"], "a date YYYY-MM-DD"),
    (["--trigger", "expiry", "--date", "2020-01-01"], "on or after the store's first commit"),
])
def test_cli_exit_simulate_bad_input_exits_2(sample: Store, args: list[str], needle: str) -> None:
    result = cli("exit", "simulate", *args, "--store", str(sample.root))
    assert result.exit_code == 2 and needle in result.output


def test_exit_simulate_has_help() -> None:
    result = cli("exit", "simulate", "--help")
    assert result.exit_code == 0 and "--trigger" in result.output and "--date" in result.output


# --- operations -------------------------------------------------------------------------------------


def test_register_operations_write_through_the_store_and_refuse_bad_input(small_store: Store) -> None:
    from store import usecases as register_ops

    ledger = incident(party="lab", reported_by="eli")
    decision = Decision(id="DEC-2026-001", title="Act", meeting="MTG-2026-01", date=DAY, tier="low", motion="That.",
                        votes={m.id: "for" for m in MEMBERS if m.voting}, actions=[ActionItem("Brief", "ada")])
    small_store.write(Change("record", [ledger, duty(informed=["lab"]), decision], when=at(DAY, 13)))
    register_ops.record_notification(small_store, "INC-2026-001", "regulator",
                                     parse_moment("2026-11-20 10:00"), "ada", "ICO-1")
    stored = small_store.require("INC-2026-001")
    assert stored.notifications[-1] == Notification("regulator", dt.datetime(2026, 11, 20, 10, tzinfo=UTC), "ada", "ICO-1")
    head = small_store.head
    with pytest.raises(RecordError) as err:  # the store's own validation: not before detection
        register_ops.record_notification(small_store, "INC-2026-001", "hosp", dt.datetime(2026, 1, 1, tzinfo=UTC))
    assert err.value.field == "notifications[1].at" and small_store.head == head
    with pytest.raises(RecordError, match="a date and time"):
        parse_moment("yesterday")
    register_ops.duty_done(small_store, "DUTY-001", dt.date(2026, 11, 1), "DPIA v3")
    assert small_store.require("DUTY-001").last_done == dt.date(2026, 11, 1)
    with pytest.raises(RecordError):
        register_ops.duty_done(small_store, "DUTY-001", dt.date(2026, 10, 1))
    register_ops.action_done(small_store, "DEC-2026-001/1")
    assert small_store.require("DEC-2026-001").actions[0].status == "done"
    with pytest.raises(RuleError, match="already done"):
        register_ops.action_done(small_store, "DEC-2026-001/1")
    with pytest.raises(RecordError):
        register_ops.action_done(small_store, "DEC-2026-001/2")


# --- new entries through store.usecases ----------------------------------------------------


def test_new_risk_incident_and_duty_take_the_next_free_ids_and_commit(small_store: Store) -> None:
    from store import usecases as ops

    assert ops.next_risk_id(small_store) == "RSK-001"
    done = ops.new_risk(small_store, "RSK-001", " Re-identification ", "ada", 2, 5, "hosp", dt.date(2026, 6, 1),
                        identified_on=DAY, mitigation="k-anonymity")
    assert done.message.startswith("record: record RSK-001: Re-identification")
    assert small_store.require("RSK-001").title == "Re-identification"
    assert ops.next_risk_id(small_store) == "RSK-002"

    assert ops.next_incident_id(small_store, 2026) == "INC-2026-001"
    detected = parse_moment("2026-03-09 08:00", "incident")
    ops.new_incident(small_store, "INC-2026-001", "Laptop lost", "security", "lab", detected, reported_by="ben")
    assert small_store.require("INC-2026-001").detected_at == detected
    assert ops.next_incident_id(small_store, 2026) == "INC-2026-002"

    assert ops.next_duty_id(small_store) == "DUTY-001"
    ops.new_duty(small_store, "DUTY-001", "Bias audit", 6, DAY, split_ids("ada, lab"), "ben", informed=["hosp"])
    duty = small_store.require("DUTY-001")
    assert (duty.responsible, duty.accountable, duty.cadence_months) == (["ada", "lab"], "ben", 6)


def test_new_entries_are_refused_with_the_field_named(small_store: Store) -> None:
    from store import usecases as ops

    with pytest.raises(RecordError, match="owner"):
        ops.new_risk(small_store, "RSK-001", "Re-identification", "nobody", 2, 5, "hosp", dt.date(2026, 6, 1))
    with pytest.raises(RecordError, match="review_date"):  # reviewed before it was identified
        ops.new_risk(small_store, "RSK-001", "Re-identification", "ada", 2, 5, "hosp", dt.date(2026, 1, 1),
                     identified_on=dt.date(2026, 3, 1))
    with pytest.raises(RecordError, match="likelihood.*1 to 5"):
        parse_whole("7", "RSK-001", "likelihood", 1, 5)
    with pytest.raises(RecordError, match="cadence_months"):
        parse_whole("often", "DUTY-001", "cadence_months")
    with pytest.raises(RecordError, match="INC-2025-NNN"):
        ops.new_incident(small_store, "INC-2026-001", "Old", "breach", "lab", parse_moment("2025-12-30 10:00"))
    with pytest.raises(RecordError, match="responsible"):
        ops.new_duty(small_store, "DUTY-001", "Bias audit", 6, DAY, [], "ben")
    ops.new_risk(small_store, "RSK-001", "Re-identification", "ada", 2, 5, "hosp", dt.date(2026, 6, 1))
    with pytest.raises(RecordError, match="not yet used"):
        ops.new_risk(small_store, "RSK-001", "Another", "ada", 1, 1, "shared", dt.date(2026, 6, 1))
    assert small_store.require("RSK-001").title == "Re-identification"


def test_new_dataset_terms_are_a_draft_amendment_once_filled_in(small_store: Store) -> None:
    from store import usecases as operations
    from store.workspace import Workspace

    workspace = Workspace.of_store(small_store.root)
    try:
        dataset_id, text = operations.new_dataset_text(small_store, workspace, ["hosp"])
        assert dataset_id == "DS-001"
        with pytest.raises(RecordError, match="lawful_basis"):
            operations.check_draft(small_store, dataset_id, text)
        filled = parse(text, "dataset", dataset_id).replace(lawful_basis="public task", jurisdiction="UK",
                                                            anonymisation="k-anonymity", rights_contact="dpo@hosp")
        draft = operations.save_amendment(small_store, workspace, dataset_id, serialise(filled), "share DS-001")
        assert draft.target == dataset_id and small_store.get(dataset_id) is None  # a draft until voted
        assert operations.new_dataset_text(small_store, workspace, ["hosp"])[0] == "DS-002"  # the draft's ID is taken
    finally:
        workspace.close()
