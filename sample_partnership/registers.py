"""The sample partnership's living registers, as data.

Data-sharing terms (four datasets, changed only by amendment: two signed with
the charter, one added with purpose (c), one adopted in December 2025), the
charter's incident clause, the risk and liability register, the incident
register and the responsibility matrix.  :mod:`sample_partnership.history`
calls :func:`add_registers` once the meetings are in place, so that records
can name the decisions and disputes that followed them.

Everyone and everything here is fictional.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from council.records import AccessGrant, Clause, Dataset, Duty, Incident, Notification, Record, Remediation, Risk
from sample_partnership.history import MERIDIAN, NORTHGATE, PARTNERS, PATIENTS, SECRETARY, _at, _d, _lines

if TYPE_CHECKING:
    from sample_partnership.history import Motion, _Book

_REGULATOR = "regulator"


# --- the charter's incident clause ----------------------------------------------


def incidents_clause(version: int) -> Clause:
    hours = 48 if version == 1 else 24
    body = [
        f"A party that detects a security incident, a personal data breach or a breach of the data-sharing terms affecting partnership data notifies the other partner and the secretary within {hours} hours of detecting it.",
        "Where the incident is a personal data breach, the controller notifies the Information Commissioner's Office within 72 hours of becoming aware of it, unless the breach is unlikely to result in a risk to individuals, and records its reasons for not notifying.",
        "The observer is told through the council.",
        "The secretary keeps the incident register: who was notified and when, the remediation steps, and any dispute or decision that follows.",
    ]
    if version > 1:
        body.append("Notification times are recorded from the notices themselves, not from later reports.")
    return Clause(id="11", title="Incidents and notification", sensitivity="public", rule="incidents",
                  settings={"party_hours": hours, "regulator_hours": 72, "regulator_kinds": ["breach"],
                            "notify_observers": False},
                  body=_lines(*body))


# --- data-sharing terms -------------------------------------------------------------

_TRUST_DPO = "Northgate Health NHS Foundation Trust, Data Protection Officer: dpo@northgate-health.example, 0161 555 0142"
_NHS_BASIS = ("UK GDPR Article 6(1)(e) (public task) and Article 9(2)(j) (scientific research), with the safeguards of "
              "section 19 and Schedule 1 paragraph 4 of the Data Protection Act 2018; de-identified before release, "
              "so the common-law duty of confidentiality is met")
_ENGLAND = "England and Wales (UK GDPR and the Data Protection Act 2018)"
_NO_REID = "Re-identification of any individual, or any attempt at it"
_NO_LINK = "Linkage with any other dataset without a medium-tier decision"
_NO_COPY = "Copying outside Meridian's secure research environment"
_DEID_1 = ("ICO anonymisation guidance: direct identifiers removed, dates shifted by a random offset per patient, "
           "postcodes truncated to the district, k-anonymity with k of at least 10 on the quasi-identifiers")
_DEID_3 = _DEID_1 + ", and of at least 20 for records with a diagnosis rarer than 1 in 10,000; counts below 10 suppressed in any output"
_PURPOSE_A = "(a) Developing and evaluating models that give early warning of sepsis in adult inpatients"
_PURPOSE_B = "(b) Research into the quality and completeness of clinical data"
_PURPOSE_C = "(c) Developing and evaluating models that draft discharge summaries for review by the responsible clinician"


def inpatient_terms(version: int) -> Dataset:
    """DS-001: the structured inpatient extract (IP-001), signed with the charter."""
    purposes = [_PURPOSE_A, _PURPOSE_B] + ([_PURPOSE_C] if version > 1 else [])
    prohibited = [_NO_REID, _NO_LINK, _NO_COPY]
    if version > 1:
        prohibited.append("Derived embeddings, indexes or feature stores leaving the secure research environment")
    return Dataset(
        id="DS-001", title="Northgate de-identified inpatient EHR extract, 2019-2024", provider=NORTHGATE,
        description="Structured records of adult inpatient admissions: observations, laboratory results, prescriptions, diagnoses and outcomes.",
        lawful_basis=_NHS_BASIS, jurisdiction=_ENGLAND, model_training_allowed=True, outputs_commercialisable=True,
        anonymisation=_DEID_3 if version > 2 else _DEID_1,
        received_on=_d("2025-02-03") if version > 1 else None, delete_by=_d("2030-02-04"),
        transfer_mechanism="UK adequacy regulations for the EEA (Data Protection Act 2018, Schedule 21), for the encrypted disaster-recovery replica in Meridian's Dublin region",
        rights_contact=_TRUST_DPO, ip_asset="IP-001", on_exit="delete", exit_days=30, sensitivity="public",
        permitted_purposes=purposes, prohibited_transformations=prohibited, transfers_to=["Ireland"],
        access=[AccessGrant("Trust information governance team", NORTHGATE, _d("2025-01-06")),
                AccessGrant("Meridian machine-learning engineers with partnership clearance", MERIDIAN,
                            _d("2025-02-03"), _d("2030-01-05"))],
        field_sensitivity={"access": "internal", "transfers_to": "internal", "transfer_mechanism": "internal"},
        body=_lines(
            "The terms on which the Trust shares its structured inpatient extract with Meridian under charter clause 9.",
            "The extract is released in tranches under the Data Access Procedure; the national data opt-out is applied before every release.",
        ) + ("\n" + _lines(
            "Purpose (c) and the rule on derived embeddings were added in November 2025, the second after dispute DSP-001.",
        ) if version > 1 else ""),
    )


def radiograph_terms() -> Dataset:
    """DS-002: the chest radiograph archive (IP-002); terms agreed, nothing released yet."""
    return Dataset(
        id="DS-002", title="Northgate chest radiograph archive (de-identified DICOM), 2017-2024", provider=NORTHGATE,
        description="Chest radiographs with their radiology reports, identifying DICOM tags stripped and burnt-in text masked.",
        lawful_basis=_NHS_BASIS, jurisdiction=_ENGLAND, model_training_allowed=True, outputs_commercialisable=False,
        anonymisation="DICOM PS3.15 Basic Application Level Confidentiality Profile, with burnt-in annotations masked and checked by a radiographer on a 2% sample",
        delete_by=_d("2030-02-04"), rights_contact=_TRUST_DPO, ip_asset="IP-002", on_exit="delete", exit_days=30,
        sensitivity="internal", permitted_purposes=[_PURPOSE_A],
        prohibited_transformations=[_NO_REID, _NO_LINK, _NO_COPY, "Any use of the radiology reports' free text outside purpose (a)"],
        body=_lines(
            "Terms agreed with the charter for future work on imaging-assisted sepsis risk.",
            "No release has been made: access is granted by amending these terms when the council approves the work.",
        ),
    )


def notes_terms(version: int) -> Dataset:
    """DS-003: redacted free-text notes for purpose (c), added with it in November 2025."""
    anonymisation = ("Automated redaction of names, addresses, dates of birth, NHS numbers and record numbers before release (charter clause 9)")
    access = [AccessGrant("Meridian NLP engineers named in the release log", MERIDIAN, _d("2026-02-02"), _d("2026-12-31"))]
    if version > 1:
        anonymisation += "; each quarter a random sample of 500 notes is audited and must show at least 99.5% of direct identifiers removed"
        access.append(AccessGrant("Independent redaction auditors (Harrow & Lyle LLP), read-only", NORTHGATE,
                                  _d("2026-06-01"), _d("2026-12-15")))
    return Dataset(
        id="DS-003", title="Redacted free-text clinical notes for discharge summarisation", provider=NORTHGATE,
        description="Admission, ward-round and discharge notes of adult inpatients, with direct identifiers redacted, used to fine-tune and evaluate DischargeLens.",
        lawful_basis=_NHS_BASIS, jurisdiction=_ENGLAND, model_training_allowed=True, outputs_commercialisable=False,
        anonymisation=anonymisation, delete_by=_d("2026-12-31"), rights_contact=_TRUST_DPO, on_exit="delete",
        exit_days=14, sensitivity="public", permitted_purposes=[_PURPOSE_C],
        prohibited_transformations=[_NO_REID, _NO_LINK, _NO_COPY, "Use for any purpose other than (c)",
                                    "Training any model that is not reviewed by the council before release"],
        # Internal, not sealed: the release gate reads the grants on every replica, with no key.
        access=access, field_sensitivity={"access": "internal"},
        # From May 2026 a model trained on the notes, which can memorise them, leaves Meridian's environment
        # only as hosted inference or in an evaluation sandbox (issue 17's recall in the sample).
        release_modes=["hosted", "sandbox"] if version > 1 else [],
        body=_lines(
            "Free text carries more risk than structured data, so these notes are released for purpose (c) only, after automated redaction, and are deleted by 31 December 2026 unless the council extends the period by amendment.",
        ) + ("\n" + _lines(
            "Since May 2026 a model trained on the notes may be released only as hosted inference or in an evaluation sandbox: a model can memorise the text it was trained on.",
        ) if version > 1 else ""),
    )


def telemetry_terms() -> Dataset:
    """DS-004: SEWS-1's inference and alert logs, shared by Meridian with the Trust from go-live."""
    return Dataset(
        id="DS-004", title="SEWS-1 inference and alert logs", provider=MERIDIAN,
        description="Per-alert records of SEWS-1 in clinical use: the encounter key, risk score, top contributing features, alert time and the ward's acknowledgement.",
        lawful_basis="UK GDPR Article 6(1)(e) and Article 9(2)(h) (the Trust's direct care and clinical safety monitoring under DCB0160); pseudonymised data of the Trust's own patients",
        jurisdiction=_ENGLAND, model_training_allowed=False, outputs_commercialisable=False,
        anonymisation="Pseudonymised: only the Trust's encounter keys, which Meridian cannot resolve; no names or NHS numbers",
        received_on=_d("2026-02-16"), retention_months=24, rights_contact=_TRUST_DPO, on_exit="retain", exit_days=0,
        sensitivity="internal", permitted_purposes=["Clinical safety monitoring of SEWS-1 by the Trust",
                                                    "Investigation of clinical incidents involving SEWS-1 alerts"],
        prohibited_transformations=["Use to train or tune any model", "Disclosure to Meridian's customers or commercial team"],
        access=[AccessGrant("Trust clinical safety officer and deployment team", NORTHGATE, _d("2026-02-16"))],
        field_sensitivity={"body": "confidential"}, readers=PARTNERS,
        body=_lines(
            "Meridian hosts SEWS-1's inference service and shares its logs daily with the Trust, which needs them to run its clinical safety case.",
            "Meridian's own monitoring copy is kept for 24 months and is not a partnership dataset.",
        ),
    )


