"""Benchmark: hashing an artifact into its manifest, beside `sha256sum` on the same file.

    python tests/perf/hashing.py [--size-mb 2048] [--shard-mb 1024] [--dir DIR] [--json OUT]

Writes one file of random-looking bytes of the given size under DIR (a
temporary directory by default), then hashes it with `sha256sum` (the
anchor), with Council's hasher sharded as the manifest does (one shard per
--shard-mb, hashed in parallel), and with `sha256sum` again, and prints each
as MB/s with the ratio to the anchor's best. The page cache is warm after
the first read: the anchor runs on both sides so neither gets the cold read
alone. Issue 17 asks that hashing a 2 GB file run at disk speed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from store.artifacts.hashing import hash_artifact  # noqa: E402

MB = 1 << 20


def write_file(path: Path, size: int) -> None:
    block = os.urandom(MB)  # one random block repeated: hashing cost does not depend on the bytes
    with open(path, "wb") as out:
        for _ in range(size // MB):
            out.write(block)
        out.write(block[: size % MB])


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def run(size: int, shard: int, folder: Path) -> dict[str, float]:
    path = folder / "artifact.bin"
    write_file(path, size)
    anchor = [timed(lambda: subprocess.run(["sha256sum", str(path)], check=True, capture_output=True))]
    ours = timed(lambda: hash_artifact(path, shard_size=shard))
    anchor.append(timed(lambda: subprocess.run(["sha256sum", str(path)], check=True, capture_output=True)))
    best = min(anchor)
    return {"size_mb": size / MB, "hash_s": ours, "hash_anchor_s": best, "hash_ratio": ours / best,
            "hash_mb_s": size / MB / ours, "hash_anchor_mb_s": size / MB / best}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=2048)
    parser.add_argument("--shard-mb", type=float, default=1024)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        figures = run(int(args.size_mb * MB), int(args.shard_mb * MB), Path(folder))
    load = os.getloadavg()[0]
    print(f"hash {figures['size_mb']:.0f} MB: {figures['hash_mb_s']:.0f} MB/s "
          f"beside sha256sum {figures['hash_anchor_mb_s']:.0f} MB/s: ratio {figures['hash_ratio']:.2f} "
          f"(time/anchor; load {load:.1f}, {os.cpu_count()} cores)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
