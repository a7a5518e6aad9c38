"""`council sync` between two replicas and a fast-forward-only hub, on real git repositories.

Both replicas work offline, then sync in either order; the same record is
edited on both sides; both record the same next decision ID; a replica
pushes a tampered history with plain git.  After each scenario, nothing is
lost, both replicas verify in full, and their indexes agree.
"""

from __future__ import annotations

import pytest

from council.errors import RuleError, StoreError
from council.records import AgendaItem, Clause, Decision, Meeting
from store.audit.verify import verify
from store.sync import conflicts as sync_conflicts
from store.sync import replicas as sync
from store.write.change import Change
from tests.conftest import DAY, at
from tests.test_sync_support import (
    Trio,
    add_risk,
    assert_consistent,
    assert_same,
    edit_meeting,
    git,
    head,
    is_linear,  # noqa: F401 (fixtures)
    record_decision,
    trio,
    trio_template,
)

# --- both sides changed, different records -------------------------------------------------


@pytest.mark.parametrize("first", ["a", "b"])
def test_offline_changes_meet_in_either_order(trio: Trio, first: str) -> None:
    add_risk(trio.a, "RSK-001", "Model drift")
    edit_meeting(trio.a, "record the minutes of MTG-2026-01", body="The council met.\nIt heard the pilot report.")
    add_risk(trio.b, "RSK-002", "Data breach")
    record_decision(trio.b, "DEC-2026-001", "Fund the pilot")
    one, two = (trio.a, trio.b) if first == "a" else (trio.b, trio.a)
    first_sync = sync.sync(one)
    assert first_sync.integration.how == "ahead" and first_sync.pushed
    second = sync.sync(two)
    assert second.integration.how == "replayed ours" and len(second.integration.replayed) == 2
    assert second.pushed == head(trio.hub, "main")
    assert sync.sync(one).integration.how == "fast-forward"
    assert_same(trio)
    for store in (trio.a, trio.b):
        assert {r.id for r in store.list("risk")} == {"RSK-001", "RSK-002"}
        assert store.require("MTG-2026-01").body.endswith("It heard the pilot report.")
        assert store.require("DEC-2026-001").title == "Fund the pilot"
        assert sync.status(store).state == "up to date"
    assert is_linear(trio.a.root)
    # The replayed commits say where they came from; the hub only ever fast-forwarded.
    log = git(trio.a.root, "log", "--format=%B", "-2")
    assert log.count("Replayed-from: ") == 2
    assert git(trio.hub, "config", "receive.denyNonFastForwards").strip() == "true"


def test_status_says_ahead_behind_diverged(trio: Trio) -> None:
    assert sync.status(trio.a).state == "up to date"
    add_risk(trio.a, "RSK-001", "Model drift")
    status = sync.status(trio.a)
    assert (status.state, status.ahead, status.behind) == ("ahead", 1, 0)
    sync.sync(trio.a)
    record_decision(trio.b, "DEC-2026-001", "Fund the pilot")
    git(trio.b.root, "fetch", "-q", "hub", "+refs/heads/main:refs/remotes/hub/main")
    status = sync.status(trio.b)
    assert (status.state, status.ahead, status.behind) == ("diverged", 1, 1)
    assert "1 ahead, 1 behind" in status.line()


# --- the same next ID on both sides -------------------------------------------------------------


