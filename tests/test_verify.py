"""`council verify` against every kind of tampering, on real git repositories in tmp_path.

Each tampering case must fail with a message naming the commit, the record
and the rule; the CLI must exit 1 with a summary.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from council.cli import app
from council.fileformat import serialise
from council.records import Decision
from store.audit.verify import STATE_FILE, verify
from store.service import Store
from tests.conftest import DAY, MEMBERS, amend_clause

VOTERS = [m.id for m in MEMBERS if m.voting]


def git(path: Path, *args: str, env: dict | None = None) -> str:
    return subprocess.run(["git", *args], cwd=path, capture_output=True, text=True, check=True,
                          env={**os.environ, **(env or {})}).stdout


def head(path: Path) -> str:
    return git(path, "rev-parse", "HEAD").strip()


def reopen(store: Store) -> Store:
    """Close and reopen, as a new `council` process would (the index catches up with git)."""
    store.close()
    return Store.open(store.root)


def failures(report) -> set[tuple[str, str, str]]:
    return {(f.commit, f.record, f.rule) for f in report.failures}


def commit_file(root: Path, path: str, text: str | None, message: str) -> str:
    """A plain `git commit`, outside Council's write path."""
    target = root / path
    if text is None:
        git(root, "rm", "-q", path)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
        git(root, "add", path)
    git(root, "commit", "-q", "-m", message)
    return head(root)


def amend_message(dec_id: str, vote: str, approvers: list[str], summary: str = "amend clause 4.2") -> str:
    by = {m.id: m for m in MEMBERS}
    lines = [f"amend: {summary}", "", f"Decision: {dec_id}", "Meeting: MTG-2026-01",
             "Quorum: 6 of 6 present (charter 4.2)", f"Vote: {vote}"]
    lines += [f"Approved-by: {by[m].identity}" for m in approvers]
    return "\n".join(lines + ["Recorded-by: Test Clerk <clerk@example.org>"]) + "\n"


# --- a clean store -----------------------------------------------------------------


def test_clean_store_verifies_and_remembers_where_it_got_to(small_store: Store) -> None:
    amend_clause(small_store, "4.2", "A quorum is two thirds of the voting members.")
    report = verify(small_store)
    assert report.ok, report.failures
    assert report.commits == 4 and report.amendments == 1
    state = json.loads((small_store.meta_dir / STATE_FILE).read_text())
    assert state["commit"] == small_store.head
    assert "DEC-2026-001" in state["decisions"]

    again = verify(small_store)
    assert again.ok and again.incremental and again.commits == 0

    member = small_store.require("ben")
    from store.write.change import Change

    small_store.write(Change("update ben", [member.replace(email="b2@hosp.example")]))
    third = verify(small_store)
    assert third.ok and third.commits == 1 and third.since == state["commit"]
    assert verify(small_store, full=True).commits == 5


# --- tampering ----------------------------------------------------------------------


def test_term_file_changed_by_plain_git_commit(small_store: Store) -> None:
    root = small_store.root
    text = (root / "charter" / "4.2.md").read_text().replace("a majority", "one third")
    sha = commit_file(root, "charter/4.2.md", text, "lower the quorum")
    report = verify(reopen(small_store))
    assert (sha, "4.2", "term-needs-amendment") in failures(report)
    assert (sha, "-", "commit-kind") in failures(report)
    assert any("not by an approved amendment" in f.message for f in report.failures)


