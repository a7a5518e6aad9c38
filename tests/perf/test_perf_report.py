"""The Performance section's generator: a figure, its anchor, the ratio and the verdict, per size."""

from __future__ import annotations

import json
from pathlib import Path

from tests.perf import report, targets


def _row(**ratios: float) -> dict[str, float | None]:
    row: dict[str, float | None] = {}
    for t in [*targets.TARGETS, *targets.EXTRA]:
        fig, anchor, ratio = targets.keys(t)
        r = ratios.get(t.name, 1.0)
        row[fig], row[anchor], row[ratio] = 0.2 * r, 0.2, r
    return row


def test_the_table_judges_each_size_by_its_own_ratio(tmp_path: Path) -> None:
    data = {"S": _row(tui_first_frame=1.2), "M": _row(tui_first_frame=3.9, approve_commit=0.4),
            "_about": {"date": "2026-12-02 01:00 UTC", "loadavg": "2.10 1.90 1.50", "command": "run.py"}}
    data["M"]["approve_commit_s"] = 0.4  # twice S's 0.2 s: the growth bound is missed
    path = tmp_path / "out.json"
    path.write_text(json.dumps(data))
    text = report.markdown(json.loads(path.read_text()))
    line = next(x for x in text.splitlines() if x.startswith("| TUI first frame |"))
    assert "= 1.20 (met)" in line and "= 3.90 (missed)" in line and "<= 1.5" in line
    approve = next(x for x in text.splitlines() if x.startswith("| approve an amendment |"))
    assert "= 1.00 |" in approve  # the bound is for M and L: S is not judged
    assert "400.0 ms / 200.0 ms = 0.40 (met)" in approve
    assert "M/S 2.00: missed" in approve  # L/S <= 1.5 judged on the largest size measured
    assert "load average 2.10 1.90 1.50" in text and "2026-12-02" in text


def test_a_figure_not_measured_is_missed_not_met() -> None:
    row = _row()
    row["history_s"] = row["history_ratio"] = None
    assert targets.judge(targets.BY_NAME["history"], "M", row) == "n/a"
    assert "history" in report.summary({"M": row}).split("missed")[1]


def test_report_refuses_a_file_that_is_not_json(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "out.json"
    bad.write_text("not json")
    assert report.main([str(bad)]) == 2
    assert "not a JSON file written by tests/perf/run.py" in capsys.readouterr().err


def test_the_readme_section_is_replaced_between_its_markers(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# Council\n\n## Performance\n\nBefore.\n\n{report.BEGIN}\nold table\n{report.END}\n\nAfter.\n")
    data = tmp_path / "out.json"
    data.write_text(json.dumps({"S": _row(), "_about": {"date": "today"}}))
    assert report.main([str(data), "--readme", str(readme)]) == 0
    text = readme.read_text()
    assert "old table" not in text and "| TUI first frame |" in text
    assert text.startswith("# Council\n\n## Performance\n\nBefore.") and text.endswith(f"{report.END}\n\nAfter.\n")
    assert report.main([str(data), "--readme", str(data)]) == 2  # no markers: refused, nothing written


def test_later_runs_fill_only_what_earlier_runs_lack_and_the_report_says_which(tmp_path: Path) -> None:
    first = {"L": {"show_s": 0.2, "show_anchor_s": 0.1, "show_ratio": 2.0, "verify_full_s": None},
             "_about": {"command": "run.py --sizes L", "date": "d1"}}
    second = {"L": {"show_s": 9.0, "verify_full_s": 30.0, "verify_full_anchor_s": 15.0, "verify_full_ratio": 2.0},
              "M": {"show_s": 0.1}, "_about": {"command": "run.py --sizes L --only verify", "date": "d2"}}
    merged = report.merge([first, second])
    assert merged["L"]["show_s"] == 0.2 and merged["L"]["verify_full_ratio"] == 2.0 and merged["M"]["show_s"] == 0.1
    told = report.about(merged)
    assert "run.py --sizes L`" in told and "From this run: L: show." in told
    assert "From this run: L: verify_full; M: show." in told
    paths = [tmp_path / "a.json", tmp_path / "b.json"]
    for path, data in zip(paths, (first, second)):
        path.write_text(json.dumps(data))
    assert report.main([str(p) for p in paths]) == 0
