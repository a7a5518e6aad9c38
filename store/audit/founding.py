"""`council verify` on the root commit: it must be a valid founding (:mod:`store.write.founding`).

A store's history starts with a governance act: the partnership, its charter
and its founding members adopted in one ``amend:`` commit that names every
party's signatory, signed and co-signed when that charter requires it.  A
root that is anything else (a plain commit, a record: commit, a founding
with a party unnamed or a signature missing) is refused under the rule
``founding``, naming why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from council.checks import Context, check_change
from council.errors import CouncilError
from council.records import kind_of_path
from store.write import founding, signing

if TYPE_CHECKING:
    from store.audit.walk import Walker
    from store.git.commits import Commit

RULE = "founding"


def check_founding(walker: "Walker", c: "Commit", report) -> None:
    """Report every way root commit ``c`` falls short of a founding."""
    if c.kind != "amend":
        report.fail(c.sha, "-", RULE, "the first commit is not a founding: it must be an 'amend:' commit adopting "
                                      "the partnership, its charter and each party's signatory")
        return
    blobs = {ch.path: ch.new for ch in c.changes if ch.new and kind_of_path(ch.path)}
    records = [walker.parse(sha, path) for path, sha in blobs.items()]
    parsed = [r for r in records if r is not None]
    if len(parsed) < len(records):
        return  # record-parses names the file that does not
    founded = founding.founded_of(parsed)
    try:
        check_change(Context(lambda _id: None, [], [], None), parsed, [], "amend", None)
    except CouncilError as exc:
        report.fail(c.sha, getattr(exc, "record", "-"), RULE, f"the founding records do not hold: {exc}")
        return
    signatories, unreadable = founding.signatories_in(c.message)
    for record, why in founding.problems(signatories, unreadable, founded):
        report.fail(c.sha, record, RULE, why)
    if founded.charter.signing_required or founded.charter.two_key:
        _check_signatures(walker, c, founded, blobs, {s.member for s in signatories if s.member}, report)


def _check_signatures(walker: "Walker", c: "Commit", founded: founding.Founded, blobs: dict[str, str],
                      named: set[str], report) -> None:
    clause = founded.charter.clauses.get("signing", "")
    found = walker.get(c.sha)
    payload, signature = signing.split_signature(found[2] if found else b"")
    when = founding.signing_time(founded.members, c.date)
    signed: set[str] = set()
    if signature is None:
        report.fail(c.sha, "-", RULE, f"the founding is not signed; its charter (clause {clause}) requires "
                                      "signed amendments, so a signatory signs it")
    else:
        report.signatures += 1
        check = signing.verify_signature(payload, signature, founded.members, signing.GIT_NAMESPACE, when)
        if not check.ok:
            report.fail(c.sha, "-", RULE, f"founding signature: {check.reason} (keys the founding registers)")
        elif check.member is not None and check.member.id not in named:
            report.fail(c.sha, check.member.id, RULE, f"the founding is signed by {check.member.id}, "
                                                      "who is no party's signatory")
        elif check.member is not None:
            signed.add(check.member.party)
    if not founded.charter.two_key:
        return
    approval = founding.payload(blobs.items())
    for cosig in signing.cosignatures_in(c.message):
        report.signatures += 1
        check = signing.verify_signature(approval, cosig.signature, founded.members, signing.APPROVAL_NAMESPACE, when)
        if check.ok and check.member is not None and check.member.id == cosig.member and cosig.member in named:
            signed.add(check.member.party)
        else:
            report.fail(c.sha, cosig.member, RULE, f"co-signature of the founding by {cosig.member}: "
                        f"{check.reason if not check.ok else 'not a valid signatory signature'}")
    parties = [p.id for p in founded.partnership.parties] if founded.partnership else []
    missing = [p for p in parties if p not in signed]
    if missing:
        report.fail(c.sha, "-", RULE, f"two-key approval (clause {clause}): the founding has no valid "
                                      f"signature from {', '.join(missing)}")