# --- motions that set register terms -------------------------------------------------


def december_2025_motions(motion: type["Motion"]) -> dict[str, "Motion"]:
    """Two high-tier motions appended to the December 2025 meeting's business."""
    from council.records import ActionItem

    return {
        "incidents24": motion(
            "Amend clause 11: notify the other partner of an incident within 24 hours", "high",
            "That clause 11 be amended as circulated, so that a party notifies the other partner of an incident affecting partnership data within 24 hours of detecting it.",
            "ramasamy", "whitcombe",
            _lines("Security finding SF-2025-03 was readable for 23 days before it was found; the Trust then heard of it within three hours, but clause 11 allowed 48.",
                   "Both data protection officers want the contractual clock to match their own breach procedures."),
            terms=[incidents_clause(2)],
            actions=[ActionItem("Brief both partners' security and information governance teams on the 24-hour clock", "ramasamy", _d("2026-01-13"))],
            summary="amend clause 11 so that the other partner is told of an incident within 24 hours"),
        "telemetry": motion(
            "Adopt the data-sharing terms for the SEWS-1 monitoring logs", "high",
            "That the council adopt the data-sharing terms DS-004 as circulated, under which Meridian shares the inference and alert logs of SEWS-1 with the Trust for clinical safety monitoring from go-live.",
            "chen", "okafor",
            _lines("The Trust's clinical safety case for SEWS-1 needs every alert and its acknowledgement.",
                   "The logs are pseudonymised with the Trust's own keys and may not be used to train any model."),
            terms=[telemetry_terms()], summary="adopt the data-sharing terms DS-004 for the SEWS-1 monitoring logs"),
    }


