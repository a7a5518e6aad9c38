"""Issue 14 through the real write path and `verify`: quorum at each vote, with
arrivals and departures per agenda item, and the chair's casting vote."""

from __future__ import annotations

import pytest

from council.errors import RecordError, RuleError
from council.records import AgendaItem, AttendanceChange, Clause, Decision, Meeting, Member, path_for
from store.service import Store
from store.write.change import Change
from tests.conftest import ALL_PRESENT, DAY, at
from tests.test_integrity import VOTERS, failures, unchanged
from tests.test_integrity import hand_commit as _hand_commit

AGENDA = [AgendaItem(title=f"Item {i}") for i in range(1, 8)]


def sitting(store: Store, *changes: tuple[str, int, str], mid: str = "MTG-2026-02") -> Meeting:
    """A meeting held on DAY, everyone present at the opening, with these changes."""
    meeting = Meeting(id=mid, title="Regular meeting", date=DAY, status="held", agenda=list(AGENDA),
                      attendance=dict(ALL_PRESENT),
                      attendance_changes=[AttendanceChange(m, item, c) for m, item, c in changes])
    store.write(Change(f"record {mid} held", [meeting], when=at(DAY, 13)))
    stored = store.require(mid)
    assert isinstance(stored, Meeting)
    return stored


def motion(item: int | None, votes: dict[str, str], dec_id: str = "DEC-2026-010", **more) -> Decision:
    return Decision(id=dec_id, title="A routine motion", meeting="MTG-2026-02", date=DAY, tier="low",
                    agenda_item=item, motion="That it be done.", votes=votes, **more)


def hand_commit(store: Store, record, message: str) -> str:
    """A plain-git commit of ``record`` (its folder made first: the store may hold no decision yet)."""
    (store.root / path_for(record)).parent.mkdir(parents=True, exist_ok=True)
    return _hand_commit(store, record, message)


LAB_LEAVES = (("dee", 6, "left"), ("eli", 6, "left"), ("fay", 6, "left"))


def test_quorum_lost_before_item_6_is_recorded_on_the_meeting(small_store: Store) -> None:
    meeting = sitting(small_store, *LAB_LEAVES)
    assert meeting.quorate is True  # at the opening
    assert "quorum lost before item 6 (3 of 6 present, 4 required)" in meeting.quorum_note


def test_a_vote_after_the_quorum_was_lost_is_refused(small_store: Store) -> None:
    sitting(small_store, *LAB_LEAVES)
    head = small_store.head
    with pytest.raises(RuleError) as err:
        small_store.write(Change("record the vote", [motion(6, {"ada": "for", "ben": "for", "cy": "for"})],
                                 when=at(DAY, 14)))
    text = str(err.value)
    assert "DEC-2026-010" in text and "MTG-2026-02 item 6" in text and "lost before item 6" in text
    assert "charter 4.2" in text and "quorum at each vote" in text
    unchanged(small_store, head)
    # Before item 6 the quorum was there: the same vote at item 5 is recorded.
    small_store.write(Change("record the vote", [motion(5, {m: "for" for m in VOTERS})], when=at(DAY, 14)))
    assert small_store.require("DEC-2026-010").outcome == "passed"


def test_a_vote_by_a_member_who_left_before_the_item_is_refused(small_store: Store) -> None:
    sitting(small_store, ("dee", 4, "left"))
    head = small_store.head
    with pytest.raises(RecordError) as err:
        small_store.write(Change("record the vote", [motion(4, {m: "for" for m in VOTERS})], when=at(DAY, 14)))
    assert (err.value.record, err.value.field) == ("DEC-2026-010", "votes.dee")
    assert "present at MTG-2026-02 item 4" in str(err.value)
    with pytest.raises(RecordError) as err:
        small_store.write(Change("record the vote", [motion(4, {"ada": "for"}, moved_by="dee")], when=at(DAY, 14)))
    assert err.value.field == "moved_by" and "item 4" in str(err.value)
    unchanged(small_store, head)
    small_store.write(Change("record the vote", [motion(3, {m: "for" for m in VOTERS})], when=at(DAY, 14)))


