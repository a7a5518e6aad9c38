"""The sample partnership's model artifacts and their releases (issue 17), as data.

Six artifacts with real lineage to the sample's datasets: the NG-Sepsis
cohort snapshot, SEWS-1 trained on it, the clinical-evalkit evaluation set,
the DischargeLens adapter trained on the redacted notes, SEWS-2 derived from
SEWS-1 and DischargeLens 1.0 derived from the adapter.  Their files are the
small stand-ins under ``sample_partnership/artifacts/<ID>/``; each manifest
digest was signed once by Dr Chen's key (the signatures ship beside them,
the private key does not).  The releases: one granted and live, one expired,
one refused by the gate (the purpose is not permitted by DS-001), one
granted as hosted inference only (DS-003's terms allow no weights transfer
since May 2026), and one flagged for recall by that same change.

Everyone and everything here is fictional.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from council.artifacts import Artifact, Evaluation, Release
from council.records import Member
from sample_partnership.history import MERIDIAN, NORTHGATE, _at, _d, _lines
from store.artifacts.hashing import hash_artifact

if TYPE_CHECKING:
    from sample_partnership.history import Motion, _Book

FILES = Path(__file__).parent / "artifacts"
SIGNER = "chen"
_PURPOSE_A = "(a) Developing and evaluating models that give early warning of sepsis in adult inpatients"
_PURPOSE_C = ("(c) Developing and evaluating models that draft discharge summaries for review by the "
              "responsible clinician")
_ENGLAND = "England and Wales"
_CODE = "https://git.meridian-ai.example/partnership/"
LAKESHORE = "Lakeshore Regional Hospital (pilot site)"
ALDGATE = "Aldgate Clinical Evaluation Ltd"
# DS-003 as amended in May 2026: models trained on the notes can memorise them.
NOTES_RELEASE_MODES = ["hosted", "sandbox"]


def releases_motion(motion: type["Motion"]) -> "Motion":
    """The November 2026 medium-tier motion that grants the two live releases."""
    return motion(
        "Approve the releases of SEWS-2 and DischargeLens 1.0", "medium",
        "That the council grant the releases in the release log: SEWS-2 to Aldgate Clinical Evaluation Ltd in an evaluation sandbox, and DischargeLens 1.0 to the Trust as hosted inference only.",
        "chen", "adeyemi",
        _lines("Each release was checked against the terms in force by the release gate before the meeting.",
               "DischargeLens's weights cannot leave Meridian's environment under DS-003 as amended in May 2026, so the Trust uses it through Meridian's hosted service."),
        summary="grant the releases of SEWS-2 (sandbox) and DischargeLens 1.0 (hosted)")


def _artifact(aid: str, title: str, kind: str, owners: list[str], ip: str, decision: str, *,
              datasets: tuple[str, ...] = (), parents: tuple[str, ...] = (), version: str = "",
              evaluations: tuple[Evaluation, ...] = (), hyper: dict[str, str] | None = None,
              sensitivity: str = "internal", body: str = "") -> Artifact:
    manifest = hash_artifact(FILES / aid).manifest
    return Artifact(
        id=aid, title=title, kind=kind, version=version, owners=owners, ip_asset=ip,
        location=f"s3://meridian-partnership-models/{aid.lower()}/", manifest_digest=manifest.digest(),
        manifest=manifest.text(), files=len(manifest.files), size=manifest.total_size, datasets=list(datasets),
        parents=list(parents), code_repository=_CODE + kind.replace("_", "-"), code_commit=f"{aid[-1]}" * 12,
        hyperparameters=hyper or {}, libraries={"python": "3.12", "torch": "2.4.1"}, evaluations=list(evaluations),
        decision=decision, signature=(FILES / f"{aid}.sig").read_text(), signed_by=SIGNER, sensitivity=sensitivity,
        # Where the bytes are is confidential to the owners (sealed to them); the hyperparameters,
        # a table rather than text, cannot be sealed, so they are internal.
        field_sensitivity={"location": "confidential", "hyperparameters": "internal"}, readers=list(owners),
        body=body)


def _release(rid: str, aid: str, to: str, purpose: str, mode: str, starts: str, ends: str, status: str,
             decision: str, body: str, jurisdiction: str = _ENGLAND) -> Release:
    return Release(id=rid, artifact=aid, recipient=to, jurisdiction=jurisdiction, purpose=purpose, mode=mode,
                   starts=_d(starts), ends=_d(ends), status=status, decision=decision, body=body)


def add_artifacts(b: "_Book", m: dict[str, "Motion"]) -> None:
    """Dr Chen's key, the six artifacts registered under their decisions, then the releases."""
    chen = next(r for c in b.changes() for r in c.records if isinstance(r, Member) and r.id == SIGNER)
    key = (FILES / "chen.pub").read_text().strip()
    # Recorded before the first sealed record (the risk register, 20 January 2025), so every
    # value the sample seals to Meridian is sealed to her key too and none waits for a re-seal.
    b.add(_at(_d("2025-01-15"), "09:00"), "record Dr Chen's key for signing artifact manifests",
          [chen.replace(signing_key=key)])
    auroc = Evaluation("AUROC on the held-out 2024 admissions", "0.87", "metric", _d("2025-08-29"), "chen")
    fairness = Evaluation("Sensitivity gap by sex and age band", "under 2 points", "fairness", _d("2025-08-29"), "adeyemi")
    arts = [
        (_d("2025-03-12"), _artifact("ART-001", "NG-Sepsis curated cohort snapshot, 2025 release", "dataset_snapshot",
                                     [NORTHGATE, MERIDIAN], "IP-008", m["cohort"].id, datasets=("DS-001",),
                                     version="2025.1")),
        (_d("2025-09-10"), _artifact("ART-002", "SEWS-1 sepsis early-warning model", "model", [NORTHGATE, MERIDIAN],
                                     "IP-007", m["sews1"].id, datasets=("DS-001",), parents=("ART-001",),
                                     version="1.0.0", evaluations=(auroc, fairness),
                                     hyper={"trees": "400", "depth": "6"}, sensitivity="public")),
        (_d("2025-10-15"), _artifact("ART-003", "clinical-evalkit sepsis evaluation set", "evaluation_set",
                                     [NORTHGATE, MERIDIAN], "IP-011", m["evalkit"].id, datasets=("DS-001",),
                                     parents=("ART-001",), version="0.3")),
        (_d("2025-11-12"), _artifact("ART-004", "DischargeLens adapter for Halcyon-7B", "adapter", [MERIDIAN],
                                     "IP-013", m["lens"].id, datasets=("DS-003",), version="0.9.0",
                                     hyper={"lora_r": "16", "learning_rate": "2e-4"})),
        (_d("2026-01-14"), _artifact("ART-005", "SEWS-2 sepsis early-warning model", "model", [NORTHGATE, MERIDIAN],
                                     "IP-012", m["sews2"].id, datasets=("DS-001",), parents=("ART-002",),
                                     version="2.0.0", hyper={"layers": "6", "learning_rate": "1e-4"})),
        (_d("2026-11-11"), _artifact("ART-006", "DischargeLens 1.0", "model", [MERIDIAN], "IP-013", m["card"].id,
                                     parents=("ART-004",), version="1.0.0", sensitivity="public",
                                     body="Merged from the 0.9 adapter after the clinical review of 3,000 summaries.")),
    ]
    for day, art in arts:
        b.add(_at(day, "10:00"), f"artifact {art.id}: {art.title} registered", [art])
    _releases(b, m)


