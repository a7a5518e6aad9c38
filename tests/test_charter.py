"""The charter's machine-readable settings: defaults, every rule kind, and refusals."""

from __future__ import annotations

import pytest

from council.charter import (
    BASES,
    RATIOS,
    RULES,
    Charter,
    Ladder,
    ProxyRule,
    QuorumRule,
    Stage,
    Tier,
    charter_from_clauses,
)
from council.errors import RecordError
from council.records import Clause


def clause(cid: str, rule: str, **settings) -> Clause:
    return Clause(id=cid, title=rule.title(), rule=rule, settings=settings)


def refused(c: Clause, field: str, *fragments: str) -> RecordError:
    """Assert that the clause is refused, naming it and the field; return the error."""
    with pytest.raises(RecordError) as err:
        charter_from_clauses([c])
    e = err.value
    assert e.record == f"charter {c.id}"
    assert e.field == field
    text = str(e)
    assert text.startswith(f"charter {c.id}: field '{field}': expected ")
    for fragment in fragments:
        assert fragment in text
    return e


# --- defaults ----------------------------------------------------------------


def test_a_silent_charter_follows_roberts_rules():
    c = charter_from_clauses([])
    assert c == Charter()
    assert c.quorum == QuorumRule(basis="majority", count=0, fraction="", min_per_party=0, clause="")
    assert c.proxies == ProxyRule(allowed=False, count_for_quorum=False, max_per_holder=1)
    assert c.tiers == (Tier("ordinary", basis="cast", ratio="majority"),)
    assert c.tier("ordinary").notice_days == 0
    assert c.publish == ("public",) and c.partner_publish == ("public", "internal")
    assert c.ladder == Ladder() and c.ladder.stages == ()
    assert not c.signing_required and not c.two_key
    assert (c.cadence_months, c.cadence_weekday, c.minutes_days) == (1, -1, 14)
    assert c.clauses == {}


def test_clauses_without_a_rule_are_prose_only():
    prose = Clause(id="1", title="Purpose", body="The council oversees the partnership.")
    assert charter_from_clauses([prose]) == Charter()


def test_empty_settings_give_the_defaults_and_record_the_clause():
    c = charter_from_clauses([clause("4.1", "quorum"), clause("4.3", "proxies"), clause("7", "signing")])
    assert c.quorum == QuorumRule(clause="4.1")
    assert c.proxies == ProxyRule(clause="4.3")
    assert c.clauses == {"quorum": "4.1", "proxies": "4.3", "signing": "7"}


def test_unknown_tier_is_refused_naming_the_tiers():
    with pytest.raises(RecordError, match="charter: field 'tier': expected one of ordinary, got 'high'"):
        Charter().tier("high")


# --- each rule kind ------------------------------------------------------------


def test_quorum_settings():
    c = charter_from_clauses([clause("4.2", "quorum", basis="count", count=4, min_per_party=1)])
    assert c.quorum == QuorumRule("count", 4, "", 1, "4.2")
    c = charter_from_clauses([clause("4.2", "quorum", basis="fraction", fraction="2/3")])
    assert c.quorum.basis == "fraction" and c.quorum.fraction == "2/3"
    c = charter_from_clauses([clause("4.2", "quorum", basis="fraction", fraction="1")])
    assert c.quorum.fraction == "1"


def test_proxy_settings():
    c = charter_from_clauses([clause("4.3", "proxies", allowed=True, count_for_quorum=True, max_per_holder=2)])
    assert c.proxies == ProxyRule(True, True, 2, "4.3")


def test_tier_settings():
    c = charter_from_clauses([clause("5.1", "tiers", tiers=[
        {"name": "low"},
        {"name": "medium", "basis": "present", "ratio": "two_thirds", "notice_days": 7},
        {"name": "high", "basis": "membership", "ratio": "unanimous", "party_consent": True,
         "double_majority": True, "min_per_party": 2, "notice_days": 21, "description": "Term changes"},
    ])])
    assert c.tiers_clause == "5.1" and c.clauses == {"tiers": "5.1"}
    assert [t.name for t in c.tiers] == ["low", "medium", "high"]
    assert c.tier("low") == Tier("low")
    assert c.tier("medium") == Tier("medium", "present", "two_thirds", notice_days=7)
    assert c.tier("high") == Tier("high", "membership", "unanimous", True, True, 2, 21, "Term changes")


