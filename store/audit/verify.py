"""`council verify`: prove the store is what it claims to be.

Each failure names the commit, the record and the rule.  The rules:

``git-fsck``               the repository is sound (full run: ``git fsck``; incremental run:
                           every object of the new commits hashes to its name)
``founding``               the root commit is a founding (store/write/founding.py): an ``amend:``
                           commit adopting the partnership and a valid charter, naming each party's
                           signatory once (a founding member of that party, or by name where no
                           signature is required), signed by a signatory's key and co-signed by every
                           party under two-key approval when that charter requires it
``commit-kind``            every commit is an ``amend:`` or ``record:`` commit (merges excepted)
``record-parses``          every record file a commit writes parses, and sits at its ID's path
``term-needs-amendment``   a term file (charter, IP register, exit plan, partnership, data
                           terms) changes only in an ``amend:`` commit; a merge brings term
                           changes only as made, and verified, on the merged side
``amend-decision``         an amendment names, in its Decision trailer, a decision and meeting
                           recorded in the store at that commit
``amend-threshold``        that decision met quorum and its tier's threshold under the charter
                           and membership in force at the *parent* commit (so a charter change
                           that lowers the quorum cannot approve itself)
``amend-scope``            the decision names every term record the commit changes
``trailers-agree``         Meeting, Quorum, Vote and Approved-by trailers agree with the records
``outcome-computed``       a decision's (or a written resolution's) recorded outcome is what the rules
                           give for its votes
``quorum-at-vote``         no vote is recorded at an agenda item after the quorum was lost
``attendance-changes``     arrivals and departures name members and agenda items, in order
``votes-immutable``        once a decision has a final outcome, its votes, outcome, tier, motion, mover,
                           seconder, meeting and date never change (nor is it deleted); a correction
                           is a new decision
``attendance-immutable``   once a decision was taken at a meeting, its attendance, date and status never change
``meeting-held``           a meeting is recorded held only on or after its date
``minutes-approval``       minutes are approved only at a later meeting that was held and quorate
``meeting-date``           a meeting's agenda is circulated on or before its day, and a scheduled meeting
                           is moved only to a day from its commit's day on
``agenda-refs``            an agenda item's references name records the store holds when it is put on
                           the agenda (a term change may name a term its amendment creates)
``resolution-circulated``  a written resolution is of a tier the charter lets be decided in writing,
                           open for the period it requires, amending term records with their digest
``resolution-votes``       only its voting members (serving on the day it opened) vote, once each,
                           on a day within its open period, while still serving
``resolution-close``       it closes on or after its closing day, or early once every member voted
``resolution-fixed``       what was circulated never changes, a recorded vote stands, a closed
                           resolution is fixed (nor is one with votes deleted)
``resolution-amendment``   a resolution that passes and amends terms closes in its ``amend:`` commit
``amend-as-circulated``    an amendment by written resolution commits exactly the text circulated
``votes-rewritten``        a decision verified earlier on this machine still has the same votes
``history-rewritten``      the last verified commit is still in the history
``signature-required``     where the charter at the parent requires it, amend commits are signed
``signature-valid``        and the signature verifies against a key registered, as of the parent
                           commit, in a member record
``two-key``                where the charter requires two-key approval, every party has signed
``sealed-readers``         confidential text with readers is sealed, each sealed value to exactly the
                           keys of its readers' serving members on the commit's day (no key needed)
``sealed-opens``           a full run with a reader's key configured: every value sealed to that key
                           opens, at its place (with no key, what a sealed value holds is not checked)
``index-current``, ``index-matches``   the SQLite index is exactly the records at HEAD

Verification is incremental: after a clean run the last verified commit, a
digest of every decided vote and the index's edit mark are kept in
``.council/verified.json``; the next run checks only the commits since, unless
``full``, and of the index only the rows of the records they changed, unless its
edit mark moved (an edit not made by Council's own writes: every row is then
compared; store/index/plain.py, ``TALLY_KEYS``).  An edit hidden from the tally
itself is found by ``full`` alone.  What this can and cannot
detect is written down in docs/signing.md ("What verify proves").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from collections.abc import Iterator, MutableMapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from council.errors import CouncilError
from store.audit import ledger
from store.audit.indexcheck import check_index, wanted_at
from store.audit.ledger import Ledger
from store.audit.sealcheck import SealedOpener
from store.audit.walk import Walker
from store.git import process as gitprocess
from store.git import revs
from store.git.batch import read_objects

if TYPE_CHECKING:
    from store.service import Store

STATE_FILE = "verified.json"
STATE_VERSION = 2


@dataclass(frozen=True)
class Failure:
    commit: str
    record: str
    rule: str
    message: str

    def __str__(self) -> str:
        where = f"commit {self.commit[:10]}" if self.commit else "store"
        return f"{where}: {self.record}: [{self.rule}] {self.message}"


@dataclass
class Report:
    failures: list[Failure] = field(default_factory=list)
    commits: int = 0
    amendments: int = 0
    signatures: int = 0
    head: str | None = None
    since: str | None = None  # the commit an incremental run started after
    notes: list[str] = field(default_factory=list)  # what this run could not check, and why

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def incremental(self) -> bool:
        return self.since is not None

    def fail(self, commit: str, record: str, rule: str, message: str) -> None:
        self.failures.append(Failure(commit, record, rule, message))

    def summary(self) -> str:
        scope = f"{self.commits} new commits since {self.since[:10]}" if self.since else f"{self.commits} commits"
        return f"{scope}, {self.amendments} amendments, {self.signatures} signatures checked"

    def to_json(self) -> dict:
        return {"ok": self.ok, "head": self.head, "since": self.since, "commits": self.commits,
                "amendments": self.amendments, "signatures": self.signatures,
                "failures": [dataclasses.asdict(f) for f in self.failures], "notes": self.notes}


# --- the run ------------------------------------------------------------------------


def verify(store: "Store", fsck: bool = True, full: bool = False, save: bool = True,
           reindex: bool = False) -> Report:
    """Verify the store; incremental from the last clean run unless ``full``.

    ``reindex`` (a full run: `council clone`) rebuilds the index at HEAD from the records the
    walk parses (store.ingest.from_walk) before the index is checked like any other.
    """
    head = store.head
    report = Report(head=head)
    state = load_state(store.meta_dir)
    base = _base(store.root, state, head, full or reindex, report)
    # Held to, and added to, in place: a run reads the entries its commits touch (store/audit/ledger.py).
    decided = state.get("decisions", Ledger()) if base else Ledger()
    if fsck:
        _fsck(store.root, base, head, report)
    walker = Walker(store.root, decided)
    # The records at HEAD (or those changed since base) the index check compares: the walk
    # digests the rows they should have as it reads them, and keeps no record (issue 18).
    walker.wanted = wanted_at(store.root, base, head)
    if full or reindex:
        walker.opener = _opener(store, report)
    with walker:
        with _building(store, walker, head if reindex else None):
            if head:
                walker.walk(base, head, report)
        if state and not base:
            _compare_decided(state, walker.decided, report)
        # The records the walk parsed are not parsed again.
        with _quiet_store(store):
            mark = check_index(store, report, state if base else {}, base, walker.parse,
                               walker.rows, walker.wanted if store.head == head else None)
    if report.ok and save and head:
        save_state(store.meta_dir, head, walker.decided, mark)
        refresh_commit_graph(store.root)
    return report


@contextmanager
def _building(store: "Store", walker: Walker, head: str | None) -> Iterator[None]:
    """With ``head``: the index rebuilt there, under the writer lock, from the rows the walk
    computes as it parses each record at HEAD (which it does anyway, for the index check)."""
    if head is None:
        yield
        return
    from store import ingest  # deferred: a verify that does not rebuild the index writes none

    with store.lock(), ingest.from_walk(store, head, walker.wanted or {}) as take:
        walker.building = take
        try:
            yield
        finally:
            walker.building = None


def _opener(store: "Store", report: Report) -> SealedOpener | None:
    """What opens the values sealed to the operator's key, if one is configured and opens."""
    from store.write.seal import operator_key  # deferred: pyrage is loaded only when a key is configured

    try:
        key = operator_key(store)
    except CouncilError as exc:
        report.notes.append(f"sealed values were not opened ({exc})")
        return None
    return None if key is None else SealedOpener(key)


