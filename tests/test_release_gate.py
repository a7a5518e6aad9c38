"""The release gate (council/release_gate.py): a pure function of the terms in force."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from council import registers
from council.artifacts import Artifact, Release
from council.exit_state import Exit
from council.records import AccessGrant, Dataset, IPAsset, License
from council.release_gate import Request, Terms, check, lineage, retention_end

DAY = dt.date(2026, 12, 1)
PURPOSE = "(a) Developing and evaluating models that give early warning of sepsis in adult inpatients"


def dataset(dataset_id: str = "DS-001", **changes) -> Dataset:
    terms = dict(id=dataset_id, title="EHR extract", provider="northgate", jurisdiction="England and Wales (UK GDPR)",
                 model_training_allowed=True, permitted_purposes=[PURPOSE, "(b) Research into data quality"],
                 prohibited_transformations=["Re-identification of any individual"], transfers_to=["Ireland"],
                 received_on=dt.date(2025, 2, 3), delete_by=dt.date(2030, 2, 4),
                 access=[AccessGrant("ML engineers", "meridian", dt.date(2025, 2, 3), dt.date(2030, 1, 5))])
    return Dataset(**{**terms, **changes})


def terms(*datasets: Dataset, artifacts: list[Artifact] | None = None, ip: list[IPAsset] | None = None) -> Terms:
    arts = artifacts or [Artifact(id="ART-001", title="Sepsis model", datasets=[d.id for d in datasets],
                                  ip_asset="IP-001")]
    return Terms({a.id: a for a in arts}, {d.id: d for d in datasets}, {a.id: a for a in ip or []},
                 ["northgate", "meridian"], amend_tier="high")


def ask(recipient: str = "meridian", purpose: str = "a", mode: str = "weights", jurisdiction: str = "Ireland",
        artifact: str = "ART-001", day: dt.date = DAY) -> Request:
    return Request(artifact, recipient, purpose, mode, day, jurisdiction)


def test_a_release_within_the_terms_is_allowed_with_its_conditions() -> None:
    verdict = check(ask(), terms(dataset()))
    assert verdict.allowed and verdict.reasons == ()
    assert verdict.conditions == ("DS-001: must not: Re-identification of any individual",)
    assert verdict.lineage == ("DS-001",)


def test_a_purpose_the_terms_do_not_permit_is_refused_with_what_is_permitted() -> None:
    verdict = check(ask(purpose="marketing analytics"), terms(dataset()))
    assert not verdict.allowed
    assert [str(r) for r in verdict.reasons] == [
        "DS-001 (permitted purposes): 'marketing analytics' is not a permitted purpose"]
    assert verdict.alternatives == (f"for the purpose {PURPOSE}", "for the purpose (b) Research into data quality",
                                    "after a decision at tier high amending the terms of DS-001 (permitted purposes)")


def test_a_purpose_is_given_in_full_or_by_its_label() -> None:
    for purpose in ("a", "(a)", PURPOSE, PURPOSE.upper()):
        assert check(ask(purpose=purpose), terms(dataset())).allowed, purpose


def test_a_transfer_outside_the_allowed_places_is_refused_but_hosted_inference_is_offered() -> None:
    verdict = check(ask(jurisdiction="United States"), terms(dataset()))
    assert [r.field for r in verdict.reasons] == ["transfers to"]
    assert "United States is not an allowed transfer" in verdict.reasons[0].why
    assert "hosted inference only" in verdict.alternatives
    assert check(ask(jurisdiction="United States", mode="hosted"), terms(dataset())).allowed
    assert check(ask(jurisdiction="England and Wales"), terms(dataset())).allowed


def test_no_training_withdrawn_terms_and_ended_retention_each_refuse() -> None:
    assert "model training allowed" in {r.field for r in check(ask(), terms(dataset(model_training_allowed=False))).reasons}
    assert "status" in {r.field for r in check(ask(), terms(dataset(status="withdrawn"))).reasons}
    late = check(ask(day=dt.date(2030, 2, 5)), terms(dataset()))
    assert "retention" in {r.field for r in late.reasons}
    assert retention_end(dataset(retention_months=13, delete_by=None)) == dt.date(2026, 3, 3)


@pytest.mark.parametrize(("received", "months", "ends"), [
    ("2026-01-31", 1, "2026-02-28"), ("2024-01-31", 1, "2024-02-29"), ("2026-03-31", 1, "2026-04-30"),
    ("2025-08-31", 6, "2026-02-28"), ("2026-12-31", 2, "2027-02-28"),
])
def test_retention_counts_calendar_months_and_ends_on_a_shorter_months_last_day(received: str, months: int,
                                                                                  ends: str) -> None:
    held = dataset(received_on=dt.date.fromisoformat(received), retention_months=months, delete_by=None)
    assert retention_end(held) == dt.date.fromisoformat(ends)


@given(st.dates(dt.date(2000, 1, 1), dt.date(2090, 1, 1)), st.integers(1, 240),
       st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2110, 1, 1))))
def test_the_gate_and_the_registers_agree_on_the_last_day_data_may_be_held(received: dt.date, months: int,
                                                                           delete_by: dt.date | None) -> None:
    held = dataset(received_on=received, retention_months=months, delete_by=delete_by)
    assert retention_end(held) == registers.retention_end(held)[0]


def test_an_ended_access_grant_refuses_the_recipient_party() -> None:
    verdict = check(ask(day=dt.date(2030, 1, 6)), terms(dataset(delete_by=None)))
    assert [str(r) for r in verdict.reasons] == ["DS-001 (access): meridian's access ended on 2030-01-05"]


def test_the_lineage_runs_through_every_parent_and_names_what_is_missing() -> None:
    base = Artifact(id="ART-001", datasets=["DS-001"])
    tuned = Artifact(id="ART-002", datasets=["DS-002"], parents=["ART-001", "ART-009"])
    loop = Artifact(id="ART-003", parents=["ART-002", "ART-003"])
    found, unknown = lineage("ART-003", {a.id: a for a in (base, tuned, loop)})
    assert sorted(found) == ["DS-001", "DS-002"] and unknown == ["ART-009"]


def test_one_refusing_dataset_offers_the_lineage_without_it() -> None:
    art = Artifact(id="ART-001", datasets=["DS-001", "DS-003"])
    verdict = check(ask(), terms(dataset(), dataset("DS-003", model_training_allowed=False), artifacts=[art]))
    assert not verdict.allowed and "without DS-003 in the lineage" in verdict.alternatives


def test_an_exclusive_licence_and_a_third_party_without_one_refuse_weights() -> None:
    exclusive = IPAsset(id="IP-001", licenses=[License("acme", field_of_use="sepsis", exclusive=True)],
                        oss_obligations=["Attribution under Apache-2.0"])
    verdict = check(ask(recipient="northgate", jurisdiction="England and Wales",
                        purpose=PURPOSE), terms(dataset(), ip=[exclusive]))
    assert [str(r) for r in verdict.reasons] == ["IP-001 (licences): acme holds an exclusive licence for sepsis"]
    assert "IP-001: open-source obligation: Attribution under Apache-2.0" in verdict.conditions
    outsider = check(ask(recipient="Evaluator Ltd", jurisdiction="Ireland"), terms(dataset(), ip=[IPAsset(id="IP-001")]))
    assert [str(r) for r in outsider.reasons] == ["IP-001 (licences): Evaluator Ltd holds no licence to the weights"]


def test_an_unknown_artifact_or_mode_is_refused_naming_it() -> None:
    assert str(check(ask(artifact="ART-404"), terms(dataset())).reasons[0]) == (
        "ART-404 (artifact): not in the artifact register")
    assert "expected one of weights (weights transfer)" in check(ask(mode="email"), terms(dataset())).reasons[0].why


def test_a_release_is_live_only_when_granted_and_in_its_period() -> None:
    release = Release(id="REL-001", artifact="ART-001", recipient="meridian", status="granted",
                      starts=dt.date(2026, 1, 1), ends=dt.date(2026, 12, 31))
    assert release.live_on(DAY) and not release.live_on(dt.date(2027, 1, 1))
    assert not release.replace(status="revoked").live_on(DAY)
    assert not Release(id="REL-002", status="granted", revoked_on=DAY).live_on(DAY)


# --- properties -------------------------------------------------------------------------------

datasets = st.builds(
    lambda n, training, status, purposes, places, expires: dataset(
        f"DS-{n:03d}", model_training_allowed=training, status=status,
        permitted_purposes=purposes, transfers_to=places,
        access=[AccessGrant("team", "meridian", dt.date(2025, 1, 1), expires)]),
    st.integers(1, 6), st.booleans(), st.sampled_from(["active", "withdrawn"]),
    st.sampled_from([[], [PURPOSE], ["(b) Research"]]), st.sampled_from([[], ["Ireland"]]),
    st.sampled_from([None, dt.date(2026, 6, 1), dt.date(2028, 1, 1)]))
requests = st.builds(ask, purpose=st.sampled_from(["a", "b", "other"]),
                     mode=st.sampled_from(["weights", "hosted", "sandbox"]),
                     jurisdiction=st.sampled_from(["", "Ireland", "England and Wales", "Peru"]))


@given(st.lists(datasets, min_size=1, max_size=4, unique_by=lambda d: d.id), requests, st.data())
def test_removing_a_dataset_from_the_lineage_never_turns_allowed_into_refused(ds, request, data) -> None:
    art = Artifact(id="ART-001", datasets=[d.id for d in ds])
    fewer = data.draw(st.lists(st.sampled_from([d.id for d in ds]), unique=True))
    smaller = Artifact(id="ART-001", datasets=[d for d in art.datasets if d not in fewer])
    if check(request, terms(*ds, artifacts=[art])).allowed:
        assert check(request, terms(*ds, artifacts=[smaller])).allowed


@given(st.lists(datasets, min_size=1, max_size=4, unique_by=lambda d: d.id), requests)
def test_every_alternative_offered_is_itself_allowed(ds, request) -> None:
    art = Artifact(id="ART-001", datasets=[d.id for d in ds])
    t = terms(*ds, artifacts=[art])
    for alternative in check(request, t).alternatives:
        if alternative == "hosted inference only":
            assert check(dataclasses.replace(request, mode="hosted"), t).allowed
        elif alternative.startswith("for the purpose "):
            assert check(dataclasses.replace(request, purpose=alternative[16:]), t).allowed
        elif alternative.startswith("without "):
            gone = alternative.split()[1]
            fewer = Artifact(id="ART-001", datasets=[d for d in art.datasets if d != gone])
            assert check(request, terms(*ds, artifacts=[fewer])).allowed
        else:
            assert alternative.startswith("after a decision at tier high amending the terms of DS-")


@given(st.lists(datasets, min_size=1, max_size=4, unique_by=lambda d: d.id), requests)
def test_an_expired_grant_always_refuses(ds, request) -> None:
    ended = [d.replace(access=[AccessGrant("team", "meridian", dt.date(2025, 1, 1), dt.date(2026, 1, 1))])
             if i == 0 else d for i, d in enumerate(ds)]
    art = Artifact(id="ART-001", datasets=[d.id for d in ended])
    verdict = check(request, terms(*ended, artifacts=[art]))
    assert not verdict.allowed and any(r.field == "access" and r.record == ended[0].id for r in verdict.reasons)


# --- the partnership in exit --------------------------------------------------------------------

EXIT_DAY = dt.date(2026, 12, 1)
IN_EXIT = Exit("EXIT-01", "material_breach", "A material breach not remedied within 60 days (clause 9).", EXIT_DAY,
               (("OB-07", "meridian", "transfer", "IP-001", dt.date(2027, 3, 31)),
                ("OB-08", "meridian", "delete", "IP-001", dt.date(2027, 1, 30)),
                ("OB-09", "northgate", "license_back", "IP-002", dt.date(2027, 2, 1))))


def in_exit(t: Terms, exit: Exit = IN_EXIT) -> Terms:
    return dataclasses.replace(t, exit=exit)


def test_in_exit_every_release_is_refused_naming_the_plan_and_the_trigger() -> None:
    verdict = check(ask(day=EXIT_DAY), in_exit(terms(dataset())))
    assert not verdict.allowed
    assert [str(r) for r in verdict.reasons] == [
        "EXIT-01 (triggers): the partnership is in exit since 2026-12-01 by material_breach: A material breach not "
        "remedied within 60 days (clause 9); no release is granted from that day"]
    # What the exit plan provides for the artifact's IP asset instead, and nothing a request could change.
    assert verdict.alternatives == ("under the exit plan, EXIT-01 OB-07: meridian to transfer IP-001 by 2027-03-31",)


def test_a_day_before_the_exit_is_judged_as_if_there_were_none() -> None:
    before = ask(day=EXIT_DAY - dt.timedelta(days=1))
    assert check(before, in_exit(terms(dataset()))) == check(before, terms(dataset()))


def test_a_grant_recorded_in_exit_is_refused_even_if_dated_before_it() -> None:
    backdated = dataclasses.replace(ask(day=dt.date(2026, 11, 1)), recorded=EXIT_DAY)
    assert [r.record for r in check(backdated, in_exit(terms(dataset()))).reasons] == ["EXIT-01"]


def test_in_exit_no_other_alternative_is_offered_even_where_the_terms_also_refuse() -> None:
    verdict = check(ask(purpose="marketing", day=EXIT_DAY), in_exit(terms(dataset())))
    assert {r.record for r in verdict.reasons} == {"DS-001", "EXIT-01"}
    assert all(a.startswith("under the exit plan, ") for a in verdict.alternatives)


@given(st.lists(datasets, min_size=1, max_size=4, unique_by=lambda d: d.id), requests,
       st.dates(dt.date(2025, 1, 1), dt.date(2028, 1, 1)), st.integers(0, 900))
def test_in_exit_on_day_d_a_grant_dated_on_or_after_d_is_always_refused(ds, request, exit_day, after) -> None:
    t = in_exit(terms(*ds, artifacts=[Artifact(id="ART-001", datasets=[d.id for d in ds], ip_asset="IP-001")]),
                dataclasses.replace(IN_EXIT, day=exit_day))
    asked = dataclasses.replace(request, day=exit_day + dt.timedelta(days=after))
    verdict = check(asked, t)
    assert not verdict.allowed and any(r.record == "EXIT-01" and r.field == "triggers" for r in verdict.reasons)
    assert all(a.startswith("under the exit plan, EXIT-01 ") for a in verdict.alternatives)
    earlier = dataclasses.replace(request, day=exit_day - dt.timedelta(days=after + 1))
    assert check(earlier, t) == check(earlier, dataclasses.replace(t, exit=None))