# --- the registers' history ---------------------------------------------------------------


def add_registers(b: "_Book", m: dict[str, "Motion"]) -> None:
    """Every change to the risk register, the incident register and the responsibility matrix."""
    _risks(b)
    _incidents(b, m)
    _duties(b, m)


def _put(b: "_Book", day: str, hhmm: str, summary: str, *records: Record) -> None:
    b.add(_at(_d(day), hhmm), summary, list(records))


def _update(b: "_Book", record_id: str, day: str, hhmm: str, summary: str, **changes: Any) -> None:
    current = b.registers[record_id]
    b.add(_at(_d(day), hhmm), summary, [dataclasses.replace(current, **changes)])


_CAP = {"liability_cap": "confidential", "insurance": "confidential"}


def _risk(rid: str, title: str, category: str, owner: str, likelihood: int, impact: int, bearing: str,
          cap: str, insurance: str, mitigation: str, identified: str, review: str | None, *,
          status: str = "open", sensitivity: str = "internal", warranties: tuple[str, ...] = (),
          refs: tuple[str, ...] = (), body: str = "") -> Risk:
    return Risk(id=rid, title=title, category=category, owner=owner, likelihood=likelihood, impact=impact,
                bearing_party=bearing, liability_cap=cap, insurance=insurance, mitigation=mitigation,
                identified_on=_d(identified), review_date=_d(review) if review else None, status=status,
                sensitivity=sensitivity, warranties=list(warranties), refs=list(refs),
                field_sensitivity=dict(_CAP), readers=PARTNERS, body=body)


