"""The per-commit checks of `council verify`, in one walk of the history.

One ``git log --raw`` lists every commit with the blobs it changed, oldest
first; one ``git cat-file --batch`` reads the contents.  The charter,
membership and partnership at a parent commit are parsed once per version of
their folder (cached by tree sha), so the cost grows with the number of
commits, not with commits times the size of the store.  The rule names are
listed in :mod:`store.verify`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from council.charter import Charter, charter_from_clauses
from council.checks import FINAL_OUTCOMES, Context, check_change
from council.errors import CouncilError
from council.fileformat import parse_path
from council.records import KINDS, Clause, Decision, Member, Partnership, Record, kind_of_path
from store.amendcheck import check_amendment
from store.gitread import trailers
from store.history import record_id_of, record_path
from store.ledger import parse_tree

TERM_KINDS = {k for k, cls in KINDS.items() if cls.TERM}
ZERO = "0" * 40
_FORMAT = "%x1e%H %P%x1f%cI%x1f%B%x1d"
_CACHE_LIMIT = 50_000


@dataclass(frozen=True)
class Changed:
    status: str  # A, M, D
    path: str
    old: str | None  # blob shas
    new: str | None


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    date: dt.datetime
    message: str
    changes: tuple[Changed, ...]

    @property
    def kind(self) -> str:
        prefix, sep, _ = self.message.split("\n", 1)[0].partition(": ")
        return prefix if sep and prefix in ("amend", "record") else ""


@dataclass(frozen=True)
class State:
    """What the rules need from one commit: charter, members, parties."""

    charter: Charter
    members: list[Member]
    parties: list[str]
    clauses: list[Clause]
    partnership: Partnership | None


def digest(decision: Decision) -> str:
    """What must never change once a decision is decided: its votes and its outcome."""
    data = json.dumps({"votes": decision.votes, "outcome": decision.outcome}, sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()[:32]


class Walker:
    """Checks commits in order; ``decided`` maps decision ID -> [digest, commit first decided]."""

    def __init__(self, root: Path, decided: dict[str, list[str]]) -> None:
        self.root = root
        self.decided = decided
        self.proc: subprocess.Popen | None = None
        self._parsed: dict[tuple[str, str], Record | None] = {}
        self._folders: dict[tuple[str, str], list[Record]] = {}

    def __enter__(self) -> "Walker":
        self.proc = subprocess.Popen(["git", "cat-file", "--batch"], cwd=self.root,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc:
            assert self.proc.stdin and self.proc.stdout
            self.proc.stdin.close()
            self.proc.stdout.close()
            self.proc.wait()
            self.proc = None

    # --- reading -----------------------------------------------------------------

    def get(self, spec: str) -> tuple[str, str, bytes] | None:
        """(sha, type, data) of ``spec`` (a sha or ``rev:path``), or None."""
        assert self.proc and self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(spec.encode("utf-8") + b"\n")
        self.proc.stdin.flush()
        header = self.proc.stdout.readline().split()
        if len(header) < 3 or header[1] == b"missing":
            return None
        data = self.proc.stdout.read(int(header[2]))
        self.proc.stdout.read(1)
        return header[0].decode(), header[1].decode(), data

    def parse(self, sha: str, path: str, cache: bool = True) -> Record | None:
        key = (sha, path)
        if key in self._parsed:
            return self._parsed[key]
        found = self.get(sha)
        try:
            record = parse_path(path, found[2]) if found else None
        except CouncilError:
            record = None
        if cache:
            if len(self._parsed) > _CACHE_LIMIT:
                self._parsed.clear()
            self._parsed[key] = record
        return record

    def record_at(self, commit: str, record_id: str) -> Record | None:
        try:
            path = record_path(record_id)
        except CouncilError:
            return None
        found = self.get(f"{commit}:{path}")
        return self.parse(found[0], path) if found else None

    def folder(self, commit: str, folder: str) -> list[Record]:
        """Every record under ``folder`` at ``commit``, parsed once per version of the folder."""
        found = self.get(f"{commit}:{folder}")
        if found is None or found[1] != "tree":
            return []
        key = (found[0], folder)
        if key not in self._folders:
            out = []
            for name, (mode, sha) in parse_tree(found[2]).items():
                path = f"{folder}/{name}"
                if mode == b"40000":
                    out += self.folder(commit, path)
                elif kind_of_path(path):
                    record = self.parse(sha, path)
                    if record is not None:
                        out.append(record)
            self._folders[key] = out
        return self._folders[key]

    def state(self, commit: str) -> State:
        clauses = [c for c in self.folder(commit, "charter") if isinstance(c, Clause)]
        members = [m for m in self.folder(commit, "members") if isinstance(m, Member)]
        partnership = self.record_at(commit, "partnership")
        partnership = partnership if isinstance(partnership, Partnership) else None
        parties = [p.id for p in partnership.parties] if partnership else []
        return State(charter_from_clauses(clauses), members, parties, clauses, partnership)

    # --- the walk ---------------------------------------------------------------------

    def commits(self, base: str | None, tip: str) -> Iterator[Commit]:
        args = ["git", "log", "--reverse", "--topo-order", "--no-renames", "--raw", "--no-abbrev",
                f"--format={_FORMAT}", f"{base}..{tip}" if base else tip, "--"]
        proc = subprocess.Popen(args, cwd=self.root, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert proc.stdout is not None
        pending = b""
        try:
            while chunk := proc.stdout.read1(1 << 16):
                pending += chunk
                *done, pending = pending.split(b"\x1e")
                yield from (_parse_commit(raw.decode("utf-8", "replace")) for raw in done if raw)
            if pending:
                yield _parse_commit(pending.decode("utf-8", "replace"))
        finally:
            proc.kill()
            proc.stdout.close()
            proc.wait()

    def walk(self, base: str | None, tip: str, report) -> None:
        for commit in self.commits(base, tip):
            report.commits += 1
            if len(commit.parents) > 1:
                self.check_merge(commit, report)
            else:
                self.check_commit(commit, report)

    def check_commit(self, c: Commit, report) -> None:
        kind, root = c.kind, not c.parents
        if not kind:
            report.fail(c.sha, "-", "commit-kind",
                        f"subject is neither 'amend:' nor 'record:': {c.message.splitlines()[0]!r}")
        for ch in c.changes:
            if ch.new and kind_of_path(ch.path) and self.parse(ch.new, ch.path, cache=False) is None:
                report.fail(c.sha, record_id_of(ch.path), "record-parses", self._parse_error(ch))
        self.check_decisions(c, c.changes, report, recompute=not root)
        terms = [ch for ch in c.changes if is_term_path(ch.path)]
        if kind == "amend" and not terms and not root:
            report.fail(c.sha, "-", "amend-scope", "an amend commit that changes no term record")
        if not terms:
            return
        if kind != "amend":
            report.fail(c.sha, record_id_of(terms[0].path), "term-needs-amendment",
                        f"{terms[0].path} changed in a '{kind or 'plain'}' commit, not by an approved amendment")
            return
        if not root:
            report.amendments += 1
            check_amendment(self, c, terms, report)

    def _parse_error(self, ch: Changed) -> str:
        found = self.get(ch.new or "")
        try:
            parse_path(ch.path, found[2] if found else b"")
        except CouncilError as exc:
            return str(exc)
        return "unreadable"

    def check_merge(self, c: Commit, report) -> None:
        """A merge may bring term changes only as the merged side made them (verified there)."""
        out = subprocess.run(["git", "diff-tree", "-r", "-z", "--no-renames", "--no-abbrev", c.parents[0], c.sha],
                             cwd=self.root, capture_output=True).stdout.decode("utf-8", "replace")
        changes = tuple(_raw_changes(out))
        for ch in changes:
            if not is_term_path(ch.path):
                continue
            sides = [self.get(f"{p}:{ch.path}") for p in c.parents[1:]]
            if not any((s[0] if s else None) == ch.new for s in sides):
                report.fail(c.sha, record_id_of(ch.path), "term-needs-amendment",
                            f"the merge changes {ch.path} to a version no merged side has: an unapproved term change")
        self.check_decisions(c, changes, report, recompute=False)

    # --- decisions ----------------------------------------------------------------------

    def check_decisions(self, c: Commit, changes: tuple[Changed, ...], report, recompute: bool) -> None:
        for ch in changes:
            if kind_of_path(ch.path) != "decision":
                continue
            dec_id = record_id_of(ch.path)
            if ch.new is None:
                if dec_id in self.decided:
                    report.fail(c.sha, dec_id, "votes-immutable",
                                f"{dec_id}, decided at {self.decided[dec_id][1][:10]}, was deleted; decisions and "
                                "their votes stay in the record (a correction is a new decision)")
                continue
            decision = self.parse(ch.new, ch.path, cache=False)
            if not isinstance(decision, Decision):
                continue
            prior = self.decided.get(dec_id)
            if decision.outcome in FINAL_OUTCOMES:
                if prior and prior[0] != digest(decision):
                    report.fail(c.sha, dec_id, "votes-immutable",
                                f"the votes or outcome of {dec_id} changed after it was decided at {prior[1][:10]}; "
                                "votes are immutable once recorded (a correction is a new decision)")
                    continue
                if not prior:
                    self.decided[dec_id] = [digest(decision), c.sha]
            elif prior:
                report.fail(c.sha, dec_id, "votes-immutable",
                            f"{dec_id} was decided at {prior[1][:10]} and is now '{decision.outcome}' again")
                continue
            if recompute and not prior and (decision.votes or decision.outcome != "pending"):
                self.check_outcome(c, decision, report)

    def check_outcome(self, c: Commit, decision: Decision, report) -> None:
        """The recorded outcome is what the write path's rules give for these votes."""
        parent = c.parents[0]
        try:
            before = self.state(parent)
            ctx = Context(lambda rid: self.record_at(parent, rid), before.clauses, before.members, before.partnership)
            changed = [self.parse(ch.new, ch.path, cache=False) for ch in c.changes
                       if ch.new and kind_of_path(ch.path) in ("decision", "meeting", "member")]
            filled, _ = check_change(ctx, [r for r in changed if r is not None], [], "record", None)
        except CouncilError as exc:
            report.fail(c.sha, decision.id, "outcome-computed", f"the decision cannot be evaluated: {exc}")
            return
        computed = next((r for r in filled if r.id == decision.id), None)
        if isinstance(computed, Decision) and computed.outcome != decision.outcome:
            report.fail(c.sha, decision.id, "outcome-computed",
                        f"{decision.id} records '{decision.outcome}', the rules give '{computed.outcome}' "
                        f"({computed.outcome_note})")


