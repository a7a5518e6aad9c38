"""An export cache's file: pickled frames, the whole table first, then what each later export added.

Writing a cache back whole after every export made an export after one change cost
O(store) in pickling alone: 0.14 s of CPU at 10,000 decisions for the two caches, and
gigabytes of writes at 100,000 (issue 18).  So an export that only added entries
appends them as one more frame, and the file is rewritten whole (compacted) only when
it holds too many entries no export uses any more, or too many frames, or cannot be
read to its end (a crash cut a frame short; another context's file).

Each frame is ``(context, entries)``: a frame of another context, or anything that is
not a frame, ends the reading, and what was read before it is kept only if it is of
this context; the next save compacts.  The caches never decide what is published
(deleting them gives the same bytes), so a frame lost to two exports appending at once
costs only speed.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_FRAMES = 64  # appended exports before the file is rewritten whole
STALE_SHARE = 4  # rewrite when more than 1 in this many entries is no longer used

_ERRORS = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError,
           IndexError, KeyError, MemoryError)


@dataclass
class Loaded:
    """What a cache file held for one context: its entries, its frames, and whether it read cleanly."""

    entries: dict[Any, Any] = field(default_factory=dict)
    frames: int = 0
    sound: bool = True


def load(path: Path, context: Any) -> Loaded:
    """The entries of ``context`` in the file at ``path`` (none if it is missing or another context's)."""
    found = Loaded()
    try:
        fh = open(path, "rb")  # our own file in .council/: trusted as the index is
    except FileNotFoundError:
        return found
    except OSError:
        return Loaded(sound=False)
    with fh:
        try:
            size = os.fstat(fh.fileno()).st_size
            while fh.tell() < size:
                frame = pickle.load(fh)
                if not (isinstance(frame, tuple) and len(frame) == 2 and frame[0] == context
                        and isinstance(frame[1], dict)):
                    found.sound = False
                    break
                found.entries.update(frame[1])
                found.frames += 1
        except _ERRORS:
            found.sound = False
    return found


def save(path: Path, context: Any, loaded: Loaded, added: dict[Any, Any], used: set[Any],
         compact: bool = False) -> None:
    """Bring the file at ``path`` to the entries this export used plus those it added.

    ``loaded`` is what the file held when the export began (its entries, now with
    ``added`` among them); the entries not in ``used`` are stale, and go at once with
    ``compact`` (a caller's rule says they must not stay)."""
    stale = len(loaded.entries.keys() - used)
    if not compact and loaded.sound and 0 < loaded.frames < MAX_FRAMES and stale * STALE_SHARE <= len(used):
        if added:
            _append(path, pickle.dumps((context, added), protocol=pickle.HIGHEST_PROTOCOL))
        return
    if loaded.sound and loaded.frames <= 1 and not added and not stale:
        return  # the file is already what it would be rewritten to
    kept = {k: v for k, v in loaded.entries.items() if k in used}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    with open(tmp, "wb") as fh:
        pickle.dump((context, kept), fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def _append(path: Path, data: bytes) -> None:
    """One frame at the end of the file, in as few writes as the system takes (O_APPEND: never
    over another export's frame)."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)
