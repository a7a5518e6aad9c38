"""The long crash run: kill the writer hundreds of times and check every guarantee.

    python tests/reliability/crash_soak.py --kills 200            # a new seed each run
    COUNCIL_FAULT_SEED=123456 python tests/reliability/crash_soak.py --kills 200   # replay

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
    args = parser.parse_args(argv)
    logging.basicConfig(format="%(name)s: %(message)s", level=logging.WARNING if args.verbose else logging.ERROR)
    if args.verbose:
        os.environ["COUNCIL_CRASH_VERBOSE"] = "1"  # the writers' recoveries too
    seed = args.seed if args.seed is not None else seed_from_env()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="council-crash-"))
    try:
        run_campaign(workdir, args.kills, seed)
    except Failed as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
