"""The store's front door: the one public API the screens and the CLI import.

Reading the record: :class:`Store` (``Store.open(root)``) is the way to read.

- a record and a kind: ``get``, ``require``, ``list``; the charter, members
  and partnership; ``problems``; ``version``, the commit the reads reflect;
- a screenful: ``page(kind, words)`` (``page("decisions", where=DecisionFilter(...))``
  for the decision log) gives a :class:`Page` of index rows; ``find`` for
  the command palette;
- the past, as git holds it: ``history(record_id, ...)`` (the commits,
  newest first, as :class:`Entry`), ``as_of(revision or day)`` (the record
  then: ``.get``, ``.records``, ``.terms``);
- its one write path, ``Store.write(Change(...))``, which validates,
  serialises, commits and indexes (see docs/architecture.md).

The functions below are the rooms' reads behind those methods, for what a
method does not cover: the meeting and decision look-ups, the commit log of
the History screen (:func:`commit_log`), the versions of the term records,
the dashboard's :func:`overview`, the pictures' :func:`trends`, :func:`record_at`, :func:`terms_as_of`,
:func:`blame`, :func:`diff_revisions` and their text (``*_lines``); audit,
signing, replicas and sync conflicts.

Changes other than ``Store.write`` are made by the use cases
(:mod:`store.usecases`); drafts live in the workspace (:mod:`store.workspace`).

Every name is imported from its room on first use (PEP 562), so importing
this module costs nothing: ``council --help`` and the commands that read git
alone never load SQLModel.  The table below is the whole surface.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from store.lazy import lazy_getattr

if TYPE_CHECKING:  # the same names, for type checkers and readers
    from council.records import Member
    from store.audit.evidence import build as build_evidence
    from store.audit.verify import Failure, Report, verify
    from store.git.commits import Identity
    from store.history import (
        AsOf,
        Terms,
        blame,
        is_commit,
        record_at,
        records_at,
        show_value,
        split_ref,
        terms_as_of,
    )
    from store.history import resolve as resolve_revision
    from store.history_text import blame_lines, body_lines, diff_lines, terms_lines
    from store.index.queries import DecisionFilter
    from store.log import entry_lines, iter_history
    from store.logentry import Entry
    from store.logentry import Entry as CommitInfo
    from store.overview import HORIZON_DAYS, Overview, expected_attendance, overview
    from store.queries import (
        PAGE,
        Page,
        Row,
        Version,
        amendment_for,
        commit_diff,
        commit_message,
        decisions,
        decisions_at_meeting,
        find,
        matching_line,
        of_kind,
        parse_filter,
        previous_meeting,
        record_path,
        records,
        versions,
    )
    from store.queries import history as commit_log
    from store.recorddiff import diff as diff_revisions
    from store.recordjson import to_json
    from store.service import Store
    from store.sync.bundles import apply as apply_bundle
    from store.sync.bundles import create as create_bundle
    from store.sync.conflicts import View as ConflictView
    from store.sync.conflicts import pending as pending_conflicts
    from store.sync.conflicts import resolve as resolve_conflict
    from store.sync.conflicts import views as conflict_views
    from store.sync.replicas import SyncResult, add_remote, clone, remove_remote, sync
    from store.sync.standing import SyncStatus, remotes
    from store.sync.standing import status as sync_status
    from store.trends import DisputeLine, HeldMeeting, Trends
    from store.trends import read as trends
    from store.write.change import Change, Committed, DryRun
    from store.write.handedits import Problem
    from store.write.signing import (
        Cosignature,
        accept_cosignature,
        allowed_signers,
        cosign,
        key_id,
        public_key,
        readable_by_others,
        request_for,
        use_key,
    )

# name -> (module, name in that module).  A room that moves changes its row here only.
_NAMES: dict[str, tuple[str, str]] = {
    # the store and its one write path
    "Store": ("store.service", "Store"),
    "Committed": ("store.write.change", "Committed"),
    "Problem": ("store.write.handedits", "Problem"),
    "to_json": ("store.recordjson", "to_json"),
    # sealed records (issue 16): opened with the operator's key, or "sealed for <party>"
    "opened": ("store.sealed", "opened"),
    "reseal": ("store.reseal", "reseal"),
    "Resealed": ("store.reseal", "Resealed"),
    "Change": ("store.write.change", "Change"),
    "DryRun": ("store.write.change", "DryRun"),
    "Identity": ("store.git.commits", "Identity"),
    # the index's read queries
    **{name: ("store.queries", name) for name in (
        "PAGE", "Page", "Row", "Version", "amendment_for", "commit_diff",
        "commit_message", "decisions", "decisions_at_meeting", "find", "matching_line", "of_kind", "parse_filter",
        "previous_meeting", "record_path", "records", "versions")},
    "commit_log": ("store.queries", "history"),
    "DecisionFilter": ("store.index.queries", "DecisionFilter"),
    "CommitInfo": ("store.logentry", "Entry"),  # what commit_log and amendment_for give: a commit as history shows it
    # the dashboard
    **{name: ("store.overview", name) for name in ("HORIZON_DAYS", "Overview", "expected_attendance", "overview")},
    # the pictures screen: the record over time
    **{name: ("store.trends", name) for name in ("DisputeLine", "HeldMeeting", "Trends")},
    "trends": ("store.trends", "read"),
    # the history, as of any revision or day
    **{name: ("store.history", name) for name in (
        "AsOf", "Terms", "blame", "is_commit", "record_at", "records_at", "show_value",
        "split_ref", "terms_as_of")},
    **{name: ("store.log", name) for name in ("entry_lines", "iter_history")},
    "resolve_revision": ("store.history", "resolve"),
    "Entry": ("store.logentry", "Entry"),
    **{name: ("store.history_text", name) for name in (
        "blame_lines", "body_lines", "diff_lines", "terms_lines")},
    "diff_revisions": ("store.recorddiff", "diff"),
    # audit
    **{name: ("store.audit.verify", name) for name in ("Failure", "Report", "verify")},
    "build_evidence": ("store.audit.evidence", "build"),
    # signing
    **{name: ("store.write.signing", name) for name in (
        "Cosignature", "accept_cosignature", "allowed_signers", "cosign", "key_id", "public_key", "readable_by_others",
        "request_for", "use_key")},
    # replicas
    **{name: ("store.sync.replicas", name) for name in ("SyncResult", "add_remote", "clone", "remove_remote", "sync")},
    **{name: ("store.sync.standing", name) for name in ("SyncStatus", "remotes")},
    "sync_status": ("store.sync.standing", "status"),
    "ConflictView": ("store.sync.conflicts", "View"),
    "conflict_views": ("store.sync.conflicts", "views"),
    "pending_conflicts": ("store.sync.conflicts", "pending"),
    "resolve_conflict": ("store.sync.conflicts", "resolve"),
    "create_bundle": ("store.sync.bundles", "create"),
    "apply_bundle": ("store.sync.bundles", "apply"),
}

__all__ = sorted([*_NAMES, "members_at"])


__getattr__ = lazy_getattr(__name__, _NAMES)


def __dir__() -> list[str]:
    return __all__


def members_at(root: Path, rev: str = "HEAD") -> "list[Member]":
    """The member records as of a revision or a date (``HEAD``, a commit, ``2025-06-30``)."""
    from council.records import Member
    from store.git.batch import BatchReader
    from store.history import records_at, resolve

    commit = resolve(root, rev)
    with BatchReader(root) as reader:
        return [m for m in records_at(root, reader, commit, "members") if isinstance(m, Member)]