def _releases(b: "_Book", m: dict[str, "Motion"]) -> None:
    granted = m["releases"].id
    b.add(_at(_d("2025-09-10"), "11:00"), f"release REL-001: ART-002 to {LAKESHORE} granted", [_release(
        "REL-001", "ART-002", LAKESHORE, _PURPOSE_A, "hosted", "2025-10-01", "2026-09-30", "granted",
        m["sews1licence"].id, "The pilot under Meridian's licence outside the United Kingdom, through Meridian's "
        "hosted service; it ended when the pilot became a contract.", jurisdiction="Ontario, Canada")])
    b.add(_at(_d("2025-11-12"), "11:00"), "release REL-002: ART-004 to northgate granted", [_release(
        "REL-002", "ART-004", NORTHGATE, _PURPOSE_C, "weights", "2025-11-12", "2026-12-31", "granted",
        m["lens"].id, "The Trust's clinical reviewers hold a copy of the adapter's weights to review its "
        "drafts in the Trust's own environment.")])
    b.add(_at(_d("2025-12-10"), "09:00"), f"release REL-003: ART-002 to {LAKESHORE} refused", [_release(
        "REL-003", "ART-002", LAKESHORE, "Marketing SEWS-1 to prospective customers", "hosted", "2025-12-10",
        "2026-03-31", "refused", "", _lines(
            "Asked for after the council declined to give the trial results to Meridian's commercial team.",
            "The gate refused it: DS-001 (permitted purposes): the purpose is not a permitted purpose."))])
    b.add(_at(_d("2026-11-16"), "10:00"), f"release REL-004: ART-005 to {ALDGATE} granted", [_release(
        "REL-004", "ART-005", ALDGATE, _PURPOSE_A, "sandbox", "2026-11-16", "2027-05-31", "granted", granted,
        "An independent evaluation of SEWS-2 in Meridian's evaluation sandbox; no weights leave it.")])
    b.add(_at(_d("2026-11-16"), "10:05"), "release REL-005: ART-006 to northgate granted", [_release(
        "REL-005", "ART-006", NORTHGATE, _PURPOSE_C, "hosted", "2026-11-16", "2026-12-31", "granted", granted,
        "Hosted inference only: the weights stay with Meridian under DS-003 as amended in May 2026.")])


def shipped(artifact_id: str) -> Path:
    """The sample's files of one artifact, for `council artifact verify`."""
    return FILES / artifact_id