def test_both_record_the_same_next_decision_id(trio: Trio) -> None:
    """Published IDs stay; the unpublished side's are renumbered, with every reference to them."""
    record_decision(trio.a, "DEC-2026-001", "Fund the pilot")
    sync.sync(trio.a)
    # b, offline, records DEC-2026-001 and -002, an amendment approved by -002, and agenda refs to both.
    record_decision(trio.b, "DEC-2026-001", "Hire an auditor", body="See also DEC-2026-002.")
    clause = trio.b.require("4.3")
    assert isinstance(clause, Clause)
    amend = Decision(id="DEC-2026-002", title="Amend clause 4.3", meeting="MTG-2026-01", date=DAY, tier="high",
                     motion="That clause 4.3 be amended (DEC-2026-001 stands).", moved_by="ada",
                     votes={m: "for" for m in ("ada", "ben", "cy", "dee", "eli", "fay")}, amends=["4.3"])
    trio.b.write(Change("amend clause 4.3 by DEC-2026-002", [amend, clause.replace(body="Clause text, amended.")],
                        kind="amend", decision="DEC-2026-002", when=at(DAY, 15)))
    meeting = trio.b.require("MTG-2026-01")
    assert isinstance(meeting, Meeting)
    agenda = [*meeting.agenda, AgendaItem("Decisions", kind="motion", refs=["DEC-2026-001", "DEC-2026-002"])]
    trio.b.write(Change("list DEC-2026-001 and DEC-2026-002 on the agenda", [meeting.replace(agenda=agenda)],
                        when=at(DAY, 16)))

    done = sync.sync(trio.b)
    assert done.integration.renumbered == {"DEC-2026-001": "DEC-2026-002", "DEC-2026-002": "DEC-2026-003"}
    sync.sync(trio.a)
    assert_same(trio)
    b = trio.b
    assert b.require("DEC-2026-001").title == "Fund the pilot"  # published: never renumbered
    auditor, amendment = b.require("DEC-2026-002"), b.require("DEC-2026-003")
    assert auditor.title == "Hire an auditor" and "See also DEC-2026-003." in auditor.body
    assert amendment.amends == ["4.3"] and "(DEC-2026-002 stands)" in amendment.motion
    assert b.require("4.3").body == "Clause text, amended."
    assert b.require("MTG-2026-01").agenda[-1].refs == ["DEC-2026-002", "DEC-2026-003"]
    message = git(b.root, "log", "-1", "--format=%B", "--", "charter/4.3.md")
    assert message.startswith("amend: amend clause 4.3 by DEC-2026-003")
    assert "Decision: DEC-2026-003" in message and "Renumbered: DEC-2026-002 -> DEC-2026-003" in message
    assert len(b.list("decision")) == 3


def test_a_decision_replayed_under_a_changed_charter_says_its_new_outcome(trio: Trio) -> None:
    """Replayed commits are validated again on their new parent; what the rules now give is said."""
    clause = trio.a.require("3")
    assert isinstance(clause, Clause)
    tiers = [dict(t) for t in clause.settings["tiers"]]
    tiers[1]["ratio"] = "unanimous"  # medium matters now need every vote present
    decision = Decision(id="DEC-2026-001", title="Medium needs unanimity", meeting="MTG-2026-01", date=DAY,
                        tier="high", motion="That clause 3 be amended.", moved_by="ada",
                        votes={m: "for" for m in ("ada", "ben", "cy", "dee", "eli", "fay")}, amends=["3"])
    trio.a.write(Change("amend clause 3", [decision, clause.replace(settings={"tiers": tiers})], kind="amend",
                        decision="DEC-2026-001", when=at(DAY, 12)))
    sync.sync(trio.a)
    votes = {m: "for" for m in ("ada", "ben", "cy", "dee", "eli")} | {"fay": "against"}
    offline = Decision(id="DEC-2026-001", title="Buy compute", meeting="MTG-2026-01", date=DAY, tier="medium",
                       motion="That we buy compute.", moved_by="ada", votes=votes)
    trio.b.write(Change("record DEC-2026-001: Buy compute", [offline], when=at(DAY, 13)))
    assert trio.b.require("DEC-2026-001").outcome == "passed"
    result = sync.sync(trio.b)
    assert trio.b.require("DEC-2026-002").outcome == "failed"
    (note,) = result.integration.notes
    assert note.startswith("DEC-2026-002: outcome is now 'failed' (it was 'passed' before the sync)")
    sync.sync(trio.a)
    assert_same(trio)


# --- the same record on both sides ---------------------------------------------------------------


def _edit_both(t: Trio) -> tuple[str, str]:
    ours = edit_meeting(t.b, "correct the meeting's title", title="Regular meeting (spring)",
                        body="The council met.\nIt approved the budget.")
    theirs = edit_meeting(t.a, "record the minutes of MTG-2026-01", body="The council met.\nIt heard the report.")
    add_risk(t.b, "RSK-002", "Data breach")
    sync.sync(t.a)
    return ours, theirs


