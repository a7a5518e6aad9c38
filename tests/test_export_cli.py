"""`council export` through the CLI: exit 2 on bad input, and the sample partnership end to end."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from council.cli import app
from council.fileformat import parse_path
from exports.audit import withheld_bytes
from exports.redact import plain
from store.service import Store
from tests.conftest import isolated, make_small_store

runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    """One small store for the module: these tests only read it (and add its export key)."""
    base = tmp_path_factory.mktemp("cli-export")
    with isolated(base):
        opened = make_small_store(base / "store")
        yield opened
        opened.close()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.mark.parametrize("args, needle", [
    (["--as-of", "no-such-commit"], "names no commit"),
    (["--as-of", "--help-me"], "is not a revision"),
    (["--format", "html,pdf"], "unknown format 'pdf'"),
    (["--format", ","], "unknown format"),
    (["--audience", "press"], "unknown audience 'press'"),
])
def test_bad_input_exits_2_with_a_clear_message(store: Store, tmp_path: Path, args: list[str],
                                                 needle: str) -> None:
    out = tmp_path / "site"
    result = run("export", "--store", str(store.root), "--out", str(out), *args)
    assert result.exit_code == 2, result.output
    assert needle in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_non_empty_out_dir_needs_force(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    result = run("export", "--store", str(store.root), "--out", str(out))
    assert result.exit_code == 2 and "not empty" in result.output and "--force" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    forced = run("export", "--store", str(store.root), "--out", str(out), "--force", "--format", "json")
    assert forced.exit_code == 0, forced.output
    assert (out / "council.json").exists() and (out / "notes.txt").read_text() == "keep me"
    assert "left in place" in forced.output


def test_export_prints_a_summary_line_with_the_redaction_report(store: Store, tmp_path: Path) -> None:
    result = run("export", "--store", str(store.root), "--out", str(tmp_path / "site"),
                 "--format", "csv, ics", "--as-of", "HEAD~1")
    assert result.exit_code == 0, result.output
    line = result.output.strip().splitlines()[-1]
    assert line.startswith("Exported ") and "(csv, ics)" in line and "for the public" in line
    assert "records withheld (" in line and "internal" in line
    manifest = json.loads((tmp_path / "site" / "manifest.json").read_text())
    assert manifest["formats"] == ["csv", "ics"]
    assert manifest["source"]["commit"] != store.head  # HEAD~1
    assert not (tmp_path / "site" / "index.html").exists()


def _lines(value: object, found: set[str]) -> set[str]:
    """Every line of 30+ characters in the strings inside ``value``."""
    if isinstance(value, str):
        found.update(line.strip() for line in value.splitlines() if len(line.strip()) >= 30)
    elif isinstance(value, dict):
        for v in value.values():
            _lines(v, found)
    elif isinstance(value, list):
        for v in value:
            _lines(v, found)
    return found


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [s for v in value for s in _strings(v)] if isinstance(value, list) else []


def _secret_lines(store: Store, commit: str, items: list[dict], paths: dict[str, str]) -> set[str]:
    """Every line of 30+ characters in any text the export withheld."""
    found: set[str] = set()

    def walk(value: object) -> None:
        _lines(value, found)

    for item in items:
        data = withheld_bytes(store.root, commit, item["item"])
        if item["scope"] == "record":
            record = parse_path(paths[item["item"]], data)
            walk({k: v for k, v in plain(record).items() if k not in ("id", "sensitivity")})
        else:
            walk(json.loads(data))
    return found


def test_sample_export_publishes_the_site_and_leaks_nothing_withheld(
        sample_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("export", "--store", str(sample_store.root), "--out", "site")
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    for name in ("index.html", "charter.html", "meetings.html", "decisions.html", "disputes.html", "ip.html",
                 "md/index.md", "council.json", "csv/decisions.csv", "csv/votes.csv", "council.ics",
                 "manifest.json"):
        assert (site / name).is_file(), name
    index = (site / "index.html").read_text()
    partnership = sample_store.partnership()
    assert partnership is not None and html.escape(partnership.name) in index
    assert "Transparency figures" in index and "Decisions by tier and outcome" in index
    manifest = json.loads((site / "manifest.json").read_text())
    assert manifest["source"]["commit"] == sample_store.head
    items = manifest["redactions"]["items"]
    assert items, "the sample has confidential and privileged records"
    paths = {r["id"]: r["path"] for r in manifest["records"]}
    # Boilerplate ("### Item 5: Any other business") or a title quoted in public
    # minutes is withheld in one record and published in another: only text that
    # no published field holds is a secret.
    doc = json.loads((site / "council.json").read_text())
    published = "\n".join(_strings([r["fields"] for group in doc["records"].values() for r in group]))
    secrets = {s for s in _secret_lines(sample_store, sample_store.head, items, paths) if s not in published}
    assert len(secrets) > 20
    outputs = {p.relative_to(site).as_posix(): p.read_text("utf-8") for p in site.rglob("*") if p.is_file()}
    for line in secrets:
        forms = {line, html.escape(line), html.escape(line, quote=False), json.dumps(line)[1:-1]}
        leaks = [path for path, text in outputs.items() if any(form in text for form in forms)]
        assert not leaks, f"withheld text {line!r} appears in {leaks}"
