"""`council export`: planted secrets never leak, record text cannot inject markup,
output is deterministic and traceable, and the HTML site holds together.

One store is built per module with confidential, privileged and internal
records and fields, each carrying a unique canary string; every test reads
the exports made from it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from council.records import AgendaItem, Clause, Decision, Dispute, IPAsset, License, Meeting, Member, Resolution, Stage
from exports.options import ExportError, ExportOptions
from exports.run import export
from store.service import Store
from store.write.change import Change
from tests.conftest import DAY, MEMBERS, amend_clause, at, isolated, make_small_store

VOTERS = {m.id: "for" for m in MEMBERS if m.voting}

# Canaries that may reach no audience at all (confidential or privileged).
SECRET = {
    "confidential decision": "CANARY-CONFDEC-7f3a",
    "confidential body of a public decision": "CANARY-CONFBODY-91c2",
    "privileged dispute substance": "CANARY-PRIVDSP-55d0",
    "confidential dispute title": "CANARY-DSPTITLE-0b7e",
    "confidential stage note": "CANARY-STAGENOTE-3c19",
    "confidential royalty terms": "CANARY-ROYALTY-a8d4",
    "confidential licence royalty": "CANARY-LICROYALTY-e2f1",
    "confidential clause": "CANARY-CLAUSE-6d2b",
    "confidential agenda of a public meeting": "CANARY-AGENDA-4e90",
}
# Canaries the partners may see but the public may not.
INTERNAL = {
    "internal member email": "canary-email-5a7c",
    "internal decision": "CANARY-INTDEC-c3d8",
    "draft minutes": "CANARY-DRAFTMIN-71aa",
    "substance of a public dispute": "CANARY-PUBDSP-2f6e",
}

INJECTED_TITLE = '<script>alert("title")</script> & <img src=x onerror=alert(1)> "quoted"'
INJECTED_BODY = "\n".join([
    "# A heading in the rationale",
    "<script>alert('body')</script>",
    "[click me](javascript:alert('link'))",
    '<a href="javascript:alert(2)">raw link</a>',
    "<img src=x onerror=alert(3)>",
    '<div onclick="evil()">raw div</div>',
    "![picture](javascript:alert(4))",
    "<javascript:alert(5)>",
    "[fine](https://example.org/ok)",
])
OLD_QUORUM = "A quorum is a majority of the entire voting membership"
NEW_QUORUM = "A quorum is two thirds of the voting members, amended for the as-of test."


def _record(store: Store, summary: str, *records, day: dt.date = DAY, hour: int = 11) -> str:
    return store.write(Change(summary, list(records), when=at(day, hour))).commit


def plant_secrets(store: Store) -> dict[str, str]:
    """Add the planted records to a small store; return the commits the tests need."""
    hal = Member(id="hal", name="Hal Stone", party="lab", role="observer", voting=False,
                 email=f"hal.{INTERNAL['internal member email']}@lab.example", term_start=dt.date(2025, 1, 1))
    _record(store, "appoint an observer", hal, hour=9)
    meeting = store.require("MTG-2026-01").replace(body=f"The council met. {INTERNAL['draft minutes']} noted.")
    _record(store, "record draft minutes", meeting, hour=10)
    base = dict(meeting="MTG-2026-01", date=DAY, tier="low", moved_by="ada", seconded_by="dee", votes=dict(VOTERS))
    _record(store, "record a confidential decision", Decision(
        id="DEC-2026-002", title=f"Settle {SECRET['confidential decision']}", sensitivity="confidential",
        motion="That the matter be settled.", body=f"Because {SECRET['confidential decision']}.", **base))
    _record(store, "record a public decision", Decision(
        id="DEC-2026-003", title="Approve the public budget", motion="That the budget be approved.",
        field_sensitivity={"body": "confidential"}, body=f"Reason: {SECRET['confidential body of a public decision']}.",
        **base))
    _record(store, "record an internal decision", Decision(
        id="DEC-2026-004", title="Internal housekeeping", sensitivity="internal",
        motion=f"That {INTERNAL['internal decision']} be done.", **base))
    _record(store, "record a decision", Decision(
        id="DEC-2026-005", title=INJECTED_TITLE, motion="That javascript:alert(0) be refused.",
        body=INJECTED_BODY, **base))
    _amend_terms(store)
    _disputes(store)
    _record(store, "schedule the next meeting", Meeting(
        id="MTG-2026-02", title="Spring meeting; budget, review", date=dt.date(2026, 4, 14),
        agenda=[AgendaItem(f"Discuss {SECRET['confidential agenda of a public meeting']}")],
        field_sensitivity={"agenda": "confidential"}), hour=15)
    before = store.head
    amend_clause(store, "4.2", NEW_QUORUM, dec_id="DEC-2026-007")
    return {"before": before, "after": store.head}


def _amend_terms(store: Store) -> None:
    asset = IPAsset(
        id="IP-001", title="Triage model", kind="model", sensitivity="public", spdx="Apache-2.0",
        royalty_terms=f"Royalty {SECRET['confidential royalty terms']}", owners={"hosp": 50.0, "lab": 50.0},
        licenses=[License("hosp", scope="research", royalty=SECRET["confidential licence royalty"])],
        field_sensitivity={"royalty_terms": "confidential", "licenses": "confidential"}, decision="DEC-2026-006",
        body="A jointly developed triage model.")
    clause = Clause(id="7", title="Side letter", sensitivity="confidential",
                    body=f"The parties agree {SECRET['confidential clause']}.")
    decision = Decision(id="DEC-2026-006", title="Register the triage model", meeting="MTG-2026-01", date=DAY,
                        tier="high", motion="That IP-001 be registered.", moved_by="ada", votes=dict(VOTERS),
                        amends=["IP-001", "7"], body="It is ours.")
    store.write(Change("register the triage model", [decision, asset, clause], kind="amend",
                       decision="DEC-2026-006", when=at(DAY, 13)))


def _disputes(store: Store) -> None:
    _record(store, "record a resolved dispute", Dispute(
        id="DSP-001", title=f"Dispute {SECRET['confidential dispute title']}", raised_on=dt.date(2026, 1, 5),
        raised_by="hosp", against=["lab"], status="resolved", resolved_on=dt.date(2026, 2, 20),
        resolution="Settled.", stages=[Stage("negotiation", dt.date(2026, 1, 5), SECRET["confidential stage note"])],
        field_sensitivity={"body": "privileged"}, body=f"Substance: {SECRET['privileged dispute substance']}."),
        hour=14)
    _record(store, "record an open dispute", Dispute(
        id="DSP-002", title="Open disagreement", raised_on=dt.date(2026, 2, 1), raised_by="lab", against=["hosp"],
        sensitivity="public", stages=[Stage("negotiation", dt.date(2026, 2, 1))],
        body=f"What it is about: {INTERNAL['substance of a public dispute']}."), hour=14)


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory):
    """(store, commits, {name: export dir}) built once for the module."""
    base = tmp_path_factory.mktemp("export")
    with isolated(base):
        store = make_small_store(base / "store")
        commits = plant_secrets(store)
        outs = {
            "public": export(store, ExportOptions(out=base / "public")).out,
            "public-again": export(store, ExportOptions(out=base / "public-again")).out,
            "partners": export(store, ExportOptions(out=base / "partners", audience="partners")).out,
            "before": export(store, ExportOptions(out=base / "before", as_of=commits["before"])).out,
        }
        yield store, commits, outs
        store.close()


def files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


# --- planted secrets -------------------------------------------------------------------


def test_public_export_contains_no_canary_in_any_format(planted) -> None:
    _, _, outs = planted
    found = files(outs["public"])
    assert {"index.html", "md/index.md", "council.json", "csv/decisions.csv", "council.ics", "manifest.json"} <= set(found)
    for name, canary in {**SECRET, **INTERNAL}.items():
        leaks = [path for path, data in found.items() if canary.lower().encode() in data.lower()]
        assert not leaks, f"{name} ({canary}) leaked into {leaks}"


def test_partners_see_internal_records_but_nothing_confidential_or_privileged(planted) -> None:
    _, _, outs = planted
    found = files(outs["partners"])
    blob = b"\n".join(found.values())
    for name, canary in SECRET.items():
        leaks = [path for path, data in found.items() if canary.encode() in data]
        assert not leaks, f"{name} ({canary}) leaked into {leaks}"
    # The scan can see canaries: what the partners may read is there.
    for name, canary in INTERNAL.items():
        assert canary.encode() in blob, f"{name} should reach the partners"


def test_withheld_values_leave_markers_and_a_report_by_reason(planted) -> None:
    _, _, outs = planted
    decisions = (outs["public"] / "decisions.html").read_text()
    assert "DEC-2026-002" in decisions and "withheld: confidential" in decisions
    assert not (outs["public"] / "decisions" / "DEC-2026-002.html").exists()
    page = (outs["public"] / "decisions" / "DEC-2026-003.html").read_text()
    assert "Approve the public budget" in page and "withheld: confidential" in page
    manifest = json.loads((outs["public"] / "manifest.json").read_text())
    items = {i["item"]: i for i in manifest["redactions"]["items"]}
    assert items["DEC-2026-002"]["scope"] == "record" and items["DEC-2026-002"]["reason"] == "confidential"
    assert items["DEC-2026-004"]["reason"] == "internal"
    assert items["DEC-2026-003#body"]["reason"] == "confidential"
    assert items["DSP-001#body"]["reason"] == "privileged"
    assert items["DSP-002#body"]["reason"] == "dispute-substance"
    assert items["IP-001#royalty_terms"]["reason"] == "confidential"
    assert items["DEC-2026-003#votes"]["reason"] == "named-votes"
    assert items["MTG-2026-01#body"]["reason"] == "draft-minutes"
    report = manifest["redactions"]
    assert report["records"]["confidential"] >= 2 and report["fields"]["privileged"] == 1
    assert report["records_total"] == sum(report["records"].values())
    assert all(re.fullmatch(r"[0-9a-f]{64}", i["commitment"]) for i in items.values())


def test_a_revealed_item_opens_its_commitment_and_a_wrong_value_does_not(planted) -> None:
    from exports import audit

    store, _, outs = planted
    manifest = json.loads((outs["public"] / "manifest.json").read_text())
    revealed = audit.reveal(store.root, store.meta_dir, "HEAD", "DEC-2026-003#body")
    assert audit.verify(manifest, revealed)
    forged = {**revealed, "value_base64": "ImFub3RoZXIgcmVhc29uIg=="}
    assert not audit.verify(manifest, forged)
    whole = audit.reveal(store.root, store.meta_dir, "HEAD", "DEC-2026-002")
    assert audit.verify(manifest, whole)
    assert whole["salt"] != revealed["salt"]  # one item's salt says nothing about another's
    assert (store.meta_dir / "export-salt").exists()
    assert not any(whole["salt"].encode() in data for data in files(outs["public"]).values())


def test_dispute_existence_and_duration_are_public_never_its_substance(planted) -> None:
    _, _, outs = planted
    page = (outs["public"] / "disputes.html").read_text()
    assert "DSP-001" in page and "DSP-002" in page
    assert "46" in page  # 2026-01-05 to 2026-02-20
    assert "withheld: dispute substance" in page and "Open disagreement" not in page
    figures = json.loads((outs["public"] / "council.json").read_text())["figures"]
    assert figures["disputes_raised"] == 2 and figures["median_dispute_days"] == 46
    assert "Open disagreement" in (outs["partners"] / "disputes.html").read_text()


def test_vote_results_are_counts_for_the_public_and_named_for_the_partners(planted) -> None:
    _, _, outs = planted
    counts = (outs["public"] / "csv" / "votes.csv").read_text().splitlines()
    assert "DEC-2026-003,low,passed,6,0,0,0,no" in counts
    assert (outs["public"] / "csv" / "named-votes.csv").read_text().splitlines() == [
        "decision,member,name,party,vote"]
    named = (outs["partners"] / "csv" / "named-votes.csv").read_text()
    assert "DEC-2026-003,ada,Ada Hale,hosp,for" in named
    assert "DEC-2026-002" not in named  # confidential: not even the partners' audience


# --- injection -------------------------------------------------------------------------


def test_record_text_cannot_inject_markup_or_script(planted) -> None:
    _, _, outs = planted
    page = (outs["public"] / "decisions" / "DEC-2026-005.html").read_text()
    assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert('body')&lt;/script&gt;" in page or "&lt;script&gt;alert(&#x27;body&#x27;)" in page
    assert '<a href="https://example.org/ok">fine</a>' in page
    for path, data in files(outs["public"]).items():
        if not path.endswith(".html"):
            continue
        html = data.decode()
        assert "<script" not in html.lower(), path
        tags = Collector()
        tags.feed(html)
        for tag, attrs in tags.tags:
            assert not any(name.startswith("on") for name, _ in attrs), (path, tag, attrs)
            for name, value in attrs:
                if name in ("href", "src"):
                    assert not (value or "").strip().lower().startswith(("javascript:", "data:", "vbscript:")), path
    markdown = (outs["public"] / "md" / "decisions.md").read_text()
    assert "\\<script\\>" in markdown and "<script>" not in markdown


# --- determinism and as-of ----------------------------------------------------------------


def test_two_exports_of_the_same_commit_are_byte_identical(planted) -> None:
    _, _, outs = planted
    first, second = files(outs["public"]), files(outs["public-again"])
    assert first.keys() == second.keys()
    assert [p for p in first if first[p] != second[p]] == []


def test_as_of_an_older_commit_shows_the_terms_as_they_were(planted) -> None:
    _, commits, outs = planted
    then = (outs["before"] / "charter.html").read_text()
    now = (outs["public"] / "charter.html").read_text()
    assert OLD_QUORUM in then and NEW_QUORUM not in then
    assert NEW_QUORUM in now and OLD_QUORUM not in now
    assert json.loads((outs["before"] / "manifest.json").read_text())["source"]["commit"] == commits["before"]
    assert not (outs["before"] / "decisions" / "DEC-2026-007.html").exists()


def test_manifest_traces_every_file_to_the_source_commit(planted) -> None:
    store, commits, outs = planted
    manifest = json.loads((outs["public"] / "manifest.json").read_text())
    assert manifest["source"]["commit"] == commits["after"] == store.head
    assert manifest["export_time"] == manifest["source"]["committed_at"] == at(DAY, 12).isoformat()
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    on_disk = {p: hashlib.sha256(d).hexdigest() for p, d in files(outs["public"]).items() if p != "manifest.json"}
    assert listed == on_disk
    records = {r["id"]: r for r in manifest["records"]}
    assert records["DEC-2026-002"]["status"] == "withheld" and "blob" not in records["DEC-2026-002"]
    assert records["DEC-2026-003"]["status"] == "partial" and "blob" not in records["DEC-2026-003"]
    assert records["1"]["status"] == "published" and len(records["1"]["blob"]) == 40


# --- well-formed HTML with working links ---------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Collector(HTMLParser):
    """Checks that every element closes in order; gathers tags, ids and links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, list]] = []
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, attrs))
        found = dict(attrs)
        if "id" in found:
            self.ids.add(found["id"] or "")
        for name in ("href", "src"):
            if found.get(name) is not None:
                self.links.append(found[name])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
        else:
            self.stack.pop()


