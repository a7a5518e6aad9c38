"""Every CLI command fed bad input, and stores in bad shape: not a git repository,
a hand-committed broken file, busy, read-only, a full disk, a corrupt index.

Each bad input gets one clear line naming what was wrong (the file, the field,
what was expected), exit code 2 and no traceback, and the store is unchanged:
same refs, same work tree, same index, no new objects, nothing new in .council/.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from council.cli import app
from store import service
from store.service import Store
from tests.conftest import IDENTITY, amend_clause, isolated, make_small_store, signatory_options

runner = CliRunner()


def git(root: Path, *args: str) -> str:
    # safe.directory: the read-only store belongs to another user while the test looks at it.
    return subprocess.run(["git", "-c", "safe.directory=*", *args], cwd=root, capture_output=True, text=True,
                          check=True).stdout


# Caches a command may refresh without changing anything recorded: verify's memory of
# its last clean run, and git's commit-graph.
CACHES = {"verified.json", "write.lock"}


def snapshot(root: Path) -> dict:
    """Everything a command could change in a store, read without opening it."""
    council = root / ".council"
    local = {p.name: hashlib.sha1(p.read_bytes()).hexdigest() for p in council.iterdir()
             if p.is_file() and not p.name.startswith("index.sqlite") and p.name not in CACHES} \
        if council.exists() else {}
    objects = sorted(str(p.relative_to(root)) for p in (root / ".git" / "objects").rglob("*")
                     if p.is_file() and "info" not in p.relative_to(root / ".git" / "objects").parts)
    rows: list = []
    db = council / "index.sqlite"
    if db.exists():
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            rows = conn.execute("SELECT id, blob FROM records ORDER BY id").fetchall()
            rows += conn.execute("SELECT key, value FROM meta WHERE key='indexed_commit'").fetchall()
    return {"refs": git(root, "show-ref"), "status": git(root, "status", "--porcelain", "--untracked-files=all"),
            "local": local, "objects": objects, "index": rows}


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A store with an amendment, plus the other places bad input points at."""
    base = tmp_path_factory.mktemp("bad-cli")
    with isolated(base / "home"):
        store = make_small_store(base / "store")
        amend_clause(store, "4.2", "A quorum is two thirds of the voting members.")
        store.close()
    notgit = base / "notgit"
    notgit.mkdir()
    (notgit / "notes.txt").write_text("not a store")
    other = base / "other-repo"
    other.mkdir()
    git(other, "init", "-q")
    (other / "README.md").write_text("some other project\n")
    git(other, "add", "README.md")
    git(other, "-c", "user.name=X", "-c", "user.email=x@example.org", "commit", "-qm", "init")
    (base / "broken.md").write_text('+++\nid = "4.2"\ntitle = "unterminated\n+++\n')
    (base / "4.2.md").write_text('+++\nid = "4.2"\ntitle = "Quorum"\nreview_date = 2026-02-30\n+++\n')
    (base / "request.txt").write_text("not a request\n")
    return {"store": base / "store", "notgit": notgit, "other": other, "tmp": base}


def invoke(argv: list[str]) -> tuple[int, str]:
    result = runner.invoke(app, argv)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{argv} raised {result.exception!r}: a traceback, not a message") from result.exception
    return result.exit_code, result.output


