"""Planning the integration of two diverged histories: which commits to replay, with which IDs.

Two replicas that worked offline share a base commit and each added commits
on top.  One side (the one nobody else holds yet: never pushed to the hub) is
replayed, commit by commit, on top of the other.  Before anything moves, the
plan says:

- which records both sides created under the same number (two secretariats
  both recorded ``DEC-2026-015``): the replayed side's new records of that
  series are renumbered after the highest number the other side holds,
  keeping their order, and every mention of the old ID in the replayed
  records and commit messages is rewritten (:func:`rewrite_ids`);
- which records both sides changed to different versions: a conflict, never
  merged; the replay leaves those records as the other side has them and the
  conflict is kept for `council resolve`;
- which commits the other side already holds in replayed form (a
  ``Replayed-from:`` line names the commit a replay came from), so that
  histories that crossed (two bundles in the post at once) converge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from council.records import kind_of_path
from store.git import commits as gitcommits
from store.git.commits import Commit
from store.git.trees import diff_tree, names_in
from store.logentry import record_id_of

# The kinds numbered in a series: prefix (with the year where the ID has one) and number.
_SERIES = re.compile(r"^((?:MTG|DEC|INC|WR)-\d{4}-|(?:DSP|IP|EXIT|DS|RSK|DUTY)-)(\d+)\Z")
REPLAYED_FROM = "Replayed-from"
RENUMBERED = "Renumbered"
_REPLAYED = re.compile(rf"^{REPLAYED_FROM}: ([0-9a-f]{{40}})\s*$", re.M)


@dataclass
class Conflict:
    """A record both sides changed to different versions (blob shas; None: absent or deleted)."""

    path: str
    base: str | None
    side: str | None  # the replayed side's last version
    onto: str | None  # the version on the side replayed onto
    commits: list[str] = field(default_factory=list)  # the replayed side's commits that changed it
    reason: str = "changed on both replicas"

    @property
    def record(self) -> str:
        return record_id_of(self.path)


@dataclass
class Plan:
    base: str
    tip: str  # the side replayed
    onto: str  # the side replayed onto
    commits: list[Commit]  # the side replayed, parents first
    mapping: dict[str, str]  # old ID -> new ID, for the replayed side's new records
    hold: set[str]  # paths the replay must not write (the other side's version stands)
    conflicts: list[Conflict]
    known: set[str]  # origins of the commits the other side holds


def series(record_id: str) -> tuple[str, int, int] | None:
    """(prefix, number, digits) of a numbered ID (``DEC-2026-015`` -> ``("DEC-2026-", 15, 3)``)."""
    found = _SERIES.match(record_id)
    return (found.group(1), int(found.group(2)), len(found.group(2))) if found else None


def rewrite_ids(text: str, mapping: dict[str, str]) -> str:
    """``text`` with every whole mention of an old ID replaced by its new one, all at once."""
    if not mapping:
        return text
    alternatives = "|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True))
    return re.sub(rf"(?<![\w-])({alternatives})(?!\w)", lambda m: mapping[m.group(1)], text)


def origin_of(sha: str, message: str) -> str:
    """The commit a commit replays (itself if it is no replay): what identifies its change."""
    found = _REPLAYED.search(message)
    return found.group(1) if found else sha


def origin(c: Commit) -> str:
    """:func:`origin_of` a commit."""
    return origin_of(c.sha, c.message)


# --- reading the two sides -----------------------------------------------------------


def read_run(root: Path, base: str, tip: str) -> list[Commit]:
    """Commits from ``base`` (exclusive) to ``tip``, parents first, with their raw changes."""
    return list(gitcommits.log(root, "--reverse", "--topo-order", f"{base}..{tip}", "--"))


def origins(root: Path, base: str, tip: str) -> set[str]:
    """The origins of the commits from ``base`` to ``tip`` (see :func:`origin`)."""
    return {origin(c) for c in gitcommits.log(root, f"{base}..{tip}", "--")}


def net_changes(root: Path, old: str, new: str) -> dict[str, tuple[str | None, str | None]]:
    """Record path -> (blob at ``old``, blob at ``new``) for every record file that differs."""
    return {ch.path: (ch.old, ch.new) for ch in diff_tree(root, old, new) if kind_of_path(ch.path)}


def _numbers(root: Path, commits: tuple[str, ...], folder: str, prefix: str) -> list[int]:
    """Numbers of the IDs of one series present at any of ``commits``."""
    nums = []
    for commit in commits:
        for name in names_in(root, commit, folder):
            found = series(name[:-3]) if name.endswith(".md") else None
            if found and found[0] == prefix:
                nums.append(found[1])
    return nums


# --- the plan ------------------------------------------------------------------------


def make_plan(root: Path, base: str, tip: str, onto: str) -> Plan:
    """How to replay ``base..tip`` on ``onto``: renumbering, records held, conflicts."""
    side = net_changes(root, base, tip)
    other = net_changes(root, base, onto)
    commits = read_run(root, base, tip)
    mapping, same = _renumbering(root, base, onto, side, other)
    touched: dict[str, list[str]] = {}
    for c in commits:
        for ch in c.changes:
            if kind_of_path(ch.path) and record_id_of(ch.path) not in mapping:
                touched.setdefault(ch.path, []).append(c.sha)
    hold, conflicts = set(same), []
    for path in sorted(set(touched) & set(other)):
        hold.add(path)
        before, theirs = other[path]
        ours = side[path][1] if path in side else before  # not in the net diff: back as it was
        if ours != before and ours != theirs:
            conflicts.append(Conflict(path, before, ours, theirs, touched[path]))
    return Plan(base, tip, onto, commits, mapping, hold, conflicts, origins(root, base, onto))


def _renumbering(root: Path, base: str, onto: str, side: dict, other: dict) -> tuple[dict[str, str], set[str]]:
    """New IDs for the replayed side's new records, in every series where both sides created one.

    Returns the mapping and the paths both sides created identically (one
    record, not two: nothing to replay).
    """
    created = {p: new for p, (old, new) in side.items() if old is None and new is not None}
    same = {p for p, blob in created.items() if p in other and other[p][1] == blob}
    numbered = {p: s for p in created if p not in same and (s := series(record_id_of(p))) is not None}
    clash = {s[0] for p, s in numbered.items() if p in other and other[p][1] is not None}
    mapping: dict[str, str] = {}
    for prefix in sorted(clash):
        mine = sorted((s, p) for p, s in numbered.items() if s[0] == prefix)
        folder = mine[0][1].rsplit("/", 1)[0]
        top = max(_numbers(root, (base, onto), folder, prefix), default=0)
        for n, ((_, _, digits), path) in enumerate(mine, start=1):
            mapping[record_id_of(path)] = f"{prefix}{top + n:0{digits}d}"
    return mapping, same