def _risks(b: "_Book") -> None:
    clinical_cap = "Uncapped where the law allows no cap; otherwise £10,000,000 per claim for each party"
    _put(b, "2025-01-20", "10:00", "open the risk register with the risks identified at signature",
         _risk("RSK-001", "Re-identification of patients from released extracts", "data protection", "brennan", 3, 5,
               NORTHGATE, "£5,000,000 aggregate for each party under the data-sharing terms; uncapped for a deliberate breach of clause 9",
               "Cyber and data protection liability cover of at least £10,000,000 for each partner",
               "The de-identification standard of clause 9, the Data Access Procedure and the release log reviewed by the council.",
               "2025-01-20", "2025-07-08",
               warranties=("Meridian warrants that it will make no attempt to re-identify any individual",
                           "The Trust warrants that each extract meets the clause 9 standard when it is released"),
               refs=("DS-001", "9")),
         _risk("RSK-006", "Regulatory direction to stop the processing", "regulatory", "fairbairn", 1, 5, "shared",
               "Neither party is liable to the other for losses caused by a regulator's direction", "",
               "Data protection impact assessments kept current; early engagement with the ICO and the MHRA; an exit plan that can be run.",
               "2025-01-20", "2027-01-12", refs=("EXIT-01",)),
         _risk("RSK-007", "Dependence on one person to keep the council's books", "governance", "okafor", 2, 1, NORTHGATE,
               "Not applicable", "", "The ledger and this register are kept in git; a deputy secretary is trained each year.",
               "2025-01-20", "2027-01-12", status="accepted", sensitivity="public"),
         _risk("RSK-009", "Delay to the first data release", "delivery", "brennan", 3, 2, NORTHGATE,
               "Not applicable", "", "Release scheduled under the Data Access Procedure with a named data steward.",
               "2025-01-20", "2025-02-11", sensitivity="public"))
    _update(b, "RSK-009", "2025-02-11", "17:05", "close RSK-009: the first tranche was released on 3 February 2025",
            status="closed", review_date=None)
    _put(b, "2025-05-06", "11:30", "add RSK-004 after the derived embeddings were found outside the sepsis purpose",
         _risk("RSK-004", "Unauthorised copying of partnership data outside the secure research environment", "security",
               "ramasamy", 3, 4, MERIDIAN, "Uncapped for breach of confidentiality and of clause 9",
               "Meridian: cyber liability cover of £10,000,000 per claim",
               "Egress controls on the secure research environment, quarterly access reviews and a ban on derived indexes leaving it.",
               "2025-05-06", "2025-11-11", warranties=("Meridian warrants that partnership data never leaves its secure research environment",),
               refs=("DS-001", "DSP-001")))
    _put(b, "2025-06-12", "10:00", "add RSK-003 after the compute allocation had to be recorded without a quorum",
         _risk("RSK-003", "Shortfall in GPU capacity delays model validation", "operational", "lindqvist", 2, 2, MERIDIAN,
               "Service credits of up to 10% of the quarter's compute allocation; no other liability for capacity",
               "", "Compute allocations approved a quarter ahead; a second provider considered for burst capacity.",
               "2025-06-12", "2025-12-09"))
    _put(b, "2025-09-15", "10:00", "add RSK-002 as the SEWS-1 silent-mode trial begins",
         _risk("RSK-002", "Alert fatigue leads clinicians to miss sepsis flagged by SEWS-1", "clinical safety", "okafor", 3, 4,
               "shared", clinical_cap,
               "The Trust: NHS Resolution clinical negligence scheme; Meridian: medical device product liability cover of £10,000,000 per claim",
               "Silent-mode trial before go-live; alert thresholds set with ward staff; alert burden reported to every meeting.",
               "2025-09-15", "2026-12-08", sensitivity="public",
               warranties=("Meridian warrants that SEWS-1 is UKCA-marked as a Class IIa medical device before clinical use",),
               refs=("IP-007",)))
    _put(b, "2025-09-15", "10:05", "set RSK-001 to mitigating after the external de-identification audit",
         dataclasses.replace(b.registers["RSK-001"], likelihood=2, status="mitigating", review_date=_d("2026-01-13")))
    _update(b, "RSK-003", "2025-12-09", "17:10", "review RSK-003 at the December 2025 meeting",
            review_date=_d("2026-09-08"))
    _update(b, "RSK-004", "2025-11-11", "17:10", "review RSK-004 after security finding SF-2025-03",
            review_date=_d("2026-05-12"), refs=["DS-001", "DSP-001", "INC-2025-002"])
    _update(b, "RSK-001", "2026-01-13", "17:10", "hand RSK-001 to the new data steward",
            owner="adeyemi", review_date=_d("2026-07-14"), refs=["DS-001", "DS-003", "9"])
    _put(b, "2026-01-13", "17:15", "add RSK-005 on the minimum royalty of the SEWS-1 commercial licence",
         _risk("RSK-005", "Royalties from the SEWS-1 commercial licence fall below the minimum", "commercial", "whitcombe",
               2, 2, NORTHGATE, "Not applicable: the Trust's exposure is lost income", "",
               "Quarterly royalty statements; the minimum annual payment is owed whatever the receipts.",
               "2026-01-13", "2027-03-09", refs=("IP-007",)))
    _update(b, "RSK-001", "2026-07-14", "17:10", "review RSK-001: quarterly redaction audits in place",
            review_date=_d("2027-01-12"))
    _update(b, "RSK-003", "2026-09-20", "10:00", "raise the likelihood of RSK-003 after the third-quarter shortfall",
            likelihood=4, review_date=_d("2026-12-08"), refs=["DSP-003"])
    _put(b, "2026-11-12", "11:30", "add RSK-008 on DischargeLens performance for notes not written in English",
         _risk("RSK-008", "DischargeLens performs worse for patients whose notes are not in English", "clinical safety",
               "chen", 4, 3, "shared", clinical_cap, "As for RSK-002",
               "Re-analysis of the affected cases due in December 2026; the evaluation summary to be published with it.",
               "2026-11-12", "2026-12-08", sensitivity="public", refs=("IP-013", "DSP-004")))
    _update(b, "RSK-004", "2026-11-19", "12:30", "raise RSK-004 after incident INC-2026-002",
            likelihood=4, review_date=_d("2026-12-08"), refs=["DS-001", "DS-003", "DSP-001", "INC-2025-002", "INC-2026-002"])