@pytest.mark.parametrize("which", ["public", "partners"])
def test_html_is_well_formed_and_every_internal_link_resolves(planted, which: str) -> None:
    _, _, outs = planted
    out = outs[which]
    parsed: dict[Path, Collector] = {}
    for page in sorted(out.rglob("*.html")):
        doc = Collector()
        doc.feed(page.read_text())
        doc.close()
        assert not doc.errors and not doc.stack, (page, doc.errors, doc.stack)
        assert page.read_text().startswith('<!DOCTYPE html>\n<html lang="en">')
        assert any(tag == "h1" for tag, _ in doc.tags), page
        parsed[page] = doc
    checked = 0
    for page, doc in parsed.items():
        for link in doc.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue
            assert not link.startswith("/"), (page, link)
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file() and out.resolve() in target.parents, (page, link)
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in parsed[target].ids, (page, link)
            checked += 1
    assert checked > 50


def test_tables_are_captioned_and_headers_scoped(planted) -> None:
    from exports.commitments import load_key
    from exports.pseudonyms import pseudonym

    store, _, outs = planted
    page = (outs["public"] / "meetings" / "MTG-2026-01.html").read_text()
    assert "<caption>Attendance at MTG-2026-01</caption>" in page
    assert page.count("<table>") == page.count("<caption>")
    # Members are internal: the public reads each one's pseudonym, never the ID (a surname).
    ada = pseudonym(load_key(store.meta_dir), "ada")
    assert '<th scope="col">Attendance</th>' in page and f'<th scope="row">{ada}</th>' in page
    assert '<th scope="row">ada</th>' not in page
    assert '<th scope="row">Ada Hale</th>' in (outs["partners"] / "meetings" / "MTG-2026-01.html").read_text()
    css = (outs["public"] / "style.css").read_text()
    assert "@media print" in css


