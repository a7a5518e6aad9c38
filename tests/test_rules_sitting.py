"""Issue 14's rules of a sitting, as pure functions: quorum at each vote (arrivals and
departures per agenda item), the chair's casting vote where the charter grants it,
and whether abstentions break unanimity."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from council import presence, proceedings, rules
from council.charter import Charter, QuorumRule, Tier, charter_from_clauses
from council.errors import RecordError, RuleError
from council.fileformat import parse, serialise
from council.records import AgendaItem, AttendanceChange, Clause, Decision, Meeting
from tests.test_rules import DAY, MEMBERS, VOTERS, H, L, present, votes

FAST = settings(max_examples=100, deadline=None)
AGENDA = [AgendaItem(title=f"Item {i}") for i in range(1, 9)]


def meeting(attendance: dict[str, str], *changes: tuple[str, int, str]) -> Meeting:
    return Meeting(id="MTG-2026-03", title="Regular", date=DAY, status="held", agenda=list(AGENDA),
                   attendance=attendance,
                   attendance_changes=[AttendanceChange(m, item, change) for m, item, change in changes])


def decision(item: int | None, vote: dict[str, str], tier: str = "ordinary", **more) -> Decision:
    return Decision(id="DEC-2026-030", title="A motion", meeting="MTG-2026-03", date=DAY, tier=tier,
                    agenda_item=item, votes=vote, **more)


# --- attendance at each item ---------------------------------------------------------


def test_departures_and_arrivals_hold_from_their_item_on() -> None:
    m = meeting(present(*VOTERS[:6]), ("hosp-1", 4, "left"), (VOTERS[7], 3, "arrived"))
    assert presence.attendance_at(m, None)["hosp-1"] == "present"
    assert presence.attendance_at(m, 3)["hosp-1"] == "present"
    assert presence.attendance_at(m, 4)["hosp-1"] == "absent"
    assert presence.attendance_at(m, 2)[VOTERS[7]] == "absent"
    assert presence.attendance_at(m, 3)[VOTERS[7]] == "present"


def test_quorum_lost_before_item_6_is_said_and_blocks_the_vote_there() -> None:
    # Nine voting members, five needed: five at the opening, one leaves before item 6.
    m = meeting(present(*H), ("hosp-5", 6, "left"))
    charter = Charter(quorum=QuorumRule(clause="4.2"))
    assert presence.quorum_at(charter, MEMBERS, m, 5).met
    assert not presence.quorum_at(charter, MEMBERS, m, 6).met
    assert presence.quorum_changes(charter, MEMBERS, m) == "quorum lost before item 6 (4 of 9 present, 5 required)"
    presence.check_quorum_at_vote(charter, MEMBERS, decision(5, votes(for_=H)), m)
    with pytest.raises(RuleError) as err:
        presence.check_quorum_at_vote(charter, MEMBERS, decision(7, votes(for_=H[:4])), m)
    text = str(err.value)
    assert "DEC-2026-030" in text and "MTG-2026-03 item 7" in text and "lost before item 6" in text
    assert "charter 4.2" in text and "quorum at each vote" in text


def test_a_meeting_that_never_had_a_quorum_records_no_quorum_as_before() -> None:
    m = meeting(present(*H[:3]), ("hosp-3", 4, "left"))
    d = decision(5, votes(for_=H[:2]))
    presence.check_quorum_at_vote(Charter(), MEMBERS, d, m)  # not refused: nothing was lost
    assert proceedings.decision_outcome(Charter(), MEMBERS, [], d, m).result == "no_quorum"


def test_a_quorum_reached_by_arrivals_makes_the_later_vote_count() -> None:
    m = meeting(present(*H[:4]), ("lab-1", 3, "arrived"))
    early, late = decision(2, votes(for_=H[:4])), decision(3, votes(for_=H[:4] + ["lab-1"]))
    assert proceedings.decision_outcome(Charter(), MEMBERS, [], early, m).result == "no_quorum"
    assert proceedings.decision_outcome(Charter(), MEMBERS, [], late, m).result == "passed"


def test_a_vote_by_a_member_who_left_is_refused_at_that_item() -> None:
    m = meeting(present(*VOTERS), ("lab-4", 6, "left"))
    at_six = presence.attendance_at(m, 6)
    with pytest.raises(RecordError) as err:
        rules.check_votes(Charter(), MEMBERS, at_six, votes(for_=["lab-4"]), DAY, "DEC-2026-030",
                          " at MTG-2026-03 item 6")
    assert err.value.field == "votes.lab-4" and "item 6" in str(err.value)
    rules.check_votes(Charter(), MEMBERS, presence.attendance_at(m, 5), votes(for_=["lab-4"]), DAY, "DEC-2026-030")


def test_a_decision_at_a_meeting_whose_attendance_changed_must_name_its_item() -> None:
    m = meeting(present(*VOTERS), ("lab-4", 6, "left"))
    with pytest.raises(RecordError) as err:
        presence.item_of(decision(None, votes(for_=H)), m)
    assert err.value.field == "agenda_item" and "changed during the meeting" in str(err.value)
    with pytest.raises(RecordError, match="from 1 to 8"):
        presence.item_of(decision(9, votes(for_=H)), m)


@pytest.mark.parametrize(("changes", "field", "says"), [
    ([("nobody", 3, "left")], "attendance_changes[0].member", "a member of the council"),
    ([("hosp-1", 1, "left")], "attendance_changes[0].before_item", "from 2 to 8"),
    ([("hosp-1", 9, "left")], "attendance_changes[0].before_item", "from 2 to 8"),
    ([("hosp-1", 5, "left"), ("hosp-2", 3, "left")], "attendance_changes[1].before_item", "agenda order"),
    ([("hosp-1", 3, "arrived")], "attendance_changes[0].change", "is present before item 3"),
    ([("lab-1", 3, "left")], "attendance_changes[0].change", "is not present before item 3"),
    ([("hosp-1", 3, "left"), ("hosp-1", 4, "left")], "attendance_changes[1].change", "not present"),
])
def test_bad_attendance_changes_are_refused_naming_the_field(changes, field, says) -> None:
    m = meeting(present(*H), *changes)
    with pytest.raises(RecordError) as err:
        presence.check_attendance_changes(m, {x.id for x in MEMBERS})
    assert err.value.field == field and says in str(err.value)


def test_attendance_changes_parse_strictly() -> None:
    m = meeting(present(*H), ("hosp-1", 3, "left"))
    text = serialise(m)
    assert 'attendance_changes = [\n    { member = "hosp-1", before_item = 3, change = "left" },\n]' in text
    assert parse(text, "meeting", "m.md") == m
    for bad, field in ((text.replace("before_item = 3", 'before_item = "3"'), "attendance_changes[0].before_item"),
                       (text.replace('change = "left"', 'change = "went"'), "attendance_changes[0].change"),
                       (text.replace('change = "left" }', 'change = "left", when = 1 }'), "attendance_changes[0].when")):
        with pytest.raises(RecordError) as err:
            parse(bad, "meeting", "m.md")
        assert err.value.field == field


def test_records_without_the_new_fields_keep_their_bytes() -> None:
    """A store written before these fields existed serialises exactly as it did."""
    m = Meeting(id="MTG-2026-03", date=DAY, attendance=present(*H))
    d = Decision(id="DEC-2026-030", meeting="MTG-2026-03", date=DAY, tier="low", votes=votes(for_=H))
    for text in (serialise(m), serialise(d)):
        assert "attendance_changes" not in text and "agenda_item" not in text and "casting" not in text
    assert proceedings.fixed_digest(d, proceedings.DECIDED_FIELDS) == proceedings.fixed_digest(
        d, proceedings.DECIDED_FIELDS[:8])


attendances = st.dictionaries(st.sampled_from(VOTERS), st.sampled_from(["present", "absent", "apologies"]))
vote_maps = st.dictionaries(st.sampled_from(VOTERS), st.sampled_from(["for", "against", "abstain"]))


@FAST
@given(attendances, vote_maps, st.sampled_from([None, 1, 4, 8]))
def test_without_changes_any_item_gives_the_outcome_of_the_opening_attendance(att, vote, item) -> None:
    m = meeting({**present(), **att})
    voted = {k: v for k, v in vote.items() if m.attendance.get(k) == "present"}
    got = proceedings.decision_outcome(Charter(), MEMBERS, [], decision(item, voted), m)
    assert got == rules.outcome(Charter(), "ordinary", MEMBERS, m.attendance, voted, DAY)


@st.composite
def sittings(draw):
    """A valid run of arrivals and departures, and each item's state as it was simulated."""
    state = draw(st.dictionaries(st.sampled_from(VOTERS), st.sampled_from(["present", "absent"])))
    state = {**present(), **state}
    opening, changes, at_item = dict(state), [], {1: dict(state)}
    for item in range(2, 9):
        for who in draw(st.lists(st.sampled_from(VOTERS), unique=True, max_size=3)):
            change = "left" if state[who] == "present" else "arrived"
            changes.append((who, item, change))
            state[who] = "present" if change == "arrived" else "absent"
        at_item[item] = dict(state)
    return meeting(opening, *changes), at_item