def test_a_late_arrival_votes_only_from_their_item(small_store: Store) -> None:
    meeting = Meeting(id="MTG-2026-02", title="Regular meeting", date=DAY, status="held", agenda=list(AGENDA),
                      attendance={**ALL_PRESENT, "fay": "apologies"},
                      attendance_changes=[AttendanceChange("fay", 3, "arrived")])
    small_store.write(Change("record MTG-2026-02 held", [meeting], when=at(DAY, 13)))
    with pytest.raises(RecordError, match="votes.fay"):
        small_store.write(Change("vote", [motion(2, {"fay": "for", "ada": "for"})], when=at(DAY, 14)))
    small_store.write(Change("vote", [motion(3, {"fay": "for", "ada": "for"})], when=at(DAY, 14)))


def test_a_decision_must_name_its_item_once_attendance_changed(small_store: Store) -> None:
    sitting(small_store, ("dee", 4, "left"))
    with pytest.raises(RecordError) as err:
        small_store.write(Change("vote", [motion(None, {"ada": "for"})], when=at(DAY, 14)))
    assert (err.value.record, err.value.field) == ("DEC-2026-010", "agenda_item")
    with pytest.raises(RecordError, match="from 1 to 7"):
        small_store.write(Change("vote", [motion(8, {"ada": "for"})], when=at(DAY, 14)))


def test_bad_attendance_changes_are_refused_on_write(small_store: Store) -> None:
    head = small_store.head
    with pytest.raises(RecordError) as err:
        sitting(small_store, ("dee", 4, "arrived"))
    assert (err.value.record, err.value.field) == ("MTG-2026-02", "attendance_changes[0].change")
    unchanged(small_store, head)


def test_a_plain_git_vote_after_the_quorum_was_lost_is_named_by_verify(small_store: Store) -> None:
    sitting(small_store, *LAB_LEAVES)
    forged = motion(6, {"ada": "for", "ben": "for", "cy": "for"}).replace(
        outcome="passed", outcome_note="passed: 3 for, 0 against, 0 abstain")
    sha = hand_commit(small_store, forged, "record: DEC-2026-010")
    assert (sha, "DEC-2026-010", "quorum-at-vote") in failures(small_store)


def test_attendance_changes_are_fixed_once_a_decision_was_taken(small_store: Store) -> None:
    meeting = sitting(small_store, ("dee", 4, "left"))
    small_store.write(Change("vote", [motion(3, {m: "for" for m in VOTERS})], when=at(DAY, 14)))
    moved = meeting.replace(attendance_changes=[AttendanceChange("dee", 2, "left")])
    with pytest.raises(RuleError, match="attendance_changes cannot change: DEC-2026-010"):
        small_store.write(Change("move the departure", [moved], when=at(DAY, 15)))
    sha = hand_commit(small_store, moved, "record: MTG-2026-02 attendance")
    assert (sha, "MTG-2026-02", "attendance-immutable") in failures(small_store)


# --- the chair's casting vote --------------------------------------------------------

TIE = {"ada": "for", "ben": "for", "cy": "for", "dee": "against", "eli": "against", "fay": "against"}


def make_ada_chair(store: Store) -> None:
    ada = store.require("ada")
    assert isinstance(ada, Member)
    store.write(Change("ada takes the chair", [ada.replace(role="chair")], when=at(DAY, 12)))


def grant_casting_vote(store: Store) -> None:
    tiers = store.require("3")
    assert isinstance(tiers, Clause)
    settings = dict(tiers.settings)
    settings["tiers"] = [{**t, "casting_vote": True} if t["name"] == "low" else t for t in settings["tiers"]]
    decision = Decision(id="DEC-2026-009", title="Give the chair a casting vote", meeting="MTG-2026-01",
                        date=DAY, tier="high", moved_by="ada", votes={m: "for" for m in VOTERS}, amends=["3"])
    store.write(Change("grant a casting vote", [decision, tiers.replace(settings=settings)], kind="amend",
                       decision="DEC-2026-009", when=at(DAY, 11)))


def test_a_casting_vote_is_refused_where_the_charter_grants_none(small_store: Store) -> None:
    make_ada_chair(small_store)
    sitting(small_store)
    head = small_store.head
    with pytest.raises(RecordError) as err:
        small_store.write(Change("vote", [motion(2, TIE, casting_vote="for", casting_by="ada")], when=at(DAY, 14)))
    assert (err.value.record, err.value.field) == ("DEC-2026-010", "casting_vote")
    assert "grants the chair none under tier 'low'" in str(err.value)
    unchanged(small_store, head)
    small_store.write(Change("vote", [motion(2, TIE)], when=at(DAY, 14)))
    assert small_store.require("DEC-2026-010").outcome == "tied"