@pytest.mark.parametrize("basis", BASES)
@pytest.mark.parametrize("ratio", RATIOS)
def test_every_basis_and_ratio_is_accepted(basis, ratio):
    c = charter_from_clauses([clause("5.1", "tiers", tiers=[{"name": "t", "basis": basis, "ratio": ratio}])])
    assert (c.tier("t").basis, c.tier("t").ratio) == (basis, ratio)


def test_cadence_settings():
    c = charter_from_clauses([clause("6", "cadence", months=3, weekday=1, review_months=24)])
    assert (c.cadence_months, c.cadence_weekday, c.review_months) == (3, 1, 24)


def test_minutes_settings():
    c = charter_from_clauses([clause("6.2", "minutes", standard="Action minutes.", circulate_within_days=7)])
    assert (c.minutes_standard, c.minutes_days) == ("Action minutes.", 7)


def test_publication_settings():
    c = charter_from_clauses([clause("8", "publication", public=["public", "internal"],
                                     partners=["public", "internal", "confidential"], named_votes=True)])
    assert c.publish == ("public", "internal")
    assert c.partner_publish == ("public", "internal", "confidential")
    assert c.named_votes_public


def test_escalation_settings():
    c = charter_from_clauses([clause("9.1", "escalation", business_days=True, arbitration_during_mediation=True,
                                     stages=[{"name": "negotiation", "days": 30}, {"name": "council", "days": 14},
                                             {"name": "mediation", "days": 60}, {"name": "arbitration", "days": 90}])])
    assert c.ladder == Ladder((Stage("negotiation", 30), Stage("council", 14), Stage("mediation", 60),
                               Stage("arbitration", 90)), True, True, "9.1")


def test_signing_settings():
    c = charter_from_clauses([clause("10", "signing", required=True, two_key=True)])
    assert c.signing_required and c.two_key


def test_a_whole_charter_in_any_order():
    clauses = [
        clause("9.1", "escalation", stages=[{"name": "negotiation", "days": 30}]),
        Clause(id="1", title="Purpose"),
        clause("4.10", "proxies", allowed=True),
        clause("4.2", "quorum", min_per_party=1),
        clause("5", "tiers", tiers=[{"name": "ordinary"}, {"name": "major", "ratio": "two_thirds"}]),
    ]
    c = charter_from_clauses(clauses)
    assert c.clauses == {"quorum": "4.2", "proxies": "4.10", "tiers": "5", "escalation": "9.1"}
    assert list(c.clauses) == ["quorum", "proxies", "tiers", "escalation"]  # section order: 4.2 < 4.10
    assert c.quorum.min_per_party == 1 and c.proxies.allowed and len(c.tiers) == 2
    assert charter_from_clauses(reversed(clauses)) == c


# --- refusals -----------------------------------------------------------------------


def test_unknown_rule_kind():
    e = refused(Clause(id="3", rule="voting"), "rule", "one of " + ", ".join(RULES), "'voting'")
    assert e.got == "voting"