def test_amend_commit_whose_decision_failed(small_store: Store) -> None:
    root = small_store.root
    votes = {"ada": "for", "dee": "for", "ben": "against", "cy": "against", "eli": "against", "fay": "against"}
    decision = Decision(id="DEC-2026-009", title="Amend 4.2", meeting="MTG-2026-01", date=DAY, tier="high",
                        votes=votes, amends=["4.2"], outcome="passed", outcome_note="passed (a lie)")
    (root / "decisions" / "2026").mkdir(parents=True, exist_ok=True)
    (root / "decisions" / "2026" / "DEC-2026-009.md").write_text(serialise(decision))
    clause = root / "charter" / "4.2.md"
    clause.write_text(clause.read_text().replace("a majority", "one third"))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", amend_message("DEC-2026-009", "2 for, 4 against, 0 abstain", ["ada", "dee"]))
    sha = head(root)
    report = verify(reopen(small_store))
    found = failures(report)
    assert (sha, "DEC-2026-009", "amend-threshold") in found
    assert (sha, "DEC-2026-009", "outcome-computed") in found
    message = next(f.message for f in report.failures if f.rule == "amend-threshold")
    assert "did not pass" in message and "parent commit" in message


def test_charter_amendment_cannot_approve_itself(small_store: Store) -> None:
    """Lowering the 'high' tier in the same commit does not make a failing decision pass."""
    root = small_store.root
    votes = {"ada": "for", "ben": "for", "cy": "for", "dee": "for", "eli": "against", "fay": "against"}
    decision = Decision(id="DEC-2026-010", title="Lower the high tier", meeting="MTG-2026-01", date=DAY,
                        tier="high", votes=votes, amends=["3"], outcome="passed")
    (root / "decisions" / "2026").mkdir(parents=True, exist_ok=True)
    (root / "decisions" / "2026" / "DEC-2026-010.md").write_text(serialise(decision))
    tiers = root / "charter" / "3.md"
    tiers.write_text(tiers.read_text().replace("double_majority = true", "double_majority = false"))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", amend_message("DEC-2026-010", "4 for, 2 against, 0 abstain",
                                                  ["ada", "ben", "cy", "dee"], "lower the high tier"))
    sha = head(root)
    report = verify(reopen(small_store))
    assert (sha, "DEC-2026-010", "amend-threshold") in failures(report)
    assert any("threshold not met within lab" in f.message for f in report.failures)


def test_trailers_that_disagree_with_the_decision(small_store: Store) -> None:
    amend_clause(small_store, "4.2", "A quorum is two thirds of the voting members.")
    root = small_store.root
    message = git(root, "log", "-1", "--format=%B")
    forged = (message.replace("Vote: 6 for, 0 against, 0 abstain", "Vote: 6 for, 0 against, 1 abstain")
              .replace("Approved-by: Fay Lund <fay@lab.example>\n", "")
              .replace("Meeting: MTG-2026-01", "Meeting: MTG-2026-02"))
    git(root, "commit", "-q", "--amend", "-m", forged.strip())
    sha = head(root)
    report = verify(reopen(small_store))
    rules = [f for f in report.failures if f.rule == "trailers-agree"]
    assert {(f.commit, f.record) for f in rules} == {(sha, "DEC-2026-001")}
    text = " ".join(f.message for f in rules)
    assert "Vote trailer" in text and "Meeting trailer" in text and "Fay Lund" in text


def test_quorum_trailer_that_disagrees(small_store: Store) -> None:
    amend_clause(small_store, "4.2", "A quorum is two thirds of the voting members.")
    root = small_store.root
    message = git(root, "log", "-1", "--format=%B").replace("Quorum: 6 of 6 present", "Quorum: 5 of 6 present")
    git(root, "commit", "-q", "--amend", "-m", message.strip())
    report = verify(reopen(small_store))
    assert (head(root), "DEC-2026-001", "trailers-agree") in failures(report)


def test_later_commit_changing_recorded_votes(small_store: Store) -> None:
    amend_clause(small_store, "4.2", "A quorum is two thirds of the voting members.")
    root = small_store.root
    assert verify(small_store).ok
    path = "decisions/2026/DEC-2026-001.md"
    text = (root / path).read_text().replace('fay = "for"', 'fay = "against"')
    sha = commit_file(root, path, text, "record: correct a vote")
    report = verify(reopen(small_store))
    assert report.incremental
    assert (sha, "DEC-2026-001", "votes-immutable") in failures(report)
    full = verify(small_store, full=True)
    assert (sha, "DEC-2026-001", "votes-immutable") in failures(full)