def test_a_granted_casting_vote_breaks_the_tie_and_is_recorded(small_store: Store) -> None:
    grant_casting_vote(small_store)
    make_ada_chair(small_store)
    sitting(small_store)
    small_store.write(Change("vote", [motion(2, TIE, casting_vote="for", casting_by="ada")], when=at(DAY, 14)))
    decided = small_store.require("DEC-2026-010")
    assert isinstance(decided, Decision)
    assert (decided.outcome, decided.casting_vote, decided.casting_by) == ("passed", "for", "ada")
    assert "passed on the chair's casting vote" in decided.outcome_note
    text = (small_store.root / "decisions/2026/DEC-2026-010.md").read_text()
    assert 'casting_vote = "for"' in text and 'casting_by = "ada"' in text
    assert failures(small_store) == set()


def test_a_plain_git_casting_vote_the_charter_does_not_grant_is_named_by_verify(small_store: Store) -> None:
    make_ada_chair(small_store)
    sitting(small_store)
    forged = motion(2, TIE, casting_vote="for", casting_by="ada").replace(
        outcome="passed", outcome_note="passed on the chair's casting vote")
    sha = hand_commit(small_store, forged, "record: DEC-2026-010")
    found = failures(small_store)
    assert (sha, "DEC-2026-010", "outcome-computed") in found


# --- the sample shows it -------------------------------------------------------------


def test_the_sample_records_a_departure_and_the_vote_after_it(sample_store: Store) -> None:
    meeting = sample_store.require("MTG-2026-05")
    assert isinstance(meeting, Meeting)
    assert meeting.attendance_changes == [AttendanceChange("fairbairn", 4, "left")]
    assert meeting.attendance["fairbairn"] == "present"  # at the opening
    decision = sample_store.require("DEC-2026-010")
    assert isinstance(decision, Decision)
    assert decision.agenda_item == 4 and "fairbairn" not in decision.votes and decision.outcome == "failed"
    assert "Callum Fairbairn left the meeting before this item." in meeting.body
    # A vote by a member who had left, slipped in with plain git, is named by verify.
    forged = decision.replace(id="DEC-2026-090", votes={**decision.votes, "fairbairn": "against"})
    sha = hand_commit(sample_store, forged, "record: DEC-2026-090")
    assert (sha, "DEC-2026-090", "outcome-computed") in failures(sample_store)


def test_the_live_outcome_preview_works_at_a_meeting_whose_attendance_changed(small_store: Store) -> None:
    from store import usecases

    sitting(small_store, ("dee", 4, "left"))
    ctx = usecases.meeting_context(small_store, "MTG-2026-02")
    out = ctx.outcome("low", {"ada": "for", "ben": "for"})  # judged at the last item, where dee is gone
    assert out.result == "passed"


def test_the_use_case_records_the_item_and_the_casting_vote(small_store: Store) -> None:
    from store import usecases

    grant_casting_vote(small_store)
    make_ada_chair(small_store)
    sitting(small_store, ("gus", 2, "left"))
    motion_ = usecases.Motion("Tied motion", "That it be done.", "low", TIE, agenda_item=3,
                              casting_vote="for", casting_by="ada")
    _, decided = usecases.record_decision(small_store, "MTG-2026-02", motion_)
    assert (decided.agenda_item, decided.outcome, decided.casting_by) == (3, "passed", "ada")


def test_the_evidence_bundle_works_the_vote_through_at_its_item(small_store: Store, tmp_path) -> None:
    from tests.test_cli import run

    sitting(small_store, ("dee", 4, "left"))
    small_store.write(Change("vote", [motion(5, {m: "for" for m in VOTERS if m != "dee"})], when=at(DAY, 14)))
    out = tmp_path / "evidence"
    result = run("evidence", "DEC-2026-010", "--out", str(out), "--store", str(small_store.root))
    assert result.exit_code == 0, result.output
    text = (out / "computation.txt").read_text()
    assert "MTG-2026-02 on 2026-03-10: attendance at agenda item 5" in text
    assert [line.split()[:2] for line in text.splitlines() if line.strip().startswith("dee ")] == [["dee", "absent"]]
    assert "5 of 6 voting members present" in text
