"""One of several processes writing to the same store at once (see test_concurrency.py).

    python tests/reliability/hammer.py STORE WORKER WRITES

Write ``i`` of worker ``w`` raises its own dispute DSP-<w><iii> and appends
the line ``- w<w>.<i>`` to the minutes of MTG-2026-01, which every worker
edits: a read-modify-write that would lose another worker's line if the
write path let a stale change through.  The change carries ``base`` (the
store's version, read before the minutes), so a stale one gets Conflict and
is rebuilt from a fresh read.  Prints ``ACK <w> <i> <sha> <conflicts>`` when
a write returns and ``BUSY <w> <i> <seconds>`` (the wait the store reports) when
the store stayed busy longer than COUNCIL_LOCK_WAIT; a busy write is not retried.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from council.errors import Conflict, StoreBusy  # noqa: E402
from council.records import Dispute, Meeting, Stage  # noqa: E402
from store.service import Store  # noqa: E402
from store.write.change import Change  # noqa: E402
from tests.reliability.retry import until_accepted  # noqa: E402

MEETING = "MTG-2026-01"
DAY = dt.date(2026, 3, 10)
MAX_CONFLICTS = 200


def dispute_id(worker: int, i: int) -> str:
    return f"DSP-{worker}{i:03d}"


def line(worker: int, i: int) -> str:
    return f"- w{worker}.{i}"


def change(store: Store, worker: int, i: int) -> Change:
    base = store.version  # before reading what the change is built from
    meeting = store.require(MEETING)
    assert isinstance(meeting, Meeting)
    dispute = Dispute(id=dispute_id(worker, i), title=f"Worker {worker}, write {i}", raised_on=DAY,
                      raised_by="hosp", against=["lab"], stages=[Stage("negotiation", DAY)])
    minutes = meeting.replace(body=meeting.body + "\n" + line(worker, i))
    return Change(f"w{worker} write {i}", [minutes, dispute], base=base)


def main(root: str, worker: int, writes: int) -> int:
    store = Store.open(root)
    for i in range(1, writes + 1):
        try:
            done, conflicts = until_accepted(lambda i=i: store.write(change(store, worker, i)),
                                             lambda exc: isinstance(exc, Conflict), MAX_CONFLICTS)
        except StoreBusy as busy:  # how long it waited, by the store's own clock; not retried
            print(f"BUSY {worker} {i} {busy.waited:.3f}", flush=True)
            continue
        print(f"ACK {worker} {i} {done.commit} {conflicts}", flush=True)
    store.close()
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