# The bad inputs, by command: (arguments, a phrase the message must contain).  {store}
# and the others are filled from the places fixture.
BAD: dict[str, list[tuple[list[str], str]]] = {
    "init": [(["init", "{notgit}", "--name", "X", "--party", "a=A", "--party", "b=B"], "exists and is not empty"),
             (["init", "{tmp}/new1", "--name", "X", "--party", "a=A", "--party", "b=B", "--effective", "2026-02-30"],
              "field 'effective': expected a date YYYY-MM-DD, got '2026-02-30'"),
             (["init", "{tmp}/new2", "--name", "X", "--party", "acme"], "field 'party': expected ID=Legal Name"),
             (["init", "{tmp}/new3", "--name", "X", "--party", "a=A"], "at least two parties"),
             (["init", "{tmp}/new4", "--name", "X", "--party", "a=A", "--party", "a=B"], "distinct party IDs")],
    "tui": [(["tui", "--store", "{notgit}"], "not a council store")],
    "show": [(["show", "DEC-1999-999", "--store", "{store}"], "DEC-1999-999: field 'id': expected the ID of a record"),
             (["show", "not an id!", "--store", "{store}"], "field 'id'")],
    "list": [(["list", "widgets", "--store", "{store}"], "field 'kind': expected one of")],
    "reindex": [(["reindex", "--store", "{other}"], "not a council store")],
    "verify": [(["verify", "--store", "{other}"], "not a council store")],
    "reseal": [(["reseal", "--store", "{store}"], "run `council operator MEMBER-ID --key PATH` first")],
    "operator": [(["operator", "zed", "--store", "{store}"], "zed: field 'id': expected the ID of a member"),
                 (["operator", "4.2", "--store", "{store}"], "expected the ID of a member")],
    "export": [(["export", "--out", "{tmp}/out1", "--format", "pdf", "--store", "{store}"], "unknown format 'pdf'"),
               (["export", "--out", "{tmp}/out2", "--audience", "world", "--store", "{store}"], "unknown audience"),
               (["export", "--out", "{tmp}/out3", "--as-of", "no-such-rev", "--store", "{store}"], "names no commit"),
               (["export", "--out", "{notgit}", "--store", "{store}"], "is not empty")],
    "exit simulate": [(["exit", "simulate", "--trigger", "x", "--date", "2026-02-30", "--store", "{store}"],
                       "field 'date': expected a date YYYY-MM-DD"),
                      (["exit", "simulate", "--trigger", "no-such-trigger", "--date", "2026-01-01", "--store", "{store}"],
                       "field 'trigger'")],
    "history": [(["history", "--since", "2026-02-30", "--store", "{store}"], "field 'date': expected a date"),
                (["history", "--kind", "bogus", "--store", "{store}"], "field 'kind': expected amend or record"),
                (["history", "--limit", "0", "--store", "{store}"], "greater than or equal to 1")],
    "diff": [(["diff", "no-such-rev", "--store", "{store}"], "field 'rev': expected a commit"),
             (["diff", "a", "b", "c", "d", "--store", "{store}"], "expected REV [REV2] [ID]")],
    "blame": [(["blame", "DEC-1999-999", "--store", "{store}"], "DEC-1999-999: field 'id'")],
    "terms": [(["terms", "--as-of", "2026-02-30", "--store", "{store}"], "field 'date': expected a date")],
    "evidence": [(["evidence", "DEC-1999-999", "--out", "{tmp}/ev", "--store", "{store}"], "DEC-1999-999: field 'id'")],
    "keys use": [(["keys", "use", "{tmp}/no-key", "--store", "{store}"], "no key at")],
    "keys export": [(["keys", "export", "--as-of", "no-such-rev", "--store", "{store}"], "field 'rev'")],
    "keys request": [(["keys", "request", "DEC-2026-001", "{tmp}/broken.md", "--out", "{tmp}/r1", "--store", "{store}"],
                      "broken.md: field 'title': expected a valid TOML value"),
                     (["keys", "request", "DEC-2026-001", "{tmp}/4.2.md", "--out", "{tmp}/r2", "--store", "{store}"],
                      "4.2.md: field 'review_date': expected a date that exists")],
    "keys cosign": [(["keys", "cosign", "{tmp}/request.txt", "--key", "{tmp}/no-key", "--member", "ada"],
                     "request.txt: field 'content'"),
                    (["keys", "cosign", "{tmp}/missing.txt", "--key", "{tmp}/no-key", "--member", "ada"],
                     "No such file or directory")],
    "keys accept": [(["keys", "accept", "{tmp}/request.txt", "--request", "{tmp}/request.txt", "--store", "{store}"],
                     "not accepted")],
    "clone": [(["clone", "{tmp}/no-such-remote.git", "{tmp}/c1"], "does not exist; nothing was created"),
              (["clone", "{notgit}", "{tmp}/c2"], "nothing was created"),
              (["clone", "{store}", "{notgit}"], "exists and is not empty")],
    "remote add": [(["remote", "add", "hub", "{tmp}/no-such.git", "--store", "{store}"],
                    "field 'url': expected a git repository"),
                   (["remote", "add", "bad name!", "{store}", "--store", "{store}"], "field 'name': expected a short name")],
    "remote list": [(["remote", "list", "--store", "{notgit}"], "not a council store")],
    "remote remove": [(["remote", "remove", "no-such-remote", "--store", "{store}"],
                       "field 'name': expected one of the remotes")],
    "sync": [(["sync", "no-such-remote", "--store", "{store}"], "field 'name': expected one of the remotes")],
    "conflicts": [(["conflicts", "DEC-1999-999", "--store", "{store}"], "DEC-1999-999: field 'id'")],
    "resolve": [(["resolve", "4.2", "--ours", "--theirs", "--store", "{store}"], "field 'resolution'"),
                (["resolve", "DEC-1999-999", "--ours", "--store", "{store}"], "a pending sync conflict")],
    "bundle create": [(["bundle", "create", "{tmp}/b1", "--since", "no-such-rev", "--store", "{store}"],
                       "not a commit of this store")],
    "member appoint": [(["member", "appoint", "hal", "--name", "Hal", "--party", "nobody", "--store", "{store}"],
                        "field 'party': expected a party to the partnership"),
                       (["member", "appoint", "hal", "--name", "Hal", "--party", "lab", "--key", "{tmp}/4.2.md",
                         "--store", "{store}"], "hal: field 'signing_key': expected an ed25519 public key line")],
    "member end": [(["member", "end", "zed", "--store", "{store}"], "zed: field 'id'"),
                   (["member", "end", "ada", "--on", "2026-02-30", "--store", "{store}"], "field 'term_end'")],
    "member key": [(["member", "key", "ada", "--key", "{tmp}/request.txt", "--store", "{store}"],
                    "ada: field 'signing_key'")],
    "member show": [(["member", "show", "DEC-2026-001", "--store", "{store}"], "expected the ID of a member")],
    "meeting schedule": [(["meeting", "schedule", "--date", "2026-02-30", "--store", "{store}"],
                          "meeting: field 'date': expected a date YYYY-MM-DD")],
    "meeting attend": [(["meeting", "attend", "MTG-2026-01", "--present", "zed", "--store", "{store}"],
                        "field 'attendance.zed': expected a member of the council")],
    "meeting agenda": [(["meeting", "agenda", "MTG-2026-01", "--store", "{store}"],
                        "MTG-2026-01: field 'agenda': expected one of --add TITLE or --circulate DATE")],
    "motion": [(["motion", "MTG-2026-01", "--title", "T", "--motion", "That.", "--tier", "top", "--store", "{store}"],
                "field 'tier': expected one of")],
    "vote": [(["vote", "DEC-2026-001", "--for", "ada", "--store", "{store}"], "votes are immutable once recorded"),
             (["vote", "DEC-2026-001", "ada=maybe", "--store", "{store}"], "field 'votes.ada': expected one of")],
    "amend propose": [(["amend", "propose", "4.2", "-f", "{tmp}/4.2.md", "--store", "{store}"],
                       "field 'review_date': expected a date that exists")],
    "amend list": [(["amend", "list", "--store", "{notgit}"], "not a council store")],
    "amend show": [(["amend", "show", "7", "--store", "{store}"], "draft 7: field 'id': expected a draft amendment")],
    "amend withdraw": [(["amend", "withdraw", "7", "--store", "{store}"],
                        "draft 7: field 'id': expected a draft amendment")],
    "amend vote": [(["amend", "vote", "x", "--meeting", "MTG-2026-01", "--tier", "high", "--store", "{store}"],
                    "draft x: field 'id': expected a draft number")],
    "dispute raise": [(["dispute", "raise", "--title", "X", "--by", "acme", "--against", "lab", "--store", "{store}"],
                       "field 'raised_by': expected a party to the partnership")],
    "dispute advance": [(["dispute", "advance", "DSP-999", "--store", "{store}"], "DSP-999: field 'id'")],
    "dispute resolve": [(["dispute", "resolve", "DSP-999", "--resolution", "x", "--store", "{store}"],
                         "DSP-999: field 'id'")],
    "risk add": [(["risk", "add", "--title", "X", "--owner", "ada", "--likelihood", "9", "--impact", "1", "--party",
                   "hosp", "--store", "{store}"], "field 'likelihood'"),
                 (["risk", "add", "--title", "X", "--owner", "ada", "--likelihood", "1", "--impact", "1", "--party",
                   "hosp", "--sensitivity", "confidential", "--mitigation", "Cap of four million", "--readers",
                   "nobody", "--store", "{store}"],
                  "field 'readers': expected the ID of a party or a member of this council, got 'nobody'")],
    "incident add": [(["incident", "add", "--title", "X", "--kind", "flood", "--party", "lab", "--detected",
                       "2026-03-03 10:00", "--store", "{store}"], "field 'kind': expected one of"),
                     (["incident", "add", "--title", "X", "--kind", "breach", "--party", "lab", "--detected",
                       "2026-03-03 10:00", "--readers", "nobody", "--store", "{store}"],
                      "field 'readers': expected the ID of a party or a member of this council")],
    "duty add": [(["duty", "add", "--title", "X", "--cadence", "12", "--responsible", "ben", "--accountable", "ada",
                   "--since", "2026-13-01", "--store", "{store}"], "field 'since'")],
    "action done": [(["action", "done", "DEC-2026-001/4", "--store", "{store}"],
                     "expected a decision with action items")],
    "meeting reschedule": [(["meeting", "reschedule", "MTG-2026-01", "--date", "2026-04-01", "--store", "{store}"],
                            "MTG-2026-01 is held: only a scheduled meeting can be rescheduled")],
    "meeting cancel": [(["meeting", "cancel", "MTG-2026-09", "--store", "{store}"], "MTG-2026-09: field 'id'")],
    "minutes circulate": [(["minutes", "circulate", "MTG-2026-01", "-f", "{tmp}/none.md", "--store", "{store}"],
                           "MTG-2026-01: field 'minutes': expected a readable Markdown file")],
    "minutes approve": [(["minutes", "approve", "MTG-2026-01", "--at", "MTG-2026-01", "--store", "{store}"],
                         "field '--at': expected a later meeting")],
    "meeting pack": [(["meeting", "pack", "MTG-2099-01", "-o", "{tmp}/pack", "--store", "{store}"],
                      "MTG-2099-01: field 'meeting': expected the ID of a meeting: no meeting MTG-2099-01 in this store"),
                     (["meeting", "pack", "MTG-2026-01", "--format", "docx", "-o", "{tmp}/pack", "--store",
                       "{store}"], "field 'format': expected some of md, html, pdf")],
    "search": [(["search", " ", "--store", "{store}"], "field 'text': expected one or more words")],
    "artifact register": [(["artifact", "register", "{tmp}/4.2.md", "--title", "X", "--owners", "acme", "--unsigned",
                            "--store", "{store}"], "field 'owners[0]': expected a party to the partnership"),
                          (["artifact", "register", "{tmp}/none", "--title", "X", "--owners", "lab", "--unsigned",
                            "--store", "{store}"], "field 'path': expected a file or a directory to hash")],
    "artifact verify": [(["artifact", "verify", "{tmp}/4.2.md", "ART-999", "--store", "{store}"], "ART-999"),
                        (["artifact", "verify", "{tmp}/4.2.md", "--store", "{store}"],
                         "field 'ID': expected an artifact ID")],
    "release check": [(["release", "check", "ART-001", "--to", "hosp", "--purpose", "(a)", "--mode", "ftp",
                        "--store", "{store}"], "ART-001: field 'mode': expected one of weights, hosted, sandbox")],
    "release grant": [(["release", "grant", "ART-001", "--to", "hosp", "--purpose", "(a)", "--mode", "hosted",
                        "--until", "2026-02-30", "--store", "{store}"], "field 'ends': expected a date")],
    "release revoke": [(["release", "revoke", "REL-999", "--reason", "x", "--store", "{store}"], "REL-999")],
    "resolution circulate": [
        (["resolution", "circulate", "--title", "T", "--motion", "That.", "--tier", "low", "--closes", "2026-02-30",
          "--store", "{store}"], "resolution: field 'closes': expected a date YYYY-MM-DD, got '2026-02-30'"),
        (["resolution", "circulate", "--title", "T", "--motion", "That.", "--tier", "urgent", "--opens", "2026-04-01",
          "--closes", "2026-04-15", "--store", "{store}"], "field 'tier': expected one of low, medium, high"),
        (["resolution", "circulate", "--title", "T", "--motion", "That.", "--tier", "low", "--opens", "2026-04-15",
          "--closes", "2026-04-01", "--store", "{store}"], "field 'closes': expected a date on or after it opens")],
    "resolution vote": [(["resolution", "vote", "WR-1999-001", "--for", "ada", "--store", "{store}"],
                         "WR-1999-001: field 'id': expected the ID of a record"),
                        (["resolution", "vote", "WR-1999-001", "ada=recused", "--store", "{store}"],
                         "WR-1999-001: field 'votes.ada': expected one of for, against, abstain, got 'recused'")],
    "resolution close": [(["resolution", "close", "WR-1999-001", "--on", "2026-13-01", "--store", "{store}"],
                          "WR-1999-001: field '--on': expected a date YYYY-MM-DD")],
    "resolution show": [(["resolution", "show", "DEC-2026-001", "--store", "{store}"],
                         "DEC-2026-001: field 'id': expected the ID of a written resolution")],
    "resolution list": [(["resolution", "list", "--store", "{notgit}"], "not a council store")],
    "resolution remind": [(["resolution", "remind", "--on", "someday", "--store", "{store}"],
                           "remind: field 'on': expected a date YYYY-MM-DD")],
    "risk update": [(["risk", "update", "RSK-999", "--impact", "2", "--store", "{store}"], "RSK-999: field 'id'"),
                    (["risk", "update", "ada", "--impact", "2", "--store", "{store}"],
                     "expected the ID of a risk, an incident or a duty")],
    "incident update": [(["incident", "update", "INC-2026-999", "--store", "{store}"], "field 'fields'")],
    "incident notify": [(["incident", "notify", "INC-2026-999", "--who", "lab", "--at", "2026-13-01 10:00",
                          "--store", "{store}"], "field 'notifications.at'")],
    "duty update": [(["duty", "update", "DUTY-999", "--cadence", "3", "--store", "{store}"], "DUTY-999: field 'id'")],
    "duty done": [(["duty", "done", "DUTY-999", "--on", "2026-02-30", "--store", "{store}"], "field 'last_done'")],
    "decide": [(["decide", "MTG-2026-01", "--title", "T", "--motion", "That.", "--tier", "low", "--store", "{store}"],
                "MTG-2026-01: field 'votes'")],
    "dataset new": [(["dataset", "new", "--title", "X", "--store", "{store}"], "field 'lawful_basis': expected a value")],
    "dataset change": [(["dataset", "change", "DS-999", "--store", "{store}"], "DS-999: field 'fields'"),
                       (["dataset", "change", "DS-999", "--title", "X", "--store", "{store}"], "DS-999: field 'id'")],
    "new": [(["new", "widgets", "--store", "{store}"], "new: field 'kind': expected one of member, risk"),
            (["new", "meeting", "--store", "{store}"], "is made by `council meeting schedule`")],
    "edit": [(["edit", "DEC-1999-999", "--store", "{store}"], "DEC-1999-999: field 'id'"),
             (["edit", "ADA", "--store", "{store}"], "did you mean ada?")],
    "apply": [(["apply", "{tmp}/broken.md", "--store", "{store}"], "broken.md: field 'title'"),
              (["apply", "{tmp}/4.2.md", "--store", "{store}"], "4.2.md"),
              (["apply", "{tmp}/nothing-here.md", "--store", "{store}"], "nothing-here.md: field 'file'")],
    "release suspend": [(["release", "suspend", "REL-001", "--reason", "x", "--on", "2026-02-30", "--store",
                          "{store}"], "REL-001: field 'on': expected a date")],
    "exit trigger": [(["exit", "trigger", "material_breach", "--on", "2026-05-01", "--store", "{store}"],
                      "exit trigger: field 'trigger': expected an exit trigger, but no exit plan in force names one"),
                     (["exit", "trigger", "material_breach", "--on", "2026-02-30", "--store", "{store}"],
                      "exit trigger: field 'on': expected a date"),
                     (["exit", "trigger", "material_breach", "--on", "2026-05-01", "--plan", "EXIT-09", "--store",
                       "{store}"], "exit trigger: field 'plan': expected the ID of an exit plan in force")],
    "exit withdraw": [(["exit", "withdraw", "--store", "{store}"],
                       "field 'exit_on': expected a partnership in exit (`council exit trigger` records one)")],
    "release waive": [(["release", "waive", "REL-999", "--dataset", "DS-001", "--field", "status", "--decision",
                        "DEC-2026-001", "--store", "{store}"], "REL-999")],
    "bundle apply": [(["bundle", "apply", "{tmp}/request.txt", "--store", "{store}"], "not a usable git bundle"),
                     (["bundle", "apply", "{tmp}/missing.bundle", "--store", "{store}"], "no bundle file at")],
}
# Enough to reach each store-taking command's store (so that a bad store is what fails).
REACH: dict[str, list[str]] = {
    "tui": ["tui"], "show": ["show", "4.2"], "list": ["list", "members"], "reindex": ["reindex"],
    "verify": ["verify"], "reseal": ["reseal"], "operator": ["operator", "ben"], "export": ["export", "--out", "{tmp}/reach-out"],
    "exit simulate": ["exit", "simulate", "--trigger", "t", "--date", "2026-01-01"], "history": ["history"],
    "diff": ["diff", "HEAD"], "blame": ["blame", "4.2"], "terms": ["terms", "--as-of", "2026-01-01"],
    "evidence": ["evidence", "DEC-2026-001", "--out", "{tmp}/reach-ev"], "keys use": ["keys", "use", "{tmp}/4.2.md"],
    "keys export": ["keys", "export"],
    "keys request": ["keys", "request", "DEC-2026-001", "{tmp}/4.2.md", "--out", "{tmp}/reach-r"],
    "keys accept": ["keys", "accept", "{tmp}/request.txt", "--request", "{tmp}/request.txt"],
    "remote add": ["remote", "add", "hub", "{tmp}/reach.git"], "remote list": ["remote", "list"],
    "remote remove": ["remote", "remove", "hub"], "sync": ["sync", "--status"], "conflicts": ["conflicts"],
    "resolve": ["resolve", "4.2", "--ours"], "bundle create": ["bundle", "create", "{tmp}/reach.bundle"],
    "bundle apply": ["bundle", "apply", "{tmp}/request.txt"],
    "member appoint": ["member", "appoint", "hal", "--name", "Hal", "--party", "lab", "--dry-run"],
    "member end": ["member", "end", "ada", "--dry-run"], "member key": ["member", "key", "ada", "--key", "{tmp}/4.2.md"],
    "member show": ["member", "show", "ada"],
    "meeting schedule": ["meeting", "schedule", "--dry-run"],
    "meeting attend": ["meeting", "attend", "MTG-2026-01", "--present", "ada", "--dry-run"],
    "meeting agenda": ["meeting", "agenda", "MTG-2026-01", "--add", "AOB", "--dry-run"],
    "motion": ["motion", "MTG-2026-01", "--title", "T", "--motion", "That.", "--tier", "low", "--dry-run"],
    "vote": ["vote", "DEC-2026-001", "--for", "ada", "--dry-run"],
    "amend propose": ["amend", "propose", "4.2", "-f", "{tmp}/4.2.md", "--dry-run"], "amend list": ["amend", "list"],
    "amend withdraw": ["amend", "withdraw", "1"], "amend show": ["amend", "show", "1"], "amend vote": ["amend", "vote", "1", "--meeting", "M", "--tier", "high"],
    "dispute raise": ["dispute", "raise", "--title", "X", "--by", "a", "--against", "b", "--dry-run"],
    "dispute advance": ["dispute", "advance", "DSP-001", "--dry-run"],
    "dispute resolve": ["dispute", "resolve", "DSP-001", "--resolution", "x", "--dry-run"],
    "risk add": ["risk", "add", "--title", "X", "--owner", "a", "--likelihood", "1", "--impact", "1", "--party", "a",
                 "--dry-run"],
    "incident add": ["incident", "add", "--title", "X", "--kind", "breach", "--party", "a", "--detected",
                     "2026-03-03 10:00", "--dry-run"],
    "duty add": ["duty", "add", "--title", "X", "--cadence", "1", "--responsible", "a", "--accountable", "a",
                 "--dry-run"],
    "action done": ["action", "done", "DEC-2026-001/1", "--dry-run"],
    "meeting reschedule": ["meeting", "reschedule", "MTG-2026-01", "--date", "2026-04-01", "--dry-run"],
    "meeting cancel": ["meeting", "cancel", "MTG-2026-01", "--dry-run"],
    "minutes circulate": ["minutes", "circulate", "MTG-2026-01", "-f", "{tmp}/4.2.md", "--dry-run"],
    "minutes approve": ["minutes", "approve", "MTG-2026-01", "--at", "MTG-2026-02", "--dry-run"],
    "meeting pack": ["meeting", "pack", "MTG-2026-01", "--minutes", "--format", "md", "-o", "{tmp}/reach-pack"],
    "search": ["search", "council"],
    "artifact register": ["artifact", "register", "{tmp}/4.2.md", "--title", "X", "--owners", "a", "--unsigned",
                          "--dry-run"],
    "artifact verify": ["artifact", "verify", "{tmp}/4.2.md", "ART-001"],
    "release check": ["release", "check", "ART-001", "--to", "a", "--purpose", "p", "--mode", "hosted", "--dry-run"],
    "release grant": ["release", "grant", "ART-001", "--to", "a", "--purpose", "p", "--mode", "hosted", "--dry-run"],
    "release revoke": ["release", "revoke", "REL-001", "--reason", "x", "--dry-run"],
    "resolution circulate": ["resolution", "circulate", "--title", "T", "--motion", "That.", "--tier", "low",
                             "--closes", "2026-12-31", "--dry-run"],
    "resolution vote": ["resolution", "vote", "WR-2026-001", "--for", "ada", "--dry-run"],
    "resolution close": ["resolution", "close", "WR-2026-001", "--dry-run"],
    "resolution show": ["resolution", "show", "WR-2026-001"], "resolution list": ["resolution", "list"],
    "resolution remind": ["resolution", "remind"],
    "risk update": ["risk", "update", "RSK-001", "--impact", "2"], "incident update": ["incident", "update", "X", "--title", "T"],
    "incident notify": ["incident", "notify", "X", "--who", "lab", "--at", "2026-01-01 10:00"],
    "duty update": ["duty", "update", "DUTY-001", "--cadence", "2"], "duty done": ["duty", "done", "DUTY-001"],
    "decide": ["decide", "MTG-2026-01", "--title", "T", "--motion", "That.", "--tier", "low", "--for", "ada"],
    "dataset new": ["dataset", "new", "--title", "X"], "dataset change": ["dataset", "change", "DS-001", "--title", "X"],
    "new": ["new", "risk"], "edit": ["edit", "ada"], "apply": ["apply", "{tmp}/broken.md"],
    "release suspend": ["release", "suspend", "REL-001", "--reason", "x", "--dry-run"],
    "exit trigger": ["exit", "trigger", "t", "--on", "2026-05-01", "--dry-run"],
    "exit withdraw": ["exit", "withdraw", "--dry-run"],
    "release waive": ["release", "waive", "REL-001", "--dataset", "D", "--field", "f", "--decision", "D",
                      "--dry-run"],
}


