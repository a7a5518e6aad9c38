"""The published site's pictures (exports/charts.py): SVG from the filtered view only, no script."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from exports.options import ExportOptions
from exports.run import export
from store.service import Store

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory, sample_template: Path) -> Path:
    import shutil

    from tests.conftest import isolated

    base = tmp_path_factory.mktemp("charts")
    with isolated(base):
        shutil.copytree(sample_template, base / "store")
        store = Store.open(base / "store")
        export(store, ExportOptions(out=base / "public"))
        export(store, ExportOptions(out=base / "partners", audience="partners"))
        store.close()
    return base / "public"


@pytest.fixture(scope="module")
def for_partners(published: Path) -> Path:
    """The same store exported for the partners, who may see the exit plan."""
    return published.parent / "partners"


def charts(page: Path) -> dict[str, ET.Element]:
    found = {}
    for text in re.findall(r"<svg.*?</svg>", page.read_text(), re.S):
        svg = ET.fromstring(text)  # well-formed XML, or this raises
        title = svg.find(f"{SVG}title")
        assert title is not None and svg.find(f"{SVG}desc") is not None
        assert svg.get("role") == "img" and svg.get("aria-labelledby")
        found[title.text or ""] = svg
    return found


def mark_titles(svg: ET.Element) -> list[str]:
    return [t.text or "" for t in svg.iter(f"{SVG}title")][1:]


def test_the_site_draws_its_four_pictures_without_script(published: Path) -> None:
    assert set(charts(published / "index.html")) == {"Decisions per quarter by outcome",
                                                     "Attendance at each held meeting"}
    assert set(charts(published / "disputes.html")) == {"Disputes on the escalation ladder"}
    assert not (published / "exit.html").exists()  # the public does not see the exit plan
    for page in ("index.html", "disputes.html"):
        assert "<script" not in (published / page).read_text()


def test_the_decision_bars_add_up_to_the_published_decisions(published: Path) -> None:
    svg = charts(published / "index.html")["Decisions per quarter by outcome"]
    drawn: Counter[str] = Counter()
    for title in mark_titles(svg):
        quarter, count, outcome = re.fullmatch(r"(\d{4} Q\d): (\d+) (.+)", title).groups()
        drawn[outcome.replace(" ", "_")] += int(count)
    data = json.loads((published / "council.json").read_text())
    published_outcomes = Counter(d["fields"]["outcome"] for d in data["records"]["decisions"]
                                 if d["withheld"] is None and isinstance(d["fields"].get("outcome"), str))
    assert drawn == published_outcomes and sum(drawn.values()) > 40


def test_attendance_is_drawn_for_each_held_meeting_with_published_attendance(published: Path) -> None:
    svg = charts(published / "index.html")["Attendance at each held meeting"]
    data = json.loads((published / "council.json").read_text())
    held = [m for m in data["records"]["meetings"] if m["withheld"] is None
            and m["fields"].get("status") == "held" and isinstance(m["fields"].get("attendance"), dict)]
    present = sum(1 for m in held for s in m["fields"]["attendance"].values() if s == "present")
    drawn = sum(int(re.search(r": (\d+) present$", t).group(1)) for t in mark_titles(svg) if t.endswith(" present"))
    assert held and drawn == present
    crosses = [t for t in svg.iter(f"{SVG}text") if t.text == "\u2715"]
    assert len(crosses) == sum(1 for m in held if m["fields"].get("quorate") is False)


def test_each_dispute_stage_is_a_bar_and_overdue_time_is_marked(published: Path) -> None:
    svg = charts(published / "disputes.html")["Disputes on the escalation ladder"]
    titles = mark_titles(svg)
    data = json.loads((published / "council.json").read_text())
    for dispute in data["records"]["disputes"]:
        stages = dispute["fields"].get("stages")
        if isinstance(stages, list):
            drawn = [t for t in titles if t.startswith(dispute["id"] + " ") and ": from " in t]
            assert len(drawn) == len(stages), dispute["id"]
    assert any("past its deadline" in t for t in titles)  # DSP-002 sits in mediation past its deadline


def test_exit_readiness_counts_each_published_obligation_once(for_partners: Path) -> None:
    page = for_partners / "exit.html"
    assert "<script" not in page.read_text()
    svg = charts(page)["Exit readiness by party"]
    drawn: Counter[tuple[str, str]] = Counter()
    for title in mark_titles(svg):
        party, count, state = re.fullmatch(r"(.+): (\d+) (ready|not yet ready)", title).groups()
        drawn[(party, state)] += int(count)
    data = json.loads((for_partners / "council.json").read_text())
    names = {p["id"]: p["legal_name"] for p in data["records"]["partnership"][0]["fields"]["parties"]}
    expected: Counter[tuple[str, str]] = Counter()
    for plan in data["records"]["exit_plans"]:
        for ob in plan["fields"].get("obligations", []):
            ready = bool(ob.get("migration") and ob.get("evidence"))
            expected[(names[ob["party"]], "ready" if ready else "not yet ready")] += 1
    assert drawn == expected and sum(expected.values()) > 5


def test_model_cards_show_only_public_artifacts_and_public_fields(published: Path, for_partners: Path) -> None:
    """Issue 17: the public sees the public artifacts' cards and lineage; no internal artifact, no
    confidential field (the storage location, the hyperparameters)."""
    page = (published / "models.html").read_text()
    assert "ART-002: SEWS-1 sepsis early-warning model" in page and "ART-006: DischargeLens 1.0" in page
    assert "ART-005" not in page.split("<svg", 1)[0]  # internal: no card
    assert "s3://" not in page and "trees" not in page  # confidential fields of a public artifact
    assert "AUROC on the held-out 2024 admissions" in page
    svg = ET.fromstring(re.search(r"<svg.*?</svg>", page, re.S).group(0))
    assert svg.get("role") == "img" and svg.find(f"{SVG}title") is not None
    boxes = {t.text for t in svg.iter(f"{SVG}text") if t.get("font-weight") == "bold"}
    # Each public artifact and what its visible lineage names: SEWS-1 from ART-001 and DS-001, 1.0 from ART-004.
    assert boxes == {"ART-002", "ART-006", "ART-001", "DS-001", "ART-004"}
    assert "<script" not in page
    partners = (for_partners / "models.html").read_text()
    assert "ART-005: SEWS-2 sepsis early-warning model" in partners and "s3://" not in partners


def test_a_written_resolutions_ballots_are_published_as_the_charter_publishes_named_votes(published: Path) -> None:
    """The sample's charter publishes named votes (clause 5, as amended): the public sees who voted
    how on a written resolution exactly as it does on a decision (the policy's named-votes rule
    covers both; tests/test_export.py holds it for a charter that does not publish them)."""
    page = (published / "registers" / "resolution.html").read_text()
    assert "WR-2026-001" in page and "7 for, 0 against" in page
    assert "member: okafor; vote: for" in page and "withheld: named votes" not in page
    doc = json.loads((published / "council.json").read_text())
    assert doc["policy"]["named_votes"] is True
