"""A replica 1,000 commits behind catches up: verified, integrated, indexed, with
work that does not grow per commit.

The 1,000 commits are written straight into the hub with `git fast-import`
(a store write costs an fsync or two each; this keeps the test quick); each
is a ``record:`` commit adding one risk, as the write path would make it.

How fast that is on the wall depends on the machine's load, so the test
counts what the cost is made of instead: the processes a sync starts.  A sync
that started one (or a few) per incoming commit would be the slow design.
"""

from __future__ import annotations

import datetime as dt
import subprocess

import git.cmd as gitcmd
import pytest

from council.fileformat import serialise
from council.records import Risk
from store.sync import replicas as sync
from tests.conftest import DAY
from tests.test_sync_support import Trio, assert_same, git, head, record_decision, trio, trio_template  # noqa: F401

pytestmark = pytest.mark.slow  # see README: the fast inner loop leaves these out

COMMITS = 1000
WHO = "Test Clerk <clerk@example.org>"


def fast_import_stream(parent: str, count: int) -> bytes:
    out = []
    start = int(dt.datetime(2026, 4, 1, tzinfo=dt.UTC).timestamp())
    for n in range(1, count + 1):
        risk = Risk(id=f"RSK-{n:04d}", title=f"Risk number {n}", owner="ada", bearing_party="hosp",
                    likelihood=1 + n % 5, impact=1 + n % 3, review_date=dt.date(2027, 1, 1), identified_on=DAY,
                    body=f"Risk {n} was identified at a working session.")
        content = serialise(risk).encode()
        message = f"record: record {risk.id}: {risk.title}\n\nRecorded-by: {WHO}\n".encode()
        stamp = f"{start + 60 * n} +0000"
        out.append(b"commit refs/heads/main\n")
        out.append(f"author {WHO} {stamp}\ncommitter {WHO} {stamp}\n".encode())
        out.append(b"data %d\n%s\n" % (len(message), message))
        if n == 1:
            out.append(f"from {parent}\n".encode())
        out.append(f"M 100644 inline risks/{risk.id}.md\n".encode())
        out.append(b"data %d\n%s\n" % (len(content), content))
    return b"".join(out)


# Far fewer processes than commits: a per-commit design would start >= 1,000.
MAX_PROCESSES = 120


class CountedPopen(subprocess.Popen):
    """subprocess.Popen, counting how many processes are started."""

    started = 0

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        CountedPopen.started += 1
        super().__init__(*args, **kwargs)


@pytest.fixture
def processes(monkeypatch: pytest.MonkeyPatch) -> type[CountedPopen]:
    CountedPopen.started = 0
    monkeypatch.setattr(subprocess, "Popen", CountedPopen)  # subprocess.run goes through it
    monkeypatch.setattr(gitcmd, "Popen", CountedPopen)  # GitPython imported its own name
    return CountedPopen


def test_a_replica_1000_commits_behind_catches_up(trio: Trio, processes: type[CountedPopen]) -> None:
    subprocess.run(["git", "fast-import", "--quiet"], cwd=trio.hub, check=True,
                   input=fast_import_stream(head(trio.hub, "main"), COMMITS))
    record_decision(trio.b, "DEC-2026-001", "Fund the pilot")  # and one commit of its own, offline
    processes.started = 0
    result = sync.sync(trio.b)
    assert result.integration.how == "replayed ours" and len(result.integration.replayed) == 1
    assert result.pushed == head(trio.b.root)
    assert len(trio.b.list("risk")) == COMMITS
    assert processes.started < MAX_PROCESSES, f"catching up {COMMITS} commits started {processes.started}"
    processes.started = 0
    assert sync.sync(trio.a).integration.how == "fast-forward"  # 1,001 commits behind
    assert processes.started < MAX_PROCESSES, f"a fast-forward of {COMMITS + 1} started {processes.started}"
    assert int(git(trio.a.root, "rev-list", "--count", "HEAD").strip()) == 3 + COMMITS + 1
    assert_same(trio)
