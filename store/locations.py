"""Where stores and per-user data live.  Nothing is created at import time.

Store resolution: ``--store``, else ``COUNCIL_STORE``, else the current
directory if it is a store, else the bundled sample partnership, copied on
first use to the per-user data directory (``COUNCIL_DATA_DIR`` overrides it)
so that it is writable.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Resolved:
    path: Path
    how: str  # a sentence saying which store was opened and why


def data_dir() -> Path:
    override = os.environ.get("COUNCIL_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("council", appauthor=False))


def sample_store_path() -> Path:
    return data_dir() / "sample-partnership"


def is_store(path: Path) -> bool:
    return (path / ".git").is_dir() and (path / "partnership.md").exists()


def resolve_store(option: str | None) -> Resolved:
    if option:
        return Resolved(Path(option).expanduser(), f"store {option} (from --store)")
    env = os.environ.get("COUNCIL_STORE")
    if env:
        return Resolved(Path(env).expanduser(), f"store {env} (from COUNCIL_STORE)")
    cwd = Path.cwd()
    if is_store(cwd):
        return Resolved(cwd, f"store {cwd} (the current directory)")
    sample = sample_store_path()
    if not is_store(sample):
        from sample_partnership.build import build

        build(sample)
        return Resolved(sample, f"the sample partnership, copied to {sample} (first use)")
    return Resolved(sample, f"the sample partnership at {sample}")