def test_same_record_changed_on_both_sides_is_held_not_merged(trio: Trio) -> None:
    ours, theirs = _edit_both(trio)
    result = sync.sync(trio.b)
    assert result.pushed is None and [c.record for c in result.integration.conflicts] == ["MTG-2026-01"]
    # The partner's version stands, the rest of ours is replayed, nothing is published.
    assert trio.b.require("MTG-2026-01").body.endswith("It heard the report.")
    assert trio.b.require("RSK-002").title == "Data breach"
    assert head(trio.hub, "main") == head(trio.a.root)
    (view,) = sync_conflicts.views(trio.b)
    fields = {f.field: (f.base, f.ours, f.theirs) for f in view.fields}
    assert fields == {"title": ("Regular meeting", "Regular meeting (spring)", "Regular meeting")}
    assert any(s.op == "insert" and "approved the budget" in s.text for s in view.body_ours)
    assert any(s.op == "insert" and "heard the report" in s.text for s in view.body_theirs)
    # Our version is kept, reachable, until resolved; sync refuses to go on meanwhile.
    assert git(trio.b.root, "cat-file", "-t", view.entry.ours).strip() == "blob"
    assert ours in git(trio.b.root, "rev-list", "--glob=refs/council/kept/*").split()
    assert sync.status(trio.b).state == "conflicts"
    with pytest.raises(Exception, match="conflict"):
        sync.sync(trio.b)
    assert_consistent(trio.b)

    done = sync_conflicts.resolve(trio.b, "MTG-2026-01", "ours")
    assert done.message.startswith("record: resolve the sync conflict on MTG-2026-01: keep ours")
    assert trio.b.require("MTG-2026-01").title == "Regular meeting (spring)"
    assert sync.sync(trio.b).pushed
    sync.sync(trio.a)
    assert_same(trio)
    # Nothing lost: the partner's version is in the shared history, before the resolution.
    assert "It heard the report." in git(trio.a.root, "show", f"{theirs}:meetings/2026/MTG-2026-01.md")


def test_conflict_resolved_with_theirs_or_a_file(trio: Trio, tmp_path) -> None:
    _edit_both(trio)
    sync.sync(trio.b)
    before = head(trio.b.root)
    done = sync_conflicts.resolve(trio.b, "MTG-2026-01", "theirs")
    assert git(trio.b.root, "diff", "--stat", before, done.commit) == ""  # theirs is in force already
    assert "keep theirs" in done.message and "stays in this replica under refs/council/kept/" in done.message
    assert not sync_conflicts.pending(trio.b)
    assert_consistent(trio.b)

    # Once more, on the other replica, settled with a file merging both by hand.
    assert sync.sync(trio.b).pushed
    edit_meeting(trio.b, "retitle", title="Spring meeting")
    sync.sync(trio.b)
    edit_meeting(trio.a, "retitle", title="The spring meeting")
    assert [c.record for c in sync.sync(trio.a).integration.conflicts] == ["MTG-2026-01"]
    text = (trio.a.root / "meetings/2026/MTG-2026-01.md").read_text().replace("Spring meeting", "Spring (merged)")
    (tmp_path / "merged.md").write_text(text)
    sync_conflicts.resolve(trio.a, "MTG-2026-01", file=tmp_path / "merged.md")
    assert trio.a.require("MTG-2026-01").title == "Spring (merged)"
    sync.sync(trio.a)
    sync.sync(trio.b)
    assert_same(trio)


def test_a_term_changed_on_both_sides_needs_a_new_amendment(trio: Trio) -> None:
    from tests.conftest import amend_clause

    amend_clause(trio.a, "4.3", "The partner's wording.")
    sync.sync(trio.a)
    votes = {m: "for" for m in ("ada", "ben", "cy", "dee", "eli")} | {"fay": "abstain"}
    amend_clause(trio.b, "4.3", "Our wording.", votes=votes)
    result = sync.sync(trio.b)
    assert [c.record for c in result.integration.conflicts] == ["4.3"]
    # Our decision is kept (renumbered); its term change is held, not applied.
    assert result.integration.renumbered == {"DEC-2026-001": "DEC-2026-002"}
    assert trio.b.require("4.3").body == "The partner's wording."
    assert trio.b.require("DEC-2026-002").amends == ["4.3"]
    with pytest.raises(RuleError, match="only by|cannot change it") as refused:
        sync_conflicts.resolve(trio.b, "4.3", "ours")
    assert "approved by DEC-2026-001" in str(refused.value) and "amendment" in str(refused.value)
    assert sync_conflicts.pending(trio.b)
    sync_conflicts.resolve(trio.b, "4.3", "theirs")
    sync.sync(trio.b)
    sync.sync(trio.a)
    assert_same(trio)


# --- tampered history is refused ----------------------------------------------------------------


def test_a_term_change_pushed_with_plain_git_is_refused(trio: Trio) -> None:
    add_risk(trio.a, "RSK-001", "Model drift")  # a's own work, unpublished
    sync.sync(trio.b)
    path = trio.b.root / "charter" / "4.2.md"
    path.write_text(path.read_text().replace("a majority", "one third"))
    git(trio.b.root, "commit", "-q", "-am", "record: lower the quorum")
    bad = head(trio.b.root)
    git(trio.b.root, "push", "-q", "hub", "main")
    a_before, known = head(trio.a.root), head(trio.a.root, "refs/remotes/hub/main")

    with pytest.raises(sync.SyncRefused) as refused:
        sync.sync(trio.a)
    message = str(refused.value)
    assert f"commit {bad[:10]}: 4.2: [term-needs-amendment]" in message
    assert refused.value.exit_code == 1
    assert head(trio.a.root) == a_before and head(trio.a.root, "refs/remotes/hub/main") == known
    assert trio.a.require("4.2").body == trio.a.require("4.2").body.replace("one third", "a majority")
    assert_consistent(trio.a)


