"""The sample partnership's artifacts and releases (issue 17): real lineage, signed manifests
that verify on the files the sample ships, and one release of each kind the issue names."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from council import release_gate
from council.artifacts import Artifact, Release
from sample_partnership import artifacts as sample
from store.service import Store
from store.usecases import artifacts as uses

WHEN = dt.datetime(2026, 12, 2, 12, tzinfo=dt.UTC)


def test_six_artifacts_each_verify_on_the_shipped_files(sample_store: Store) -> None:
    found = uses.artifacts(sample_store)
    assert len(found) >= 6
    for artifact in found.values():
        findings = uses.verify_files(sample_store, sample.shipped(artifact.id), artifact, "meridian", WHEN)
        assert all(f.ok for f in findings), [str(f) for f in findings]
        assert artifact.decision and (artifact.datasets or artifact.parents)
    datasets, unknown = release_gate.lineage("ART-006", found)
    assert datasets == ["DS-003"] and unknown == []  # through its parent, the adapter


def test_a_changed_shipped_file_is_named(sample_store: Store, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "ART-002"
    shutil.copytree(sample.shipped("ART-002"), copy)
    (copy / "config.json").write_text("{}\n")
    artifact = sample_store.require("ART-002")
    assert isinstance(artifact, Artifact)
    failed = [str(f) for f in uses.verify_files(sample_store, copy, artifact, "meridian", WHEN) if not f.ok]
    assert len(failed) == 1 and failed[0].startswith("FAIL files: changed: config.json (3 bytes, expected ")


def _release(store: Store, rid: str) -> Release:
    record = store.require(rid)
    assert isinstance(record, Release)
    return record


def _ask(store: Store, release: Release, mode: str | None = None) -> release_gate.Verdict:
    request = release_gate.Request(release.artifact, release.recipient, release.purpose, mode or release.mode,
                                   release.starts or WHEN.date(), release.jurisdiction)
    return uses.check(store, request)


def test_one_release_of_each_kind(sample_store: Store) -> None:
    today = WHEN.date()
    live = _release(sample_store, "REL-004")
    assert live.live_on(today) and _ask(sample_store, live).allowed
    expired = _release(sample_store, "REL-001")
    assert expired.status == "granted" and not expired.live_on(today) and expired.ends < today
    refused = _release(sample_store, "REL-003")
    verdict = _ask(sample_store, refused)
    assert refused.status == "refused" and not verdict.allowed
    assert [(r.record, r.field) for r in verdict.reasons] == [("DS-001", "permitted purposes")]
    hosted = _release(sample_store, "REL-005")
    assert hosted.mode == "hosted" and _ask(sample_store, hosted).allowed
    weights = _ask(sample_store, hosted, "weights")
    assert ("DS-003", "release modes") in [(r.record, r.field) for r in weights.reasons]
    assert "hosted inference only" in weights.alternatives


def test_recall_flags_the_weights_release_after_ds003_changed(sample_store: Store) -> None:
    from council.recall import flagged_releases

    flags = uses.recall_flags(sample_store, WHEN.date())
    reached = flagged_releases(flags)
    assert list(reached) == ["REL-002"]
    assert [(f.artifact, f.dataset, f.field) for f in reached["REL-002"]] == [("ART-004", "DS-003", "release modes")]
    through = [f for f in flags if f.artifact == "ART-006"]
    assert through and through[0].via == ("ART-006", "ART-004") and through[0].releases == ()


def test_a_recalled_release_is_waived_by_a_decision_or_suspended(sample_store: Store) -> None:
    from council.errors import RecordError
    from council.recall import flagged_releases

    day = WHEN.date()
    try:
        uses.waive(sample_store, "REL-002", "DS-003", "status", "DEC-2026-024", day)
    except RecordError as exc:
        assert "flagged: DS-003 release modes" in str(exc)
    else:
        raise AssertionError("a waiver of a flag the release does not carry was recorded")
    uses.waive(sample_store, "REL-002", "DS-003", "release modes", "DEC-2026-024", day)
    assert flagged_releases(uses.recall_flags(sample_store, day)) == {}
    uses.suspend(sample_store, "REL-004", day, "The evaluator's sandbox account is under review.")
    assert not _release(sample_store, "REL-004").live_on(day)


def test_show_json_keeps_a_records_own_kind_beside_its_record_kind(sample_store: Store) -> None:
    import json

    from typer.testing import CliRunner

    from council.cli import app

    runner = CliRunner()
    for record_id, own, record_kind in (("ART-005", "model", "artifact"), ("ART-001", "dataset_snapshot", "artifact"),
                                        ("IP-001", sample_store.require("IP-001").kind, "ip")):
        shown = runner.invoke(app, ["show", record_id, "--store", str(sample_store.root), "--json"])
        assert shown.exit_code == 0, shown.output
        data = json.loads(shown.output)
        assert (data["kind"], data["record_kind"]) == (own, record_kind), record_id
    listed = json.loads(runner.invoke(app, ["list", "decisions", "--store", str(sample_store.root), "--json",
                                            "--all"]).output)
    # A kind with no field of that name keeps the record kind under "kind" too, as readers before had it.
    assert {(d["kind"], d["record_kind"]) for d in listed} == {("decision", "decision")}
