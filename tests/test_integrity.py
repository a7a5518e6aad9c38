"""Issue 14: the record cannot be made to lie.

Each case goes through the real write path (refused, nothing written) and,
where a hostile partner could commit it with plain git, through `verify`,
which must name the commit, the record and the rule.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from council.errors import RecordError, RuleError
from council.fileformat import serialise
from council.records import AgendaItem, Clause, Decision, Dispute, IPAsset, Meeting, Stage, path_for
from store.audit.verify import verify
from store.service import Store
from store.sync import replicas as sync
from store.write.change import Change
from tests.conftest import ALL_PRESENT, DAY, amend_clause, at
from tests.test_sync_support import Trio, head, record_decision, trio, trio_template  # noqa: F401 (fixtures)

VOTERS = ["ada", "ben", "cy", "dee", "eli", "fay"]


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


def hand_commit(store: Store, record, message: str) -> str:
    """What a hostile partner can do: rewrite a record file and commit it with plain git."""
    path = store.root / path_for(record)
    path.write_text(serialise(record))
    git(store.root, "add", "-A")
    git(store.root, "commit", "-qm", message)
    return git(store.root, "rev-parse", "HEAD").strip()


def failures(store: Store) -> set[tuple[str, str, str]]:
    root = store.root
    store.close()
    reopened = Store.open(root)
    try:
        return {(f.commit, f.record, f.rule) for f in verify(reopened, full=True).failures}
    finally:
        reopened.close()


def unchanged(store: Store, head: str) -> None:
    assert store.head == head
    assert git(store.root, "status", "--porcelain") == ""


# --- 1. the tier follows from what is amended --------------------------------------


def give_decision_rights(store: Store, rights: dict[str, str]) -> None:
    """Amend the tiers clause (3) to carry decision rights, at the high tier."""
    tiers = store.require("3")
    assert isinstance(tiers, Clause)
    decision = Decision(id="DEC-2026-009", title="Adopt decision rights", meeting="MTG-2026-01", date=DAY,
                        tier="high", moved_by="ada", votes={m: "for" for m in VOTERS}, amends=["3"])
    store.write(Change("adopt decision rights", [decision, tiers.replace(settings={**tiers.settings,
                                                                                    "rights": rights})],
                       kind="amend", decision="DEC-2026-009", when=at(DAY, 11)))


def test_an_amendment_below_its_subjects_tier_is_refused(small_store: Store) -> None:
    give_decision_rights(small_store, {"charter": "high", "ip": "medium"})
    head = small_store.head
    with pytest.raises(RecordError) as err:
        amend_clause(small_store, "4.2", "A quorum is one member.", tier="low")
    assert (err.value.record, err.value.field) == ("DEC-2026-001", "tier")
    assert "tier 'high' or higher" in str(err.value) and "charter 4.2" in str(err.value)
    unchanged(small_store, head)


def test_a_plain_git_commit_lowering_a_decided_tier_is_named_by_verify(small_store: Store) -> None:
    amend_clause(small_store, "4.2", "A quorum is two thirds of the voting members.")
    decision = small_store.require("DEC-2026-001")
    sha = hand_commit(small_store, decision.replace(tier="low"), "record: correct the tier")
    assert (sha, "DEC-2026-001", "votes-immutable") in failures(small_store)


def test_the_write_path_refuses_to_change_a_decided_decisions_tier_or_mover(small_store: Store) -> None:
    amend_clause(small_store, "4.2", "A quorum is two thirds of the voting members.")
    decision = small_store.require("DEC-2026-001")
    head = small_store.head
    for change in ({"tier": "medium"}, {"tier": "low"}, {"moved_by": "ben"}, {"motion": "Something else."}):
        with pytest.raises(RuleError, match="immutable once recorded"):
            small_store.write(Change("rewrite", [decision.replace(**change)]))
    unchanged(small_store, head)


# --- 2. attendance is fixed once a decision is taken ----------------------------------


def test_attendance_of_a_meeting_with_a_decision_cannot_be_edited(small_store: Store) -> None:
    amend_clause(small_store, "4.2", "A quorum is two thirds of the voting members.")
    meeting = small_store.require("MTG-2026-01")
    head = small_store.head
    absent = {**meeting.attendance, "ada": "absent", "ben": "absent", "cy": "absent"}
    with pytest.raises(RuleError, match="attendance cannot change: DEC-2026-001"):
        small_store.write(Change("re-save attendance", [meeting.replace(attendance=absent)]))
    unchanged(small_store, head)


def test_a_plain_git_commit_editing_attendance_after_the_vote_is_named_by_verify(small_store: Store) -> None:
    amend_clause(small_store, "4.2", "A quorum is two thirds of the voting members.")
    meeting = small_store.require("MTG-2026-01")
    absent = {**meeting.attendance, **{m: "absent" for m in VOTERS[:5]}}
    sha = hand_commit(small_store, meeting.replace(attendance=absent), "record: attendance of MTG-2026-01")
    assert (sha, "MTG-2026-01", "attendance-immutable") in failures(small_store)


# --- 3. a meeting is held only once it has happened ------------------------------------


def future_meeting(days: int = 42) -> Meeting:
    return Meeting(id="MTG-2026-02", title="Six weeks ahead", date=DAY + dt.timedelta(days=days),
                   status="held", attendance=dict(ALL_PRESENT))


def test_a_future_meeting_cannot_be_recorded_held(small_store: Store) -> None:
    head = small_store.head
    with pytest.raises(RecordError) as err:
        small_store.write(Change("hold it early", [future_meeting()], when=at(DAY)))
    assert (err.value.record, err.value.field) == ("MTG-2026-02", "status")
    assert "can only be scheduled" in str(err.value)
    unchanged(small_store, head)
    small_store.write(Change("schedule it", [future_meeting().replace(status="scheduled", attendance={})],
                             when=at(DAY)))


def test_a_plain_git_commit_moving_a_held_meeting_into_the_future_is_named_by_verify(small_store: Store) -> None:
    meeting = small_store.require("MTG-2026-01")
    later = meeting.replace(date=dt.date.today() + dt.timedelta(days=60))
    sha = hand_commit(small_store, later, "record: move MTG-2026-01")
    assert (sha, "MTG-2026-01", "meeting-held") in failures(small_store)


def test_a_decision_is_dated_its_meetings_day(small_store: Store) -> None:
    decision = Decision(id="DEC-2026-002", title="Budget", meeting="MTG-2026-01", date=DAY + dt.timedelta(days=3),
                        tier="low", moved_by="ada", votes={m: "for" for m in VOTERS})
    with pytest.raises(RecordError, match="field 'date': expected the day of its meeting MTG-2026-01"):
        small_store.write(Change("record", [decision]))


# --- 4. minutes are approved at a later held, quorate meeting ------------------------------


def test_minutes_cannot_be_approved_at_a_meeting_that_has_not_happened(small_store: Store) -> None:
    later = Meeting(id="MTG-2026-02", title="Next", date=DAY + dt.timedelta(days=30), status="scheduled")
    small_store.write(Change("schedule", [later], when=at(DAY)))
    meeting = small_store.require("MTG-2026-01")
    approved = meeting.replace(minutes_status="approved", minutes_approved_at="MTG-2026-02",
                               minutes_approved_as="read")
    head = small_store.head
    with pytest.raises(RecordError, match="a later meeting that was held .MTG-2026-02 is scheduled"):
        small_store.write(Change("approve", [approved]))
    unchanged(small_store, head)


# --- 5. mover, seconder, agenda references -------------------------------------------------


@pytest.mark.parametrize("moved, seconded, field, why", [
    ("ada", "ada", "seconded_by", "a member other than the mover"),
    ("gus", "ben", "moved_by", "a voting member"),
    ("zed", "ben", "moved_by", "a voting member"),
])
def test_mover_and_seconder_are_distinct_voting_members_present(small_store: Store, moved: str, seconded: str,
                                                              field: str, why: str) -> None:
    decision = Decision(id="DEC-2026-002", title="Budget", meeting="MTG-2026-01", date=DAY, tier="low",
                        moved_by=moved, seconded_by=seconded, votes={m: "for" for m in VOTERS})
    with pytest.raises(RecordError) as err:
        small_store.write(Change("record", [decision]))
    assert err.value.field == field and why in str(err.value)


def test_a_seconder_is_required_where_the_charter_says_so(small_store: Store) -> None:
    tiers = small_store.require("3")
    assert isinstance(tiers, Clause)
    settings = {**tiers.settings, "seconder_required": True}
    decision = Decision(id="DEC-2026-001", title="Require a seconder", meeting="MTG-2026-01", date=DAY,
                        tier="high", moved_by="ada", seconded_by="dee", votes={m: "for" for m in VOTERS},
                        amends=["3"])
    small_store.write(Change("require a seconder", [decision, tiers.replace(settings=settings)], kind="amend",
                             decision="DEC-2026-001"))
    unseconded = Decision(id="DEC-2026-002", title="Budget", meeting="MTG-2026-01", date=DAY, tier="low",
                          moved_by="ada", votes={m: "for" for m in VOTERS})
    with pytest.raises(RecordError, match="seconded_by.*requires a seconder"):
        small_store.write(Change("record", [unseconded]))


def test_agenda_references_must_name_records(small_store: Store) -> None:
    meeting = Meeting(id="MTG-2026-02", title="Next", date=DAY + dt.timedelta(days=30),
                      agenda=[AgendaItem("Report", "report", ["ZZZ-999"])])
    with pytest.raises(RecordError, match=r"agenda\[0\].refs.*ZZZ-999"):
        small_store.write(Change("schedule", [meeting], when=at(DAY)))
    # A scheduled meeting's agenda names records the store holds, as a held one's does.
    for ref in ("DSP-999", "DEC-2026-077"):
        missing = meeting.replace(agenda=[AgendaItem("Report", "report", [ref])])
        with pytest.raises(RecordError, match=rf"agenda\[0\].refs.*there is no {ref}"):
            small_store.write(Change("schedule", [missing], when=at(DAY)))
    assert small_store.get("MTG-2026-02") is None
    # A term change may propose a record that does not exist yet; an existing record is named.
    fine = meeting.replace(agenda=[AgendaItem("Register the model", "term_change", ["IP-009"]),
                                   AgendaItem("Report", "report", ["MTG-2026-01", "1"])])
    small_store.write(Change("schedule", [fine], when=at(DAY)))
    held = fine.replace(status="held", attendance=dict(ALL_PRESENT))
    small_store.write(Change("hold", [held], when=at(DAY + dt.timedelta(days=30))))


def test_an_agenda_may_name_a_record_the_same_change_creates(small_store: Store) -> None:
    dispute = Dispute(id="DSP-001", title="Access", raised_on=DAY, raised_by="hosp", against=["lab"],
                      stages=[Stage("negotiation", DAY)])
    meeting = Meeting(id="MTG-2026-02", title="Next", date=DAY + dt.timedelta(days=30),
                      agenda=[AgendaItem("Dispute register", "report", ["DSP-001"])])
    small_store.write(Change("raise and schedule", [dispute, meeting], when=at(DAY)))
    assert small_store.require("MTG-2026-02").agenda[0].refs == ["DSP-001"]


# --- 6. notice applies to every decision of a tier that requires it ----------------------------


def test_notice_applies_to_decisions_that_amend_nothing(small_store: Store) -> None:
    meeting = Meeting(id="MTG-2026-02", title="Short notice", date=DAY + dt.timedelta(days=1), status="held",
                      attendance=dict(ALL_PRESENT))
    small_store.write(Change("hold", [meeting], when=at(DAY + dt.timedelta(days=1))))
    decision = Decision(id="DEC-2026-002", title="Amend clause 5", meeting="MTG-2026-02",
                        date=DAY + dt.timedelta(days=1), tier="high", moved_by="ada",
                        votes={m: "for" for m in VOTERS})
    small_store.write(Change("record", [decision], when=at(DAY + dt.timedelta(days=1), 12)))
    stored = small_store.require("DEC-2026-002")
    assert stored.outcome == "failed" and "circulated 14 days before" in stored.outcome_note


# --- 7. proxies obey the charter --------------------------------------------------------------


def test_proxies_beyond_the_limit_or_held_by_a_non_voter_are_refused(small_store: Store) -> None:
    proxies = small_store.require("4.3")
    assert isinstance(proxies, Clause)
    decision = Decision(id="DEC-2026-001", title="Allow proxies", meeting="MTG-2026-01", date=DAY, tier="high",
                        moved_by="ada", votes={m: "for" for m in VOTERS}, amends=["4.3"])
    allowed = proxies.replace(settings={"allowed": True, "count_for_quorum": True, "max_per_holder": 1})
    small_store.write(Change("allow proxies", [decision, allowed], kind="amend", decision="DEC-2026-001"))
    att = {m: "absent" for m in ALL_PRESENT} | {"ada": "present", "dee": "present"}
    two = Meeting(id="MTG-2026-02", title="Proxies", date=DAY + dt.timedelta(days=1), status="held",
                  attendance=att | {"ben": "proxy:ada", "cy": "proxy:ada"})
    with pytest.raises(RecordError, match="attendance.cy.*at most 1 proxy held by ada"):
        small_store.write(Change("hold", [two], when=at(DAY + dt.timedelta(days=1))))
    by_observer = two.replace(attendance=att | {"gus": "present", "ben": "proxy:gus"})
    with pytest.raises(RecordError, match="attendance.ben.*voting member serving"):
        small_store.write(Change("hold", [by_observer], when=at(DAY + dt.timedelta(days=1))))


# --- 10. shares are exact -----------------------------------------------------------------------


def test_shares_a_hair_over_100_are_refused_through_the_write_path(small_store: Store) -> None:
    asset = IPAsset(id="IP-001", title="Model", owners={"hosp": 60.0, "lab": 40.0000004})
    decision = Decision(id="DEC-2026-003", title="Register model", meeting="MTG-2026-01", date=DAY,
                        tier="high", moved_by="ada", votes={m: "for" for m in VOTERS}, amends=["IP-001"])
    with pytest.raises(RecordError, match="100.0000004%"):
        small_store.write(Change("register", [decision, asset], kind="amend", decision="DEC-2026-003"))


# --- sync refuses what the write path would, before the main branch moves ------------------


def test_sync_refuses_an_incoming_commit_that_lowers_a_decided_tier(trio: Trio) -> None:
    record_decision(trio.a, "DEC-2026-001", "Fund the pilot")
    sync.sync(trio.a)
    sync.sync(trio.b)
    decision = trio.b.require("DEC-2026-001")
    sha = hand_commit(trio.b, decision.replace(tier="medium"), "record: correct the tier")
    git(trio.b.root, "push", "-q", "hub", "main")
    before = head(trio.a.root)
    with pytest.raises(sync.SyncRefused, match=rf"commit {sha[:10]}: DEC-2026-001: \[votes-immutable\].*tier"):
        sync.sync(trio.a)
    assert head(trio.a.root) == before


def test_sync_refuses_incoming_attendance_edited_after_the_vote(trio: Trio) -> None:
    record_decision(trio.a, "DEC-2026-001", "Fund the pilot")
    sync.sync(trio.a)
    sync.sync(trio.b)
    decision = trio.b.require("DEC-2026-001")
    meeting = trio.b.require(decision.meeting)
    emptied = {m: "absent" for m in meeting.attendance}
    sha = hand_commit(trio.b, meeting.replace(attendance=emptied), "record: attendance")
    git(trio.b.root, "push", "-q", "hub", "main")
    with pytest.raises(sync.SyncRefused, match=rf"commit {sha[:10]}: {meeting.id}: \[attendance-immutable\]"
                                               ".*DEC-2026-001"):
        sync.sync(trio.a)
