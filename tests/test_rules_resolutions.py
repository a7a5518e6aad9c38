"""The rules of a written resolution (council/resolutions.py), as pure functions:
who may vote, once each, in the open period; the outcome over the entire voting
membership; the charter's written_resolutions clause; reminders with an injected date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from council import resolutions as written
from council.charter import Charter, charter_from_clauses
from council.errors import RecordError, RuleError
from council.fileformat import serialise
from council.records import Ballot, Clause, Member, Resolution
from council.skeleton import charter_skeleton

OPENS, CLOSES = dt.date(2026, 5, 4), dt.date(2026, 5, 18)
START = dt.date(2025, 1, 1)
MEMBERS = [Member(id=i, name=i.title(), party=p, voting=True, term_start=START)
           for i, p in (("ada", "hosp"), ("ben", "hosp"), ("cy", "hosp"), ("dee", "lab"), ("eli", "lab"),
                        ("fay", "lab"))]
OBSERVER = Member(id="gus", name="Gus", party="hosp", voting=False, term_start=START)
ALL = [*MEMBERS, OBSERVER]
IDS = [m.id for m in MEMBERS]
PARTIES = ["hosp", "lab"]


def charter(**written_settings: object) -> Charter:
    clauses = charter_skeleton()
    if written_settings:
        clauses.append(Clause(id="3.5", title="Written resolutions", rule="written_resolutions",
                              settings=dict(written_settings)))
    return charter_from_clauses(clauses)


def resolution(votes: dict[str, str] | None = None, tier: str = "low", on: dt.date = OPENS, **kw: object) -> Resolution:
    ballots = [Ballot(member=m, vote=v, on=on) for m, v in (votes or {}).items()]
    return Resolution(id="WR-2026-001", title="Adopt the budget", tier=tier, motion="That the budget be adopted.",
                      opens=OPENS, closes=CLOSES, ballots=ballots, **kw)  # type: ignore[arg-type]


def closed(votes: dict[str, str], **kw: object) -> Resolution:
    return resolution(votes, status="closed", closed_on=CLOSES, **kw)


# --- the charter's setting -----------------------------------------------------------


def test_silent_charter_means_unanimity_of_the_whole_membership_under_any_tier() -> None:
    rule = charter().written
    assert (rule.ratio, rule.tiers, rule.clause) == ("unanimous", (), "")
    assert rule.allows("high") and rule.allows("low")


def test_the_clause_sets_ratio_tiers_and_periods() -> None:
    rule = charter(ratio="two_thirds", tiers=["low", "medium"], min_days=7, reminder_days=2).written
    assert (rule.ratio, rule.tiers, rule.min_days, rule.reminder_days, rule.clause) == \
        ("two_thirds", ("low", "medium"), 7, 2, "3.5")
    assert not rule.allows("high")


def test_the_templates_set_written_resolutions() -> None:
    from council.templates import TEMPLATES

    rules = {name: charter_from_clauses(make()).written for name, make in TEMPLATES.items()}
    assert (rules["two-party"].clause, rules["two-party"].min_days) == ("4.5", 7)
    assert (rules["consortium"].ratio, rules["consortium"].min_days) == ("unanimous", 14)
    assert rules["minimal"].clause == ""  # silent: Robert's Rules' unanimous written consent


@pytest.mark.parametrize("bad, field", [({"ratio": "most"}, "settings.ratio"),
                                        ({"tiers": ["urgent"]}, "settings.tiers[0]"),
                                        ({"min_dayz": 3}, "settings.min_dayz"),
                                        ({"min_days": -1}, "settings.min_days")])
def test_a_bad_written_clause_is_refused_naming_the_setting(bad: dict, field: str) -> None:
    with pytest.raises(RecordError) as refused:
        charter(**bad)
    assert refused.value.record == "charter 3.5" and refused.value.field == field


# --- circulation ---------------------------------------------------------------------


def test_a_tier_the_charter_keeps_for_meetings_is_refused() -> None:
    with pytest.raises(RecordError, match=r"field 'tier': expected a tier the charter lets be decided by "
                                          r"written resolution: low \(charter 3.5\)"):
        written.check_circulation(charter(tiers=["low"]), resolution(tier="medium"))


def test_open_period_and_decision_rights() -> None:
    with pytest.raises(RecordError, match="field 'closes': expected at least 21 days after it opens"):
        written.check_circulation(charter(min_days=21), resolution())
    amending = resolution(tier="low", amends=["4.2"], amendment_digest="x" * 64)
    with pytest.raises(RecordError, match=r"field 'tier': expected tier 'high' or higher: .*charter 4.2"):
        written.check_circulation(charter(), amending)
    with pytest.raises(RecordError, match="field 'amendment_digest'"):
        written.check_circulation(charter(), resolution(tier="high", amends=["4.2"]))
    with pytest.raises(RecordError, match="field 'amends'"):
        written.check_circulation(charter(), resolution(amends=["DEC-2026-001"], amendment_digest="x"))


# --- votes ---------------------------------------------------------------------------


def test_votes_by_members_in_the_open_period_are_accepted() -> None:
    written.check_ballots(ALL, resolution({"ada": "for", "dee": "against"}, on=CLOSES), CLOSES)


@pytest.mark.parametrize("votes, on, today, field, expected", [
    ({"gus": "for"}, OPENS, OPENS, "ballots[0].member", "a voting member serving on 2026-05-04"),
    ({"zed": "for"}, OPENS, OPENS, "ballots[0].member", "a voting member serving on 2026-05-04"),
    ({"ada": "for"}, OPENS - dt.timedelta(days=1), OPENS, "ballots[0].on", "a day in its open period"),
    ({"ada": "for"}, CLOSES + dt.timedelta(days=1), CLOSES + dt.timedelta(days=1), "ballots[0].on",
     "a day in its open period"),
    ({"ada": "for"}, CLOSES, OPENS, "ballots[0].on", "a day on or before today (2026-05-04)"),
    ({"ada": "recused"}, OPENS, OPENS, "ballots[0].vote", "one of for, against, abstain"),
])
def test_a_vote_out_of_place_is_refused(votes: dict, on: dt.date, today: dt.date, field: str,
                                        expected: str) -> None:
    with pytest.raises(RecordError) as refused:
        written.check_ballots(ALL, resolution(votes, on=on), today)
    assert refused.value.field == field and expected in refused.value.expected


def test_each_member_votes_once() -> None:
    twice = resolution({"ada": "for"}).replace(ballots=[Ballot("ada", "for", OPENS), Ballot("ada", "against", OPENS)])
    with pytest.raises(RecordError, match=r"ballots\[1\].member': expected each member's vote once"):
        written.check_ballots(ALL, twice, OPENS)


def test_a_member_whose_term_ended_before_the_vote_may_not_vote() -> None:
    gone = [m.replace(term_end=OPENS) if m.id == "ada" else m for m in ALL]
    with pytest.raises(RecordError, match="expected a member serving on 2026-05-05, the day of the vote"):
        written.check_ballots(gone, resolution({"ada": "for"}, on=OPENS + dt.timedelta(days=1)), CLOSES)


def test_a_recorded_vote_stands_and_what_was_circulated_is_fixed() -> None:
    before = resolution({"ada": "for"})
    written.check_fixed(before, resolution({"ada": "for", "ben": "against"}))
    with pytest.raises(RuleError, match="ada's vote .* stands once recorded; it is now against"):
        written.check_fixed(before, resolution({"ada": "against"}))
    with pytest.raises(RuleError, match="its motion cannot change once it was circulated"):
        written.check_fixed(before, before.replace(motion="That the budget be doubled."))
    done = closed({m: "for" for m in IDS})
    with pytest.raises(RuleError, match="cannot change once it was closed"):
        written.check_fixed(done, done.replace(status="open", closed_on=None))


def test_it_closes_early_only_once_everyone_has_voted() -> None:
    early = resolution({"ada": "for"}, status="closed", closed_on=OPENS)
    with pytest.raises(RecordError, match="field 'closed_on': expected its closing day .* once every voting member"):
        written.check_close(ALL, early, OPENS)
    written.check_close(ALL, resolution({m: "for" for m in IDS}, status="closed", closed_on=OPENS), OPENS)
    with pytest.raises(RecordError, match="on or before today"):
        written.check_close(ALL, closed({}), OPENS)


# --- the outcome ---------------------------------------------------------------------


def test_unanimity_is_of_the_entire_membership_not_of_those_who_replied() -> None:
    five = written.outcome(charter(), ALL, PARTIES, closed({m: "for" for m in IDS[:5]}))
    assert five.result == "failed"
    assert five.explanation == ("failed: 5 for, 0 against, 0 abstain, 1 not voted; a written resolution needs "
                                "all of the entire voting membership (5 of 6)")
    six = written.outcome(charter(), ALL, PARTIES, closed({m: "for" for m in IDS}))
    assert six.passed and "(6 of 6)" in six.explanation


def test_an_abstention_breaks_written_unanimity() -> None:
    votes = {m: "for" for m in IDS} | {"fay": "abstain"}
    assert written.outcome(charter(), ALL, PARTIES, closed(votes)).result == "failed"


def test_the_tiers_own_party_conditions_still_apply() -> None:
    # Two thirds of the whole membership in writing, but tier 'high' needs each delegation's two thirds.
    votes = {"ada": "for", "ben": "for", "cy": "for", "dee": "for", "eli": "against", "fay": "against"}
    result = written.outcome(charter(ratio="two_thirds"), ALL, PARTIES, closed(votes, tier="high"))
    assert result.result == "failed" and "tier 'high' with every member counted" in result.explanation
    assert written.outcome(charter(ratio="two_thirds"), ALL, PARTIES, closed(votes, tier="low")).passed


def test_the_membership_is_fixed_on_the_day_it_opens() -> None:
    later = [*ALL, Member(id="hal", name="Hal", party="lab", voting=True, term_start=OPENS + dt.timedelta(days=1))]
    assert written.outcome(charter(), later, PARTIES, closed({m: "for" for m in IDS})).passed
    with pytest.raises(RecordError, match="serving on 2026-05-04, the day it opened"):
        written.check_ballots(later, resolution({"hal": "for"}, on=CLOSES), CLOSES)


def test_check_resolution_fills_the_outcome_and_keeps_a_decided_one() -> None:
    c = charter()
    open_ = written.check_resolution(c, ALL, PARTIES, resolution({"ada": "for"}), None, OPENS)
    assert (open_.outcome, open_.outcome_note) == ("pending", "open until 2026-05-18: 1 of 6 voting members have voted")
    done = written.check_resolution(c, ALL, PARTIES, closed({m: "for" for m in IDS}), open_, CLOSES)
    assert done.outcome == "passed"
    # A later, stricter charter never re-decides it.
    again = written.check_resolution(charter(tiers=["medium"]), ALL, PARTIES, done, done, CLOSES)
    assert again.outcome == "passed"


def test_a_passed_amendment_closes_only_in_its_amend_change() -> None:
    done = closed({m: "for" for m in IDS}, tier="high", amends=["4.2"], amendment_digest="d",
                  outcome="passed")
    with pytest.raises(RuleError, match="closes in the amend: commit"):
        written.check_closing_change(None, done, "record", None)
    written.check_closing_change(None, done, "amend", "WR-2026-001")


def test_the_amendment_digest_binds_the_text() -> None:
    digest = written.amendment_digest([("4.2", "text")])
    assert digest == written.amendment_digest([("4.2", "text")]) != written.amendment_digest([("4.2", "text!")])
    r = closed({m: "for" for m in IDS}, outcome="passed", amends=["4.2"], amendment_digest=digest)
    assert written.approval(ALL, r, [("4.2", "text")]) == ("6 of 6 voting members replied in writing",
                                                           "6 for, 0 against, 0 abstain")
    with pytest.raises(RecordError, match="field 'amendment_digest': expected the amendment committed as the text"):
        written.approval(ALL, r, [("4.2", "other")])


def _carrying(clause: Clause, **kw: object) -> Resolution:
    text = serialise(clause)
    return resolution(tier="high", amends=[clause.id], amendment_digest=written.amendment_digest([(clause.id, text)]),
                      circulated_text={clause.id: text}, base_digest=written.in_force_digest([(clause.id, None)]),
                      **kw)


def test_the_text_carried_is_the_text_the_digest_names_and_holds_nothing_sealed() -> None:
    clause = Clause(id="4.2", title="Meetings", body="The council meets monthly.")
    written.check_circulation(charter(), _carrying(clause))
    forged = _carrying(clause, body="x").replace(circulated_text={"4.2": serialise(clause.replace(body="Other."))})
    with pytest.raises(RecordError, match="field 'amendment_digest': expected the digest of the text it circulates"):
        written.check_circulation(charter(), forged)
    with pytest.raises(RecordError, match=r"field 'circulated_text': expected the text of each record it amends"):
        written.check_circulation(charter(), _carrying(clause).replace(amends=["4.3"]))
    secret = clause.replace(sensitivity="confidential", readers=["hosp"])
    with pytest.raises(RecordError, match="field 'amends': expected terms with no sealed content: 4.2's 'body' is "
                                          "sealed for hosp"):
        written.check_circulation(charter(), _carrying(secret))


def test_the_close_refuses_terms_amended_since_circulation() -> None:
    clause = Clause(id="4.2", title="Meetings", body="The council meets monthly.")
    r = closed({m: "for" for m in IDS}, outcome="passed").replace(**{
        k: getattr(_carrying(clause), k) for k in ("tier", "amends", "amendment_digest", "circulated_text",
                                                   "base_digest")})
    terms = list(r.circulated_text.items())
    assert written.approval(ALL, r, terms, [("4.2", None)])[1] == "6 for, 0 against, 0 abstain"
    with pytest.raises(RuleError, match="4.2 has been amended since WR-2026-001 was circulated"):
        written.approval(ALL, r, terms, [("4.2", clause)])


# --- reminders -----------------------------------------------------------------------


def test_reminder_names_who_has_not_voted_and_the_days_left() -> None:
    r = resolution({"ada": "for", "dee": "against"})
    far = written.reminder(charter(), ALL, r, OPENS)
    assert (far.days_left, far.not_voted, far.closing_soon) == (14, ("ben", "cy", "eli", "fay"), False)
    near = written.reminder(charter(), ALL, r, CLOSES - dt.timedelta(days=2))
    assert near.closing_soon and near.text.startswith("WR-2026-001 Adopt the budget: 2 days left (closes 2026-05-18)")
    past = written.reminder(charter(), ALL, r, CLOSES + dt.timedelta(days=1))
    assert past.days_left == -1 and "record its close" in past.text


# --- properties ----------------------------------------------------------------------

VOTE = st.sampled_from(["for", "against", "abstain", None])
VOTES = st.fixed_dictionaries({m: VOTE for m in IDS}).map(lambda d: {k: v for k, v in d.items() if v})
RATIO = st.sampled_from(["majority", "two_thirds", "unanimous"])
TIER = st.sampled_from(["low", "medium", "high"])


@settings(max_examples=60, deadline=None)
@given(VOTES, RATIO, TIER, st.sampled_from(IDS))
def test_one_more_vote_for_never_turns_passed_into_failed(votes: dict, ratio: str, tier: str, who: str) -> None:
    c = charter(ratio=ratio)
    before = written.outcome(c, ALL, PARTIES, closed(votes, tier=tier))
    after = written.outcome(c, ALL, PARTIES, closed({**votes, who: "for"}, tier=tier))
    assert not (before.passed and not after.passed)


@settings(max_examples=60, deadline=None)
@given(VOTES, RATIO)
def test_it_never_passes_with_fewer_for_than_the_ratio_of_the_whole_membership(votes: dict, ratio: str) -> None:
    result = written.outcome(charter(ratio=ratio), ALL, PARTIES, closed(votes))
    for_ = sum(1 for v in votes.values() if v == "for")
    need = {"majority": 4, "two_thirds": 4, "unanimous": 6}[ratio]
    assert result.passed == (for_ >= need)


@settings(max_examples=40, deadline=None)
@given(VOTES, st.sampled_from(["gus", "zed", "hal"]), st.sampled_from(["for", "against", "abstain"]))
def test_a_vote_by_anyone_but_a_serving_voting_member_is_always_refused(votes: dict, who: str, vote: str) -> None:
    later = [*ALL, Member(id="hal", name="Hal", party="lab", voting=True, term_start=CLOSES)]
    with pytest.raises(RecordError) as refused:
        written.check_ballots(later, resolution({**votes, who: vote}, on=CLOSES), CLOSES)
    assert refused.value.field.endswith(".member")


def test_a_charter_change_during_the_period_does_not_strand_it() -> None:
    """Circulated as allowed; the charter then keeps 'low' for meetings: votes and the close still go on."""
    circulated = written.check_resolution(charter(), ALL, PARTIES, resolution(), None, OPENS)
    later = charter(tiers=["high"])
    voted = written.check_resolution(later, ALL, PARTIES, resolution({"ada": "for"}), circulated, OPENS)
    assert voted.outcome == "pending"
    with pytest.raises(RecordError, match="field 'tier'"):
        written.check_resolution(later, ALL, PARTIES, resolution(), None, OPENS)