@FAST
@given(sittings())
def test_valid_runs_of_changes_are_accepted_and_replayed_item_by_item(drawn) -> None:
    m, at_item = drawn
    presence.check_attendance_changes(m, {x.id for x in MEMBERS})
    for item, expected in at_item.items():
        assert presence.attendance_at(m, item) == expected


@FAST
@given(sittings(), st.data())
def test_flipping_one_change_is_refused(drawn, data) -> None:
    m, _ = drawn
    if not m.attendance_changes:
        return
    i = data.draw(st.integers(0, len(m.attendance_changes) - 1))
    flipped = list(m.attendance_changes)
    flipped[i] = dataclasses.replace(flipped[i], change="arrived" if flipped[i].change == "left" else "left")
    with pytest.raises(RecordError):
        presence.check_attendance_changes(dataclasses.replace(m, attendance_changes=flipped),
                                          {x.id for x in MEMBERS})


@FAST
@given(sittings(), st.integers(1, 8))
def test_a_vote_is_refused_exactly_where_the_quorum_was_lost(drawn, item) -> None:
    m, at_item = drawn
    met = [rules.quorum(Charter(), MEMBERS, at_item[i], DAY).met for i in range(1, item + 1)]
    here = at_item[item]
    voter = [v for v in VOTERS if here.get(v) == "present"][:1]
    d = decision(item, votes(for_=voter) or votes(abstain=[VOTERS[0]]))
    lost = not met[-1] and any(met)
    if lost and m.attendance_changes:
        with pytest.raises(RuleError, match="quorum at each vote"):
            presence.check_quorum_at_vote(Charter(), MEMBERS, d, m)
    else:
        presence.check_quorum_at_vote(Charter(), MEMBERS, d, m)


