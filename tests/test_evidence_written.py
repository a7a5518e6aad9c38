"""`council evidence WR-...`: a decision taken by written resolution is evidenced like one from a
meeting: the resolution with its dated ballots, the threshold worked through over the entire
voting membership, its opening and closing days, and `check.sh` binds it to the history."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from council.cli import app
from store import usecases
from store.service import Store
from store.workspace import Workspace
from tests.test_evidence_binding import check, resum
from tests.test_resolutions import CLOSES, OPENS, VOTERS, circulate, workspace  # noqa: F401 (fixture)

runner = CliRunner()


def evidence(store: Store, resolution_id: str, out: Path):
    result = runner.invoke(app, ["evidence", resolution_id, "--out", str(out), "--store", str(store.root)])
    assert "Traceback" not in result.output
    return result


def test_an_amendment_by_written_resolution_is_evidenced_and_checks_out(small_store: Store, workspace: Workspace,
                                                                        tmp_path: Path) -> None:
    r = circulate(small_store, workspace)
    usecases.record_resolution_votes(small_store, r.id, {m: "for" for m in VOTERS[:3]}, OPENS)
    usecases.record_resolution_votes(small_store, r.id, {m: "for" for m in VOTERS[3:]}, CLOSES)
    closed = usecases.close_resolution(small_store, r.id, CLOSES, workspace)
    out = tmp_path / "evidence"
    done = evidence(small_store, r.id, out)
    assert done.exit_code == 0, done.output
    assert (out / "resolution.md").exists() and not (out / "decision.md").exists()
    facts = json.loads((out / "evidence.json").read_text())
    assert facts["commit"] == closed.committed.commit and facts["kind"] == "amend"
    assert facts["outcome"]["result"] == facts["outcome"]["recorded"] == "passed"
    assert facts["quorum"]["explanation"] == "6 of 6 voting members replied in writing"
    written = facts["written_resolution"]
    assert (written["opens"], written["closes"], written["closed_on"]) == ("2026-04-01", "2026-04-15", "2026-04-15")
    assert written["threshold"] == "all of the entire voting membership"
    assert {"member": "fay", "vote": "for", "on": "2026-04-15"} in written["ballots"]
    text = (out / "computation.txt").read_text()
    for line in ("In writing: open 2026-04-01 to 2026-04-15, closed on 2026-04-15",
                 "Threshold: all of the entire voting membership",
                 "Membership: the voting members serving on 2026-04-01, the day it opened",
                 "Replied: 6 of 6 voting members replied in writing", "Recorded outcome: passed"):
        assert line in text, line
    assert "ada              for      on 2026-04-01" in text
    assert (out / "votes.csv").read_text().splitlines()[:2] == ["member,name,party,vote,on",
                                                                 "ada,Ada Hale,hosp,for,2026-04-01"]
    readme = (out / "README.md").read_text()
    assert "rule = \"written_resolutions\"" in readme and "| diff - resolution.md" in readme
    assert " resolutions/2026/WR-2026-001.md resolution.md" in (out / "SOURCES").read_text()
    checked = check(out)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    for name in ("resolution.md", "charter/4.1.md", "computation.txt (derived)", "votes.csv (derived)"):
        assert f"same: {name}" in checked.stdout, name


def test_an_edited_ballot_fails_the_offline_check(small_store: Store, tmp_path: Path) -> None:
    r = circulate(small_store, amend=False, tier="low")
    usecases.record_resolution_votes(small_store, r.id, {m: "for" for m in VOTERS[:5]}, OPENS)
    usecases.close_resolution(small_store, r.id, CLOSES)
    out = tmp_path / "evidence"
    assert evidence(small_store, r.id, out).exit_code == 0
    facts = json.loads((out / "evidence.json").read_text())
    assert facts["kind"] == "record" and facts["outcome"]["result"] == "failed"
    assert "fay              not voted" in (out / "computation.txt").read_text()
    assert "fay,Fay" in (out / "votes.csv").read_text() and ",not voted," in (out / "votes.csv").read_text()
    ballot = out / "resolution.md"
    ballot.write_text(ballot.read_text().replace('vote = "for"', 'vote = "against"', 1))
    resum(out)
    done = check(out, with_council=False)
    assert done.returncode == 1 and "DIFFERENT: resolution.md" in done.stdout, done.stdout


def test_an_open_resolution_has_no_evidence_yet(small_store: Store, tmp_path: Path) -> None:
    r = circulate(small_store, amend=False, tier="low")
    done = evidence(small_store, r.id, tmp_path / "x")
    assert done.exit_code == 2 and "expected a decision recorded in this store with its votes, or a written resolution once closed" in done.output.replace("\n", " ")
