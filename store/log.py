"""The log as ``council history`` lists it: commits streamed from one ``git log``, and their lines.

Apart from :mod:`store.history` (records at a revision, blame, terms as of a
day), which reads record files and so imports the file format and every
record kind: listing the log needs git's output alone, and ``council history
ID`` is measured beside ``git log -- PATH`` (issue 18).  Both names are also
found in :mod:`store.history` and :mod:`store.history_text`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from council.errors import RecordError
from store.git import commits as gitcommits
from store.git.process import GitError
from store.logentry import Entry, record_path

_MAX_RECORDS = 8


def iter_history(root: Path, record_id: str | None = None, since: dt.date | None = None,
                 until: dt.date | None = None, kind: str | None = None, limit: int | None = None,
                 rev: str = "HEAD") -> Iterator[Entry]:
    """:func:`store.history.history` as a stream (git stops as soon as ``limit`` entries are read)."""
    args = []
    if since:  # coarse bounds for git (a day either side covers every UTC offset)
        args.append(f"--since={(since - dt.timedelta(days=1)).isoformat()} 00:00:00 +0000")
    if until:
        args.append(f"--until={(until + dt.timedelta(days=1)).isoformat()} 23:59:59 +0000")
    if kind:
        args.append(f"--grep=^{kind}: ")
    args += ["--end-of-options", rev, "--"]
    if record_id:
        args.append(record_path(record_id))
    count = 0
    for entry in commit_entries(root, args, rev):
        if (since and entry.day < since) or (until and entry.day > until) or (kind and entry.kind != kind):
            continue
        yield entry
        count += 1
        if limit is not None and count >= limit:
            return


def commit_entries(root: Path, args: list[str], rev: str) -> Iterator[Entry]:
    """The commits ``git log args`` lists, as entries; an unknown ``rev`` is a RecordError naming it."""
    commits = gitcommits.log(root, *args)
    try:
        yield from (Entry.of(c) for c in commits)
    except GitError as exc:
        if "does not have any commits" not in exc.stderr:
            raise RecordError("history", "rev", f"a revision git knows ({exc.stderr[:200]})", rev) from None
    finally:
        commits.close()


def entry_lines(entry: Entry, verbose: bool = True) -> list[str]:
    """One commit: hash, date, kind and summary, then what its trailers say."""
    kind = entry.kind or "(plain)"
    lines = [f"{entry.short}  {entry.day}  {kind:<7} {entry.summary}"]
    if not verbose:
        return lines
    pad = " " * 12
    if entry.decision:
        facts = [f"Decision {entry.decision}" + (f" at {entry.meeting}" if entry.meeting else "")]
        facts += [f"Quorum {entry.quorum}"] if entry.quorum else []
        facts += [f"Vote {entry.vote}"] if entry.vote else []
        lines.append(pad + " · ".join(facts))
    if entry.approvers:
        lines.append(pad + "Approved by " + ", ".join(a.split(" <")[0] for a in entry.approvers))
    records = entry.records
    if records:
        shown = ", ".join(records[:_MAX_RECORDS])
        more = len(records) - _MAX_RECORDS
        lines.append(pad + "Records " + shown + (f" and {more} more" if more > 0 else ""))
    return lines
