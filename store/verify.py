"""`council verify`: prove the store is what it claims to be.

Checks, each failure naming the commit, the record and the rule:
- git fsck;
- every commit on the main line is an ``amend:`` or ``record:`` commit;
- every change to a term file is in an ``amend:`` commit whose decision, as of
  that commit, met quorum and its tier's threshold under the charter in force
  at the parent commit, and whose trailers agree with the decision record;
- a decision's votes and outcome never change once recorded;
- the index matches HEAD record by record.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from council import rules
from council.charter import charter_from_clauses
from council.errors import CouncilError
from council.fileformat import parse_path
from council.records import Clause, Decision, Meeting, Member, Partnership, Record, kind_of_path, KINDS
from store import index
from store.gitread import BatchReader, commit_log, ls_tree, trailers

if TYPE_CHECKING:
    from store.service import Store

TERM_KINDS = {k for k, cls in KINDS.items() if cls.TERM}


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

    @property
    def ok(self) -> bool:
        return not self.failures

    def fail(self, commit: str, record: str, rule: str, message: str) -> None:
        self.failures.append(Failure(commit, record, rule, message))


def is_term_path(path: str) -> bool:
    return kind_of_path(path) in TERM_KINDS


def verify(store: "Store", fsck: bool = True) -> Report:
    report = Report()
    if fsck:
        _fsck(store, report)
    with BatchReader(store.root) as reader:
        log = commit_log(store.root, "HEAD", reverse=True)
        for i, entry in enumerate(log):
            report.commits += 1
            _check_commit(store, reader, entry, i == 0, report)
    _check_index(store, report)
    return report


def _fsck(store: "Store", report: Report) -> None:
    proc = subprocess.run(["git", "fsck", "--no-progress", "--no-dangling"], cwd=store.root,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        report.fail("", "repository", "git-fsck", (proc.stderr or proc.stdout).strip()[:500])


def _check_commit(store: "Store", reader: BatchReader, entry: dict, root: bool, report: Report) -> None:
    commit, message = entry["commit"], entry["message"]
    subject = message.split("\n", 1)[0]
    kind = subject.split(":", 1)[0] if ":" in subject else ""
    if kind not in ("amend", "record"):
        report.fail(commit, "-", "commit-kind", f"subject is neither 'amend:' nor 'record:': {subject!r}")
    changes = entry["changes"]
    terms = [p for _, p in changes if is_term_path(p)]
    _check_parse(reader, commit, changes, report)
    parent = entry["parents"][0] if entry["parents"] else None
    _check_decisions_immutable(reader, commit, parent, changes, report)
    if root or not terms:
        return
    report.amendments += 1
    if kind != "amend":
        report.fail(commit, terms[0], "term-needs-amendment",
                    f"{terms[0]} changed in a '{kind or 'plain'}' commit, not by an approved amendment")
        return
    _check_amendment(store, reader, commit, parent, message, terms, report)


def _check_parse(reader: BatchReader, commit: str, changes: list, report: Report) -> None:
    for status, path in changes:
        if status == "D" or not kind_of_path(path):
            continue
        data = reader.read(f"{commit}:{path}")
        try:
            parse_path(path, data or b"")
        except CouncilError as exc:
            report.fail(commit, path, "record-parses", str(exc))


def _read(reader: BatchReader, rev: str, path: str) -> Record | None:
    data = reader.read(f"{rev}:{path}")
    if data is None:
        return None
    try:
        return parse_path(path, data)
    except CouncilError:
        return None


def _check_decisions_immutable(reader: BatchReader, commit: str, parent: str | None,
                               changes: list, report: Report) -> None:
    for status, path in changes:
        if status != "M" or kind_of_path(path) != "decision" or parent is None:
            continue
        old, new = _read(reader, parent, path), _read(reader, commit, path)
        if not isinstance(old, Decision) or not isinstance(new, Decision):
            continue
        if old.outcome in ("passed", "failed", "tied", "no_quorum") and (
                old.votes != new.votes or old.outcome != new.outcome):
            report.fail(commit, old.id, "votes-immutable",
                        "the votes or outcome of a recorded decision changed; a correction is a new decision")


def records_at(store: "Store", reader: BatchReader, rev: str, folder: str) -> list[Record]:
    out = []
    for path, sha in ls_tree(store.root, rev, folder):
        if kind_of_path(path):
            try:
                out.append(parse_path(path, reader.read(sha) or b""))
            except CouncilError:
                continue
    return out


def _check_amendment(store: "Store", reader: BatchReader, commit: str, parent: str,
                     message: str, terms: list[str], report: Report) -> None:
    tr = dict(trailers(message))
    dec_id = tr.get("Decision", "")
    where = terms[0]
    if not dec_id:
        report.fail(commit, where, "amend-decision", "amend commit has no Decision trailer")
        return
    year = dec_id.split("-")[1] if dec_id.count("-") >= 2 else ""
    decision = _read(reader, commit, f"decisions/{year}/{dec_id}.md")
    if not isinstance(decision, Decision):
        report.fail(commit, dec_id, "amend-decision", "the decision named in the trailer is not in the store")
        return
    meeting = _read(reader, commit, f"meetings/{decision.meeting.split('-')[1]}/{decision.meeting}.md") \
        if decision.meeting.count("-") >= 2 else None
    if not isinstance(meeting, Meeting):
        report.fail(commit, dec_id, "amend-decision", f"meeting {decision.meeting} is not in the store")
        return
    clauses = [c for c in records_at(store, reader, parent, "charter") if isinstance(c, Clause)]
    members = [m for m in records_at(store, reader, parent, "members") if isinstance(m, Member)]
    partnership = _read(reader, parent, "partnership.md")
    try:
        charter = charter_from_clauses(clauses)
        tier = charter.tier(decision.tier)
        notice = rules.notice_given(tier, meeting.agenda_circulated, meeting.date)
        result = rules.outcome(charter, decision.tier, members, meeting.attendance,
                               decision.votes, meeting.date, notice)
    except CouncilError as exc:
        report.fail(commit, dec_id, "amend-threshold", f"cannot evaluate the decision: {exc}")
        return
    if not result.passed:
        report.fail(commit, dec_id, "amend-threshold",
                    f"under the charter in force at the parent commit the decision did not pass: {result.explanation}")
    for path in terms:
        record_id = "partnership" if path == "partnership.md" else path.rsplit("/", 1)[-1][:-3]
        if record_id not in decision.amends:
            report.fail(commit, record_id, "amend-scope", f"{dec_id} does not name {record_id} among what it amends")
    _check_trailers(commit, dec_id, decision, tr, members, message, report)
    del partnership


def _check_trailers(commit: str, dec_id: str, decision: Decision, tr: dict, members: list[Member],
                    message: str, report: Report) -> None:
    vote = str(rules.tally(decision.votes))
    if tr.get("Vote") != vote:
        report.fail(commit, dec_id, "trailers-agree", f"Vote trailer says {tr.get('Vote')!r}, the decision records {vote!r}")
    if tr.get("Meeting") != decision.meeting:
        report.fail(commit, dec_id, "trailers-agree", f"Meeting trailer says {tr.get('Meeting')!r}, the decision was at {decision.meeting}")
    by_id = {m.id: m for m in members}
    expected = sorted(by_id[m].identity for m, v in decision.votes.items() if v == "for" and m in by_id)
    approved = sorted(v for k, v in trailers(message) if k == "Approved-by")
    if approved != expected:
        report.fail(commit, dec_id, "trailers-agree", "Approved-by trailers do not match the members who voted for")


def _check_index(store: "Store", report: Report) -> None:
    head = store.head
    indexed = index.indexed_commit(store.engine)
    if indexed != head:
        report.fail(head or "", "index", "index-current", f"index is at {str(indexed)[:10]}, HEAD is {str(head)[:10]}")
        return
    in_git = {p: s for p, s in ls_tree(store.root, head) if kind_of_path(p)}
    in_index = index.blobs(store.engine)
    for path in sorted(set(in_git) | set(in_index)):
        if in_git.get(path) != in_index.get(path):
            report.fail(head, path, "index-matches", "the index does not match the record at HEAD")
    for row in index.rows(store.engine):
        import hashlib

        data = row.text.encode("utf-8")
        if hashlib.sha1(f"blob {len(data)}\0".encode() + data).hexdigest() != row.blob:
            report.fail(head, row.id, "index-matches", "the indexed text was edited: it does not hash to its blob")
