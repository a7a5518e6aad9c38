"""`council verify`'s checks on written resolutions, at every commit that touches one.

The same functions as the write path (:mod:`council.resolutions`), judged as
of the *parent* commit: the charter and membership then, and the resolution
as it stood there.  An amendment by written resolution (its Decision trailer
names a ``WR-``) is checked here too: it passed under the charter at the
parent, the terms committed are the text circulated onto the text in force
when it was circulated, and the trailers agree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from council import resolutions as written
from council import rules
from council.errors import CouncilError
from council.proceedings import consenting_parties
from council.records import Resolution, kind_of_path
from store.git.commits import Changed, Commit, trailers
from store.logentry import record_id_of

if TYPE_CHECKING:
    from store.audit.walk import Walker


def check_resolutions(walker: "Walker", c: Commit, report) -> None:
    """Each resolution a commit writes keeps every rule of a written resolution."""
    for ch in c.changes:
        if kind_of_path(ch.path) != "resolution":
            continue
        prior = walker.record_at(c.parents[0], record_id_of(ch.path))
        prior = prior if isinstance(prior, Resolution) else None
        if ch.new is None:
            if prior is not None and (prior.ballots or prior.status == "closed"):
                report.fail(c.sha, prior.id, "resolution-fixed", f"{prior.id} was deleted with its votes recorded; "
                            "a written resolution stays in the record")
            continue
        r = walker.parse(ch.new, ch.path)
        if isinstance(r, Resolution):
            _check_one(walker, c, prior, r, report)


def _check_one(walker: "Walker", c: Commit, prior: Resolution | None, r: Resolution, report) -> None:
    before = walker.state(c.parents[0])
    day = c.date.date()
    steps = [("resolution-fixed", lambda: written.check_fixed(prior, r)),
             ("resolution-votes", lambda: written.check_ballots(before.members, r, day)),
             ("resolution-close", lambda: written.check_close(before.members, r, day)),
             ("resolution-amendment", lambda: written.check_closing_change(
                 prior, r, c.kind, dict(trailers(c.message)).get("Decision")))]
    if prior is None:
        steps.insert(1, ("resolution-circulated", lambda: written.check_circulation(before.charter, r)))
    for rule, step in steps:
        try:
            step()
        except CouncilError as exc:
            report.fail(c.sha, r.id, rule, str(exc))
            return
    if r.status == "closed" and (prior is None or prior.status != "closed"):
        result = written.outcome(before.charter, before.members, consenting_parties(before.partnership), r)
        if result.result != r.outcome:
            report.fail(c.sha, r.id, "outcome-computed", f"{r.id} records '{r.outcome}', the rules give "
                        f"'{result.result}' ({result.explanation})")


def check_written_amendment(walker: "Walker", c: Commit, terms: list[Changed], tr: dict[str, str],
                            r: Resolution, report) -> None:
    """An amend: commit by written resolution: passed at the parent's charter, as circulated, trailers agree."""
    before = walker.state(c.parents[0])
    result = written.outcome(before.charter, before.members, consenting_parties(before.partnership), r)
    if r.status != "closed" or not result.passed:
        report.fail(c.sha, r.id, "amend-threshold", f"under the charter in force at the parent commit {r.id} "
                    f"did not pass: {result.explanation if r.status == 'closed' else 'it is still open'}")
    texts = []
    for ch in terms:
        data = walker.data(ch.new) if ch.new else None
        texts.append((record_id_of(ch.path), data.decode("utf-8", "replace") if data is not None else ""))
    if written.amendment_digest(texts) != r.amendment_digest:
        report.fail(c.sha, r.id, "amend-as-circulated", f"the terms committed are not the text {r.id} "
                    "circulated (its amendment_digest): the members voted on another text")
    try:
        written.check_base(r, [(i, walker.record_at(c.parents[0], i)) for i in r.amends])
    except CouncilError as exc:
        report.fail(c.sha, r.id, "amend-as-circulated", str(exc))
    ids = {m.id for m in written.membership(before.members, r)}
    vote = str(rules.tally(r.votes, ids))
    if tr.get("Vote") != vote:
        report.fail(c.sha, r.id, "trailers-agree", f"Vote trailer says {tr.get('Vote')!r}, {r.id} records {vote!r}")
    replied = written.replied(r, ids)
    if not tr.get("Quorum", "").startswith(replied):
        report.fail(c.sha, r.id, "trailers-agree", f"Quorum trailer says {tr.get('Quorum')!r}, {r.id} gives "
                    f"{replied!r}")
    by_id = {m.id: m for m in before.members}
    expected = sorted(by_id[m].identity for m, v in r.votes.items() if v == "for" and m in by_id)
    approved = sorted(v for k, v in trailers(c.message) if k == "Approved-by")
    if approved != expected:
        report.fail(c.sha, r.id, "trailers-agree", f"Approved-by trailers do not match the members who voted "
                    f"for {r.id}")
