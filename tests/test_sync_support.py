"""Shared by the sync tests: a bare hub and two replicas, built once per session and copied per test.

The hub is a bare repository that accepts fast-forwards only
(``receive.denyNonFastForwards=true``), as docs/sync.md tells partners to set
one up; replica ``a`` created the store and pushed it there, replica ``b`` is
a `council clone` of the hub.  Both call their remote ``hub``.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from council.records import Decision, Meeting, Risk
from store.audit.verify import verify
from store.service import Store, record_counts
from store.sync import replicas as sync
from store.write.change import Change
from tests.conftest import DAY, MEMBERS, at, isolated, make_small_store

VOTERS = [m.id for m in MEMBERS if m.voting]


def git(path: Path, *args: str, env: dict | None = None, check: bool = True, input: str | None = None) -> str:
    proc = subprocess.run(["git", *args], cwd=path, capture_output=True, text=True, input=input,
                          env={**os.environ, **(env or {})})
    if check and proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr}")
    return proc.stdout


def head(path: Path, ref: str = "HEAD") -> str:
    return git(path, "rev-parse", ref).strip()


def make_hub(path: Path) -> Path:
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(path)], check=True)
    git(path, "config", "receive.denyNonFastForwards", "true")
    return path


@dataclass
class Trio:
    hub: Path
    a: Store
    b: Store

    def reopen(self) -> None:
        """Close and reopen both replicas, as new `council` processes would."""
        self.a.close()
        self.b.close()
        self.a, self.b = Store.open(self.a.root), Store.open(self.b.root)

    def close(self) -> None:
        self.a.close()
        self.b.close()


def build_template(root: Path) -> Path:
    hub = make_hub(root / "hub.git")
    a = make_small_store(root / "a")
    sync.add_remote(a.root, "hub", str(hub))
    assert sync.sync(a).pushed
    a.close()
    sync.clone(str(hub), root / "b")
    git(root / "b", "remote", "rename", "origin", "hub")
    return root


@pytest.fixture(scope="session")
def trio_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with isolated(tmp_path_factory.mktemp("sync-home")):
        return build_template(tmp_path_factory.mktemp("sync-template"))


@pytest.fixture
def trio(trio_template: Path, tmp_path: Path) -> Trio:
    root = tmp_path / "trio"
    shutil.copytree(trio_template, root, symlinks=True)
    for name in ("a", "b"):
        git(root / name, "remote", "set-url", "hub", str(root / "hub.git"))
    made = Trio(root / "hub.git", Store.open(root / "a"), Store.open(root / "b"))
    yield made
    made.close()


# --- changes a secretariat makes ----------------------------------------------------


def record_decision(store: Store, dec_id: str, title: str, body: str = "Because.", when: dt.datetime | None = None,
                    **fields) -> str:
    decision = Decision(id=dec_id, title=title, meeting="MTG-2026-01", date=DAY, tier="high",
                        motion=f"That {title.lower()}.", moved_by="ada", votes={m: "for" for m in VOTERS},
                        body=body, **fields)
    return store.write(Change(f"record {dec_id}: {title}", [decision], when=when or at(DAY, 14))).commit


def add_risk(store: Store, risk_id: str, title: str) -> str:
    risk = Risk(id=risk_id, title=title, owner="ada", bearing_party="hosp", likelihood=2, impact=3,
                review_date=dt.date(2026, 9, 1), identified_on=DAY)
    return store.write(Change(f"record {risk_id}: {title}", [risk], when=at(DAY, 15))).commit


def edit_meeting(store: Store, summary: str, **changes) -> str:
    meeting = store.require("MTG-2026-01")
    assert isinstance(meeting, Meeting)
    return store.write(Change(summary, [meeting.replace(**changes)], when=at(DAY, 16))).commit


# --- what must hold after every scenario ---------------------------------------------------


def assert_consistent(*stores: Store) -> None:
    """Each replica verifies in full, and its index holds exactly what its HEAD holds."""
    for store in stores:
        report = verify(store, full=True)
        assert report.ok, [str(f) for f in report.failures]
        assert not git(store.root, "status", "--porcelain", "--untracked-files=no")


def assert_same(t: Trio) -> None:
    """Both replicas and the hub hold the same commit; their indexes hold the same records."""
    assert head(t.a.root) == head(t.b.root) == head(t.hub, "main")
    assert record_counts(t.a) == record_counts(t.b)
    assert {r.id: r for r in t.a.list("decision")} == {r.id: r for r in t.b.list("decision")}
    assert_consistent(t.a, t.b)


def is_linear(root: Path) -> bool:
    return not git(root, "rev-list", "--min-parents=2", "HEAD").strip()
