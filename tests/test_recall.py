"""Recall through lineage (council/recall.py): pure, on hand-made terms."""

from __future__ import annotations

import datetime as dt
import random

from council.artifacts import Artifact, Release
from council.recall import changes, flagged_releases, flags
from council.records import Dataset

DAY = dt.date(2026, 12, 2)
DS = Dataset(id="DS-001", title="Notes", model_training_allowed=True, permitted_purposes=["(a) Research", "(b) Audit"])


def chain(n: int) -> dict[str, Artifact]:
    """ART-001 trained on DS-001, each next one derived from the one before."""
    out = {"ART-001": Artifact(id="ART-001", title="base", datasets=["DS-001"])}
    for i in range(2, n + 1):
        out[f"ART-{i:03d}"] = Artifact(id=f"ART-{i:03d}", title="derived", parents=[f"ART-{i - 1:03d}"])
    return out


def test_each_change_is_named_by_its_field() -> None:
    assert changes(DS, DS, DAY) == []
    assert changes(DS, DS.replace(status="suspended"), DAY) == [("status", "the terms are suspended: withdrawn")]
    assert changes(DS, DS.replace(model_training_allowed=False), DAY)[0][0] == "model training allowed"
    assert changes(DS, DS.replace(permitted_purposes=["(a) Research"]), DAY) == [
        ("permitted purposes", "no longer permitted: (b) Audit")]
    assert changes(DS, DS.replace(release_modes=["hosted"]), DAY)[0][0] == "release modes"
    assert changes(DS, DS.replace(delete_by=dt.date(2026, 11, 30)), DAY) == [
        ("retention", "the data had to be deleted by 2026-11-30")]
    assert changes(DS, None, DAY) == [("register", "no longer in the data-sharing register")]


def test_a_withdrawal_reaches_every_descendant_and_every_live_release() -> None:
    arts = chain(5)
    releases = [Release(id="REL-001", artifact="ART-005", recipient="hosp", purpose="(a)", status="granted"),
                Release(id="REL-002", artifact="ART-003", recipient="hosp", purpose="(a)", status="refused")]
    found = flags(arts, releases, {"ART-001": {"DS-001": DS}}, {"DS-001": DS.replace(status="ended")}, DAY)
    assert sorted(f.artifact for f in found) == list(arts)
    last = next(f for f in found if f.artifact == "ART-005")
    assert last.via == ("ART-005", "ART-004", "ART-003", "ART-002", "ART-001") and last.releases == ("REL-001",)
    assert list(flagged_releases(found)) == ["REL-001"]  # the refused one holds nothing


def test_a_narrowed_purpose_reaches_only_releases_for_that_purpose() -> None:
    arts = chain(1)
    releases = [Release(id="REL-001", artifact="ART-001", recipient="hosp", purpose="(a)", status="granted"),
                Release(id="REL-002", artifact="ART-001", recipient="hosp", purpose="(b)", status="granted")]
    found = flags(arts, releases, {"ART-001": {"DS-001": DS}},
                  {"DS-001": DS.replace(permitted_purposes=["(a) Research"])}, DAY)
    assert [f.releases for f in found] == [("REL-002",)]


def test_unchanged_terms_flag_nothing_and_a_cycle_does_not_loop() -> None:
    arts = chain(3)
    arts["ART-001"] = arts["ART-001"].replace(parents=["ART-003"])
    assert flags(arts, [], {"ART-001": {"DS-001": DS}}, {"DS-001": DS}, DAY) == []


def test_removing_a_dataset_from_the_lineage_never_adds_a_flag() -> None:
    rng = random.Random(17)
    for _ in range(200):
        ids = [f"DS-{i:03d}" for i in range(1, 4)]
        before = {d: DS.replace(id=d) for d in ids}
        now = {d: before[d].replace(status=rng.choice(["active", "ended"]),
                                    model_training_allowed=rng.random() < 0.7) for d in ids}
        lineage = rng.sample(ids, rng.randint(1, 3))
        arts = {"ART-001": Artifact(id="ART-001", title="m", datasets=lineage)}
        fewer = {"ART-001": arts["ART-001"].replace(datasets=lineage[1:])}
        used = {"ART-001": before}
        assert len(flags(fewer, [], used, now, DAY)) <= len(flags(arts, [], used, now, DAY))