def test_recorded_decision_deleted_then_recreated_with_other_votes(small_store: Store) -> None:
    amend_clause(small_store, "4.2", "A quorum is two thirds of the voting members.")
    root = small_store.root
    path = "decisions/2026/DEC-2026-001.md"
    original = (root / path).read_text()
    gone = commit_file(root, path, None, "record: withdraw a decision")
    back = commit_file(root, path, original.replace('outcome = "passed"', 'outcome = "failed"'),
                       "record: restore the decision")
    found = failures(verify(reopen(small_store)))
    assert (gone, "DEC-2026-001", "votes-immutable") in found
    assert (back, "DEC-2026-001", "votes-immutable") in found


@pytest.mark.parametrize("baseline", [False, True], ids=["first run", "after a clean run"])
def test_outcome_that_the_votes_do_not_give(small_store: Store, baseline: bool) -> None:
    """After a clean run the walk starts on the verified commit, reading its records path by
    path: the meeting, the charter and the members at the parent are the same there."""
    root = small_store.root
    if baseline:
        assert verify(small_store).ok
    decision = Decision(id="DEC-2026-011", title="Tie", meeting="MTG-2026-01", date=DAY, tier="low",
                        votes={"ada": "for", "ben": "for", "cy": "for", "dee": "against", "eli": "against",
                               "fay": "against"}, outcome="passed")
    sha = commit_file(root, "decisions/2026/DEC-2026-011.md", serialise(decision), "record: a decision")
    report = verify(reopen(small_store))
    assert (sha, "DEC-2026-011", "outcome-computed") in failures(report)
    assert any("the rules give 'tied'" in f.message for f in report.failures)


def test_record_that_does_not_parse(small_store: Store) -> None:
    root = small_store.root
    sha = commit_file(root, "members/zed.md", "+++\nid = \"zed\"\nname = 3\n+++\n", "record: appoint zed")
    report = verify(reopen(small_store))
    assert (sha, "zed", "record-parses") in failures(report)


def _rewrite(root: Path, tree_filter: str, msg_filter: str) -> None:
    git(root, "filter-branch", "-f", "--tree-filter", tree_filter, "--msg-filter", msg_filter, "HEAD",
        env={"FILTER_BRANCH_SQUELCH_WARNING": "1"})


def test_history_rewritten_so_that_votes_changed(small_store: Store) -> None:
    votes = {v: "for" for v in VOTERS} | {"fay": "abstain"}
    amend_clause(small_store, "4.2", "A quorum is two thirds of the voting members.", votes=votes)
    root = small_store.root
    assert verify(small_store).ok
    verified = head(root)
    # A careful forger: the vote, the Vote trailer and the Approved-by trailers all agree afterwards.
    _rewrite(root,
             "f=decisions/2026/DEC-2026-001.md; test -f $f && sed -i 's/fay = \"abstain\"/fay = \"for\"/' $f || true",
             "sed -e 's/^Vote: 5 for, 0 against, 1 abstain$/Vote: 6 for, 0 against, 0 abstain/' "
             "-e 's/^Recorded-by:/Approved-by: Fay Lund <fay@lab.example>\\nRecorded-by:/'")
    rewritten = head(root)
    assert rewritten != verified
    report = verify(reopen(small_store))
    found = failures(report)
    assert (rewritten, "history", "history-rewritten") in found
    assert any(f.record == "DEC-2026-001" and f.rule == "votes-rewritten" for f in report.failures)
    assert not report.ok and not json.loads((root / ".council" / STATE_FILE).read_text())["commit"] == rewritten
    # What a machine that never saw the old history can know: the rewrite is self-consistent.
    # Detecting it needs a replica that verified before (its verified.json) or signed commits.
    (root / ".council" / STATE_FILE).unlink()
    assert verify(small_store).ok