# --- calendar ----------------------------------------------------------------------------


def test_calendar_is_rfc5545_with_stable_uids(planted) -> None:
    store, _, outs = planted
    raw = (outs["public"] / "council.ics").read_bytes()
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    unfolded = raw.replace(b"\r\n ", b"").decode().split("\r\n")[:-1]
    assert unfolded[0] == "BEGIN:VCALENDAR" and unfolded[-1] == "END:VCALENDAR"
    uids = [line for line in unfolded if line.startswith("UID:")]
    assert len(uids) == len(set(uids)) == unfolded.count("BEGIN:VEVENT")
    assert "SUMMARY:Test Partnership: Spring meeting\\; budget\\, review" in unfolded
    assert any(u.startswith("UID:meeting-MTG-2026-02-") for u in uids)
    assert any(u.startswith("UID:dispute-DSP-002-negotiation-") for u in uids)
    assert "DTSTAMP:20260310T120000Z" in unfolded
    assert "DTSTART;VALUE=DATE:20260414" in unfolded
    assert (outs["public-again"] / "council.ics").read_bytes() == raw


def test_folding_never_splits_a_character() -> None:
    from exports.render_ics import escape, fold

    line = "SUMMARY:" + escape("Réunion, du conseil; é€" * 10)
    folded = fold(line)
    parts = folded.split(b"\r\n")[:-1]
    assert all(len(p) <= 75 for p in parts) and all(p.startswith(b" ") for p in parts[1:])
    assert b"".join([parts[0]] + [p[1:] for p in parts[1:]]).decode("utf-8") == line
    assert escape("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"


# --- JSON --------------------------------------------------------------------------------


def test_json_document_follows_the_documented_schema(planted) -> None:
    _, _, outs = planted
    doc = json.loads((outs["public"] / "council.json").read_text())
    assert doc["schema"] == "council-export/1"
    assert doc["policy"] == {"audience": "public", "levels": ["public"], "named_votes": False}
    assert set(doc["records"]) >= {"partnership", "charter", "members", "meetings", "decisions", "disputes",
                                   "ip_register", "exit_plans"}
    by_id = {r["id"]: r for group in doc["records"].values() for r in group}
    assert by_id["DEC-2026-002"] == {**by_id["DEC-2026-002"], "status": "withheld", "withheld": "confidential",
                                     "fields": {}}
    assert by_id["DEC-2026-003"]["fields"]["body"] == {"$withheld": "confidential"}
    assert by_id["DEC-2026-003"]["derived"]["tally"] == {"for": 6, "against": 0, "abstain": 0, "recused": 0}
    assert by_id["IP-001"]["fields"]["spdx"] == "Apache-2.0"
    assert "field_sensitivity" not in by_id["IP-001"]["fields"]
    schema_doc = (Path(__file__).parents[1] / "docs" / "export-schema.md").read_text()
    for key in ("$withheld", "derived", "status", "commitment", "export-salt"):
        assert key in schema_doc


# --- policy --------------------------------------------------------------------------------


def test_policy_fields_can_be_stricter_than_their_record_never_looser() -> None:
    from council.charter import Charter
    from exports.policy import Policy

    public = Policy.from_charter(Charter(), "public")
    partners = Policy.from_charter(Charter(), "partners")
    loose = Decision(id="DEC-2026-009", sensitivity="confidential", field_sensitivity={"title": "public"})
    assert public.record_reason(loose) == "confidential"
    assert public.field_reason(loose, "title") == "confidential"
    tight = Decision(id="DEC-2026-010", field_sensitivity={"motion": "internal"})
    assert public.field_reason(tight, "motion") == "internal" and partners.field_reason(tight, "motion") is None
    secret = Dispute(id="DSP-009", sensitivity="privileged", field_sensitivity={"resolved_on": "confidential"})
    assert public.record_reason(secret) is None and public.field_reason(secret, "raised_on") is None
    assert public.field_reason(secret, "resolved_on") == "confidential"
    assert public.field_reason(secret, "title") == "privileged"
    named = Policy.from_charter(Charter(named_votes_public=True), "public")
    assert named.field_reason(tight, "votes") is None and public.field_reason(tight, "votes") == "named-votes"
    written = Resolution(id="WR-2026-001", sensitivity="public")
    assert public.field_reason(written, "ballots") == "named-votes" and named.field_reason(written, "ballots") is None
    assert partners.field_reason(written, "ballots") is None and public.field_reason(written, "outcome_note") is None


def test_out_dir_rules(planted, tmp_path: Path) -> None:
    store, _, outs = planted
    with pytest.raises(ExportError, match="not empty"):
        export(store, ExportOptions(out=outs["public"]))
    with pytest.raises(ExportError, match="inside the store"):
        export(store, ExportOptions(out=store.root / "site"))
    with pytest.raises(ExportError, match="names no commit"):
        export(store, ExportOptions(out=tmp_path / "x", as_of="no-such-rev"))
    with pytest.raises(ExportError, match="unknown format"):
        ExportOptions(out=tmp_path, formats=("html", "pdf"))
    assert not (tmp_path / "x").exists()


def test_force_replaces_a_previous_export_and_leaves_other_files(planted, tmp_path: Path) -> None:
    store, _, _ = planted
    out = tmp_path / "site"
    export(store, ExportOptions(out=out, audience="partners"))
    assert (out / "members.html").exists()
    (out / "README.txt").write_text("mine")
    result = export(store, ExportOptions(out=out, formats=("html",), force=True))
    assert not (out / "members.html").exists() and not (out / "council.json").exists()
    assert (out / "README.txt").read_text() == "mine"
    assert any("left in place" in note for note in result.notes)
    listed = {f["path"] for f in json.loads((out / "manifest.json").read_text())["files"]}
    assert "README.txt" not in listed and "index.html" in listed


def test_exports_never_import_textual() -> None:
    import subprocess
    import sys

    code = ("import sys, exports.run, exports.audit, exports.render_html; "
            "print(any(m == 'textual' or m.startswith(('textual.', 'screens')) for m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).parents[1])
    assert proc.stdout.strip() == "False", proc.stderr


def test_kinds_without_a_page_of_their_own_get_a_register_page() -> None:
    from council.charter import Charter
    from exports import render_html, render_md
    from exports.figures import figures
    from exports.policy import Policy
    from exports.view import Shown, View, Withheld

    view = View("c" * 40, at(DAY), "r" * 40, Policy.from_charter(Charter(), "public"))
    view.add(Shown("widget", "WID-001", "widgets/WID-001.md", "b" * 40,
                   fields={"title": "Gadget <b>", "cost": Withheld("confidential"), "body": "Some *text*."}))
    view.add(Shown("widget", "WID-002", "widgets/WID-002.md", "b" * 40, withheld=Withheld("internal")))
    view.figures = figures(view)
    pages = {p.path: p.content().decode() for p in render_html.pages(view)}
    page = pages["registers/widget.html"]
    assert '<h2 id="WID-001">WID-001: Gadget &lt;b&gt;</h2>' in page and "withheld: confidential" in page
    assert "<em>text</em>" in page and "withheld: internal" in page
    assert 'href="registers/widget.html"' in pages["index.html"]
    assert "md/registers/widget.md" in {p.path for p in render_md.pages(view)}


def test_incremental_export_keeps_unchanged_pages_and_equals_a_fresh_one(small_store: Store, tmp_path: Path) -> None:
    store = small_store
    base = dict(meeting="MTG-2026-01", date=DAY, tier="low", moved_by="ada", votes=dict(VOTERS))
    for n in (2, 3, 4):
        _record(store, f"record decision {n}", Decision(id=f"DEC-2026-00{n}", title=f"Decision {n}", **base))
    out = tmp_path / "site"
    first = export(store, ExportOptions(out=out, audience="partners"))
    assert first.kept == 0
    unchanged = export(store, ExportOptions(out=out, audience="partners", force=True))
    assert unchanged.kept == 2 * 4  # meeting and decision pages, in HTML and Markdown
    ada = store.require("ada").replace(name="Ada Hale-Moss")  # named on the meeting and every decision page
    _record(store, "rename a member", ada, hour=12)
    _record(store, "withhold decision 3", store.require("DEC-2026-003").replace(sensitivity="confidential"), hour=13)
    _record(store, "retitle decision 4", store.require("DEC-2026-004").replace(title="Decision four"), hour=14)
    again = export(store, ExportOptions(out=out, audience="partners", force=True))
    fresh = export(store, ExportOptions(out=tmp_path / "fresh", audience="partners"))
    assert files(out) == files(fresh.out)
    assert "Ada Hale-Moss" in (out / "decisions" / "DEC-2026-002.html").read_text()
    assert not (out / "decisions" / "DEC-2026-003.html").exists()
    assert again.kept == 0  # every page names Ada
    _record(store, "retitle decision 4 again", store.require("DEC-2026-004").replace(title="Decision 4"), hour=15)
    last = export(store, ExportOptions(out=out, audience="partners", force=True))
    assert last.kept == 2  # DEC-2026-002 in HTML and Markdown; the meeting lists decision 4's title
    assert files(out) == files(export(store, ExportOptions(out=tmp_path / "fresh2", audience="partners")).out)


def test_markdown_links_resolve(planted) -> None:
    _, _, outs = planted
    out = outs["partners"]
    checked = 0
    for page in sorted((out / "md").rglob("*.md")):
        for link in re.findall(r"\]\(([^)\s]+)\)", page.read_text()):
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            assert (page.parent / parts.path).resolve().is_file(), (page, link)
            checked += 1
    assert checked > 30


def test_transparency_figures_count_only_what_the_audience_may_see(planted) -> None:
    _, _, outs = planted
    public = json.loads((outs["public"] / "council.json").read_text())["figures"]
    assert public["meetings_held"] == 1 and public["meetings_scheduled"] == 1 and public["quorum_rate"] == 1.0
    # DEC-2026-002 (confidential) and DEC-2026-004 (internal) are counted as withheld, not here.
    assert public["decisions_by_tier_and_outcome"] == {"low": {"passed": 2}, "high": {"passed": 2}}
    partners = json.loads((outs["partners"] / "council.json").read_text())["figures"]
    assert partners["decisions_by_tier_and_outcome"] == {"low": {"passed": 3}, "high": {"passed": 2}}
    index = (outs["public"] / "index.html").read_text()
    assert "<caption>Decisions by tier and outcome</caption>" in index and "100% of meetings held" in index


def test_progress_is_reported_by_phase(small_store: Store, tmp_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    export(small_store, ExportOptions(out=tmp_path / "site", formats=("json",)),
           lambda phase, done, total: calls.append((phase, done, total)))
    phases = [c[0] for c in calls]
    assert phases.index("read") < phases.index("redact") < phases.index("write")
    finals = {phase: (done, total) for phase, done, total in calls}
    assert all(done == total for done, total in finals.values())
    assert finals["write"] == (1, 1)


def test_a_field_sensitivity_naming_no_field_is_refused_by_the_store(small_store: Store) -> None:
    # A typo ('rationale' for 'body') would protect nothing, so the write path
    # refuses it and the text can never reach an export.
    from council.errors import RecordError

    decision = Decision(id="DEC-2026-002", title="Typo", meeting="MTG-2026-01", date=DAY, tier="low",
                        field_sensitivity={"rationale": "confidential"}, body="Meant to be secret.")
    with pytest.raises(RecordError, match=r"DEC-2026-002.*field_sensitivity\.rationale"):
        _record(small_store, "record a decision", decision)
    assert small_store.get("DEC-2026-002") is None
