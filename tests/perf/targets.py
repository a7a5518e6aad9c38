"""Issue 18's target table, in one place: each figure, its anchor, and what it must reach.

A figure's JSON keys are ``<name>_s`` (CPU seconds, what the ratio uses),
``<name>_anchor_s`` and ``<name>_ratio``, with ``<name>_wall_s`` and
``<name>_anchor_wall_s`` beside them; RSS figures use ``_mb`` instead of
``_s``.  A target is a bound on the ratio (``ratio``), on the figure itself
(``cpu`` seconds, ``mb``), optionally only at some sizes, and optionally a
bound on growth (the largest size measured over S, ``growth``).
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.perf.sizes import SIZES


@dataclass(frozen=True)
class Target:
    name: str
    what: str
    anchor: str
    kind: str  # "ratio", "cpu" (seconds) or "mb"
    bound: float
    at: tuple[str, ...] = ()  # the sizes the bound applies to; () for every size
    growth: float | None = None  # largest size / S, of the figure, at most this
    text: str = ""

    @property
    def unit(self) -> str:
        return "mb" if self.kind == "mb" else "s"


COMMIT = "git add + git commit of the same change"
TEXTUAL = "a minimal Textual app to first frame"
SQLITE = "the same filter as one raw sqlite3 query"
TYPER = "python -c 'import typer'"
FSCK = "git fsck + git log --raw --no-abbrev"
BLOBS = "git ls-tree -r + every record blob via git cat-file --batch"

TARGETS: list[Target] = [
    Target("approve_commit", "approve an amendment", COMMIT, "ratio", 0.5, ("M", "L"), 1.5,
           "<= 0.5 at M and L; L/S <= 1.5"),
    Target("record_commit", "record a vote", COMMIT, "ratio", 0.5, ("M", "L"), 1.5,
           "<= 0.5 at M and L; L/S <= 1.5"),
    Target("tui_first_frame", "TUI first frame", TEXTUAL, "ratio", 1.5),
    Target("tui_dashboard", "TUI dashboard with data", TEXTUAL, "ratio", 2.0),
    Target("decision_log_open", "decision log open, to rows painted", SQLITE, "ratio", 2.0),
    Target("decision_filter", "filter keystroke, to rows painted", SQLITE, "ratio", 2.0),
    Target("show", "council show ID", TYPER, "ratio", 2.0),
    Target("list", "council list decisions (first page)", TYPER, "ratio", 2.0),
    Target("history", "council history ID", "git log -- PATH", "ratio", 3.0),
    Target("verify_full", "council verify --full", FSCK, "ratio", 3.0),
    Target("clone", "council clone", FSCK, "ratio", 3.0),
    Target("verify_incremental", "council verify after one commit",
           "git log -1 --raw of that commit", "cpu", 0.5, ("L",), 1.5, "<= 0.5 s CPU at L, flat from S to L"),
    Target("export_incremental", "export after one change", "a full export", "ratio", 0.1, ("M", "L"),
           text="<= 0.1 of a full export, at M and L"),
    Target("reindex", "council reindex, fresh clone", BLOBS, "ratio", 3.0),
    Target("export_full", "council export, full", BLOBS, "ratio", 3.0),
    Target("tui_rss", "peak RSS of the TUI", "the minimal Textual app's", "mb", 250, ("L",)),
    Target("export_rss", "peak RSS of export", "git cat-file --batch's", "mb", 250, ("L",)),
    Target("verify_rss", "peak RSS of verify --full", "git fsck's", "mb", 250, ("L",)),
]
BY_NAME = {t.name: t for t in TARGETS}


def target_text(t: Target) -> str:
    if t.text:
        return t.text
    sign = {"ratio": "", "cpu": " s CPU", "mb": " MB"}[t.kind]
    return f"<= {t.bound:g}{sign}" + (f" at {' and '.join(t.at)}" if t.at else "")


def keys(t: Target) -> tuple[str, str, str]:
    """The figure's, its anchor's and the ratio's JSON keys."""
    return f"{t.name}_{t.unit}", f"{t.name}_anchor_{t.unit}", f"{t.name}_ratio"


def applies(t: Target, label: str) -> bool:
    """Whether the bound holds at this size (a number of decisions counts as M from 10,000 up)."""
    if not t.at:
        return True
    if label in t.at:
        return True
    if label.isdigit():
        size = "L" if int(label) >= SIZES["L"] else "M" if int(label) >= SIZES["M"] else "S"
        return size in t.at
    return False


def judge(t: Target, label: str, row: dict[str, float | None]) -> str:
    """``met``, ``missed``, ``n/a`` (not measured) or ``-`` (the bound is for other sizes)."""
    fig, _, ratio = keys(t)
    value = row.get(ratio) if t.kind == "ratio" else row.get(fig)
    if not applies(t, label):
        return "-"
    if value is None:
        return "n/a"
    return "met" if value <= t.bound else "missed"


def judge_growth(t: Target, data: dict[str, dict[str, float | None]]) -> str:
    """The growth bound (largest size over S): ``met``/``missed`` with the factor, or ``""``."""
    if t.growth is None or "S" not in data:
        return ""
    fig = keys(t)[0]
    others = [label for label in data if label != "S" and data[label].get(fig)]
    small = data["S"].get(fig)
    if not others or not small:
        return ""
    largest = max(others, key=lambda label: SIZES.get(label) or (int(label) if label.isdigit() else 0))
    factor = (data[largest][fig] or 0.0) / small
    return f"{largest}/S {factor:.2f}: {'met' if factor <= t.growth else 'missed'}"


# Figures that explain the ones above, measured the same way, with no target of their own.
EXTRA: list[Target] = [
    Target("help", "council --help", TYPER, "ratio", float("inf")),
    Target("attendance_commit", "record an attendance change", COMMIT, "ratio", float("inf")),
]


def unit_of(name: str) -> str:
    """``mb`` or ``s``: the unit of a figure's JSON keys."""
    found = BY_NAME.get(name) or next((t for t in EXTRA if t.name == name), None)
    return found.unit if found else "s"