def is_term_path(path: str) -> bool:
    return kind_of_path(path) in TERM_KINDS


def _parse_commit(chunk: str) -> Commit:
    head, _, rest = chunk.partition("\x1d")
    ids, stamp, message = head.split("\x1f", 2)
    shas = ids.split()
    changes = []
    for line in rest.strip("\n").splitlines():
        if line.startswith(":") and "\t" in line:
            meta, path = line.split("\t", 1)
            parts = meta.split()
            old, new = parts[2], parts[3]
            changes.append(Changed(parts[4][0], path, None if old == ZERO else old, None if new == ZERO else new))
    return Commit(shas[0], tuple(shas[1:]), dt.datetime.fromisoformat(stamp), message.rstrip("\n") + "\n",
                  tuple(changes))


def _raw_changes(out: str) -> Iterator[Changed]:
    """``git diff-tree -r -z`` output as changes."""
    parts = out.split("\0")
    for meta, path in zip(parts[0::2], parts[1::2]):
        if not meta.startswith(":"):
            continue
        fields = meta.split()
        old, new = fields[2], fields[3]
        yield Changed(fields[4][0], path, None if old == ZERO else old, None if new == ZERO else new)


def message_trailers(message: str) -> dict[str, str]:
    first: dict[str, str] = {}
    for key, value in trailers(message):
        first.setdefault(key, value)
    return first
