"""The long crash run: kill the writer hundreds of times and check every guarantee.

    python tests/reliability/crash_soak.py --kills 200 --minutes 20   # a new seed each run
    COUNCIL_FAULT_SEED=123456 python tests/reliability/crash_soak.py --kills 200   # replay

A running total is printed every ``--every`` kills, and Ctrl-C or the
``--minutes`` limit ends the run with the summary of what was survived so far,
so a run cut short on a busy machine still gives its figures.

CI runs the same campaign with fewer kills (tests/reliability/test_crash.py).
Exit status 0 when every kill was survived; 1 with the failure otherwise (the
store is kept for inspection).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.reliability.harness import Failed, run_campaign, seed_from_env  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=200, help="kills to survive (default 200)")
    parser.add_argument("--seed", type=int, default=None, help="replay a seed (or set COUNCIL_FAULT_SEED)")
    parser.add_argument("--workdir", type=Path, default=None, help="where to keep the store (default: a temp dir)")
    parser.add_argument("--verbose", action="store_true", help="print every recovery as it is logged")
    parser.add_argument("--every", type=int, default=10, help="print a running total every N kills (default 10)")
    parser.add_argument("--minutes", type=float, default=None,
                        help="stop after this long, with the figures so far (default: no limit)")
    args = parser.parse_args(argv)
    logging.basicConfig(format="%(name)s: %(message)s", level=logging.WARNING if args.verbose else logging.ERROR)
    if args.verbose:
        os.environ["COUNCIL_CRASH_VERBOSE"] = "1"  # the writers' recoveries too
    seed = args.seed if args.seed is not None else seed_from_env()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="council-crash-"))
    try:
        stats = run_campaign(workdir, args.kills, seed, lambda line: print(line, flush=True), args.every,
                             args.minutes)
    except Failed as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    return 130 if stats.stopped.startswith("interrupted") else 0


if __name__ == "__main__":
    sys.exit(main())