def _incidents(b: "_Book", m: dict[str, "Motion"]) -> None:
    _put(b, "2025-05-06", "11:05", "record incident INC-2025-001: derived embeddings in a demonstration environment", Incident(
        id="INC-2025-001", title="Derived embedding index copied to a product demonstration environment",
        kind="policy_violation", party=MERIDIAN, detected_at=_at(_d("2025-05-02"), "10:15"), reported_by="brennan",
        regulator_note="Not a personal data breach: the index holds no record from which a patient could be identified (assessment of both data protection officers, 6 May 2025).",
        dispute="DSP-001", sensitivity="confidential", readers=PARTNERS, datasets=["DS-001"],
        notifications=[Notification(NORTHGATE, _at(_d("2025-05-03"), "09:00"), "ramasamy")],
        body=_lines("The Trust's data steward found an embedding index derived from the 2019-2021 tranche of DS-001 in a Meridian environment used for product demonstrations.",
                    "Meridian confirmed the copy in writing the next morning.")))
    first = b.registers["INC-2025-001"]
    _update(b, "INC-2025-001", "2025-07-24", "12:05", "close INC-2025-001: the embedding index deleted and certified",
            status="closed", closed_on=_d("2025-07-24"), decision=m["dsp1"].id,
            remediation=[Remediation("Delete the embedding index and every copy, and certify the deletion", "ramasamy",
                                     _d("2025-07-31"), _d("2025-07-24")),
                         Remediation("Extend the external de-identification audit to the demonstration environments",
                                     "brennan", _d("2025-09-09"), _d("2025-09-09"))],
            body=first.body)
    sf = Incident(
        id="INC-2025-002", title="Service credential exposed in the staging area of the secure research environment",
        kind="security", party=MERIDIAN, detected_at=_at(_d("2025-10-17"), "15:20"), reported_by="ramasamy",
        # Both partners read it: the Trust was notified, and both data protection officers
        # decided on the regulator's notification (its privileged note).
        sensitivity="confidential", readers=PARTNERS, datasets=["DS-001"],
        notifications=[Notification(NORTHGATE, _at(_d("2025-10-17"), "18:05"), "ramasamy")],
        field_sensitivity={"regulator_note": "privileged"},
        body=_lines("Security finding SF-2025-03: a configuration file in the staging area held a service credential with read access to the DS-001 storage bucket.",
                    "The file was readable by 14 engineers without partnership clearance for 23 days."))
    _put(b, "2025-10-20", "09:00", "record incident INC-2025-002 (security finding SF-2025-03)", sf)
    _update(b, "INC-2025-002", "2025-10-28", "17:30", "INC-2025-002: remediation plan approved",
            status="contained", decision=m["sf"].id,
            remediation=[Remediation("Rotate every credential with access to partnership data", "ramasamy", _d("2025-10-31"), _d("2025-10-30")),
                         Remediation("Deliver the external forensic review", "ramasamy", _d("2025-11-25"), _d("2025-11-24")),
                         Remediation("Resume data releases once the review has reported", "brennan", _d("2025-12-09"))])
    steps = b.registers["INC-2025-002"].remediation
    _update(b, "INC-2025-002", "2025-12-09", "17:30", "close INC-2025-002: the notification decision recorded",
            status="closed", closed_on=_d("2025-12-09"), regulator_required=False,
            regulator_note="The forensic review found no use of the credential outside the normal pipeline; on counsel's advice the two data protection officers decided on 9 December 2025 that no notification to the ICO was required.",
            remediation=[*steps[:2], dataclasses.replace(steps[2], owner="okafor", done_on=_d("2025-12-09"))])
    _put(b, "2026-03-03", "17:00", "record incident INC-2026-001: unredacted names in a free-text release", Incident(
        id="INC-2026-001", title="Patient names left unredacted in a free-text release", kind="breach", party=NORTHGATE,
        detected_at=_at(_d("2026-03-03"), "11:30"), reported_by="chen", sensitivity="public", datasets=["DS-003"],
        notifications=[Notification(MERIDIAN, _at(_d("2026-03-03"), "13:05"), "adeyemi")],
        remediation=[Remediation("Purge the affected release from the secure research environment", "chen", _d("2026-03-04"), _d("2026-03-04"))],
        field_sensitivity={"body": "confidential", "notifications": "internal", "remediation": "internal"},
        readers=PARTNERS,  # the Trust's breach, found and reported by Meridian's engineers
        body=_lines("Meridian's engineers found 37 notes in the February 2026 release of DS-003 in which the redaction had missed patients' names written in lower case.",
                    "The release was withdrawn the next morning and no model had been trained on it.")))
    _update(b, "INC-2026-001", "2026-03-05", "17:00", "INC-2026-001: the ICO notified",
            notifications=[*b.registers["INC-2026-001"].notifications,
                           Notification(_REGULATOR, _at(_d("2026-03-05"), "16:40"), "adeyemi", "ICO case IC-2026-04418"),
                           Notification(PATIENTS, _at(_d("2026-03-10"), "14:00"), SECRETARY)],
            status="contained",
            remediation=[*b.registers["INC-2026-001"].remediation,
                         Remediation("Re-run redaction with case-insensitive name detection and re-release", "adeyemi", _d("2026-03-31"))])
    current = b.registers["INC-2026-001"]
    _update(b, "INC-2026-001", "2026-05-12", "17:30", f"INC-2026-001: linked to {m['deid'].id}, which made redaction audits quarterly",
            decision=m["deid"].id,
            remediation=[current.remediation[0], dataclasses.replace(current.remediation[1], done_on=_d("2026-03-27")),
                         Remediation("First quarterly redaction audit under the amended clause 9", "adeyemi", _d("2026-06-30"))])
    current = b.registers["INC-2026-001"]
    _update(b, "INC-2026-001", "2026-06-26", "15:00", "close INC-2026-001 after the first quarterly redaction audit",
            status="closed", closed_on=_d("2026-06-26"),
            remediation=[*current.remediation[:2], dataclasses.replace(current.remediation[2], done_on=_d("2026-06-26"))])
    _put(b, "2026-11-18", "15:00", "record incident INC-2026-002: notes copied to an unmanaged laptop", Incident(
        id="INC-2026-002", title="Sample of free-text notes copied to an unmanaged laptop", kind="breach", party=MERIDIAN,
        detected_at=_at(_d("2026-11-18"), "09:10"), reported_by="ramasamy", sensitivity="confidential", datasets=["DS-003"],
        readers=[MERIDIAN],  # sealed: only Meridian's replica reads it (issue 16)
        regulator_note="The data protection officers are assessing whether the laptop's full-disk encryption makes a risk to individuals unlikely; counsel's advice is awaited.",
        notifications=[Notification(NORTHGATE, _at(_d("2026-11-18"), "14:30"), "ramasamy")],
        remediation=[Remediation("Recover the laptop and wipe it under supervision", "ramasamy", _d("2026-11-20")),
                     Remediation("Forensic review of the laptop and of the engineer's other devices", "ramasamy", _d("2026-12-04"))],
        field_sensitivity={"body": "privileged", "regulator_note": "privileged"},
        body=_lines("A Meridian engineer exported about 2,000 notes from DS-003 to a personal laptop to debug a tokenisation error over a weekend.",
                    "Meridian's data-loss prevention tooling flagged the export on Wednesday morning.")))
    current = b.registers["INC-2026-002"]
    _update(b, "INC-2026-002", "2026-11-19", "12:00", "INC-2026-002: the laptop recovered and wiped",
            status="contained",
            remediation=[dataclasses.replace(current.remediation[0], done_on=_d("2026-11-19")), current.remediation[1]])