@pytest.mark.parametrize("sql, expected", [
    ("UPDATE records SET title = 'Quorum (relaxed)' WHERE id = '4.2'", "column title was edited"),
    ("UPDATE records SET status = 'passed' WHERE id = 'MTG-2026-01'", "column status was edited"),
    ("UPDATE records SET day = '2020-01-01' WHERE id = 'MTG-2026-01'", "column day was edited"),
    ("UPDATE records SET text = replace(text, 'majority', 'third') WHERE id = '4.2'", "does not hash"),
    ("DELETE FROM records WHERE id = '4.2'", "does not hold"),
    ("UPDATE records_fts SET body = 'nothing to see' WHERE id = '4.2'", "search index was edited"),
])
def test_index_edited_with_sqlite3(small_store: Store, sql: str, expected: str) -> None:
    assert verify(small_store).ok  # a clean run first: later runs skip rows it proved, unless they changed
    db = small_store.meta_dir / "index.sqlite"
    small_store.close()
    with sqlite3.connect(db) as conn:
        conn.execute(sql)
    store = Store.open(small_store.root)
    wanted = "MTG-2026-01" if "MTG" in sql else "4.2"
    for report in (verify(store), verify(store, full=True)):
        bad = [f for f in report.failures if f.rule == "index-matches"]
        assert any(f.record == wanted and expected in f.message and f.commit == store.head for f in bad), bad


def test_index_moved_to_another_commit(small_store: Store) -> None:
    db = small_store.meta_dir / "index.sqlite"
    small_store.close()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE meta SET value = 'deadbeef' WHERE key = 'indexed_commit'")
    store = Store(small_store.root)  # opened without recovery, as a read-only checker would
    report = verify(store, fsck=False)
    assert any(f.rule == "index-current" for f in report.failures)
    store.close()


def _edit_index_unseen(db: Path, sql: str, args: tuple = ()) -> None:
    """Edit the index and then hide the edit from its edit tally: what only a deliberate
    hand on .council/ could do (docs/signing.md: .council/ is trusted)."""
    with sqlite3.connect(db) as conn:
        conn.execute(sql, args)
        conn.execute("UPDATE meta SET value = (SELECT value FROM meta WHERE key = 'row_edits') "
                     "WHERE key = 'row_edits_by_council'")


def _write_member(store: Store, email: str) -> Store:
    from store.write.change import Change

    store.write(Change("update ben", [store.require("ben").replace(email=email)]))
    return reopen(store)


def test_an_incremental_run_compares_only_the_rows_the_new_commits_changed(small_store: Store) -> None:
    """The trade-off (docs/signing.md, "Incremental runs"): a row edited so that the edit tally
    does not see it, for a record no new commit touched, is left to `verify --full`."""
    assert verify(small_store).ok
    db = small_store.meta_dir / "index.sqlite"
    small_store.close()
    _edit_index_unseen(db, "UPDATE records SET title = 'Quorum (relaxed)' WHERE id = '4.2'")
    store = _write_member(Store.open(small_store.root), "b2@hosp.example")
    quick = verify(store)
    assert quick.ok and quick.incremental and quick.commits == 1
    full = verify(store, full=True)
    assert any(f.record == "4.2" and f.rule == "index-matches" and "column title was edited" in f.message
               for f in full.failures), full.failures
    store.close()


def test_an_incremental_run_compares_the_rows_of_the_records_it_changed(small_store: Store) -> None:
    """Hidden from the tally too, an edited row of a record the new commit changed is caught."""
    assert verify(small_store).ok
    store = _write_member(small_store, "b2@hosp.example")
    db = store.meta_dir / "index.sqlite"
    store.close()
    _edit_index_unseen(db, "UPDATE records SET title = 'Someone else' WHERE id = 'ben'")
    store = Store.open(store.root)
    for report in (verify(store), verify(store, full=True)):
        assert any(f.record == "ben" and "column title was edited" in f.message for f in report.failures)
    store.close()


