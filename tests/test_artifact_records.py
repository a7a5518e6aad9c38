"""The artifact and release kinds in the records registry and the file format (issue 17)."""

from __future__ import annotations

import datetime as dt

from council.artifacts import Artifact, Evaluation, Release
from council.charter import charter_from_clauses
from council.fileformat import parse_path, serialise
from council.records import KINDS, Dataset, kind_of_id, kind_of_path, path_for
from council.skeleton import charter_skeleton
from council.templates import consortium, two_party


def test_kinds_are_registered_with_ids_and_folders() -> None:
    assert KINDS["artifact"] is Artifact and KINDS["release"] is Release
    assert kind_of_id("ART-007") == "artifact" and kind_of_id("REL-001") == "release"
    assert kind_of_id("ART-7") is None
    assert kind_of_path("artifacts/ART-007.md") == "artifact" and kind_of_path("releases/REL-001.md") == "release"


def test_an_artifact_and_a_release_read_back_byte_for_byte() -> None:
    art = Artifact(id="ART-007", title="Model", owners=["lab"], datasets=["DS-001"], parents=["ART-001"],
                   hyperparameters={"lr": "3e-4"}, libraries={"torch": "2.4"},
                   evaluations=[Evaluation("AUROC", "0.91", "metric", dt.date(2026, 3, 1), "eli")],
                   signature="-----BEGIN SSH SIGNATURE-----\nabc\n-----END SSH SIGNATURE-----\n", body="Notes.")
    rel = Release(id="REL-001", artifact="ART-007", recipient="Acme Evaluators", mode="sandbox",
                  starts=dt.date(2026, 4, 1), ends=dt.date(2026, 6, 30), status="granted", conditions=["No copies."])
    for record in (art, rel):
        text = serialise(record)
        again = parse_path(path_for(record), text.encode())
        assert again == record and serialise(again) == text


def test_release_modes_stay_out_of_a_dataset_file_until_used() -> None:
    ds = Dataset(id="DS-001", title="Scans")
    assert "release_modes" not in serialise(ds)
    narrowed = ds.replace(release_modes=["hosted"])
    assert 'release_modes = [\n    "hosted",\n]' in serialise(narrowed)
    assert parse_path("datasets/DS-001.md", serialise(narrowed).encode()) == narrowed


def test_charters_put_artifacts_and_releases_at_a_tier() -> None:
    for clauses in (charter_skeleton(), two_party(), consortium()):
        charter = charter_from_clauses(clauses)
        assert charter.minimum_tier("artifacts") == "medium" and charter.minimum_tier("releases") == "medium"


def test_to_json_keeps_the_records_own_kind_field_and_the_record_kind_apart() -> None:
    import dataclasses

    from council.records import IPAsset, Meeting
    from store.recordjson import RECORD_KIND_KEY, to_json

    # The record kind's key is one no record field has, so it can never be overwritten.
    for cls in KINDS.values():
        assert RECORD_KIND_KEY not in {f.name for f in dataclasses.fields(cls)}, cls.KIND
    art = to_json(Artifact(id="ART-007", title="Adapter", kind="adapter"))
    assert (art["kind"], art[RECORD_KIND_KEY]) == ("adapter", "artifact")
    ip = to_json(IPAsset(id="IP-042", title="Weights", kind="model"))
    assert (ip["kind"], ip[RECORD_KIND_KEY]) == ("model", "ip")
    meeting = to_json(Meeting(id="MTG-2026-05", title="Extraordinary", date=dt.date(2026, 5, 1), kind="extraordinary"))
    assert (meeting["kind"], meeting[RECORD_KIND_KEY]) == ("extraordinary", "meeting")
    release = to_json(Release(id="REL-001", artifact="ART-007", recipient="lab", purpose="(a)"))
    assert (release["kind"], release[RECORD_KIND_KEY]) == ("release", "release")