@pytest.mark.parametrize("settings, field, fragment", [
    ({"basis": "plurality"}, "settings.basis", "one of majority, count, fraction"),
    ({"basis": "count"}, "settings.count", "at least 1 member"),
    ({"basis": "count", "count": -2}, "settings.count", "zero or more"),
    ({"basis": "count", "count": "five"}, "settings.count", "a whole number"),
    ({"basis": "count", "count": 2.5}, "settings.count", "a whole number"),
    ({"basis": "count", "count": True}, "settings.count", "a whole number"),
    ({"basis": "fraction", "fraction": "abc"}, "settings.fraction", "a fraction between 0 and 1"),
    ({"basis": "fraction", "fraction": "3/2"}, "settings.fraction", "a fraction between 0 and 1"),
    ({"basis": "fraction", "fraction": "0"}, "settings.fraction", "a fraction between 0 and 1"),
    ({"basis": "fraction", "fraction": "-1/2"}, "settings.fraction", "a fraction between 0 and 1"),
    ({"basis": "fraction", "fraction": "1/0"}, "settings.fraction", "a fraction between 0 and 1"),
    ({"basis": "fraction"}, "settings.fraction", "a fraction between 0 and 1"),
    ({"basis": "fraction", "fraction": 0.5}, "settings.fraction", "str"),
    ({"min_per_party": -1}, "settings.min_per_party", "zero or more"),
])
def test_bad_quorum_settings(settings, field, fragment):
    refused(clause("4.2", "quorum", **settings), field, fragment)


@pytest.mark.parametrize("settings, field, fragment", [
    ({"allowed": "yes"}, "settings.allowed", "bool"),
    ({"count_for_quorum": 1}, "settings.count_for_quorum", "bool"),
    ({"max_per_holder": -1}, "settings.max_per_holder", "zero or more"),
])
def test_bad_proxy_settings(settings, field, fragment):
    refused(clause("4.3", "proxies", **settings), field, fragment)


@pytest.mark.parametrize("tiers, field, fragment", [
    ([], "settings.tiers", "at least one approval tier"),
    ("ordinary", "settings.tiers", "list"),
    (["ordinary"], "settings.tiers[0]", "a table"),
    ([{"basis": "cast"}], "settings.tiers[0].name", "a tier name"),
    ([{"name": 5}], "settings.tiers[0].name", "str"),
    ([{"name": "a"}, {"name": "b", "basis": "quorum"}], "settings.tiers[1].basis", "one of cast, present, membership"),
    ([{"name": "a", "ratio": "3/4"}], "settings.tiers[0].ratio", "one of majority, two_thirds, unanimous"),
    ([{"name": "a", "party_consent": "true"}], "settings.tiers[0].party_consent", "bool"),
    ([{"name": "a", "notice_days": -14}], "settings.tiers[0].notice_days", "zero or more"),
    ([{"name": "a", "min_per_party": -1}], "settings.tiers[0].min_per_party", "zero or more"),
    ([{"name": "a"}, {"name": "b"}, {"name": "a"}], "settings.tiers", "distinct tier names"),
])
def test_bad_tier_settings(tiers, field, fragment):
    refused(clause("5.1", "tiers", tiers=tiers), field, fragment)


def test_a_bad_setting_inside_a_tier_names_the_tier():
    # Bug found: errors inside a tier named 'settings.basis', as if it were a
    # top-level setting of the clause; they now name 'settings.tiers[1].basis'.
    e = refused(clause("5.1", "tiers", tiers=[{"name": "a"}, {"name": "b", "basis": "all"}]),
                "settings.tiers[1].basis")
    assert e.got == "all"


@pytest.mark.parametrize("settings, field, fragment", [
    ({"months": 0}, "settings.months", "at least 1"),
    ({"months": -1}, "settings.months", "zero or more"),
    ({"weekday": 7}, "settings.weekday", "-1 (same date) or 0..6"),
    ({"weekday": -2}, "settings.weekday", "-1 (same date) or 0..6"),
    ({"weekday": "Tuesday"}, "settings.weekday", "a whole number"),
    ({"review_months": -12}, "settings.review_months", "zero or more"),
])
def test_bad_cadence_settings(settings, field, fragment):
    refused(clause("6", "cadence", **settings), field, fragment)


@pytest.mark.parametrize("settings, field, fragment", [
    ({"standard": 1}, "settings.standard", "str"),
    ({"circulate_within_days": -1}, "settings.circulate_within_days", "zero or more"),
])
def test_bad_minutes_settings(settings, field, fragment):
    refused(clause("6.2", "minutes", **settings), field, fragment)


