"""The meeting pack and the minutes as documents (exports/pack.py, exports/pdf.py)."""

from __future__ import annotations

import dataclasses
import http.server
import threading
from pathlib import Path

import pytest

from council.records import ActionItem, AgendaItem, Decision, Dispute, Meeting, Partnership, Stage
from exports import pack, pdf
from exports.pack import PackError
from exports.snapshot import read_snapshot
from store.service import Store
from store.write.change import Change
from tests.conftest import DAY, MEMBERS, at

CANARY = "CANARY-privileged-position-7731"


@pytest.fixture
def packed(small_store: Store) -> Store:
    """The small store with a scheduled meeting whose agenda refers to papers of each sensitivity."""
    held = small_store.require("MTG-2026-01")
    assert isinstance(held, Meeting)
    dispute = Dispute(id="DSP-001", title="Who owns the adapter", raised_on=DAY, raised_by="hosp", against=["lab"],
                      sensitivity="privileged", stages=[Stage("negotiation", DAY)], body=f"Our position: {CANARY}")
    decision = Decision(id="DEC-2026-001", title="Adopt the form", meeting="MTG-2026-01", date=DAY, tier="low",
                        motion="That the council adopt the form.", moved_by="ada", seconded_by="dee",
                        votes={m.id: "for" for m in MEMBERS if m.voting},
                        body="# Why\n\nBecause <script>alert(1)</script> it helps.\n\n```\n# not a heading\n```")
    small_store.write(Change("decide and raise", [decision, dispute], when=at(DAY, 12)))
    upcoming = Meeting(id="MTG-2026-02", title="April meeting", date=DAY.replace(month=4), status="scheduled",
                       agenda=[AgendaItem("Minutes of the previous meeting", "minutes", ["MTG-2026-01"]),
                               AgendaItem("The form", "report", ["DEC-2026-001"]),
                               AgendaItem("Disputes", "report", ["DSP-001"])])
    small_store.write(Change("schedule MTG-2026-02", [upcoming], when=at(DAY, 13)))
    return small_store


def test_the_agenda_pack_holds_agenda_members_papers_minutes_and_actions(packed: Store) -> None:
    doc = pack.agenda_pack(read_snapshot(packed.root, "HEAD"), "MTG-2026-02")
    text = doc.markdown
    assert "1. Minutes of the previous meeting (MTG-2026-01)\n2. The form (DEC-2026-001)\n3. Disputes (DSP-001)" in text
    for member in MEMBERS:
        assert f"| {member.name} |" in text
    assert "### DEC-2026-001: Adopt the form" in text and "#### Why" in text  # the paper's heading, demoted
    assert "# not a heading" in text and "#### not a heading" not in text  # code fences untouched
    assert "## Minutes for approval\n\n### MTG-2026-01: Regular meeting (2026-03-10, draft)" in text
    assert text.count("### MTG-2026-01") == 1  # the minutes are not also printed as a paper


def test_action_owners_in_the_pack_are_named_with_their_party(packed: Store) -> None:
    decision = packed.require("DEC-2026-001")
    assert isinstance(decision, Decision)
    partnership = packed.require("partnership")
    assert isinstance(partnership, Partnership)
    lab = next(p for p in partnership.parties if p.id == "lab")
    actions = [ActionItem("Publish the form", "ben", DAY), ActionItem("Train the staff", "lab", DAY)]
    packed.write(Change("add actions", [dataclasses.replace(decision, actions=actions)], when=at(DAY, 14)))
    text = pack.agenda_pack(read_snapshot(packed.root, "HEAD"), "MTG-2026-02").markdown
    assert f"| DEC-2026-001 | Publish the form | Ben Ito (hosp) | {DAY.isoformat()} |" in text
    assert f"| DEC-2026-001 | Train the staff | {lab.legal_name} | {DAY.isoformat()} |" in text


def test_the_minutes_record_each_decisions_actions_with_owner_and_due_date(packed: Store) -> None:
    decision = packed.require("DEC-2026-001")
    assert isinstance(decision, Decision)
    actions = [ActionItem("Publish the form", "ben", DAY), ActionItem("Train the staff", "lab")]
    packed.write(Change("add actions", [dataclasses.replace(decision, actions=actions)], when=at(DAY, 14)))
    text = pack.minutes(read_snapshot(packed.root, "HEAD"), "MTG-2026-01").markdown
    arising = text.split("### DEC-2026-001", 1)[1]
    assert f"Actions arising:\n\n- Publish the form (Ben Ito (hosp), by {DAY.isoformat()})" in arising
    assert "- Train the staff (" in arising and ", by" not in arising.split("- Train the staff", 1)[1]


def test_a_privileged_paper_is_named_never_reproduced(packed: Store) -> None:
    doc = pack.agenda_pack(read_snapshot(packed.root, "HEAD"), "MTG-2026-02")
    assert "### DSP-001: Who owns the adapter" in doc.markdown
    assert CANARY not in doc.markdown and CANARY not in pack.to_html(doc)
    assert doc.sensitivity == "confidential" and doc.markdown.startswith("*CONFIDENTIAL")


def test_raw_html_in_a_record_is_shown_as_text(packed: Store) -> None:
    html = pack.to_html(pack.agenda_pack(read_snapshot(packed.root, "HEAD"), "MTG-2026-02"))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_minutes_name_mover_seconder_votes_and_outcome(packed: Store) -> None:
    doc = pack.minutes(read_snapshot(packed.root, "HEAD"), "MTG-2026-01")
    assert "### DEC-2026-001: Adopt the form" in doc.markdown
    assert "- Moved by Ada Hale; seconded by Dee Park" in doc.markdown
    assert "- Votes: 6 for, 0 against, 0 abstaining, 0 recused" in doc.markdown
    assert "*Tier low; passed.*" in doc.markdown
    assert "- Ada Hale: present" in doc.markdown


def test_a_meeting_not_held_has_no_minutes_and_an_unknown_one_no_pack(packed: Store) -> None:
    snapshot = read_snapshot(packed.root, "HEAD")
    with pytest.raises(PackError, match="MTG-2026-02: the meeting is scheduled, not held"):
        pack.minutes(snapshot, "MTG-2026-02")
    with pytest.raises(PackError, match="MTG-2099-01: no such meeting"):
        pack.agenda_pack(snapshot, "MTG-2099-01")


def test_the_pack_prints_to_pdf_fetching_nothing(packed: Store, tmp_path: Path) -> None:
    """An image named in a record (a tracking pixel) is never fetched by the printer."""
    hits: list[str] = []

    class Pixel(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Pixel)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        doc = pack.agenda_pack(read_snapshot(packed.root, "HEAD"), "MTG-2026-02")
        url = f"http://127.0.0.1:{server.server_port}/pixel.png"
        doc = dataclasses.replace(doc, markdown=doc.markdown + f"\n![tracker]({url})\n")
        pdf.write_pdf(pack.to_html(doc), tmp_path / "pack.pdf")
    finally:
        server.shutdown()
    data = (tmp_path / "pack.pdf").read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 2000
    assert hits == []


@pytest.mark.parametrize(("text", "expected"), [
    ("# A\ntext\n## B", "### A\ntext\n#### B"),
    ("#hashtag is not a heading", "#hashtag is not a heading"),
    ("```\n# code\n```\n# after", "```\n# code\n```\n### after"),
    ("###### deepest", "###### deepest"),
])
def test_record_headings_go_below_the_documents(text: str, expected: str) -> None:
    assert pack.demote(text, 2) == expected
