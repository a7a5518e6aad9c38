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

import datetime as dt
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from council.records import KINDS, kind_of_path
from store import ledger
from store.history import record_id_of

# The kinds numbered in a series: prefix (with the year where the ID has one) and number.
_SERIES = re.compile(r"^((?:MTG|DEC|INC)-\d{4}-|(?:DSP|IP|EXIT|DS|RSK|DUTY)-)(\d+)\Z")
REPLAYED_FROM = "Replayed-from"
RENUMBERED = "Renumbered"
_REPLAYED = re.compile(rf"^{REPLAYED_FROM}: ([0-9a-f]{{40}})\s*$", re.M)
_FORMAT = "%x1e%H %P%x1f%an%x1f%ae%x1f%aI%x1f%B%x1d"
ZERO = "0" * 40


@dataclass(frozen=True)
class Change:
    """One file a commit changed: blobs before and after (None: absent)."""

    path: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class RunCommit:
    """A commit of the side being replayed, with what is needed to make it again."""

    sha: str
    parents: tuple[str, ...]
    author: ledger.Identity
    date: dt.datetime
    message: str
    changes: tuple[Change, ...]

    @property
    def kind(self) -> str:
        prefix, sep, _ = self.message.split("\n", 1)[0].partition(": ")
        return prefix if sep and prefix in ("amend", "record") else ""

    @property
    def origin(self) -> str:
        """The commit this one replays (itself if it is no replay): what identifies its change."""
        return origin_of(self.sha, self.message)


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
    commits: list[RunCommit]
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
    found = _REPLAYED.search(message)
    return found.group(1) if found else sha


# --- reading the two sides -----------------------------------------------------------


def read_run(root: Path, base: str, tip: str) -> list[RunCommit]:
    """Commits from ``base`` (exclusive) to ``tip``, parents first, with their raw changes."""
    out = ledger.git(root, "log", "--reverse", "--topo-order", "--no-renames", "--raw", "--no-abbrev",
                     f"--format={_FORMAT}", f"{base}..{tip}", "--")
    return [_parse(chunk) for chunk in out.decode("utf-8", "replace").split("\x1e") if chunk.strip()]


def _parse(chunk: str) -> RunCommit:
    head, _, rest = chunk.partition("\x1d")
    ids, name, email, stamp, message = head.split("\x1f", 4)
    shas = ids.split()
    changes = []
    for line in rest.strip("\n").splitlines():
        if line.startswith(":") and "\t" in line:
            meta, path = line.split("\t", 1)
            parts = meta.split()
            changes.append(Change(path, None if parts[2] == ZERO else parts[2], None if parts[3] == ZERO else parts[3]))
    return RunCommit(shas[0], tuple(shas[1:]), ledger.Identity(name, email), dt.datetime.fromisoformat(stamp),
                     message.rstrip("\n") + "\n", tuple(changes))


def origins(root: Path, base: str, tip: str) -> set[str]:
    """The origins of the commits from ``base`` to ``tip`` (see :attr:`RunCommit.origin`)."""
    out = ledger.git(root, "log", "--format=%x1e%H%x1f%B", f"{base}..{tip}", "--").decode("utf-8", "replace")
    found = set()
    for chunk in out.split("\x1e"):
        if chunk.strip():
            sha, _, message = chunk.partition("\x1f")
            found.add(origin_of(sha.strip(), message))
    return found


def net_changes(root: Path, old: str, new: str) -> dict[str, tuple[str | None, str | None]]:
    """Record path -> (blob at ``old``, blob at ``new``) for every record file that differs."""
    out = ledger.git(root, "diff-tree", "-r", "-z", "--no-renames", "--no-abbrev", old, new).decode("utf-8")
    parts = out.split("\0")
    found = {}
    for meta, path in zip(parts[0::2], parts[1::2]):
        if meta.startswith(":") and kind_of_path(path):
            fields = meta.split()
            found[path] = (None if fields[2] == ZERO else fields[2], None if fields[3] == ZERO else fields[3])
    return found


def _numbers(root: Path, commits: tuple[str, ...], folder: str, prefix: str) -> list[int]:
    """Numbers of the IDs of one series present at any of ``commits``."""
    nums = []
    for commit in commits:
        out = subprocess.run(["git", "ls-tree", "--name-only", "-z", f"{commit}:{folder}"], cwd=root,
                             capture_output=True).stdout.decode("utf-8")
        for name in out.split("\0"):
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
    clash = {series(record_id_of(p))[0] for p in created
             if p not in same and p in other and other[p][1] is not None and series(record_id_of(p))}
    mapping: dict[str, str] = {}
    for prefix in sorted(clash):
        mine = sorted((series(record_id_of(p)), p) for p in created if p not in same
                      and (series(record_id_of(p)) or ("",))[0] == prefix)
        folder = mine[0][1].rsplit("/", 1)[0]
        top = max(_numbers(root, (base, onto), folder, prefix), default=0)
        for n, ((_, _, digits), path) in enumerate(mine, start=1):
            mapping[record_id_of(path)] = f"{prefix}{top + n:0{digits}d}"
    return mapping, same


def is_term(path: str) -> bool:
    kind = kind_of_path(path)
    return kind is not None and KINDS[kind].TERM