def _duty(did: str, title: str, cadence: int, since: str, basis: str, responsible: list[str], accountable: str,
          consulted: list[str], informed: list[str], body: str, sensitivity: str = "internal") -> Duty:
    return Duty(id=did, title=title, cadence_months=cadence, since=_d(since), basis=basis, sensitivity=sensitivity,
                responsible=responsible, accountable=accountable, consulted=consulted, informed=informed, body=body)


def _duties(b: "_Book", m: dict[str, "Motion"]) -> None:
    mrm = m["mrm"].id
    _put(b, "2025-07-15", "10:00", f"record the responsibility matrix for compliance duties ({mrm})",
         _duty("DUTY-001", "Data protection impact assessment review", 12, "2025-01-06", "UK GDPR Article 35; charter clause 9",
               ["brennan"], "whitcombe", ["ramasamy", "mensah"], [MERIDIAN, PATIENTS],
               "The DPIA for each purpose is reviewed every year and before any new kind of release."),
         _duty("DUTY-003", "Clinical safety case review (DCB0129 and DCB0160)", 12, "2025-07-08",
               f"Model Risk Management Standard, adopted by {mrm}", ["chen", "okafor"], "okafor", ["ramasamy"], [MERIDIAN],
               "Meridian keeps the manufacturer's safety case (DCB0129) and the Trust the deployment case (DCB0160); both are reviewed together."),
         _duty("DUTY-004", "Security incident response drill", 6, "2025-07-08",
               "Charter clause 11; ISO/IEC 27001 control A.5.24", ["ramasamy"], "lindqvist", ["brennan"], [NORTHGATE],
               "A tabletop drill of an incident affecting partnership data, run against the clocks of clause 11."),
         _duty("DUTY-006", "Annual review of the exit plan", 12, "2025-01-06", "Charter clause 8",
               ["fairbairn", SECRETARY], "okafor", ["whitcombe", "lindqvist"], [NORTHGATE, MERIDIAN, PATIENTS],
               "The exit plan is reviewed each year, by an exercise where possible.", sensitivity="public"))
    _update(b, "DUTY-004", "2025-09-18", "16:00", "DUTY-004: first security drill held", last_done=_d("2025-09-18"),
            evidence="Drill report SD-2025-01")
    _update(b, "DUTY-001", "2026-01-12", "12:05", "DUTY-001: DPIA for purpose (c) reviewed; the new data steward takes the duty",
            last_done=_d("2026-01-12"), responsible=["adeyemi"], consulted=["ramasamy", "mensah"],
            evidence="DPIA v2.1 for purpose (c), reviewed by Meridian's compliance lead")
    _update(b, "DUTY-003", "2026-01-13", "17:20", "DUTY-003: safety cases reviewed before SEWS-1 go-live",
            last_done=_d("2026-01-13"), evidence="SEWS-1 clinical safety case v1.0 and hazard log, signed by both safety officers")
    _put(b, "2026-02-16", "10:00", "add DUTY-002: bias audits of deployed models from SEWS-1 go-live",
         _duty("DUTY-002", "Bias and subgroup performance audit of deployed models", 6, "2026-02-16",
               f"Model Risk Management Standard, adopted by {mrm}", ["chen"], "lindqvist", ["okafor", "mensah"],
               [NORTHGATE, MERIDIAN, PATIENTS],
               "Performance by age, sex, ethnicity, deprivation and language of the notes, published in summary.",
               sensitivity="public"))
    _update(b, "DUTY-004", "2026-03-20", "16:00", "DUTY-004: second security drill held, using INC-2026-001",
            last_done=_d("2026-03-20"), evidence="Drill report SD-2026-01")
    _put(b, "2026-05-19", "10:00", f"add DUTY-005: quarterly redaction audits under clause 9 as amended by {m['deid'].id}",
         _duty("DUTY-005", "Free-text redaction audit", 3, "2026-05-12", f"Charter clause 9, as amended by {m['deid'].id}",
               ["adeyemi"], "whitcombe", ["chen"], [MERIDIAN, PATIENTS],
               "A random sample of 500 released notes is checked by hand; below 99.5% of identifiers removed, free-text releases stop."))
    _update(b, "DUTY-005", "2026-06-26", "15:05", "DUTY-005: first quarterly redaction audit", last_done=_d("2026-06-26"),
            evidence="Redaction audit RA-2026-Q2: 99.8% of direct identifiers removed")
    _update(b, "DUTY-006", "2026-07-14", "17:05", "DUTY-006: exit plan reviewed after the exit exercise",
            last_done=_d("2026-07-14"), evidence="Exit exercise report of 24 June 2026 and the amended EXIT-01")
    _update(b, "DUTY-002", "2026-08-20", "16:00", "DUTY-002: first subgroup audit of SEWS-1", last_done=_d("2026-08-20"),
            evidence="SEWS-1 subgroup performance report, August 2026")
    _update(b, "DUTY-005", "2026-09-29", "15:00", "DUTY-005: second quarterly redaction audit", last_done=_d("2026-09-29"),
            evidence="Redaction audit RA-2026-Q3: 99.7% of direct identifiers removed")
