"""Written resolutions through the store: circulated, voted as the votes come in, closed;
the write path refuses what the rules refuse, an amendment by written resolution is an
``amend:`` commit like one passed at a meeting, verify catches a forged one, sync refuses it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from council.errors import RecordError, RuleError
from council.fileformat import serialise
from council.records import Clause, Resolution
from store import usecases
from store.audit.verify import verify
from store.service import Store
from store.sync import replicas as sync
from store.workspace import AMENDMENT, Workspace
from store.write.change import Change
from tests.conftest import MEMBERS
from tests.test_sync_support import Trio, git, head, trio, trio_template  # noqa: F401 (fixtures)
from tests.test_verify import commit_file, failures

VOTERS = [m.id for m in MEMBERS if m.voting]
OPENS, CLOSES = dt.date(2026, 4, 1), dt.date(2026, 4, 15)


def circulate(store: Store, workspace: Workspace | None = None, tier: str = "high",
              amend: bool = True) -> Resolution:
    draft_id = None
    if amend:
        assert workspace is not None
        text = usecases.in_force_text(store, "4.1").replace("meets monthly", "meets every two months")
        draft_id = usecases.save_amendment(store, workspace, "4.1", text, "meet every two months").id
    circular = usecases.Circular("Meet every two months", "That clause 4.1 be amended as circulated.", tier,
                                 OPENS, CLOSES, "Fewer, longer meetings.", draft_id=draft_id)
    return usecases.circulate_resolution(store, circular, workspace)[1]


@pytest.fixture
def workspace(small_store: Store):
    ws = Workspace.of_store(small_store.root)
    yield ws
    ws.close()


def test_an_amendment_by_written_resolution_is_an_amend_commit_like_a_meetings(small_store: Store,
                                                                                 workspace: Workspace) -> None:
    r = circulate(small_store, workspace)
    assert r.id == "WR-2026-001" and r.amends == ["4.1"] and "+The council meets every two months." in r.body
    assert r.outcome_note == "open until 2026-04-15: 0 of 6 voting members have voted"
    usecases.record_resolution_votes(small_store, r.id, {m: "for" for m in VOTERS[:3]}, OPENS)
    _, r = usecases.record_resolution_votes(small_store, r.id, {m: "for" for m in VOTERS[3:]}, CLOSES)
    assert r.outcome_note.startswith("open until 2026-04-15: 6 of 6")
    closed = usecases.close_resolution(small_store, r.id, CLOSES, workspace)
    assert closed.amended and closed.resolution.outcome == "passed" and closed.resolution.closed_on == CLOSES
    clause = small_store.require("4.1")
    assert isinstance(clause, Clause) and "meets every two months" in clause.body
    message = git(small_store.root, "log", "-1", "--format=%B")
    assert message.startswith("amend: meet every two months (written resolution WR-2026-001)\n")
    for line in ("Decision: WR-2026-001", "Resolution: in writing, open 2026-04-01 to 2026-04-15",
                 "Quorum: 6 of 6 voting members replied in writing (default rule)",
                 "Vote: 6 for, 0 against, 0 abstain", "Approved-by: Ada Hale <ada@hosp.example>"):
        assert line in message
    assert not workspace.drafts(AMENDMENT)  # the draft is in force now
    assert verify(small_store, full=True).ok


def test_one_missing_reply_fails_unanimity_and_keeps_the_draft(small_store: Store, workspace: Workspace) -> None:
    r = circulate(small_store, workspace)
    usecases.record_resolution_votes(small_store, r.id, {m: "for" for m in VOTERS[:5]}, OPENS)
    closed = usecases.close_resolution(small_store, r.id, CLOSES, workspace)
    assert not closed.amended and closed.resolution.outcome == "failed"
    assert "1 not voted" in closed.resolution.outcome_note
    assert "meets monthly" in small_store.require("4.1").body
    assert git(small_store.root, "log", "-1", "--format=%s").startswith("record: close WR-2026-001")
    assert workspace.drafts(AMENDMENT)
    assert verify(small_store, full=True).ok


def test_the_write_path_refuses_what_the_rules_refuse(small_store: Store) -> None:
    r = circulate(small_store, amend=False, tier="low")
    usecases.record_resolution_votes(small_store, r.id, {"ada": "for"}, OPENS)
    with pytest.raises(RecordError, match=r"ballots\[1\].member': expected each member's vote once"):
        usecases.record_resolution_votes(small_store, r.id, {"ada": "against"}, OPENS)
    with pytest.raises(RecordError, match="expected a voting member serving on 2026-04-01, the day it opened, got 'gus'"):
        usecases.record_resolution_votes(small_store, r.id, {"gus": "for"}, OPENS)
    with pytest.raises(RecordError, match=r"ballots\[1\].on': expected a day in its open period"):
        usecases.record_resolution_votes(small_store, r.id, {"ben": "for"}, CLOSES + dt.timedelta(days=1))
    with pytest.raises(RecordError, match="field 'closed_on': expected its closing day"):
        usecases.close_resolution(small_store, r.id, OPENS)
    changed = small_store.require(r.id)
    assert isinstance(changed, Resolution)
    with pytest.raises(RuleError, match="its motion cannot change once it was circulated"):
        small_store.write(Change("reword", [changed.replace(motion="That something else.")]))
    with pytest.raises(RuleError, match="has votes recorded"):
        small_store.write(Change("drop it", deletes=[r.id]))
    usecases.close_resolution(small_store, r.id, CLOSES)
    with pytest.raises(RuleError, match="is closed"):
        usecases.record_resolution_votes(small_store, r.id, {"ben": "for"}, CLOSES)


def test_a_passed_amendment_cannot_close_without_its_text(small_store: Store, workspace: Workspace) -> None:
    r = circulate(small_store, workspace)
    _, r = usecases.record_resolution_votes(small_store, r.id, {m: "for" for m in VOTERS}, OPENS)
    with pytest.raises(RuleError, match="closes in the amend: commit"):
        small_store.write(Change("close it", [r.replace(status="closed", closed_on=OPENS)]))
    other = small_store.require("4.1").replace(body="Something nobody voted on.")
    with pytest.raises(RecordError, match="field 'amendment_digest': expected the amendment committed as the text"):
        small_store.write(Change("amend", [r.replace(status="closed", closed_on=OPENS), other], kind="amend",
                                 decision=r.id))


def test_reminders_name_who_has_not_voted(small_store: Store) -> None:
    r = circulate(small_store, amend=False, tier="low")
    usecases.record_resolution_votes(small_store, r.id, {"ada": "for", "dee": "abstain"}, OPENS)
    [reminder] = usecases.resolution_reminders(small_store, CLOSES - dt.timedelta(days=1))
    assert reminder.not_voted == ("ben", "cy", "eli", "fay") and reminder.days_left == 1 and reminder.closing_soon


# --- forged in plain git ---------------------------------------------------------------


def _forged_amendment(store: Store, workspace: Workspace, voters: list[str]) -> str:
    """An amend: commit by written resolution made with plain git: closed 'passed' on ``voters``' votes."""
    r = circulate(store, workspace)
    _, r = usecases.record_resolution_votes(store, r.id, {m: "for" for m in voters}, OPENS)
    [draft] = workspace.drafts(AMENDMENT)
    done = r.replace(status="closed", closed_on=CLOSES, outcome="passed", outcome_note="passed")
    (store.root / "charter" / "4.1.md").write_text(draft.text)
    by = {m.id: m for m in MEMBERS}
    message = "\n".join(["amend: meet every two months", "", "Decision: WR-2026-001",
                         "Resolution: in writing, open 2026-04-01 to 2026-04-15",
                         f"Quorum: {len(voters)} of 6 voting members replied in writing",
                         f"Vote: {len(voters)} for, 0 against, 0 abstain",
                         *[f"Approved-by: {by[m].identity}" for m in voters]]) + "\n"
    git(store.root, "add", "charter/4.1.md")
    return commit_file(store.root, "resolutions/2026/WR-2026-001.md", serialise(done), message)


