"""Written resolutions in the export: an open one's closing day (the last day for votes) is in the
calendar for an audience that may see the resolution, and the term text a resolution carries is
never published through it (the terms are published as themselves, under their own policy)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from council.cli import app
from store import usecases
from store.service import Store
from store.workspace import Workspace
from tests.test_resolutions import CLOSES, OPENS, VOTERS, circulate, workspace  # noqa: F401 (fixture)

runner = CliRunner()


def _circulate(store: Store, title: str, sensitivity: str) -> str:
    circular = usecases.Circular(title, "That it be done.", "low", OPENS, CLOSES, sensitivity=sensitivity)
    return usecases.circulate_resolution(store, circular)[1].id


def _events(store: Store, out: Path, audience: str = "public") -> dict[str, list[str]]:
    """The calendar's events by UID prefix (the part before the store's seed), each its unfolded lines."""
    result = runner.invoke(app, ["export", "--store", str(store.root), "--out", str(out), "--format", "ics",
                                 "--audience", audience])
    assert result.exit_code == 0, result.output
    lines = (out / "council.ics").read_bytes().replace(b"\r\n ", b"").decode().split("\r\n")
    found: dict[str, list[str]] = {}
    for i, line in enumerate(lines):
        if line == "BEGIN:VEVENT":
            event = lines[i + 1:lines.index("END:VEVENT", i)]
            found[event[0].removeprefix("UID:").rsplit("-", 1)[0]] = event
    return found


def test_an_open_resolutions_closing_day_is_in_the_calendar(small_store: Store, tmp_path: Path) -> None:
    public = _circulate(small_store, "Adopt the budget", "public")
    internal = _circulate(small_store, "Appoint the auditor", "internal")
    closed = _circulate(small_store, "Name the hall", "public")
    usecases.record_resolution_votes(small_store, closed, dict.fromkeys(VOTERS, "for"), OPENS)
    usecases.close_resolution(small_store, closed, OPENS)
    seen = _events(small_store, tmp_path / "public")
    event = seen[f"resolution-{public}-closes"]
    assert "DTSTART;VALUE=DATE:20260415" in event and "DTEND;VALUE=DATE:20260416" in event
    assert f"SUMMARY:Written resolution {public} closes: Adopt the budget" in event
    assert f"DESCRIPTION:The last day for votes on written resolution {public}\\, open since 2026-04-01." in event
    assert "CATEGORIES:DEADLINE" in event
    assert f"resolution-{internal}-closes" not in seen  # the public may not see an internal resolution
    assert f"resolution-{closed}-closes" not in seen  # closed: no votes are due
    partners = _events(small_store, tmp_path / "partners", "partners")
    assert f"resolution-{internal}-closes" in partners and f"resolution-{closed}-closes" not in partners


def test_the_text_a_resolution_carries_is_not_published_through_it(small_store: Store, workspace: Workspace,
                                                                   tmp_path: Path) -> None:
    r = circulate(small_store, workspace)
    out = tmp_path / "partners"
    result = runner.invoke(app, ["export", "--store", str(small_store.root), "--out", str(out), "--format", "json",
                                 "--audience", "partners"])
    assert result.exit_code == 0, result.output
    document = (out / "council.json").read_text()
    assert r.id in document and r.amendment_digest in document
    assert "circulated_text" not in document and json.dumps(r.circulated_text["4.1"])[1:-1] not in document
