"""`council export` and the living registers: planted secrets in the new record kinds
never leak, their public parts are published, and their deadlines reach the
calendar only where the audience may see the fields they come from.

One small store per module carries a canary string in every confidential,
privileged and internal part of a dataset, a risk, an incident and a duty.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from council.records import AccessGrant, Dataset, Decision, Duty, Incident, Notification, Remediation, Risk
from exports.options import ExportOptions
from exports.run import export
from store.write.change import Change
from tests.conftest import DAY, MEMBERS, at, isolated, make_small_store

UTC = dt.UTC
VOTERS = {m.id: "for" for m in MEMBERS if m.voting}

# Canaries that may reach no audience (confidential or privileged).
SECRET = {
    "confidential dataset": "CANARY-CONFDS-1b7e",
    "confidential access grant of a public dataset": "CANARY-ACCESS-9d21",
    "confidential liability cap of a public risk": "CANARY-CAP-4c88",
    "privileged substance of a public incident": "CANARY-INCBODY-70af",
    "confidential regulator note": "CANARY-REGNOTE-e513",
    "confidential incident": "CANARY-CONFINC-3a6d",
    "confidential duty evidence": "CANARY-EVIDENCE-88b0",
}
# Canaries the partners may see but the public may not.
INTERNAL = {
    "internal risk": "CANARY-INTRISK-5e02",
    "internal notification reference": "CANARY-NOTEREF-c4d9",
    "internal incident notifications": "CANARY-NOTIFIED-0f3b",
}
PUBLIC = {"public dataset title": "Inpatient extract for the public",
          "public incident title": "Names left in a free-text release",
          "public risk title": "Alert fatigue on the wards"}
DETECTED = dt.datetime(2026, 3, 10, 8, 0, tzinfo=UTC)


def _datasets() -> list[Dataset]:
    base = dict(provider="hosp", lawful_basis="Art 6(1)(e)", jurisdiction="England", anonymisation="k>=10",
                rights_contact="dpo@hosp.example", permitted_purposes=["sepsis research"])
    public = Dataset(id="DS-001", title=PUBLIC["public dataset title"], sensitivity="public",
                     delete_by=dt.date(2026, 12, 31), field_sensitivity={"access": "confidential"},
                     access=[AccessGrant(f"Auditors {SECRET['confidential access grant of a public dataset']}", "hosp",
                                         None, dt.date(2026, 6, 30))], **base)
    secret = Dataset(id="DS-002", title=f"Side data {SECRET['confidential dataset']}", sensitivity="confidential",
                     delete_by=dt.date(2026, 9, 30), **base)
    return [public, secret]


def _registers() -> list:
    return [
        Risk(id="RSK-001", title=PUBLIC["public risk title"], owner="ada", likelihood=3, impact=4, bearing_party="hosp",
             liability_cap=f"£1m {SECRET['confidential liability cap of a public risk']}", sensitivity="public",
             review_date=dt.date(2026, 4, 14), field_sensitivity={"liability_cap": "confidential"}),
        Risk(id="RSK-002", title=f"Budget {INTERNAL['internal risk']}", owner="dee", likelihood=2, impact=2,
             bearing_party="lab", review_date=dt.date(2026, 5, 1), sensitivity="internal"),
        Incident(id="INC-2026-001", title=PUBLIC["public incident title"], kind="breach", party="hosp",
                 detected_at=DETECTED, sensitivity="public", datasets=["DS-001"],
                 regulator_note=f"Counsel says {SECRET['confidential regulator note']}",
                 notifications=[Notification("lab", DETECTED + dt.timedelta(hours=2), "ada",
                                             INTERNAL["internal notification reference"])],
                 remediation=[Remediation("Purge the release", "ben", dt.date(2026, 3, 20))],
                 field_sensitivity={"body": "privileged", "regulator_note": "confidential", "notifications": "internal"},
                 body=f"What happened: {SECRET['privileged substance of a public incident']}."),
        Incident(id="INC-2026-002", title=f"Laptop {SECRET['confidential incident']}", kind="breach", party="lab",
                 detected_at=DETECTED, sensitivity="confidential",
                 notifications=[Notification("hosp", DETECTED + dt.timedelta(hours=1), "eli",
                                             INTERNAL["internal incident notifications"])]),
        Duty(id="DUTY-001", title="Security drill", cadence_months=6, since=dt.date(2025, 9, 1), sensitivity="public",
             last_done=dt.date(2025, 9, 15), evidence=f"Report {SECRET['confidential duty evidence']}",
             responsible=["eli"], accountable="dee", informed=["hosp"], field_sensitivity={"evidence": "confidential"}),
    ]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory):
    """{audience: export dir} of one store with every planted register record."""
    base = tmp_path_factory.mktemp("export-registers")
    with isolated(base):
        store = make_small_store(base / "store")
        decision = Decision(id="DEC-2026-001", title="Adopt the data-sharing terms", meeting="MTG-2026-01", date=DAY,
                            tier="high", motion="That DS-001 and DS-002 be adopted.", moved_by="ada",
                            votes=dict(VOTERS), amends=["DS-001", "DS-002"])
        store.write(Change("adopt the data-sharing terms", [decision, *_datasets()], kind="amend",
                           decision="DEC-2026-001", when=at(DAY, 12)))
        store.write(Change("open the registers", _registers(), when=at(DAY, 13)))
        outs = {audience: export(store, ExportOptions(out=base / audience, audience=audience)).out
                for audience in ("public", "partners")}
        yield outs
        store.close()


def blob(out: Path) -> bytes:
    return b"\n".join(p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file())


def events(out: Path) -> dict[str, str]:
    """SUMMARY -> DTSTART of every calendar event (lines unfolded)."""
    text = (out / "council.ics").read_bytes().decode().replace("\r\n ", "")
    found = {}
    for chunk in text.split("BEGIN:VEVENT")[1:]:
        fields = dict(line.split(":", 1) for line in chunk.split("\r\n") if ":" in line)
        found[fields["SUMMARY"].replace("\\,", ",")] = fields["DTSTART;VALUE=DATE"]
    return found


def test_no_secret_of_a_register_reaches_any_audience(exported) -> None:
    for audience, out in exported.items():
        data = blob(out)
        for name, canary in SECRET.items():
            assert canary.encode() not in data, f"{name} ({canary}) leaked to the {audience}"


def test_internal_parts_reach_the_partners_only(exported) -> None:
    public, partners = blob(exported["public"]), blob(exported["partners"])
    for name, canary in INTERNAL.items():
        if name == "internal incident notifications":
            continue  # its incident is confidential: no audience sees it
        assert canary.encode() not in public, f"{name} leaked to the public"
        assert canary.encode() in partners, f"{name} should reach the partners"
    assert INTERNAL["internal incident notifications"].encode() not in partners


def test_the_public_part_of_each_register_is_published(exported) -> None:
    out = exported["public"]
    for name, text in PUBLIC.items():
        assert text.encode() in blob(out), f"{name} is not published"
    page = (out / "registers" / "incident.html").read_text()
    assert "INC-2026-001: Names left in a free-text release" in page and "withheld: privileged" in page
    assert "withheld: confidential" in (out / "registers" / "risk.html").read_text()
    document = json.loads((out / "council.json").read_text())
    assert "DS-001" in json.dumps(document) and "DS-002" in json.dumps(document)  # the ID, never the title


def test_register_deadlines_reach_the_calendar_only_where_visible(exported) -> None:
    public, partners = events(exported["public"]), events(exported["partners"])
    assert public[f"Retention of DS-001 ({PUBLIC['public dataset title']}) ends"] == "20261231"
    assert public[f"Review risk RSK-001 ({PUBLIC['public risk title']})"] == "20260414"
    assert public["Security drill (DUTY-001)"] == "20260315"
    assert public["INC-2026-001 remediation: Purge the release"] == "20260320"
    assert not any(s.startswith("Access to DS-001") for s in public)  # the grants are confidential
    assert not any("DS-002" in s or "INC-2026-002" in s for s in {**public, **partners})
    # The regulator's clock is published only where the notifications are visible.
    assert not any(s.startswith("Notify") for s in public)
    assert partners["Notify the regulator of INC-2026-001"] == "20260313"
    assert f"Review risk RSK-002 (Budget {INTERNAL['internal risk']})" in partners
