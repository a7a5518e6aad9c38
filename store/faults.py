"""Named crash points in the write path, for the fault-injection tests.

Each point is one cheap call, ``faults.point("ref.moved")``, and does nothing
unless ``COUNCIL_FAULT`` is set (read with the other settings, by
:mod:`council.settings`, when the first point is reached, never at import).  With ``COUNCIL_FAULT=<point>:<n>`` the
process SIGKILLs itself the n-th time it reaches ``<point>`` (n defaults to
1); with ``COUNCIL_FAULT=<point>:<n>:group`` it kills its whole process group
instead, so that a git child it started dies with it (a power cut, not an
OOM kill).  Use ``group`` only in a process that leads its own group, as the
harness in ``tests/reliability/`` arranges.

SIGKILL, not an exception: nothing in the process gets to clean up, exactly
as when the machine loses power or the kernel kills the process.
"""

from __future__ import annotations

import os
import signal

from council import settings

# Every point, in the order a write reaches them.  The harness picks from this
# list; configure() refuses a name not in it, so a typo cannot make a crash
# test that never crashes.
POINTS: tuple[str, ...] = (
    "recover.locked",     # recovery holds the writer lock, nothing done yet
    "write.locked",       # a write holds the lock, before validation
    "object.partial",     # half of a loose object's temporary file written
    "object.written",     # one object in place, others not yet
    "commit.objects",     # blobs, trees and the commit written; journal not yet
    "journal.written",    # journal names the commit; branch not moved
    "ref.locked",         # refs/heads/main.lock holds the new sha; not renamed
    "ref.moved",          # the commit point has passed; work tree untouched
    "worktree.partial",   # one work tree file updated, others not yet
    "worktree.written",   # work tree files written; git's index not updated
    "worktree.staged",    # git's index updated; journal still present
    "journal.removed",    # journal gone; SQLite index not updated
    "index.txn",          # inside the SQLite transaction, before it commits
    "index.committed",    # SQLite committed; write() has not returned yet
)

_armed: tuple[str, int, bool] | None = None
_hits = 0
# The settings the armed point was taken from: settings read again (a new
# command, a forked writer calling reload()) arm their own COUNCIL_FAULT.
_armed_from: settings.Settings | None = None


def point(name: str) -> None:
    """A named place where a crash can be injected; a no-op unless armed."""
    if settings.current() is not _armed_from:
        configure(settings.current().fault)
    if _armed is not None and _armed[0] == name:
        _hit()


def _hit() -> None:
    global _hits
    assert _armed is not None
    _hits += 1
    if _hits < _armed[1]:
        return
    if _armed[2]:
        os.killpg(os.getpgrp(), signal.SIGKILL)
    os.kill(os.getpid(), signal.SIGKILL)


def configure(spec: str | None) -> None:
    """Arm (or, with None or "", disarm) a crash point from a COUNCIL_FAULT value.

    It holds until the settings are read again (:func:`council.settings.reload`).
    """
    global _armed, _hits, _armed_from
    _hits = 0
    _armed_from = settings.current()
    if not spec:
        _armed = None
        return
    name, _, rest = spec.partition(":")
    count, _, mode = rest.partition(":")
    if name not in POINTS:
        raise ValueError(f"COUNCIL_FAULT names an unknown crash point {name!r}; known: {', '.join(POINTS)}")
    if mode not in ("", "group"):
        raise ValueError(f"COUNCIL_FAULT mode must be empty or 'group', got {mode!r}")
    _armed = (name, int(count or 1), mode == "group")


def reload() -> None:
    """Read the settings again and arm their COUNCIL_FAULT (a process forked after
    the settings were read, with a fault of its own in its environment)."""
    configure(settings.reload().fault)