def test_a_rewritten_hub_is_refused(trio: Trio) -> None:
    record_decision(trio.a, "DEC-2026-001", "Fund the pilot")
    sync.sync(trio.a)
    sync.sync(trio.b)
    # Someone with access to the server moves the hub's branch back and commits over it.
    git(trio.hub, "update-ref", "refs/heads/main", "refs/heads/main~1")
    a_before = head(trio.a.root)
    with pytest.raises(sync.SyncRefused, match=r"history-rewritten.*no longer holds commit " + a_before[:10]):
        sync.sync(trio.a)
    assert head(trio.a.root) == a_before
    assert trio.a.require("DEC-2026-001").title == "Fund the pilot"
    assert_consistent(trio.a)
    # Or deletes it: the next sync does not quietly publish this replica there again.
    git(trio.hub, "update-ref", "-d", "refs/heads/main")
    with pytest.raises(sync.SyncRefused, match="no longer has a main branch"):
        sync.sync(trio.b)
    assert not git(trio.hub, "for-each-ref", "refs/heads/")


def test_changed_votes_in_incoming_history_are_refused(trio: Trio) -> None:
    record_decision(trio.a, "DEC-2026-001", "Fund the pilot")
    sync.sync(trio.a)
    sync.sync(trio.b)
    path = trio.b.root / "decisions" / "2026" / "DEC-2026-001.md"
    path.write_text(path.read_text().replace('fay = "for"', 'fay = "against"'))
    git(trio.b.root, "commit", "-q", "-am", "record: correct a vote")
    git(trio.b.root, "push", "-q", "hub", "main")
    with pytest.raises(sync.SyncRefused, match=r"DEC-2026-001: \[votes-immutable\]"):
        sync.sync(trio.a)
    assert verify(trio.a).ok


def test_an_amendment_signed_with_an_unregistered_key_is_refused(trio: Trio, tmp_path) -> None:
    from store.write import signing
    from tests.conftest import amend_clause
    from tests.test_signing import keypair, recommit, require_signing

    keys = {name: keypair(tmp_path, name) for name in ("ada", "dee", "stranger")}
    require_signing(trio.a, {"ada": keys["ada"], "dee": keys["dee"]})
    sync.sync(trio.a)
    sync.sync(trio.b)
    signing.use_key(trio.b, keys["dee"])
    amend_clause(trio.b, "4.3", "Proxies are allowed.", dec_id="DEC-2026-002")
    forged = recommit(trio.b, key=keys["stranger"])  # the same commit, signed with a key no member holds
    git(trio.b.root, "push", "-q", "hub", "main")
    before = head(trio.a.root)
    with pytest.raises(sync.SyncRefused, match=rf"commit {forged[:10]}: DEC-2026-002: \[signature-valid\]"):
        sync.sync(trio.a)
    assert head(trio.a.root) == before
    assert_consistent(trio.a)



def test_hand_edits_to_records_block_a_sync_but_stray_files_do_not(trio: Trio) -> None:
    (trio.b.root / "notes.txt").write_text("agenda ideas\n")
    add_risk(trio.b, "RSK-001", "Model drift")
    assert sync.sync(trio.b).pushed
    path = trio.b.root / "charter" / "4.2.md"
    path.write_text(path.read_text() + "An edit nobody committed.\n")
    with pytest.raises(StoreError, match="charter/4.2.md is edited by hand and not committed"):
        sync.sync(trio.b)
    assert "An edit nobody committed." in path.read_text()  # untouched


def test_a_push_rejected_because_the_partner_pushed_first_fetches_again(trio: Trio,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    add_risk(trio.b, "RSK-002", "Data breach")
    real_take, raced = sync.take, []

    def partner_pushes_meanwhile(store, theirs, known, published):
        done = real_take(store, theirs, known, published)
        if not raced:  # after b integrated what it fetched, before it pushes
            raced.append(add_risk(trio.a, "RSK-001", "Model drift"))
            assert sync.sync(trio.a).pushed
        return done

    monkeypatch.setattr(sync, "take", partner_pushes_meanwhile)
    result = sync.sync(trio.b)
    assert result.notes == ["hub moved while we synced: fetching again"]
    assert result.pushed == head(trio.hub, "main")
    monkeypatch.undo()
    sync.sync(trio.a)
    assert_same(trio)
    assert {r.id for r in trio.a.list("risk")} == {"RSK-001", "RSK-002"}
