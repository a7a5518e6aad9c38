"""The exit rule in `council sync`: a release a partner granted in exit, with plain git, never lands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from council.artifacts import Artifact, Release
from council.fileformat import serialise
from council.records import Decision, ExitPlan, Trigger, path_for
from store.artifacts.hashing import hash_artifact
from store.audit.verify import verify
from store.sync import replicas as sync
from store.write.change import Change
from tests.conftest import DAY, at
from tests.test_sync_support import (  # noqa: F401 (fixtures)
    VOTERS,
    Trio,
    git,
    head,
    trio,
    trio_template,
)

EXIT_DAY = dt.date(2026, 5, 1)


def _decision(dec_id: str, amends: list[str]) -> Decision:
    return Decision(id=dec_id, title=f"Decision {dec_id}", meeting="MTG-2026-01", date=DAY, tier="high",
                    motion="That it be done.", moved_by="ada", votes={m: "for" for m in VOTERS}, amends=amends,
                    body="Because.")


def _in_exit_with_a_model(store, tmp_path: Path) -> Release:
    """ART-001 registered, and the partnership put in exit on EXIT_DAY by an amendment; a release to grant."""
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "w.bin").write_bytes(b"weights")
    manifest = hash_artifact(tmp_path / "model").manifest
    store.write(Change("decision to register", [_decision("DEC-2026-001", [])], when=at(DAY, 11)))
    art = Artifact(id="ART-001", title="Model", owners=["lab"], manifest=manifest.text(),
                   manifest_digest=manifest.digest(), files=1, size=manifest.total_size, decision="DEC-2026-001")
    store.write(Change("artifact ART-001: Model registered", [art], creates=["ART-001"], when=at(DAY, 12)))
    plan = store.require("EXIT-01")
    assert isinstance(plan, ExitPlan)
    plan = plan.replace(triggers=[Trigger("material_breach", "A material breach not remedied.")])
    partnership = store.partnership()
    assert partnership is not None
    in_exit = partnership.replace(exit_plan="EXIT-01", exit_trigger="material_breach", exit_on=EXIT_DAY)
    store.write(Change("the partnership is in exit", [_decision("DEC-2026-002", ["EXIT-01", "partnership"]), plan,
                                                       in_exit], kind="amend", decision="DEC-2026-002",
                       when=at(EXIT_DAY + dt.timedelta(days=1), 10)))
    return Release(id="REL-001", artifact="ART-001", recipient="hosp", purpose="(a)", mode="hosted",
                   starts=EXIT_DAY + dt.timedelta(days=2), status="granted", decision="DEC-2026-001")


def test_a_release_granted_in_exit_by_a_partner_with_plain_git_is_refused(trio: Trio, tmp_path: Path) -> None:
    release = _in_exit_with_a_model(trio.a, tmp_path)
    sync.sync(trio.a)
    sync.sync(trio.b)
    path = trio.b.root / path_for(release)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(serialise(release))
    moment = "2026-05-03T10:00:00+00:00"
    git(trio.b.root, "add", str(path))
    git(trio.b.root, "commit", "-qm", "record: release REL-001: ART-001 to hosp granted",
        env={"GIT_AUTHOR_DATE": moment, "GIT_COMMITTER_DATE": moment})
    bad = head(trio.b.root)
    git(trio.b.root, "push", "-q", "hub", "main")
    a_before = head(trio.a.root)
    with pytest.raises(sync.SyncRefused) as refused:
        sync.sync(trio.a)
    assert f"commit {bad[:10]}: REL-001: [release-in-exit]" in str(refused.value), str(refused.value)
    assert head(trio.a.root) == a_before and trio.a.get("REL-001") is None
    assert verify(trio.a).ok
