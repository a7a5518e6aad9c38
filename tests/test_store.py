"""End-to-end tests of the store on real git repositories in temporary directories."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from council import settings
from council.errors import RecordError, RuleError, StoreError
from council.records import Decision, IPAsset, Member
from store import index
from store.audit.verify import verify
from store.git.commits import log as git_log
from store.git.commits import trailers
from store.index.queries import DecisionFilter
from store.service import Store
from store.write.change import Change
from tests.conftest import DAY, amend_clause, at


def git(path: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=path, capture_output=True, text=True, check=True).stdout


def test_store_is_a_clean_git_repo_with_readable_files(small_store: Store) -> None:
    root = small_store.root
    assert git(root, "status", "--porcelain") == ""
    assert (root / "charter" / "4.2.md").read_text().startswith("+++\nid = \"4.2\"\n")
    assert git(root, "config", "core.fsync").strip() == "all"
    assert len(git(root, "log", "--oneline").splitlines()) == 3


def test_amendment_commit_carries_trailers(small_store: Store) -> None:
    amend_clause(small_store, "4.2", "A quorum is two thirds of the voting members.")
    message = git(small_store.root, "log", "-1", "--format=%B")
    assert message.startswith("amend: amend clause 4.2\n")
    tr = trailers(message)
    keys = [k for k, _ in tr]
    assert ("Decision", "DEC-2026-001") in tr and ("Meeting", "MTG-2026-01") in tr
    assert ("Vote", "6 for, 0 against, 0 abstain") in tr
    assert keys.count("Approved-by") == 6
    assert dict(tr)["Quorum"].startswith("6 of 6 present")
    assert "two thirds" in (small_store.root / "charter" / "4.2.md").read_text()
    assert verify(small_store).ok


def test_term_change_without_decision_is_refused_and_nothing_written(small_store: Store) -> None:
    head = small_store.head
    clause = small_store.require("4.2")
    with pytest.raises(RuleError, match="term"):
        small_store.write(Change("sneak", [clause.replace(body="Quorum is one member.")]))
    assert small_store.head == head
    assert git(small_store.root, "status", "--porcelain") == ""


def test_amendment_by_failed_decision_is_refused(small_store: Store) -> None:
    head = small_store.head
    votes = {"ada": "for", "ben": "against", "cy": "against", "dee": "for", "eli": "against", "fay": "against"}
    with pytest.raises(RuleError, match="did not pass"):
        amend_clause(small_store, "4.2", "Changed.", votes=votes)
    assert small_store.head == head
    assert small_store.get("DEC-2026-001") is None


def test_vote_by_non_member_is_refused(small_store: Store) -> None:
    decision = Decision(id="DEC-2026-002", title="x", meeting="MTG-2026-01", date=DAY, tier="low",
                        votes={"ada": "for", "zed": "for"})
    with pytest.raises(RecordError, match="votes.zed"):
        small_store.write(Change("record decision", [decision]))


def test_shares_must_sum_to_100(small_store: Store) -> None:
    asset = IPAsset(id="IP-001", title="Model", owners={"hosp": 60.0, "lab": 37.0})
    decision = Decision(id="DEC-2026-003", title="Register model", meeting="MTG-2026-01", date=DAY,
                        tier="high", votes={m: "for" for m in ("ada", "ben", "cy", "dee", "eli", "fay")},
                        amends=["IP-001"])
    with pytest.raises(RecordError, match="100%"):
        small_store.write(Change("register", [decision, asset], kind="amend", decision="DEC-2026-003"))


def test_decision_outcome_is_computed_not_taken(small_store: Store) -> None:
    decision = Decision(id="DEC-2026-004", title="Tie", meeting="MTG-2026-01", date=DAY, tier="low",
                        outcome="passed", votes={"ada": "for", "ben": "for", "cy": "for",
                                                 "dee": "against", "eli": "against", "fay": "against"})
    small_store.write(Change("record a tied vote", [decision]))
    stored = small_store.require("DEC-2026-004")
    assert stored.outcome == "tied"
    assert "tie" in stored.outcome_note


def test_meeting_quorum_is_computed(small_store: Store) -> None:
    meeting = small_store.require("MTG-2026-01")
    assert meeting.quorate is True
    assert "6 of 6" in meeting.quorum_note


def test_index_catches_up_after_plain_git_commit_and_rebuilds(small_store: Store) -> None:
    root = small_store.root
    path = root / "members" / "ada.md"
    path.write_text(path.read_text().replace("Ada Hale", "Ada Hale-Smith"))
    git(root, "commit", "-qam", "record: rename Ada")
    small_store.close()
    reopened = Store.open(root)
    assert reopened.require("ada").name == "Ada Hale-Smith"
    (root / ".council" / "index.sqlite").unlink()
    reopened.close()
    again = Store.open(root)
    assert again.require("ada").name == "Ada Hale-Smith"
    assert verify(again).ok
    again.close()


def test_verify_names_commit_when_term_changed_by_plain_git(small_store: Store) -> None:
    root = small_store.root
    path = root / "charter" / "4.2.md"
    path.write_text(path.read_text().replace("majority", "third"))
    git(root, "commit", "-qam", "record: tweak quorum")
    sha = git(root, "rev-parse", "HEAD").strip()
    small_store.close()
    report = verify(Store.open(root))
    rules = {(f.commit, f.rule) for f in report.failures}
    assert (sha, "term-needs-amendment") in rules


def test_hand_edit_blocks_write_to_that_file(small_store: Store) -> None:
    path = small_store.root / "members" / "ben.md"
    path.write_text(path.read_text() + "\nhand edit\n")
    member = small_store.require("ben")
    assert isinstance(member, Member)
    with pytest.raises(StoreError, match="edited by hand"):
        small_store.write(Change("update ben", [member.replace(email="b@x.example")]))


def test_write_touches_only_changed_paths(small_store: Store) -> None:
    before = small_store.head
    member = small_store.require("ben")
    result = small_store.write(Change("update ben", [member.replace(email="new@hosp.example")]))
    assert result.paths == ("members/ben.md",)
    changed = git(small_store.root, "diff-tree", "-r", "--name-only", "--no-commit-id", before, result.commit)
    assert changed.split() == ["members/ben.md"]


def test_unchanged_record_is_not_a_change(small_store: Store) -> None:
    with pytest.raises(RecordError, match="nothing differs"):
        small_store.write(Change("no-op", [small_store.require("ben")]))


def test_cas_refuses_when_branch_moved(small_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from council.errors import Conflict
    from store.git import refs

    real = refs.move_branch

    def racing(work, new, old, reason, **kw):
        git(work, "commit", "-q", "--allow-empty", "-m", "record: someone else")
        return real(work, new, old, reason, **kw)

    monkeypatch.setattr(refs, "move_branch", racing)
    member = small_store.require("ben")
    with pytest.raises(Conflict):
        small_store.write(Change("update ben", [member.replace(email="c@hosp.example")]))
    assert small_store.require("ben").email == "ben@hosp.example"


def test_history_log_lists_amendments(small_store: Store) -> None:
    amend_clause(small_store, "4.2", "New text.")
    log = list(git_log(small_store.root, "--first-parent", "HEAD"))
    assert log[0].message.startswith("amend:")
    assert ("M", "charter/4.2.md") in [(ch.status, ch.path) for ch in log[0].changes]


def test_index_row_text_matches_file(small_store: Store) -> None:
    row = index.row(small_store.engine, "4.2")
    assert row is not None
    assert (small_store.root / row.path).read_text() == row.text


def test_operator_required_without_env(small_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GIT_AUTHOR_NAME")
    settings.reload()
    with pytest.raises(StoreError, match="council operator"):
        small_store.operator()
    small_store.set_operator("gus")
    assert small_store.operator().name == "Gus Vale"


def test_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not a council store"):
        Store.open(tmp_path)


def test_deleting_a_non_term_record_is_a_record_commit_that_verifies(small_store: Store) -> None:
    from council.records import Dispute

    dispute = Dispute(id="DSP-001", title="Opened in error", raised_on=DAY, raised_by="hosp",
                      against=["lab"], stages=[])
    small_store.write(Change("raise DSP-001", [dispute], when=at(DAY, 13)))
    small_store.write(Change("withdraw DSP-001 entered in error", [], deletes=["DSP-001"], when=at(DAY, 14)))
    assert small_store.get("DSP-001") is None
    assert git(small_store.root, "log", "-1", "--format=%s").startswith("record: ")
    assert verify(small_store).ok


def test_deleting_a_term_needs_an_amendment(small_store: Store) -> None:
    with pytest.raises(RuleError, match="term"):
        small_store.write(Change("drop clause 4.3", [], deletes=["4.3"]))


# --- Store is the way to read: get, list, page, find, history, as of a revision --------------


def test_store_reads_a_page_and_finds(small_store: Store) -> None:
    amend_clause(small_store, "4.2", "A quorum is two thirds of the voting members.")
    page = small_store.page("members", limit=3)
    assert [r.id for r in page.rows] == ["ada", "ben", "cy"] and page.total == 7
    assert [r.id for r in small_store.page("member", "Ito").rows] == ["ben"]
    decisions = small_store.page("decisions", where=DecisionFilter(tier="high"))
    assert [r.id for r in decisions.rows] == ["DEC-2026-001"]
    assert small_store.page("decision", where=DecisionFilter(tier="low")).rows == []
    with pytest.raises(RecordError, match="decision filter"):
        small_store.page("member", where=DecisionFilter())
    assert [r.id for r in small_store.find("DEC-2026")] == ["DEC-2026-001"]


def test_store_reads_its_history_and_the_record_as_of_a_revision(small_store: Store) -> None:
    before = small_store.head
    assert before is not None
    amend_clause(small_store, "4.2", "A quorum is two thirds of the voting members.")
    newest = next(small_store.history("4.2"))
    assert newest.kind == "amend" and newest.decision == "DEC-2026-001" and newest.commit == small_store.head
    assert [e.summary for e in small_store.history(kind="record")] == ["record MTG-2026-01 held",
                                                                       "appoint the founding members"]
    assert len(list(small_store.history(limit=2))) == 2
    then = small_store.as_of(before)
    assert then.commit == before
    old = then.get("4.2")
    assert old is not None and old.body_text != small_store.require("4.2").body_text
    assert then.get("DEC-2026-001") is None
    assert {m.id for m in then.records("members")} == {m.id for m in small_store.members()}
    assert then.terms().commit == before and then.terms().last_amendment is not None
    assert small_store.as_of(dt.date(2025, 1, 1)).get("ada") is None  # the members came the day after
    assert small_store.as_of("HEAD").get("DEC-2026-001") is not None
    with pytest.raises(RecordError, match="revision"):
        small_store.as_of("no-such-revision")