@contextmanager
def _quiet_store(store: "Store") -> Iterator[None]:
    """Hold the writer lock while the index is compared with HEAD, so that a write landing
    meanwhile (the TUI, a sync) is not mistaken for tampering.  A read-only or busy store is
    compared as it is."""
    with ExitStack() as stack:
        try:
            stack.enter_context(store.lock())
        except CouncilError:
            pass
        yield


def verify_range(root: Path, base: str | None, tip: str, decided: dict | None = None) -> Report:
    """Check the commits from ``base`` (exclusive) to ``tip``: for incoming history before it is merged.

    ``decided`` is the ledger of decided votes to hold them to (e.g.
    ``load_state(store.meta_dir)["decisions"]``); no index check, no state saved.
    """
    report = Report(head=tip, since=base)
    with Walker(Path(root), dict(decided or {})) as walker:
        walker.walk(base, tip, report)
    return report


def _base(root: Path, state: dict, head: str | None, full: bool, report: Report) -> str | None:
    """Where an incremental run starts, or None for a full run; flags a rewritten history."""
    last = state.get("commit")
    if not last or not head:
        return None
    if not revs.is_ancestor(root, last, head):
        report.fail(head, "history", "history-rewritten",
                    f"the last verified commit {last[:10]} (verified {state.get('at', '?')}) is no longer in the "
                    "history: it was rewritten or replaced. Compare with a partner's replica; if the new history "
                    f"is right, delete {STATE_FILE} in .council/ to make it the new baseline")
        return None
    if full:
        return None
    report.since = last
    return last