def commands() -> dict[str, object]:
    """Every leaf command, by its path ("keys use")."""
    found: dict[str, object] = {}

    def walk(group: object, prefix: str) -> None:
        for name, command in getattr(group, "commands", {}).items():
            path = f"{prefix} {name}".strip()
            if getattr(command, "commands", None):
                walk(command, path)
            else:
                found[path] = command

    walk(typer.main.get_command(app), "")
    return found


def fill(argv: list[str], places: dict[str, Path]) -> list[str]:
    return [a.format(**{k: str(v) for k, v in places.items()}) for a in argv]


def test_every_command_has_bad_input_cases() -> None:
    """A new command fails this test until it is fed bad input below."""
    missing = sorted(set(commands()) - set(BAD))
    assert not missing, f"commands with no bad-input cases: {missing}"
    takes_store = {path for path, cmd in commands().items()
                   if any("--store" in p.opts for p in cmd.params)}  # type: ignore[attr-defined]
    assert takes_store - set(REACH) == set(), "store-taking commands missing from REACH"


CASES = [(name, argv, needle) for name, cases in BAD.items() for argv, needle in cases]


@pytest.mark.parametrize("name, argv, needle", CASES, ids=[f"{c[0]}:{i}" for i, c in enumerate(CASES)])
def test_bad_input_exits_2_with_a_clear_message(places: dict[str, Path], name: str, argv: list[str],
                                                needle: str) -> None:
    before = snapshot(places["store"])
    code, output = invoke(fill(argv, places))
    assert code == 2, output
    assert needle in output.replace("\n", " "), output
    assert "Traceback" not in output
    assert snapshot(places["store"]) == before
    for target in ("new1", "new2", "new3", "new4", "out1", "out2", "out3", "ev", "r1", "r2", "c1", "c2", "b1"):
        assert not (places["tmp"] / target).exists(), f"{target} was created by a refused command"