# --- the chair's casting vote --------------------------------------------------------

CHAIRED = [dataclasses.replace(m, role="chair") if m.id == "hosp-1" else m for m in MEMBERS]
TIED = votes(for_=H[:3], against=L[:3])


def casting_charter(granted: bool) -> Charter:
    return Charter(tiers=(Tier("low", casting_vote=granted), Tier("high", ratio="two_thirds")), tiers_clause="3")


def test_no_casting_vote_unless_the_charter_grants_one() -> None:
    m = meeting(present(*VOTERS))
    d = decision(None, TIED, tier="low", casting_vote="for", casting_by="hosp-1")
    with pytest.raises(RecordError) as err:
        proceedings.check_casting_vote(casting_charter(False), CHAIRED, [], d, m)
    assert err.value.field == "casting_vote" and "grants the chair none under tier 'low'" in str(err.value)
    assert "(charter 3)" in str(err.value)
    # Ungranted, a casting vote changes nothing: the tie does not carry.
    assert rules.outcome(casting_charter(False), "low", CHAIRED, m.attendance, TIED, DAY, casting="for").result \
        == "tied"


def test_a_granted_casting_vote_breaks_a_tie_either_way() -> None:
    m = meeting(present(*VOTERS))
    charter = casting_charter(True)
    for cast, result in (("for", "passed"), ("against", "failed")):
        d = decision(None, TIED, tier="low", casting_vote=cast, casting_by="hosp-1")
        proceedings.check_casting_vote(charter, CHAIRED, [], d, m)
        out = proceedings.decision_outcome(charter, CHAIRED, [], d, m)
        assert out.result == result and "the chair's casting vote" in out.explanation
        assert str(out.tally) == "3 for, 3 against, 0 abstain"