def _compare_decided(state: dict, decided: MutableMapping[str, list[str]], report: Report) -> None:
    """A decision verified before must keep its votes in the history as it is now."""
    for dec_id, (digest, commit) in sorted(state.get("decisions", {}).items()):
        now = decided.get(dec_id)
        if now is None:
            report.fail(commit, dec_id, "votes-rewritten",
                        f"{dec_id} was verified with its votes at {commit[:10]}, and is no longer in the history")
        elif now[0] != digest:
            report.fail(now[1], dec_id, "votes-rewritten",
                        f"the votes or outcome of {dec_id} differ from those verified on this machine "
                        f"(first recorded at {commit[:10]}): the history was rewritten")


def _fsck(root: Path, base: str | None, head: str | None, report: Report) -> None:
    if base is None:
        proc = gitprocess.run(root, "fsck", "--no-progress", "--no-dangling", text=True)
        if proc.returncode != 0:
            report.fail("", "repository", "git-fsck", (proc.stderr or proc.stdout).strip()[:500])
        return
    shas, error = revs.new_objects(root, base, head or "HEAD")
    bad = _bad_objects(root, shas)
    if error or bad:
        report.fail(head or "", "repository", "git-fsck",
                    f"objects missing or corrupt since {base[:10]}: {', '.join(bad[:5]) or error[:200]}")


def _bad_objects(root: Path, shas: list[str]) -> list[str]:
    """Objects whose content does not hash to their name (or that are missing)."""
    if not shas:
        return []
    bad = []
    for sha, found in zip(shas, read_objects(root, shas)):
        if found is None or hashlib.sha1(f"{found[1]} {len(found[2])}\0".encode() + found[2]).hexdigest() != sha:
            bad.append(sha)
    return bad


# --- state kept between runs -------------------------------------------------------------


def load_state(meta_dir: Path) -> dict:
    """The state the last clean run saved (its ``decisions`` a :class:`~store.audit.ledger.Ledger`), or {}."""
    try:
        data = ledger.loads((meta_dir / STATE_FILE).read_bytes(), STATE_FILE)
        # Version 2 fixes more of a decided decision (tier, motion, mover...) and its
        # meeting's attendance: a state saved by version 1 is verified again in full.
        return data if isinstance(data, dict) and data.get("version") == STATE_VERSION else {}
    except (OSError, ValueError):
        return {}


def save_state(meta_dir: Path, head: str, decided: MutableMapping[str, list[str]], index_mark: str | None) -> None:
    """What a clean run proved: the commit, every decided vote's digest, and the index's edit
    mark then (store.index.plain.read_edit_mark)."""
    header = {"version": STATE_VERSION, "commit": head, "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
              "index_mark": index_mark}
    tmp = meta_dir / f".{STATE_FILE}.{os.getpid()}"
    try:
        meta_dir.mkdir(exist_ok=True)
        with open(tmp, "wb") as out:
            out.writelines(ledger.pieces(header, decided))
        os.replace(tmp, meta_dir / STATE_FILE)
    except OSError:
        # A read-only store (or a full disk) is verified in full each time instead.
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def refresh_commit_graph(root: Path) -> None:
    """Keep git's commit-graph, with changed-path Bloom filters, up to date: one record's history
    (``git log -- path``) then skips the trees of commits that cannot touch it.  Best effort."""
    gitprocess.run(root, "commit-graph", "write", "--reachable", "--changed-paths", "--split", "--no-progress")