@pytest.mark.parametrize("name", sorted(REACH))
@pytest.mark.parametrize("where", ["notgit", "missing", "other"])
def test_every_store_command_refuses_a_directory_that_is_not_a_store(places: dict[str, Path], name: str,
                                                                     where: str) -> None:
    """Not a git repository (or no directory at all): "not a council store".  Another
    project's git repository: refused too (commands that read git alone say what they
    did not find in it), and nothing is added to it."""
    target = places["tmp"] / "no-such-dir" if where == "missing" else places[where]
    before = sorted(p.name for p in target.iterdir()) if target.exists() else None
    code, output = invoke(fill(REACH[name], places) + ["--store", str(target)])
    if where == "other" and name in READS_ANY_GIT_REPOSITORY:
        assert code in (0, 2) and "Traceback" not in output, output
    else:
        assert code == 2 and "error: " in output, output
    if where != "other":
        assert "not a council store (no git repository there)" in output, output
    assert (sorted(p.name for p in target.iterdir()) if target.exists() else None) == before


# Commands that read git alone (no index) and so run on any git repository; they write nothing
# to it, which the test above checks.  (Noticed while writing these tests: they could refuse a
# repository without partnership.md at HEAD, as Store.open does.)
READS_ANY_GIT_REPOSITORY = {"diff", "history", "keys export", "terms"}


