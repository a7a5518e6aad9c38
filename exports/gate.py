"""Only a verified state is published: the export's check of `council verify`.

A hand commit can flip a confidential decision to public or add a term no
decision approved; the policy would then publish it as if it were the
record.  So before anything is read, the history up to the source commit is
checked with verify's own per-commit rules (:class:`store.audit.walk.Walker`: the
commit kinds, that every record parses, that every term change was approved,
that decided votes never change).  The index is not consulted: an export
reads git, never the index.

The walk is incremental: it starts after the newest commit already verified
on this machine, by `council verify` (``.council/verified.json``) or by an
earlier export (``.council/export-verified.json``), when that commit is an
ancestor of the source; a source that is itself an ancestor of a verified
commit needs no walk.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from exports.options import ExportError
from store.git.revs import is_ancestor

if TYPE_CHECKING:
    from store.service import Store

STATE_FILE = "export-verified.json"


def check_verified(store: "Store", commit: str, allow_unverified: bool) -> bool:
    """True if ``commit`` passes verification; refuse it unless ``allow_unverified``."""
    failures = failures_at(store.root, store.meta_dir, commit)
    if not failures:
        return True
    if allow_unverified:
        return False
    shown = "; ".join(failures[:3]) + (f"; and {len(failures) - 3} more" if len(failures) > 3 else "")
    raise ExportError(f"commit {commit[:10]} fails `council verify` ({shown}). An export publishes only a "
                      "verified record: fix the history, or pass --unverified to publish this state anyway "
                      "(the manifest then says it is unverified)")


def failures_at(root: Path, meta_dir: Path, commit: str) -> list[str]:
    """What `council verify`'s commit rules find wrong in the history up to ``commit``."""
    from store.audit.verify import Report, load_state
    from store.audit.walk import Walker

    known = [s for s in (load_state(meta_dir), _load(meta_dir)) if s.get("commit")]
    for state in known:
        if state["commit"] == commit or is_ancestor(root, commit, state["commit"]):
            return []
    base = next((s for s in known if is_ancestor(root, s["commit"], commit)), None)
    report = Report(head=commit, since=base["commit"] if base else None)
    decided = dict(base.get("decisions", {})) if base else {}
    with Walker(root, decided) as walker:
        walker.walk(base["commit"] if base else None, commit, report)
    if report.ok:
        _save(meta_dir, commit, dict(walker.decided))
    return [str(f) for f in report.failures]


def _load(meta_dir: Path) -> dict:
    try:
        data = json.loads((meta_dir / STATE_FILE).read_text("utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _save(meta_dir: Path, commit: str, decided: dict) -> None:
    meta_dir.mkdir(parents=True, exist_ok=True)
    path = meta_dir / STATE_FILE
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(json.dumps({"commit": commit, "decisions": decided}, sort_keys=True))
    os.replace(tmp, path)
