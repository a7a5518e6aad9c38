"""One of several processes creating new records in the same store at once
(see test_concurrency.py).

    python tests/reliability/hammer_new.py STORE WORKER WRITES

Write ``i`` of worker ``w`` creates one new record under the next free ID,
through the same use cases the terminal app calls, cycling through every kind
that takes a next free ID (every worker the same kind at the same time): a
risk (the form's ``next_risk_id``, then ``new_risk``, as the Registers area
does), an incident, a compliance duty, a dispute, a meeting and a decision.  Each title carries ``w<w>.<i>`` so that the
test can find in git the record each acknowledgement promised.  Prints
``ACK <id> w<w>.<i>`` when a write returns; ``TAKEN <id>`` when the ID the form
suggested was taken by another writer before this one got the lock (refused,
nothing written, so the worker asks for a fresh suggestion, as a user would).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from council.errors import RecordError  # noqa: E402
from store import usecases  # noqa: E402
from store.service import Store  # noqa: E402
from store.write.change import Committed  # noqa: E402
from tests.reliability.retry import until_accepted  # noqa: E402

DAY = dt.date(2026, 3, 10)
KINDS = ("risk", "incident", "duty", "dispute", "meeting", "decision")
MAX_TAKEN = 200


def token(worker: int, i: int) -> str:
    return f"w{worker}.{i}"


def create(store: Store, kind: str, title: str) -> tuple[str, Committed]:
    """Create one record of ``kind``; return its ID and the acknowledgement."""
    if kind == "risk":  # the Registers form: the suggested ID, then the write
        risk_id = usecases.next_risk_id(store)
        done = usecases.new_risk(store, risk_id, title, "ada", 2, 3, "hosp", DAY + dt.timedelta(days=90))
        return risk_id, done
    if kind == "incident":
        incident_id = usecases.next_incident_id(store, 2026)
        done = usecases.new_incident(store, incident_id, title, "security", "lab",
                                         dt.datetime(2026, 3, 9, 8, 0, tzinfo=dt.UTC))
        return incident_id, done
    if kind == "duty":
        duty_id = usecases.next_duty_id(store)
        return duty_id, usecases.new_duty(store, duty_id, title, 12, DAY, ["ada"], "ben")
    if kind == "dispute":
        done, dispute = usecases.raise_dispute(store, title, "hosp", ["lab"], DAY)
        return dispute.id, done
    if kind == "meeting":
        done, meeting = usecases.schedule_meeting(store, dt.date(2026, 6, 1), title=title)
        return meeting.id, done
    motion = usecases.Motion(title, "That it be done.", "low", {"ada": "for", "dee": "for"})
    done, decision = usecases.record_decision(store, "MTG-2026-01", motion)
    return decision.id, done


def taken(exc: Exception) -> bool:
    """Whether the write was refused because another writer took the suggested ID first."""
    if isinstance(exc, RecordError) and exc.field == "id":
        print(f"TAKEN {exc.got}", flush=True)
        return True
    return False


def main(root: str, worker: int, writes: int) -> int:
    store = Store.open(root)
    for i in range(1, writes + 1):
        kind = KINDS[(i - 1) % len(KINDS)]  # every worker creates the same kind at once
        title = f"Entry {token(worker, i)}"
        (record_id, done), _ = until_accepted(lambda kind=kind, title=title: create(store, kind, title),
                                              taken, MAX_TAKEN)
        print(f"ACK {record_id} {token(worker, i)} {done.commit}", flush=True)
    store.close()
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