# --- a record file committed by hand that does not parse ---------------------------------


@pytest.fixture
def store_copy(places: dict[str, Path], tmp_path: Path) -> Path:
    target = tmp_path / "store"
    shutil.copytree(places["store"], target)
    return target


def test_a_hand_committed_broken_file_is_named_not_a_crash(store_copy: Path) -> None:
    path = store_copy / "members" / "ben.md"
    path.write_text(path.read_text().replace('voting = true', 'voting = "yes"'))
    git(store_copy, "commit", "-qam", "record: edit ben by hand")
    before = snapshot(store_copy)
    code, output = invoke(["show", "ben", "--store", str(store_copy)])
    assert code == 2 and "members/ben.md: field 'voting': expected true or false" in output, output
    code, output = invoke(["list", "members", "--store", str(store_copy)])
    assert code == 0 and "Ada Hale" in output and "Ben Ito" not in output
    code, output = invoke(["verify", "--store", str(store_copy)])
    assert code == 1 and "members/ben.md" in output and "voting" in output
    assert snapshot(store_copy)["refs"] == before["refs"] and snapshot(store_copy)["status"] == ""
    store = Store.open(store_copy)
    problems = [(p.kind, p.path) for p in store.problems()]
    store.close()
    assert ("unparsable", "members/ben.md") in problems