@pytest.mark.parametrize("settings, field, fragment", [
    ({"public": ["public", "confidential"]}, "settings.public", "only public or internal"),
    ({"public": ["privileged"]}, "settings.public", "only public or internal"),
    ({"public": ["secret"]}, "settings.public", "sensitivities from public, internal, confidential, privileged"),
    ({"partners": ["everything"]}, "settings.partners", "sensitivities from"),
    ({"public": "public"}, "settings.public", "list"),
    ({"named_votes": "no"}, "settings.named_votes", "bool"),
])
def test_bad_publication_settings(settings, field, fragment):
    refused(clause("8", "publication", **settings), field, fragment)


def test_publication_may_never_allow_confidential_to_the_public():
    e = refused(clause("8", "publication", public=["public", "internal", "confidential"]), "settings.public")
    assert "confidential" in str(e.got)


@pytest.mark.parametrize("stages, field, fragment", [
    ([], "settings.stages", "at least one escalation stage"),
    ([{"name": "negotiation", "days": -30}], "settings.stages[0].days", "a whole number of days, 1 or more"),
    ([{"name": "negotiation", "days": 0}], "settings.stages[0].days", "1 or more"),
    ([{"name": "negotiation", "days": 30}, {"name": "council"}], "settings.stages[1].days", "1 or more"),
    ([{"name": "negotiation", "days": 30.5}], "settings.stages[0].days", "1 or more"),
    ([{"name": "negotiation", "days": True}], "settings.stages[0].days", "1 or more"),
    ([{"days": 30}], "settings.stages[0]", "a table with a name and days"),
    (["negotiation"], "settings.stages[0]", "a table with a name and days"),
    ([{"name": "council", "days": 14}, {"name": "council", "days": 30}], "settings.stages[1].name",
     "a stage name not used before"),
])
def test_bad_escalation_settings(stages, field, fragment):
    refused(clause("9.1", "escalation", stages=stages), field, fragment)


def test_negative_ladder_days_are_refused():
    e = refused(clause("9.1", "escalation", stages=[{"name": "negotiation", "days": 30},
                                                    {"name": "mediation", "days": -5}]),
                "settings.stages[1].days")
    assert e.got == -5 and "got -5" in str(e)


def test_bad_escalation_flags():
    refused(clause("9.1", "escalation", stages=[{"name": "n", "days": 1}], business_days="yes"),
            "settings.business_days", "bool")


@pytest.mark.parametrize("settings, field", [({"required": 1}, "settings.required"),
                                             ({"two_key": "true"}, "settings.two_key")])
def test_bad_signing_settings(settings, field):
    refused(clause("10", "signing", **settings), field, "bool")


def test_a_misspelt_setting_is_refused_not_ignored():
    from council.charter import charter_from_clauses

    with pytest.raises(RecordError, match=r"charter 4\.2: field 'settings\.min_per_pary'"):
        charter_from_clauses([Clause(id="4.2", rule="quorum", settings={"min_per_pary": 1})])
    with pytest.raises(RecordError, match=r"settings\.tiers\[0\]\.threshold"):
        charter_from_clauses([Clause(id="3", rule="tiers", settings={"tiers": [{"name": "low", "threshold": 0.5}]})])


def test_the_same_clauses_give_the_charter_built_once_and_changed_ones_a_new_one():
    quorum, tiers = clause("4.2", "quorum", basis="count", count=3), clause("3", "tiers", tiers=[
        {"name": "low", "basis": "cast", "ratio": "majority"}])
    first = charter_from_clauses([quorum, tiers])
    assert charter_from_clauses(c for c in [quorum, tiers]) is first  # built once per set of clauses
    changed = clause("4.2", "quorum", basis="count", count=5)  # equal ID, other settings: built again
    again = charter_from_clauses([changed, tiers])
    assert again is not first and again.quorum.count == 5 and first.quorum.count == 3
    refused(clause("4.2", "quorum", basis="count", count=0), "settings.count")
    with pytest.raises(RecordError):  # a refused set of clauses is refused every time, never remembered
        charter_from_clauses([clause("4.2", "quorum", basis="count", count=0)])