@pytest.mark.parametrize(("vote", "tier", "by", "field", "says"), [
    (votes(for_=H[:4], against=L[:3]), "low", "hosp-1", "casting_vote", "it breaks a tie"),
    (TIED, "high", "hosp-1", "casting_vote", "none under tier 'high'"),
    (TIED, "low", "hosp-2", "casting_by", "the chair"),
    (TIED, "low", "", "casting_by", "the chair"),
])
def test_a_casting_vote_where_it_cannot_be_given_is_refused(vote, tier, by, field, says) -> None:
    d = decision(None, vote, tier=tier, casting_vote="for", casting_by=by)
    with pytest.raises(RecordError) as err:
        proceedings.check_casting_vote(casting_charter(True), CHAIRED, [], d, meeting(present(*VOTERS)))
    assert err.value.field == field and says in str(err.value)


def test_the_chair_must_be_present_at_the_item_to_cast() -> None:
    m = meeting(present(*VOTERS), ("hosp-1", 4, "left"))
    d = decision(5, votes(for_=H[1:4], against=L[:3]), tier="low", casting_vote="for", casting_by="hosp-1")
    with pytest.raises(RecordError, match="present in person at item 5"):
        proceedings.check_casting_vote(casting_charter(True), CHAIRED, [], d, m)


def test_casting_vote_settings_are_read_per_tier_or_for_the_clause() -> None:
    tiers = [{"name": "low"}, {"name": "high", "ratio": "unanimous", "casting_vote": False,
                                "abstentions_break_unanimity": True}]
    c = charter_from_clauses([Clause(id="3", rule="tiers", settings={"tiers": tiers, "casting_vote": True})])
    assert [(t.casting_vote, t.abstentions_break_unanimity) for t in c.tiers] == [(True, None), (False, True)]
    assert not charter_from_clauses([Clause(id="3", rule="tiers", settings={"tiers": [{"name": "x"}]})]
                                    ).tiers[0].casting_vote
    with pytest.raises(RecordError) as err:
        charter_from_clauses([Clause(id="3", rule="tiers", settings={"tiers": [
            {"name": "x", "abstentions_break_unanimity": "yes"}]})])
    assert err.value.field == "settings.tiers[0].abstentions_break_unanimity"


# --- whether abstentions break unanimity ---------------------------------------------

FIVE_AND_ONE = votes(for_=VOTERS[:8], abstain=[VOTERS[8]])


@pytest.mark.parametrize(("basis", "setting", "result"), [
    ("cast", None, "passed"),         # RONR: an abstention is no vote, so not one against
    ("cast", True, "failed"),
    ("present", None, "failed"),      # every member present counts: an abstention breaks it
    ("present", False, "passed"),
    ("membership", None, "failed"),
    ("membership", False, "passed"),
])
def test_the_charter_says_whether_an_abstention_breaks_unanimity(basis, setting, result) -> None:
    tier = Tier("unanimous", basis=basis, ratio="unanimous", abstentions_break_unanimity=setting)
    out = rules.outcome(Charter(tiers=(tier,)), "unanimous", MEMBERS, present(*VOTERS), FIVE_AND_ONE, DAY)
    assert out.result == result
    if setting is not None:
        assert ("an abstention breaking" if setting else "an abstention not breaking") in out.explanation


def test_an_absent_member_still_breaks_unanimity_of_the_membership() -> None:
    tier = Tier("unanimous", basis="membership", ratio="unanimous", abstentions_break_unanimity=False)
    out = rules.outcome(Charter(tiers=(tier,)), "unanimous", MEMBERS, present(*VOTERS[:8]),
                        votes(for_=VOTERS[:8]), DAY)
    assert out.result == "failed"