def test_a_hand_edit_not_committed_is_reported_and_protected(store_copy: Path) -> None:
    path = store_copy / "charter" / "4.2.md"
    path.write_text(path.read_text() + "\nA sentence added by hand.\n")
    store = Store.open(store_copy)
    problems = store.problems()
    assert [(p.kind, p.path) for p in problems] == [("hand-edit", "charter/4.2.md")]
    assert "modified by hand and not committed" in problems[0].message
    assert "+A sentence added by hand." in store.hand_edit_diff("charter/4.2.md")
    store.close()


def test_an_unreadable_index_is_rebuilt(store_copy: Path) -> None:
    (store_copy / ".council" / "index.sqlite").write_bytes(b"this is not a database" * 100)
    code, output = invoke(["show", "4.2", "--store", str(store_copy)])
    assert code == 0 and "the index was unreadable" in output and "two thirds" in output, output
    assert (store_copy / ".council" / "index.sqlite.unreadable").exists()


def test_a_busy_store_says_so_for_writers_and_still_reads(store_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNCIL_LOCK_WAIT", "0.1")  # each command reads it as it starts
    holder = Store.open(store_copy)
    before = snapshot(store_copy)
    with holder.lock():
        code, output = invoke(["reindex", "--store", str(store_copy)])
        assert code == 2 and "the store is busy" in output and "nothing was written" in output, output
        code, output = invoke(["show", "4.2", "--store", str(store_copy)])
        assert code == 0 and "two thirds" in output
    holder.close()
    assert snapshot(store_copy) == before


# --- a read-only store ------------------------------------------------------------------


def _read_only_runner(root: Path) -> Callable[[], object]:
    """Make ``root`` read-only for the code under test; return a context manager for running it.

    chmod alone does not stop root: as root, the files are handed to `nobody`
    and the test runs with that effective user (seteuid), restored after.
    """
    import contextlib

    for path in [root, *root.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    if os.geteuid() != 0:
        return contextlib.nullcontext

    nobody = 65534
    for path in [root, *root.rglob("*")]:
        os.chown(path, nobody, nobody)

    @contextlib.contextmanager
    def as_nobody():
        os.setegid(nobody)
        os.seteuid(nobody)
        try:
            yield
        finally:
            os.seteuid(0)
            os.setegid(0)

    return as_nobody


@pytest.fixture
def read_only_store(places: dict[str, Path], monkeypatch: pytest.MonkeyPatch):
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="council-ro-test-"))
    base.chmod(0o755)  # reachable by `nobody` (pytest's own temp folder is not)
    root = base / "store"
    shutil.copytree(places["store"], root)
    home = base / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("COUNCIL_DATA_DIR", str(home / "data"))
    as_reader = _read_only_runner(root)
    with as_reader():
        try:
            (root / "probe").write_text("x")
            writable = True
        except OSError:
            writable = False
    if writable:
        pytest.skip("cannot make a directory read-only here (root without CAP_SETUID)")
    yield root, as_reader
    if os.geteuid() == 0:
        for path in [root, *root.rglob("*")]:
            os.chown(path, 0, 0)
    for path in [base, *base.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(base, ignore_errors=True)


def _index_copies() -> set[Path]:
    import tempfile

    return set(Path(tempfile.gettempdir()).glob("council-ro-*")) - set(Path(tempfile.gettempdir()).glob("council-ro-test-*"))


def test_a_read_only_store_is_read_and_refuses_writes(read_only_store) -> None:
    import gc

    root, as_reader = read_only_store
    before = snapshot(root)
    copies = _index_copies()
    with as_reader():
        code, output = invoke(["show", "4.2", "--store", str(root)])
        assert code == 0 and "two thirds" in output and "read-only" in output, output
        code, output = invoke(["verify", "--store", str(root)])
        assert code == 0, output
        for argv in (["reindex"], ["operator", "ben"]):
            code, output = invoke(argv + ["--store", str(root)])
            assert code == 2 and "is read-only" in output and "nothing was written" in output, output
        store = Store.open(root)
        try:
            assert store.read_only and any(p.kind == "read-only" for p in store.problems())
            member = store.require("ben")
            from store.write.change import Change

            with pytest.raises(service.StoreError, match="read-only.*nothing was written"):
                store.write(Change("update ben", [member.replace(email="ro@x.example")]))
        finally:
            store.close()
    assert snapshot(root) == before
    gc.collect()  # commands that never closed their store leave no index copy behind either
    assert _index_copies() <= copies


# --- a full disk --------------------------------------------------------------------------


class DiskFull:
    """Makes the n-th write inside ``root`` fail with ENOSPC (opening a file for writing
    or writing to a descriptor), as a full disk would."""

    def __init__(self, root: Path, nth: int) -> None:
        self.root, self.nth, self.seen, self.fired = str(root), nth, 0, False

    def _hit(self, target: object) -> None:
        if self.fired or not str(target).startswith(self.root):
            return
        self.seen += 1
        if self.seen == self.nth:
            self.fired = True
            raise OSError(errno.ENOSPC, "No space left on device", str(target))

    def install(self, patch: pytest.MonkeyPatch) -> None:
        import builtins

        real_open, real_os_open, real_write = builtins.open, os.open, os.write
        names: dict[int, str] = {}

        def fake_open(file, mode="r", *args, **kwargs):
            if any(c in mode for c in "wax+"):
                self._hit(file)
            return real_open(file, mode, *args, **kwargs)

        def fake_os_open(path, flags, *args, **kwargs):
            fd = real_os_open(path, flags, *args, **kwargs)
            if flags & (os.O_WRONLY | os.O_RDWR):
                names[fd] = str(path)
            return fd

        def fake_write(fd, data):
            if fd in names:
                self._hit(names[fd])
            return real_write(fd, data)

        patch.setattr(builtins, "open", fake_open)
        patch.setattr(os, "open", fake_os_open)
        patch.setattr(os, "write", fake_write)


def test_a_full_disk_at_any_point_of_a_write_refuses_it_whole_or_finishes_it(places: dict[str, Path],
                                                                             tmp_path: Path) -> None:
    """Fail the 1st, 2nd, ... write of the write path until a write gets through untouched.
    Before the commit point the change is refused and the store unchanged; after it the
    change is acknowledged (with a warning) and the next open finishes it."""
    from store.write.change import Change

    refused = finished = 0
    for nth in range(1, 60):
        root = tmp_path / f"store{nth}"
        shutil.copytree(places["store"], root)
        store = Store.open(root)
        member = store.require("ben")
        before = snapshot(root)
        disk = DiskFull(root, nth)
        with pytest.MonkeyPatch.context() as patch:
            disk.install(patch)
            try:
                done = store.write(Change("update ben", [member.replace(email=f"n{nth}@hosp.example")]))
            except service.StoreError as exc:
                done = None
                assert "No space left on device" in str(exc) and "nothing was" in str(exc), str(exc)
        store.close()
        if not disk.fired:
            assert done is not None and not done.warnings
            break
        if done is None:
            refused += 1
            after = snapshot(root)
            new_objects = set(after.pop("objects")) - set(before.pop("objects"))
            assert after == before, f"a refused write (disk full at write {nth}) left a trace"
            # Objects written before the disk filled stay as unreachable garbage (git gc
            # prunes them): no ref, index or file points at them.
            unreachable = git(root, "fsck", "--unreachable", "--no-progress")
            assert all(p.replace("/", "")[-40:] in unreachable for p in new_objects)
            continue
        finished += 1  # past the commit point: only git's reflog (best effort) may go without a warning
        assert all("No space left on device" in w for w in done.warnings)
        reopened = Store.open(root)
        assert reopened.require("ben").email == f"n{nth}@hosp.example"
        assert git(root, "status", "--porcelain", "--untracked-files=all") == ""
        reopened.close()
    else:
        pytest.fail("the write never got through")
    print(f"disk full at each of {refused + finished} writes: {refused} refused whole, {finished} committed and finished")
    assert refused >= 5 and finished >= 1


UNSIGNED_FOUNDING = ["--template", "minimal", *signatory_options(None, (("a", "ann"), ("b", "bob")))]


def test_init_on_a_full_disk_leaves_no_half_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "new"
    for nth in (1, 5, 12):
        DiskFull(target, nth).install(monkeypatch)
        code, output = invoke(["init", str(target), "--name", "X", "--party", "a=A", "--party", "b=B",
                               *UNSIGNED_FOUNDING])
        monkeypatch.undo()
        for key, value in IDENTITY.items():
            monkeypatch.setenv(key, value)
        assert code == 2 and "No space left on device" in output, output
        assert not target.exists()
    code, output = invoke(["init", str(target), "--name", "X", "--party", "a=A", "--party", "b=B",
                           *UNSIGNED_FOUNDING])
    assert code == 0, output


def test_operator_on_a_full_disk(store_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(store_copy)
    Store.open(store_copy).close()  # recovery done first, outside the failing disk
    DiskFull(store_copy / ".council", 1).install(monkeypatch)
    code, output = invoke(["operator", "ben", "--store", str(store_copy)])
    assert code == 2 and "No space left on device" in output, output
    monkeypatch.undo()
    assert snapshot(store_copy) == before


def test_a_full_disk_for_the_index_keeps_the_commit_and_catches_up(store_copy: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from store.index import writes as index_writes
    from store.write.change import Change

    def full(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    store = Store.open(store_copy)
    member = store.require("ben")
    with monkeypatch.context() as patch:
        # Every update of the index, a commit's or a rebuild's, begins here (store/index/writes.py).
        patch.setattr(index_writes, "begin", full)
        done = store.write(Change("update ben", [member.replace(email="full@hosp.example")]))
        assert done.warnings and "database or disk is full" in done.warnings[0]
        assert store.head == done.commit
        code, output = invoke(["reindex", "--store", str(store_copy)])
        assert code == 2 and "database or disk is full" in output and "Traceback" not in output, output
    store.close()
    reopened = Store.open(store_copy)
    assert any("index caught up" in n for n in reopened.recovery_notes)
    assert reopened.require("ben").email == "full@hosp.example"
    reopened.close()
