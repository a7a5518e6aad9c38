"""Publishing that cannot leak or destroy (issue 12, section 3): one test per hole found.

Each test plants something through the write path (or by hand in git, as a
partner with push access could) and checks what the export makes of it.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from council.errors import RecordError
from council.records import Decision, IPAsset, License, Meeting, Member
from exports.commitments import load_key
from exports.options import ExportError, ExportOptions
from exports.outdir import OutDir
from exports.pseudonyms import pseudonym
from exports.run import export
from store.service import Store
from store.write.change import Change
from tests.conftest import ALL_PRESENT, DAY, MEMBERS, at

VOTERS = [m.id for m in MEMBERS if m.voting]


def files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def leaks(out: Path, needle: str) -> list[str]:
    return [path for path, data in files(out).items() if needle.lower().encode() in data.lower()]


def both(store: Store, tmp_path: Path, name: str = "site") -> dict[str, Path]:
    return {aud: export(store, ExportOptions(out=tmp_path / f"{name}-{aud}", audience=aud)).out
            for aud in ("public", "partners")}


def register_asset(store: Store, asset: IPAsset, dec_id: str = "DEC-2026-002") -> None:
    decision = Decision(id=dec_id, title=f"Register {asset.id}", meeting="MTG-2026-01", date=DAY, tier="high",
                        motion=f"That {asset.id} be registered.", moved_by="ada",
                        votes={m: "for" for m in VOTERS}, amends=[asset.id], body="Ours.")
    store.write(Change(f"register {asset.id}", [decision, asset.replace(decision=dec_id)], kind="amend",
                       decision=dec_id, when=at(DAY, 12)))


def git(store: Store, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=store.root, check=True, capture_output=True, text=True).stdout


# --- nested fields -------------------------------------------------------------------


def test_a_licence_royalty_is_withheld_with_the_royalty_terms(small_store: Store, tmp_path: Path) -> None:
    asset = IPAsset(id="IP-001", title="Model", kind="model", sensitivity="public", royalty_terms="3% of net",
                    owners={"hosp": 50.0, "lab": 50.0},
                    licenses=[License("lab", scope="research", royalty="CANARY-LICROY-1")],
                    field_sensitivity={"royalty_terms": "confidential"})
    register_asset(small_store, asset)
    for audience, out in both(small_store, tmp_path).items():
        assert leaks(out, "CANARY-LICROY-1") == [], audience
        assert "research" in (out / "ip" / "IP-001.html").read_text()  # the rest of the licence is shown
    manifest = json.loads((out / "manifest.json").read_text())
    items = {i["item"]: i["reason"] for i in manifest["redactions"]["items"]}
    assert items["IP-001#licenses.royalty"] == "confidential"


def test_field_sensitivity_reaches_nested_tables(small_store: Store, tmp_path: Path) -> None:
    from exports import audit

    asset = IPAsset(id="IP-001", title="Model", kind="model", sensitivity="public", royalty_terms="see licences",
                    owners={"hosp": 100.0},
                    licenses=[License("lab", scope="research", royalty="CANARY-NESTED-2"),
                              License("hosp", scope="clinical", royalty="CANARY-NESTED-3")],
                    field_sensitivity={"licenses.royalty": "internal"})
    register_asset(small_store, asset)
    outs = both(small_store, tmp_path)
    assert leaks(outs["public"], "CANARY-NESTED") == []
    assert leaks(outs["partners"], "CANARY-NESTED-2")  # internal: the partners may read it
    doc = json.loads((outs["public"] / "council.json").read_text())
    record = next(r for r in doc["records"]["ip_register"] if r["id"] == "IP-001")
    assert record["status"] == "partial"
    assert record["fields"]["licenses"][0]["royalty"] == {"$withheld": "internal"}
    assert record["fields"]["licenses"][1]["scope"] == "clinical"
    manifest = json.loads((outs["public"] / "manifest.json").read_text())
    assert "blob" not in next(r for r in manifest["records"] if r["id"] == "IP-001")
    revealed = audit.reveal(small_store.root, small_store.meta_dir, "HEAD", "IP-001#licenses.royalty")
    assert audit.verify(manifest, revealed)
    assert json.loads(audit.base64.b64decode(revealed["value_base64"])) == ["CANARY-NESTED-2", "CANARY-NESTED-3"]


@pytest.mark.parametrize("path", ["licenses.nope", "owners.hosp", "royalty_terms.x", "licenses.royalty.x", "id"])
def test_the_write_path_refuses_a_field_path_that_names_nothing(small_store: Store, path: str) -> None:
    asset = IPAsset(id="IP-001", title="Model", sensitivity="public", field_sensitivity={path: "confidential"})
    with pytest.raises(RecordError, match=rf"IP-001.*field_sensitivity\.{path.replace('.', '[.]')}"):
        register_asset(small_store, asset)
    assert small_store.get("IP-001") is None


def test_verify_refuses_a_nested_field_path_that_names_nothing(small_store: Store) -> None:
    from store.audit.verify import verify

    (small_store.root / "risks").mkdir()
    (small_store.root / "risks" / "RSK-001.md").write_text(
        '+++\nid = "RSK-001"\ntitle = "Typo"\nsensitivity = "public"\n\n[field_sensitivity]\n'
        '"warranties.text" = "confidential"\n+++\n')
    git(small_store, "add", "-A", "risks")
    git(small_store, "commit", "-q", "-m", "record: a risk by hand")
    report = verify(small_store, fsck=False, save=False)
    parses = [f for f in report.failures if f.rule == "record-parses"]
    assert [f.record for f in parses] == ["RSK-001"]
    assert "field_sensitivity.warranties.text" in parses[0].message and "dotted path" in parses[0].message


# --- derived text --------------------------------------------------------------------


def test_notes_derived_from_a_withheld_field_are_withheld_with_it(small_store: Store, tmp_path: Path) -> None:
    votes = {m: ("against" if m in ("eli", "fay") else "for") for m in VOTERS}
    decision = Decision(id="DEC-2026-002", title="Split vote", meeting="MTG-2026-01", date=DAY, tier="low",
                        motion="That it be done.", moved_by="ada", votes=votes,
                        field_sensitivity={"votes": "confidential"})
    small_store.write(Change("record a split vote", [decision], when=at(DAY, 11)))
    attendance = {**ALL_PRESENT, "cy": "apologies", "gus": "absent"}
    meeting = Meeting(id="MTG-2026-02", title="Second meeting", date=DAY, status="held", attendance=attendance,
                      field_sensitivity={"attendance": "confidential"})
    small_store.write(Change("record MTG-2026-02 held", [meeting], when=at(DAY, 12)))
    stored_note = small_store.require("DEC-2026-002").outcome_note
    quorum_note = small_store.require("MTG-2026-02").quorum_note
    assert "4 for, 2 against" in stored_note and "5 of 6" in quorum_note  # what would leak
    for audience, out in both(small_store, tmp_path).items():
        for needle in ("4 for, 2 against", "4 for\\, 2 against", "5 of 6", "4,2,0"):
            assert leaks(out, needle) == [], (audience, needle)
        doc = json.loads((out / "council.json").read_text())
        by_id = {r["id"]: r for group in doc["records"].values() for r in group}
        assert by_id["DEC-2026-002"]["fields"]["outcome_note"] == {"$withheld": "confidential"}
        assert by_id["DEC-2026-002"]["fields"]["outcome"] == "passed"  # the outcome itself is the record
        assert by_id["MTG-2026-02"]["fields"]["quorum_note"] == {"$withheld": "confidential"}


# --- members -------------------------------------------------------------------------


def test_withheld_members_are_published_under_a_stable_pseudonym(small_store: Store, tmp_path: Path) -> None:
    mensah = Member(id="mensah", name="Kwame Mensah", party="lab", role="observer", voting=False,
                    email="k.mensah@lab.example", term_start=DAY)
    small_store.write(Change("appoint an observer", [mensah], when=at(DAY, 11)))
    meeting = small_store.require("MTG-2026-01")
    small_store.write(Change("record attendance", [meeting.replace(attendance={**ALL_PRESENT, "mensah": "present"})],
                             when=at(DAY, 12)))
    first = export(small_store, ExportOptions(out=tmp_path / "first")).out
    assert leaks(first, "mensah") == []
    alias = pseudonym(load_key(small_store.meta_dir), "mensah")
    attendance = (first / "csv" / "attendance.csv").read_text()
    assert f"MTG-2026-01,{alias},{alias},,present" in attendance
    manifest = json.loads((first / "manifest.json").read_text())
    assert {"id": alias, "path": f"members/{alias}.md", "status": "withheld"} in manifest["records"]
    # Stable across exports of the same store, whatever the commit.
    small_store.write(Change("record minutes", [small_store.require("MTG-2026-01").replace(body="Met.")],
                             when=at(DAY, 13)))
    second = export(small_store, ExportOptions(out=tmp_path / "second")).out
    assert f"MTG-2026-01,{alias},{alias},,present" in (second / "csv" / "attendance.csv").read_text()
    partners = export(small_store, ExportOptions(out=tmp_path / "partners", audience="partners")).out
    assert "MTG-2026-01,mensah,Kwame Mensah,lab,present" in (partners / "csv" / "attendance.csv").read_text()


def test_a_withheld_member_record_opens_its_commitment_under_its_pseudonym(small_store: Store,
                                                                          tmp_path: Path) -> None:
    from exports import audit

    out = export(small_store, ExportOptions(out=tmp_path / "site")).out
    manifest = json.loads((out / "manifest.json").read_text())
    alias = pseudonym(load_key(small_store.meta_dir), "ada")
    revealed = audit.reveal(small_store.root, small_store.meta_dir, "HEAD", alias)
    assert audit.verify(manifest, revealed)
    assert b"Ada Hale" in audit.base64.b64decode(revealed["value_base64"])


def test_member_fields_carry_their_own_sensitivity(small_store: Store, tmp_path: Path) -> None:
    ada = small_store.require("ada").replace(email="ada.CANARY-EMAIL@hosp.example",
                                             field_sensitivity={"email": "confidential"})
    small_store.write(Change("keep Ada's email private", [ada], when=at(DAY, 11)))
    partners = export(small_store, ExportOptions(out=tmp_path / "site", audience="partners")).out
    assert leaks(partners, "CANARY-EMAIL") == []
    assert "Ada Hale" in (partners / "members.html").read_text()
    with pytest.raises(RecordError, match=r"ben.*field_sensitivity\.mail"):
        small_store.write(Change("typo", [small_store.require("ben").replace(field_sensitivity={"mail": "internal"})],
                                 when=at(DAY, 12)))


# --- verify --------------------------------------------------------------------------


def _hand_commit_flipping_a_confidential_decision(store: Store) -> None:
    decision = Decision(id="DEC-2026-002", title="Secret settlement CANARY-FLIP", meeting="MTG-2026-01", date=DAY,
                        tier="low", motion="That it be settled.", moved_by="ada", sensitivity="confidential",
                        votes={m: "for" for m in VOTERS})
    store.write(Change("record a confidential decision", [decision], when=at(DAY, 11)))
    path = store.root / "decisions" / "2026" / "DEC-2026-002.md"
    path.write_text(path.read_text().replace('sensitivity = "confidential"', 'sensitivity = "public"'))
    (store.root / "ip").mkdir(exist_ok=True)
    unapproved = '+++\nid = "IP-009"\ntitle = "Unapproved"\nsensitivity = "public"\n+++\n'
    (store.root / "ip" / "IP-009.md").write_text(unapproved)
    git(store, "add", "-A", "decisions", "ip")
    git(store, "commit", "-q", "-m", "record: tidy up")


def test_export_refuses_a_commit_that_fails_verify(small_store: Store, tmp_path: Path) -> None:
    _hand_commit_flipping_a_confidential_decision(small_store)
    with pytest.raises(ExportError, match=r"fails `council verify`.*--unverified"):
        export(small_store, ExportOptions(out=tmp_path / "site"))
    assert not (tmp_path / "site").exists()
    # Told explicitly, it publishes, and the manifest says the state is unverified.
    out = export(small_store, ExportOptions(out=tmp_path / "forced", unverified=True)).out
    assert json.loads((out / "manifest.json").read_text())["verified"] is False
    # The commit before the hand edit is verified, and still exports.
    ok = export(small_store, ExportOptions(out=tmp_path / "before", as_of="HEAD~1")).out
    assert json.loads((ok / "manifest.json").read_text())["verified"] is True


def test_the_cli_refuses_an_unverified_commit_unless_told(small_store: Store, tmp_path: Path) -> None:
    from council.cli import app

    _hand_commit_flipping_a_confidential_decision(small_store)
    runner = CliRunner()
    args = ["export", "--store", str(small_store.root), "--format", "json"]
    refused = runner.invoke(app, [*args, "--out", str(tmp_path / "a")])
    assert refused.exit_code == 2 and "fails `council verify`" in refused.output
    assert "Traceback" not in refused.output
    told = runner.invoke(app, [*args, "--out", str(tmp_path / "b"), "--unverified"])
    assert told.exit_code == 0, told.output
    assert "--unverified" in told.output


# --- the output directory ------------------------------------------------------------


def test_force_never_overwrites_a_file_no_export_wrote(small_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("my own page")
    with pytest.raises(ExportError, match=r"index\.html, which no previous export there wrote"):
        export(small_store, ExportOptions(out=out, force=True))
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]
    assert (out / "index.html").read_text() == "my own page"


def test_a_symlink_inside_out_is_never_followed(small_store: Store, tmp_path: Path) -> None:
    out = export(small_store, ExportOptions(out=tmp_path / "site")).out
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "MTG-2026-01.html").write_text("victim")
    os.rename(out / "meetings", tmp_path / "moved")
    os.symlink(victim, out / "meetings")
    with pytest.raises(ExportError, match="symbolic link"):
        export(small_store, ExportOptions(out=out, force=True))
    assert [p.name for p in victim.iterdir()] == ["MTG-2026-01.html"]
    assert (victim / "MTG-2026-01.html").read_text() == "victim"
    # A link in place of a page is refused the same way, and nothing is written through it.
    os.unlink(out / "meetings")
    os.rename(tmp_path / "moved", out / "meetings")
    (out / "index.html").unlink()
    os.symlink(victim / "MTG-2026-01.html", out / "index.html")
    with pytest.raises(ExportError, match="symbolic link"):
        export(small_store, ExportOptions(out=out, force=True))
    assert (victim / "MTG-2026-01.html").read_text() == "victim"


def test_every_kind_of_obstacle_in_out_is_named_before_anything_is_written(tmp_path: Path) -> None:
    out = tmp_path / "site"
    (out / "meetings").mkdir(parents=True)
    (out / "decisions").write_text("a file where a folder goes")
    (out / "meetings" / "MTG-1.html").mkdir()  # a folder where a page goes
    os.symlink(tmp_path / "nowhere", out / "meetings" / "MTG-2.html")  # dangling: still a link
    (out / "meetings" / "MTG-3.html").write_text("a page")
    os.symlink(tmp_path, out / "linked")
    folders: dict = {}
    looked = {rel: OutDir(out).look(rel, folders) for rel in (
        "decisions/DEC-1.html", "meetings/MTG-1.html", "meetings/MTG-2.html", "meetings/MTG-3.html",
        "meetings/MTG-4.html", "linked/x.html", "new/folder/page.html", "index.html")}
    assert looked == {
        "decisions/DEC-1.html": (f"{out}/decisions is in the way: a folder is needed there", True),
        "meetings/MTG-1.html": (f"{out}/meetings/MTG-1.html is in the way: it is not a regular file", True),
        "meetings/MTG-2.html": (f"{out}/meetings/MTG-2.html is a symbolic link; an export never writes "
                                "through one", True),
        "meetings/MTG-3.html": (None, True),
        "meetings/MTG-4.html": (None, False),
        "linked/x.html": (f"{out}/linked is a symbolic link; an export never writes through one", True),
        "new/folder/page.html": (None, False),
        "index.html": (None, False),
    }


def test_a_folder_swapped_for_a_symlink_during_an_export_is_not_written_through(tmp_path: Path) -> None:
    # The writer holds each folder open for the export's writes (exports.outdir): a folder
    # renamed away and replaced by a link mid-export keeps getting the pages, never the link's target.
    out, victim = tmp_path / "site", tmp_path / "victim"
    victim.mkdir()
    outdir = OutDir(out)
    out.mkdir()
    try:
        outdir.write("meetings/MTG-2026-01.html", b"one")
        os.rename(out / "meetings", tmp_path / "moved")
        os.symlink(victim, out / "meetings")
        outdir.write("meetings/MTG-2026-02.html", b"two")
    finally:
        outdir.close()
    assert list(victim.iterdir()) == []
    assert sorted(p.name for p in (tmp_path / "moved").iterdir()) == ["MTG-2026-01.html", "MTG-2026-02.html"]


def test_a_forged_manifest_cannot_decide_what_is_deleted(small_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work")
    forged = {"schema": "council-export-manifest/1",
              "files": [{"path": "thesis.tex", "sha256": hashlib.sha256(b"years of work").hexdigest()}]}
    (out / "manifest.json").write_text(json.dumps(forged))
    with pytest.raises(ExportError, match="was not written there by an export of this store"):
        export(small_store, ExportOptions(out=out, force=True))
    assert (out / "thesis.tex").read_text() == "years of work"
    # A real manifest edited afterwards is refused just the same.
    real = export(small_store, ExportOptions(out=tmp_path / "real")).out
    (real / "thesis.tex").write_text("years of work")
    manifest = json.loads((real / "manifest.json").read_text())
    manifest["files"].append(forged["files"][0])
    (real / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ExportError, match="was not written there"):
        export(small_store, ExportOptions(out=real, force=True, formats=("json",)))
    assert (real / "thesis.tex").read_text() == "years of work" and (real / "index.html").exists()


def test_a_tampered_page_with_the_same_size_and_mtime_is_rewritten(small_store: Store, tmp_path: Path) -> None:
    out = export(small_store, ExportOptions(out=tmp_path / "site", audience="partners")).out
    page = out / "meetings" / "MTG-2026-01.html"
    original, stat = page.read_bytes(), page.stat()
    forged = original.replace(b"Regular meeting", b"Regular meetinX")
    assert len(forged) == len(original) and forged != original
    page.write_bytes(forged)
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    export(small_store, ExportOptions(out=out, audience="partners", force=True))
    assert page.read_bytes() == original
    listed = {f["path"]: f["sha256"] for f in json.loads((out / "manifest.json").read_text())["files"]}
    assert listed["meetings/MTG-2026-01.html"] == hashlib.sha256(page.read_bytes()).hexdigest()


def test_an_export_cut_short_can_be_finished_with_force(small_store: Store, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from exports.outdir import OutDir

    real_write, written = OutDir.write, []

    def dying(self: OutDir, rel: str, data: bytes) -> str:
        if len(written) == 5:
            raise KeyboardInterrupt  # the power cut, after five files
        written.append(rel)
        return real_write(self, rel, data)

    monkeypatch.setattr(OutDir, "write", dying)
    with pytest.raises(KeyboardInterrupt):
        export(small_store, ExportOptions(out=tmp_path / "site"))
    monkeypatch.setattr(OutDir, "write", real_write)
    assert len(files(tmp_path / "site")) == 5 and not (tmp_path / "site" / "manifest.json").exists()
    export(small_store, ExportOptions(out=tmp_path / "site", force=True))
    assert files(tmp_path / "site") == files(export(small_store, ExportOptions(out=tmp_path / "fresh")).out)


# --- smaller -------------------------------------------------------------------------


@pytest.mark.parametrize("title", [" =HYPERLINK(\"http://evil.example\")", "\t=1+1", "  +cmd", "\u3000@SUM(A1)",
                                   "\r-2"])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(title: str) -> None:
    from exports.render_csv import cell

    assert cell(title) == "'" + title
    assert cell("a = b") == "a = b" and cell(5) == 5


def test_control_characters_never_reach_the_calendar(small_store: Store, tmp_path: Path) -> None:
    from exports.render_ics import escape

    assert escape("Budget\x0breview\x1b[31m\x7f\u0085") == "Budgetreview[31m"
    meeting = Meeting(id="MTG-2026-02", title="Budget\x0breview", date=DAY, status="scheduled")
    small_store.write(Change("schedule", [meeting], when=at(DAY, 11)))
    raw = export(small_store, ExportOptions(out=tmp_path / "site", formats=("ics",))).out / "council.ics"
    data = raw.read_bytes()
    assert b"Budgetreview" in data
    assert not [b for b in data.replace(b"\r\n", b"") if b < 0x20 and b != 0x09]


def test_a_scheme_relative_link_is_not_kept(small_store: Store, tmp_path: Path) -> None:
    body = "[x](//evil.example/a) [y]( //evil.example/b) [z](/\\evil.example/c) [ok](../decisions.html)"
    decision = Decision(id="DEC-2026-002", title="Links", meeting="MTG-2026-01", date=DAY, tier="low",
                        motion="That links be safe.", moved_by="ada", votes={m: "for" for m in VOTERS}, body=body)
    small_store.write(Change("record", [decision], when=at(DAY, 11)))
    page = (export(small_store, ExportOptions(out=tmp_path / "site")).out / "decisions" / "DEC-2026-002.html")
    text = page.read_text()
    assert 'href="//' not in text and "evil.example/a" in text  # left as text, not as a link
    assert '<a href="../decisions.html">ok</a>' in text


def test_unparsable_record_files_are_listed_in_the_manifest(small_store: Store, tmp_path: Path) -> None:
    (small_store.root / "risks").mkdir()
    (small_store.root / "risks" / "RSK-001.md").write_text("+++\nthis is not toml\n+++\n")
    (small_store.root / "members" / "okonjo.md").write_text("no front matter")
    git(small_store, "add", "-A", "risks", "members")
    git(small_store, "commit", "-q", "-m", "record: broken files")
    result = export(small_store, ExportOptions(out=tmp_path / "site", unverified=True))
    manifest = json.loads((result.out / "manifest.json").read_text())
    listed = {r["path"]: r for r in manifest["records"]}
    assert listed["risks/RSK-001.md"]["status"] == "unparsable" and "blob" not in listed["risks/RSK-001.md"]
    alias = pseudonym(load_key(small_store.meta_dir), "okonjo")
    assert listed[f"members/{alias}.md"]["status"] == "unparsable"
    assert leaks(result.out, "okonjo") == []
    tree = git(small_store, "ls-tree", "-r", "--name-only", "HEAD").split()
    assert len([p for p in tree if p.endswith(".md")]) == len(manifest["records"])
