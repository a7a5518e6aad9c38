"""The writer the reliability tests kill: numbered changes through Store.write.

Change ``n`` ("step n") touches several files at once, so that a half-written
commit would show: it rewrites the minutes of MTG-2026-01 to say "Step n."
and raises dispute DSP-<n>; even steps are amendments (decision DEC-2026-<n>,
all for) that register asset IP-<n> (n = 2 mod 4) or delete the asset of
step n-2 (n = 0 mod 4); a step that is a multiple of 7 also records
decision DEC-2026-<n>.  Every
fifth dispute carries a large body (200 kB), to widen the window a timed kill can hit.
:func:`expected` is the state after step n, for the checks.

A writer resumes after the step the store is at, prints ``READY <n> <head>``
once the store is open (recovery done; it is then at step n), ``ACK <step> <sha>`` after each
write returns, ``BUSY <step>`` when the store stayed busy, and ``DONE``.

    python tests/reliability/writer.py STORE --steps 8            # one writer
    python tests/reliability/writer.py --serve                    # fork server

With ``--serve`` it imports everything once and then forks a writer per JSON
line on stdin ({"store", "steps", "log", "fault"}), replying ``{"pid": ...}``
and, when the child ends, ``{"status": ...}``: the crash harness kills those
children, so that each kill costs a fork, not a Python start-up.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from council.errors import Conflict, StoreBusy  # noqa: E402
from council.records import Decision, Dispute, IPAsset, Meeting, Stage  # noqa: E402
from store import faults  # noqa: E402
from store.service import Store  # noqa: E402
from store.write.change import Change  # noqa: E402

MEETING = "MTG-2026-01"
DAY = dt.date(2026, 3, 10)
VOTERS = ("ada", "ben", "cy", "dee", "eli", "fay")
_STEP = re.compile(r"Step (\d+)\.")


def dispute_id(step: int) -> str:
    return f"DSP-{step:04d}"


def decision_id(step: int) -> str:
    return f"DEC-2026-{step:04d}"


def asset_id(step: int) -> str:
    return f"IP-{step:04d}"


def amends(step: int) -> bool:
    """Steps 2, 4, 6, ... change the IP register, a term: only by amendment."""
    return step % 2 == 0


@dataclass(frozen=True)
class Expected:
    """What the store holds after a step: the IDs it wrote and kept."""

    step: int
    disputes: frozenset[str]
    decisions: frozenset[str]
    assets: frozenset[str]


def expected(step: int) -> Expected:
    return Expected(step, frozenset(dispute_id(i) for i in range(1, step + 1)),
                    frozenset(decision_id(i) for i in range(1, step + 1) if amends(i) or i % 7 == 0),
                    frozenset(asset_id(i) for i in range(2, step + 1, 4) if i + 2 > step))


def subject(step: int) -> str:
    return f"{'amend' if amends(step) else 'record'}: step {step}"


def step_of(text: str) -> int:
    """The step a meeting's minutes say the store is at (0 before the first)."""
    found = _STEP.search(text)
    return int(found.group(1)) if found else 0


def change_for(store: Store, step: int) -> Change:
    meeting = store.require(MEETING)
    assert isinstance(meeting, Meeting)
    # One long sentence: large on disk, cheap to put in canonical form.
    body = f"Dispute raised at step {step}. The parties disagree " + ("about clause 4.2 and " * (
        10_000 if step % 5 == 0 else 10)) + "more."
    records: list = [
        meeting.replace(body=f"The council met.\n\nStep {step}."),
        Dispute(id=dispute_id(step), title=f"Dispute {step} — ünïcode ✓", raised_on=DAY, raised_by="hosp",
                against=["lab"], stages=[Stage("negotiation", DAY)], body=body),
    ]
    register = [asset_id(step)] if step % 4 == 2 else []
    deletes = [asset_id(step - 2)] if step % 4 == 0 else []
    if register:
        records.append(IPAsset(id=register[0], title=f"Model of step {step}", owners={"hosp": 50.0, "lab": 50.0},
                               body="Jointly developed."))
    if amends(step) or step % 7 == 0:
        records.append(Decision(id=decision_id(step), title=f"Decision at step {step}", meeting=MEETING,
                                date=DAY, tier="high" if amends(step) else "low", amends=register + deletes,
                                motion="That the step be recorded.", moved_by="ada",
                                votes={m: "for" for m in VOTERS}, body="Recorded by the writer."))
    if amends(step):
        return Change(f"step {step}", records, kind="amend", decision=decision_id(step), deletes=deletes)
    return Change(f"step {step}", records)


def run(root: str, steps: int, out) -> int:
    """Open the store, then write ``steps`` numbered changes; return the last step reached."""
    store = Store.open(root)
    first = step_of(store.require(MEETING).body)
    out(f"READY {first} {store.head}")
    step = first
    for step in range(first + 1, first + 1 + steps):
        try:
            done = store.write(change_for(store, step))
        except (StoreBusy, Conflict):
            out(f"BUSY {step}")
            return step - 1
        out(f"ACK {step} {done.commit}")
    store.close()
    out("DONE")
    return step


def _line_writer(fd: int):
    def out(line: str) -> None:
        os.write(fd, (line + "\n").encode())  # unbuffered: in the file before the next step

    return out


def serve() -> None:
    """Fork a writer per request on stdin; see the module docstring."""
    # Recoveries are checked by the harness; printed only when asked for.
    logging.basicConfig(level=logging.WARNING if os.environ.get("COUNCIL_CRASH_VERBOSE") else logging.ERROR)
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(request)
        print(json.dumps({"pid": pid}), flush=True)
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"status": status}), flush=True)


def _child(request: dict) -> None:
    code = 0
    try:
        os.setpgid(0, 0)  # its own process group, so a kill can take its git children too
        os.environ.pop("COUNCIL_FAULT", None)
        if request.get("fault"):
            os.environ["COUNCIL_FAULT"] = request["fault"]
        faults.reload()
        fd = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            run(request["store"], int(request["steps"]), _line_writer(fd))
        except BaseException as exc:  # reported to the harness, which fails the test
            os.write(fd, f"ERROR {type(exc).__name__}: {exc}\n".encode())
            code = 3
    finally:
        os._exit(code)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--serve"]:
        serve()
        return 0
    if len(argv) != 3 or argv[1] != "--steps":
        print(__doc__, file=sys.stderr)
        return 2
    run(argv[0], int(argv[2]), _line_writer(sys.stdout.fileno()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