def test_a_row_left_behind_for_a_deleted_record_is_caught_incrementally(small_store: Store) -> None:
    assert verify(small_store).ok
    root = small_store.root
    db = small_store.meta_dir / "index.sqlite"
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT id, kind, path, title, day, sensitivity, status, tier, blob, text "
                           "FROM records WHERE id = 'MTG-2026-01'").fetchone()
    small_store.close()
    commit_file(root, row[2], None, "record: remove a meeting")
    store = Store.open(root)  # the index catches up: the meeting's row goes
    store.close()
    _edit_index_unseen(db, "INSERT INTO records (id, kind, path, title, day, sensitivity, status, tier, blob, text) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row)  # the row put back, hidden from the tally
    store = Store.open(root)
    report = verify(store, fsck=False)
    assert any(f.record == "MTG-2026-01" and f.rule == "index-matches" and "does not hold" in f.message
               for f in report.failures), report.failures
    store.close()


def test_merge_may_bring_only_verified_term_changes(small_store: Store) -> None:
    root = small_store.root
    base = head(root)
    tree = git(root, "rev-parse", "HEAD^{tree}").strip()
    side = git(root, "commit-tree", tree, "-p", base, "-m", "record: a partner's empty change").strip()
    clause = (root / "charter" / "4.3.md").read_text().replace("may not", "may")
    blob = subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=root, input=clause, text=True,
                          capture_output=True, check=True).stdout.strip()
    git(root, "update-index", "--cacheinfo", f"100644,{blob},charter/4.3.md")
    merged_tree = git(root, "write-tree").strip()
    merge = git(root, "commit-tree", merged_tree, "-p", base, "-p", side, "-m", "Merge a partner's changes").strip()
    git(root, "update-ref", "refs/heads/main", merge)
    git(root, "reset", "-q", "--hard")
    report = verify(reopen(small_store))
    assert (merge, "4.3", "term-needs-amendment") in failures(report)
    assert not any(f.rule == "commit-kind" for f in report.failures)


# --- the CLI ------------------------------------------------------------------------


def test_cli_verify_exit_codes_and_summary(small_store: Store) -> None:
    runner = CliRunner()
    root = str(small_store.root)
    ok = runner.invoke(app, ["verify", "--store", root])
    assert ok.exit_code == 0, ok.output
    assert "OK:" in ok.stdout
    text = (small_store.root / "charter" / "4.2.md").read_text().replace("a majority", "one third")
    sha = commit_file(small_store.root, "charter/4.2.md", text, "record: lower the quorum")
    small_store.close()
    bad = runner.invoke(app, ["verify", "--store", root])
    assert bad.exit_code == 1
    assert f"FAIL commit {sha[:10]}: 4.2: [term-needs-amendment]" in bad.stdout
    assert "1 failure(s) (term-needs-amendment)" in bad.stdout
    as_json = runner.invoke(app, ["verify", "--store", root, "--json", "--full"])
    assert as_json.exit_code == 1
    data = json.loads(as_json.stdout)
    assert data["ok"] is False and data["failures"][0]["commit"] == sha


def test_verify_range_checks_incoming_commits_only(small_store: Store) -> None:
    """For `council sync`: judge commits from a replica before the branch moves to them."""
    from store.audit.verify import load_state, verify_range

    amend_clause(small_store, "4.2", "A quorum is two thirds of the voting members.")
    assert verify(small_store).ok
    root, base = small_store.root, head(small_store.root)
    path = "decisions/2026/DEC-2026-001.md"
    text = (root / path).read_text().replace('fay = "for"', 'fay = "against"')
    bad = commit_file(root, path, text, "record: correct a vote")
    report = verify_range(root, base, bad, load_state(small_store.meta_dir)["decisions"])
    assert report.commits == 1 and (bad, "DEC-2026-001", "votes-immutable") in failures(report)
    assert verify_range(root, None, base).ok