def test_verify_catches_a_written_amendment_passed_without_unanimity(small_store: Store,
                                                                     workspace: Workspace) -> None:
    bad = _forged_amendment(small_store, workspace, VOTERS[:5])
    found = failures(verify(small_store, full=True))
    assert (bad, "WR-2026-001", "amend-threshold") in found
    assert (bad, "WR-2026-001", "outcome-computed") in found


def test_verify_catches_a_forged_vote_and_a_changed_one(small_store: Store) -> None:
    r = circulate(small_store, amend=False, tier="low")
    _, r = usecases.record_resolution_votes(small_store, r.id, {"ada": "for"}, OPENS)
    path = "resolutions/2026/WR-2026-001.md"
    text = serialise(r)
    forged = commit_file(small_store.root, path, text.replace(
        '{ member = "ada", vote = "for", on = 2026-04-01 },',
        '{ member = "ada", vote = "for", on = 2026-04-01 },\n    { member = "gus", vote = "for", on = 2026-04-02 },'),
        "record: a vote came in")
    changed = commit_file(small_store.root, path, text.replace('vote = "for"', 'vote = "against"'),
                          "record: ada changed her mind")
    found = failures(verify(small_store, full=True))
    assert (forged, "WR-2026-001", "resolution-votes") in found
    assert (changed, "WR-2026-001", "resolution-fixed") in found


def test_sync_refuses_an_incoming_forged_written_amendment(trio: Trio) -> None:
    ws = Workspace.of_store(trio.b.root)
    try:
        bad = _forged_amendment(trio.b, ws, VOTERS[:5])
    finally:
        ws.close()
    git(trio.b.root, "push", "-q", "hub", "main")
    before = head(trio.a.root)
    with pytest.raises(sync.SyncRefused) as refused:
        sync.sync(trio.a)
    assert f"commit {bad[:10]}: WR-2026-001: [amend-threshold]" in str(refused.value)
    assert head(trio.a.root) == before and trio.a.get("WR-2026-001") is None


def test_circulated_resolutions_are_indexed(small_store: Store, tmp_path: Path) -> None:
    circulate(small_store, amend=False, tier="low")
    reopened = Store.open(small_store.root)
    try:
        [row] = reopened.page("resolutions").rows
        assert (row.id, row.status, row.day) == ("WR-2026-001", "pending", OPENS)
    finally:
        reopened.close()


def test_two_replicas_circulate_the_same_next_resolution_id(trio: Trio) -> None:
    """The one published first keeps WR-2026-001; the other side's becomes WR-2026-002."""
    circulate(trio.a, amend=False, tier="low")
    b_side = circulate(trio.b, amend=False, tier="medium")
    usecases.record_resolution_votes(trio.b, b_side.id, {"ada": "for"}, OPENS)
    sync.sync(trio.a)
    sync.sync(trio.b)
    renumbered = trio.b.require("WR-2026-002")
    assert isinstance(renumbered, Resolution) and renumbered.tier == "medium" and renumbered.votes == {"ada": "for"}
    assert trio.b.require("WR-2026-001").tier == "low"
    assert verify(trio.b, full=True).ok


def test_search_finds_a_resolution_by_its_prose_not_its_digest(small_store: Store, workspace: Workspace) -> None:
    from council.search_text import search_text

    r = circulate(small_store, workspace)
    text = search_text(r)
    assert "That clause 4.1 be amended as circulated." in text and r.amendment_digest not in text
