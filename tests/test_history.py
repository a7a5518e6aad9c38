"""History, a record at a revision, diffs, blame and terms as of a date, on real git repositories."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from council.cli import app
from council.errors import RecordError
from council.records import Clause, Decision
from store import history as hist
from store.recorddiff import diff, word_diff
from store.service import Store
from store.write.change import Change
from tests.conftest import DAY, MEMBERS, at

VOTERS = [m.id for m in MEMBERS if m.voting]
QUORUM_V1 = "A quorum is a majority of the entire voting membership, with at least one member of each party present."
QUORUM_V2 = "A quorum is two thirds of the entire voting membership, with at least one member of each party present."
QUORUM_V3 = QUORUM_V2 + "\nMembers attending by video count as present."


def amend(store: Store, dec_id: str, day: dt.date, body: str | None = None, **settings: object) -> str:
    """Amend clause 4.2 on ``day`` by a decision at MTG-2026-01 that passes."""
    clause = store.require("4.2")
    assert isinstance(clause, Clause)
    changed = clause.replace(body=body if body is not None else clause.body,
                             settings={**clause.settings, **settings})
    decision = Decision(id=dec_id, title="Amend clause 4.2", meeting="MTG-2026-01", date=DAY, tier="high",
                        votes={v: "for" for v in VOTERS}, amends=["4.2"], body="Because.")
    done = store.write(Change(f"amend clause 4.2 ({dec_id})", [decision, changed], kind="amend",
                              decision=dec_id, when=at(day, 12)))
    return done.commit


@pytest.fixture
def amended(small_store: Store) -> tuple[Store, list[str]]:
    """4.2 amended twice: its text on 2026-04-01, then its text and settings on 2026-05-01."""
    first = amend(small_store, "DEC-2026-001", dt.date(2026, 4, 1), QUORUM_V2)
    member = small_store.require("ben")
    small_store.write(Change("update ben", [member.replace(email="ben2@hosp.example")], when=at(dt.date(2026, 4, 15))))
    second = amend(small_store, "DEC-2026-002", dt.date(2026, 5, 1), QUORUM_V3, min_per_party=2)
    return small_store, [first, second]


# --- history --------------------------------------------------------------------------


def test_history_of_a_record_lists_its_amendments_newest_first(amended) -> None:
    store, (first, second) = amended
    entries = hist.history(store.root, "4.2")
    assert [e.commit for e in entries[:2]] == [second, first]
    assert [e.decision for e in entries] == ["DEC-2026-002", "DEC-2026-001", ""]
    top = entries[0]
    assert top.kind == "amend" and top.summary == "amend clause 4.2 (DEC-2026-002)"
    assert top.meeting == "MTG-2026-01" and top.vote == "6 for, 0 against, 0 abstain"
    assert top.quorum.startswith("6 of 6 present") and len(top.approvers) == 6
    assert top.day == dt.date(2026, 5, 1) and top.records == ("4.2",)
    assert entries[-1].summary == "adopt the founding charter"


def test_history_filters(amended) -> None:
    store, (first, second) = amended
    root = store.root
    assert [e.commit for e in hist.history(root, since=dt.date(2026, 4, 1), until=dt.date(2026, 4, 30))][-1] == first
    assert all(dt.date(2026, 4, 1) <= e.day <= dt.date(2026, 4, 30)
               for e in hist.history(root, since=dt.date(2026, 4, 1), until=dt.date(2026, 4, 30)))
    records = hist.history(root, kind="record")
    assert records and all(e.kind == "record" for e in records)
    assert [e.commit for e in hist.history(root, kind="amend", limit=2)] == [second, first]
    assert hist.history(root, "4.2", until=dt.date(2025, 12, 31))[0].summary == "adopt the founding charter"
    assert hist.history(root, "DEC-2026-001")[0].commit == first
    with pytest.raises(RecordError):
        hist.history(root, kind="minutes")
    with pytest.raises(RecordError, match="record ID"):
        hist.history(root, "not an id!")


def test_record_at_a_revision_or_a_date(amended) -> None:
    store, (first, second) = amended
    root = store.root
    assert hist.record_at(root, "4.2", first).body == QUORUM_V2
    assert hist.record_at(root, "4.2", f"{second}~1").body == QUORUM_V2
    assert hist.record_at(root, "4.2", "2026-03-31").body == QUORUM_V1
    assert hist.record_at(root, "4.2", "2026-05-01").settings["min_per_party"] == 2
    assert hist.record_at(root, "DEC-2026-002", first) is None
    assert hist.split_ref("4.2@HEAD~1") == ("4.2", "HEAD~1")
    with pytest.raises(RecordError, match="revision"):
        hist.record_at(root, "4.2", "no-such-rev")
    with pytest.raises(RecordError, match="first commit"):
        hist.resolve(root, "2020-01-01")


# --- diff -----------------------------------------------------------------------------


def test_diff_of_one_commit_field_by_field_and_word_by_word(amended) -> None:
    store, (first, second) = amended
    d = diff(store.root, second)
    assert d.commit is not None and d.commit.decision == "DEC-2026-002"
    assert (d.old, d.new) == (hist.history(store.root, kind="record", limit=1)[0].commit, second)
    clause = next(r for r in d.records if r.record == "4.2")
    assert clause.status == "modified"
    assert [(c.field, c.old, c.new) for c in clause.fields] == [("settings.min_per_party", 1, 2)]
    assert [s.op for s in clause.body] == ["equal", "insert"]
    decision = next(r for r in d.records if r.record == "DEC-2026-002")
    assert decision.status == "added" and ("votes.ada", None, "for") in [(c.field, c.old, c.new) for c in decision.fields]


def test_diff_between_two_revisions_of_one_record(amended) -> None:
    store, _ = amended
    d = diff(store.root, "2026-03-31", "HEAD", "4.2")
    assert [r.record for r in d.records] == ["4.2"]
    ops = [(s.op, s.text) for s in d.records[0].body]
    assert ("delete", "a majority") in ops and ("insert", "two thirds") in ops
    assert d.records[0].to_json()["fields"][0]["field"] == "settings.min_per_party"
    assert diff(store.root, "HEAD", "HEAD").records == []


def test_word_diff() -> None:
    segments = word_diff("The council meets monthly.\nMinutes are kept.", "The council meets quarterly.\nMinutes are kept.")
    assert [(s.op, s.text) for s in segments] == [
        ("equal", "The council meets "), ("delete", "monthly."), ("insert", "quarterly."),
        ("equal", "\nMinutes are kept.")]
    assert [s.op for s in word_diff("", "New.")] == ["insert"]
    assert [s.op for s in word_diff("Same.", "Same.")] == ["equal"]


# --- blame and terms --------------------------------------------------------------------


def test_blame_names_the_amendment_behind_each_field_and_line(amended) -> None:
    store, (first, second) = amended
    lines = hist.blame(store.root, "4.2")
    by_key = {(b.part, b.key): b for b in lines}
    assert by_key[("field", "settings.min_per_party")].decision == "DEC-2026-002"
    assert by_key[("field", "settings.basis")].decision == ""  # founding, unchanged since
    assert by_key[("field", "settings.basis")].summary == "adopt the founding charter"
    assert (by_key[("body", "1")].text, by_key[("body", "1")].commit) == (QUORUM_V2, first)
    assert (by_key[("body", "2")].text, by_key[("body", "2")].decision) == (
        "Members attending by video count as present.", "DEC-2026-002")
    with pytest.raises(RecordError):
        hist.blame(store.root, "IP-999")


def test_terms_as_of_a_date_come_from_history(amended) -> None:
    store, (first, second) = amended
    root = store.root
    before = hist.terms_as_of(root, dt.date(2026, 3, 31))
    quorum = next(c for c in before.clauses if c.id == "4.2")
    assert quorum.body == QUORUM_V1
    assert before.last_amendment is not None and before.last_amendment.summary == "adopt the founding charter"
    assert before.partnership is not None and [p.id for p in before.partnership.parties] == ["hosp", "lab"]
    assert [p.id for p in before.exit] == ["EXIT-01"]
    between = hist.terms_as_of(root, dt.date(2026, 4, 20))
    assert next(c for c in between.clauses if c.id == "4.2").body == QUORUM_V2
    assert between.last_amendment.commit == first
    assert hist.terms_as_of(root, dt.date(2026, 5, 1)).last_amendment.commit == second
    empty = hist.terms_as_of(root, dt.date(2024, 1, 1))
    assert empty.commit is None and empty.clauses == []


# --- the CLI ----------------------------------------------------------------------------


def run(*args: str) -> object:
    result = CliRunner().invoke(app, list(args))
    return result


def test_cli_history_diff_show_blame_terms(amended) -> None:
    store, (first, second) = amended
    root = str(store.root)
    out = run("history", "4.2", "--store", root)
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines()[0].startswith(f"{second[:10]}  2026-05-01  amend")
    assert "Decision DEC-2026-002 at MTG-2026-01" in out.stdout and "Approved by Ada Hale" in out.stdout
    js = json.loads(run("history", "--store", root, "--kind", "amend", "--json", "--since", "2026-04-01").stdout)
    assert [e["decision"] for e in js] == ["DEC-2026-002", "DEC-2026-001"]
    assert run("history", "--store", root, "--since", "yesterday").exit_code == 2

    d = run("diff", second, "--store", root)
    assert "settings.min_per_party  1 -> 2" in d.stdout
    assert "{+Members attending by video count as present.+}" in d.stdout
    words = run("diff", "2026-03-31", "HEAD", "4.2", "--store", root)
    assert "[-a majority-]{+two thirds+}" in words.stdout
    one = run("diff", first, "4.2", "--store", root)
    assert "DEC-2026-001" in one.stdout and "decision DEC-2026-001" not in one.stdout
    assert json.loads(run("diff", first, "--json", "--store", root).stdout)["commit"]["decision"] == "DEC-2026-001"

    shown = run("show", "4.2@2026-03-31", "--store", root)
    assert shown.exit_code == 0 and QUORUM_V1 in shown.stdout
    assert json.loads(run("show", f"4.2@{first}", "--json", "--store", root).stdout)["body"] == QUORUM_V2
    missing = run("show", f"DEC-2026-002@{first}", "--store", root)
    assert missing.exit_code == 2 and "existed at" in missing.output

    blame = run("blame", "4.2", "--store", root)
    assert f"{second[:10]} 2026-05-01 DEC-2026-002   settings.min_per_party = 2" in blame.stdout

    terms = run("terms", "--as-of", "2026-03-31", "--store", root)
    assert QUORUM_V1 in terms.stdout and "Terms in force on 2026-03-31" in terms.stdout
    tj = json.loads(run("terms", "--as-of", "2026-04-20", "--json", "--store", root).stdout)
    assert next(c for c in tj["records"]["clause"] if c["id"] == "4.2")["body"] == QUORUM_V2


def test_every_history_command_has_help() -> None:
    for command in (["history"], ["diff"], ["blame"], ["terms"], ["evidence"], ["verify"], ["show"],
                    ["keys", "use"], ["keys", "export"], ["keys", "request"], ["keys", "cosign"], ["keys", "accept"]):
        result = run(*command, "--help")
        assert result.exit_code == 0, command
        assert len(result.stdout.strip().splitlines()) > 3


# --- evidence -----------------------------------------------------------------------------


def test_evidence_bundle_checks_out_with_plain_git(amended, tmp_path: Path) -> None:
    store, (first, second) = amended
    out = tmp_path / "evidence"
    result = run("evidence", "DEC-2026-001", "--out", str(out), "--store", str(store.root))
    assert result.exit_code == 0, result.output
    readme = (out / "README.md").read_text()
    assert first in readme and "git clone -q -b main history.bundle store" in readme
    facts = json.loads((out / "evidence.json").read_text())
    assert facts["commit"] == first and facts["outcome"]["result"] == "passed" and facts["quorum"]["met"]
    assert "6 for, 0 against, 0 abstain" in (out / "computation.txt").read_text()
    assert (out / "votes.csv").read_text().splitlines()[1] == "ada,Ada Hale,hosp,for"
    assert "[-a majority-]{+two thirds+}" in (out / "amendment-fields.txt").read_text()
    sums = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=out, capture_output=True, text=True)
    assert sums.returncode == 0, sums.stdout
    # The commands of the README, as an outsider runs them.
    subprocess.run(["git", "clone", "-q", "-b", "main", "history.bundle", "store"], cwd=out, check=True)
    tip = subprocess.run(["git", "-C", "store", "rev-parse", "HEAD"], cwd=out, capture_output=True, text=True).stdout
    assert tip.strip() == first
    parent = facts["parent"]
    for path in ("charter/4.2.md", "members/ada.md", "partnership.md"):
        local = subprocess.run(["git", "-C", "store", "hash-object", "--stdin"], cwd=out, input=(out / path).read_bytes(),
                               capture_output=True).stdout.strip()
        recorded = subprocess.run(["git", "-C", "store", "rev-parse", f"{parent}:{path}"], cwd=out,
                                  capture_output=True).stdout.strip()
        assert local == recorded, path
    assert QUORUM_V1 in (out / "charter" / "4.2.md").read_text()  # the text in force before the amendment


def test_evidence_as_zip_and_errors(amended, tmp_path: Path) -> None:
    store, _ = amended
    target = tmp_path / "dec.zip"
    assert run("evidence", "DEC-2026-002", "--out", str(target), "--store", str(store.root)).exit_code == 0
    with zipfile.ZipFile(target) as zf:
        names = zf.namelist()
    assert "evidence/README.md" in names and "evidence/history.bundle" in names
    assert run("evidence", "DEC-2026-002", "--out", str(target), "--store", str(store.root)).exit_code == 2
    assert run("evidence", "DEC-2026-404", "--out", str(tmp_path / "x"), "--store", str(store.root)).exit_code == 2
    refs = subprocess.run(["git", "for-each-ref"], cwd=store.root, capture_output=True, text=True).stdout
    assert "evidence" not in refs  # the temporary ref for the bundle is gone


def test_evidence_for_a_decision_that_amends_nothing(small_store: Store, tmp_path: Path) -> None:
    decision = Decision(id="DEC-2026-005", title="Adopt the risk register", meeting="MTG-2026-01", date=DAY,
                        tier="low", votes={v: ("for" if v != "fay" else "against") for v in VOTERS})
    done = small_store.write(Change("record DEC-2026-005", [decision], when=at(DAY, 15)))
    out = tmp_path / "ev.tar.gz"
    assert run("evidence", "DEC-2026-005", "--out", str(out), "--store", str(small_store.root)).exit_code == 0
    import tarfile

    with tarfile.open(out) as tf:
        facts = json.load(tf.extractfile("evidence/evidence.json"))
        readme = tf.extractfile("evidence/README.md").read().decode()
    assert facts["commit"] == done.commit and facts["kind"] == "record"
    assert facts["outcome"] == {"result": "passed", "recorded": "passed", "explanation": facts["outcome"]["explanation"]}
    assert "5 for, 1 against" in facts["outcome"]["explanation"]
    assert "The commit is not signed" in readme
