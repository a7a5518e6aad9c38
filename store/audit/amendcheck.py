"""The checks on one ``amend:`` commit: its decision, trailers and signatures.

Everything is judged as of the *parent* commit: the charter in force, the
membership (who may vote, whose keys count) and the parties.  A commit that
changes the quorum clause, or registers a key, cannot use that change to
approve or sign itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from council import proceedings, rules
from council.errors import CouncilError
from council.presence import attendance_at
from council.records import Decision, Meeting, Resolution
from store.audit.resolutioncheck import check_written_amendment
from store.git.commits import Changed, Commit, first_trailers, trailers
from store.logentry import record_id_of
from store.write import signing

if TYPE_CHECKING:
    from store.audit.walk import State, Walker


def check_amendment(walker: "Walker", c: "Commit", terms: list["Changed"], report) -> None:
    tr = first_trailers(c.message)
    dec_id = tr.get("Decision", "")
    where = record_id_of(terms[0].path)
    if not dec_id:
        report.fail(c.sha, where, "amend-decision", "the amend commit has no Decision trailer")
        return
    decision = walker.record_at(c.sha, dec_id)
    if isinstance(decision, Resolution):
        check_written_amendment(walker, c, terms, tr, decision, report)
        before = walker.state(c.parents[0])
        if before.charter.signing_required or before.charter.two_key:
            _check_signatures(walker, c, dec_id, terms, before, report)
        return
    if not isinstance(decision, Decision):
        report.fail(c.sha, dec_id, "amend-decision", f"{dec_id}, named in the Decision trailer, is not in the store")
        return
    meeting = walker.record_at(c.sha, decision.meeting)
    if not isinstance(meeting, Meeting):
        report.fail(c.sha, dec_id, "amend-decision", f"meeting {decision.meeting} is not in the store")
        return
    try:
        before = walker.state(c.parents[0])
        result = proceedings.decision_outcome(before.charter, before.members,
                                              proceedings.consenting_parties(before.partnership),
                                              decision, meeting)
    except CouncilError as exc:
        report.fail(c.sha, dec_id, "amend-threshold", f"the decision cannot be evaluated: {exc}")
        return
    if not result.passed:
        report.fail(c.sha, dec_id, "amend-threshold",
                    f"under the charter in force at the parent commit {dec_id} did not pass: {result.explanation}")
    for ch in terms:
        record_id = record_id_of(ch.path)
        if record_id not in decision.amends:
            report.fail(c.sha, record_id, "amend-scope", f"{dec_id} does not name {record_id} among what it amends")
    _check_trailers(c, tr, decision, meeting, before, report)
    if before.charter.signing_required or before.charter.two_key:
        _check_signatures(walker, c, dec_id, terms, before, report)


def _check_trailers(c: "Commit", tr: dict[str, str], decision: Decision, meeting: Meeting,
                    before: "State", report) -> None:
    dec_id = decision.id
    vote = str(rules.tally(decision.votes))
    if tr.get("Vote") != vote:
        report.fail(c.sha, dec_id, "trailers-agree", f"Vote trailer says {tr.get('Vote')!r}, {dec_id} records {vote!r}")
    if tr.get("Meeting") != decision.meeting:
        report.fail(c.sha, dec_id, "trailers-agree",
                    f"Meeting trailer says {tr.get('Meeting')!r}, {dec_id} was taken at {decision.meeting}")
    q = rules.quorum(before.charter, before.members, attendance_at(meeting, decision.agenda_item),
                     meeting.date, before.parties)
    present = f"{q.present} of {q.membership} present"
    if not tr.get("Quorum", "").startswith(present):
        report.fail(c.sha, dec_id, "trailers-agree",
                    f"Quorum trailer says {tr.get('Quorum')!r}, the attendance of {meeting.id} gives {present!r}")
    by_id = {m.id: m for m in before.members}
    expected = sorted(by_id[m].identity for m, v in decision.votes.items() if v == "for" and m in by_id)
    approved = sorted(v for k, v in trailers(c.message) if k == "Approved-by")
    if approved != expected:
        extra = sorted(set(approved) - set(expected)) or sorted(set(expected) - set(approved))
        report.fail(c.sha, dec_id, "trailers-agree",
                    f"Approved-by trailers do not match the members who voted for {dec_id} (differs: {', '.join(extra)})")


def _check_signatures(walker: "Walker", c: "Commit", dec_id: str, terms: list["Changed"],
                      before: "State", report) -> None:
    clause = before.charter.clauses.get("signing", "")
    found = walker.get(c.sha)
    payload, signature = signing.split_signature(found[2] if found else b"")
    signed: set[str] = set()
    if signature is None:
        report.fail(c.sha, dec_id, "signature-required",
                    f"the amend commit is not signed; the charter in force at its parent (clause {clause}) "
                    "requires signed amendments")
    else:
        report.signatures += 1
        check = signing.verify_signature(payload, signature, before.members, signing.GIT_NAMESPACE, c.date)
        if not check.ok:
            report.fail(c.sha, dec_id, "signature-valid", f"commit signature: {check.reason} (keys as of the parent commit)")
        elif check.member is not None:
            signed.add(check.member.party)
    if not before.charter.two_key:
        return
    approval = signing.approval_payload(dec_id, [(ch.path, ch.old, ch.new) for ch in terms])
    for cosig in signing.cosignatures_in(c.message):
        report.signatures += 1
        check = signing.verify_signature(approval, cosig.signature, before.members, signing.APPROVAL_NAMESPACE, c.date)
        if not check.ok or check.member is None or check.member.id != cosig.member:
            why = check.reason if not check.ok else f"it is signed with {check.member.id if check.member else '?'}'s key"
            report.fail(c.sha, dec_id, "signature-valid", f"co-signature by {cosig.member}: {why}")
        else:
            signed.add(check.member.party)
    missing = [p for p in before.parties if p not in signed]
    if missing:
        report.fail(c.sha, dec_id, "two-key",
                    f"two-key approval (clause {clause}) needs a signature from every party; "
                    f"none valid from {', '.join(missing)}")
