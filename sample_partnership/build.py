"""Replay the sample partnership's history into a store.

Each event of :mod:`sample_partnership.history` becomes one commit through the
store's single write path, dated as the event happened and made by the
council's secretariat, so every build gives the same commits.

    python -m sample_partnership.build DIR
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from council.records import Member
from store.git.commits import Identity
from store.service import Store


def secretariat(events) -> Member:
    for change in events:
        for record in change.records:
            if isinstance(record, Member) and record.role == "secretariat":
                return record
    raise RuntimeError("the sample history has no secretariat member")


def build(target: Path, progress: Callable[[int, int], None] | None = None) -> Store:
    """Build the sample store at ``target`` (atomically: a half-built sample is never left).

    ``progress(done, total)`` is called after each change is written, so that
    whoever waits for the first launch sees it move.
    """
    from sample_partnership.history import events as history

    events = history()
    clerk = secretariat(events)
    who = Identity(clerk.name, clerk.email)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".building-", dir=target.parent))
    try:
        store = Store.create(tmp / "store")
        for done, change in enumerate(events, 1):
            store.write(change, author=who)
            if progress is not None:
                progress(done, len(events))
        store.set_operator(clerk.id)
        store.close()
        if target.exists():
            shutil.rmtree(target)
        (tmp / "store").rename(target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return Store.open(target)


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "sample-store")
    built = build(out)
    print(f"built the sample partnership at {out} ({built.head})")
