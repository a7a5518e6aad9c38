"""The council's rules as pure functions: quorum, voting, clocks, shares, exit.

Nothing here does I/O.  Every result carries an explanation a person can read,
naming the charter clause it applied, so the secretariat can say *why* a
meeting was or was not quorate and why a motion passed or failed.

Defaults follow Robert's Rules of Order where the charter is silent (see
:mod:`council.charter`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from council.charter import Charter, Tier

# The clocks, the exit schedule and the cadence live in council.clocks; they
# are named here too because callers have always found them in the rules.
from council.clocks import (  # noqa: F401
    ObligationDue,
    StageClock,
    add_days,
    check_stage_move,
    exit_readiness,
    exit_schedule,
    next_meeting_date,
    next_stage,
    stage_clocks,
)
from council.errors import RecordError
from council.records import VOTE_CHOICES, Member

# The IP register's shares live in council.shares; named here for the callers
# that have always found them in the rules.
from council.shares import check_shares, exact_share  # noqa: F401

# --- membership ------------------------------------------------------------


def voting_members(members: Iterable[Member], day: dt.date) -> list[Member]:
    """The voting members serving on ``day``: the base of quorum and votes."""
    return [m for m in members if m.voting and m.serves_on(day)]


def _clause(ref: str) -> str:
    return f" (charter {ref})" if ref else ""


# --- quorum ----------------------------------------------------------------


@dataclass(frozen=True)
class QuorumResult:
    met: bool
    present: int
    required: int
    membership: int
    explanation: str
    missing_parties: tuple[str, ...] = ()


def quorum_required(charter: Charter, membership: int) -> int:
    """Members who must be present, from the quorum clause (default: a majority)."""
    rule = charter.quorum
    if rule.basis == "count":
        return rule.count
    if rule.basis == "fraction":
        return _ceil(Fraction(rule.fraction) * membership)
    return membership // 2 + 1


def _ceil(value: Fraction) -> int:
    return -(-value.numerator // value.denominator)


def proxy_holder(state: str) -> str:
    """The member holding a proxy (``proxy:<member>``), or '' for any other state."""
    return state.split(":", 1)[1] if state.startswith("proxy:") else ""


def valid_proxies(charter: Charter, voters: Sequence[Member], attendance: Mapping[str, str]) -> set[str]:
    """The voting members represented by a proxy the charter lets count.

    A proxy counts only where the charter allows proxies, its holder is a
    voting member serving that day and present in person, and the holder
    holds no more than ``max_per_holder`` of them (the first ones, in the
    membership's order: the rest are refused by the write path anyway).
    """
    if not charter.proxies.allowed:
        return set()
    voter_ids = {m.id for m in voters}
    held: dict[str, int] = {}
    out = set()
    for m in voters:
        holder = proxy_holder(attendance.get(m.id, ""))
        if not holder or holder not in voter_ids or attendance.get(holder) != "present":
            continue
        held[holder] = held.get(holder, 0) + 1
        if held[holder] <= charter.proxies.max_per_holder:
            out.add(m.id)
    return out


def counted_present(charter: Charter, voters: Sequence[Member], attendance: Mapping[str, str]) -> list[Member]:
    """Voting members who count toward quorum: present, or by a valid proxy where the charter says so."""
    proxies = valid_proxies(charter, voters, attendance) if charter.proxies.count_for_quorum else set()
    return [m for m in voters if attendance.get(m.id, "absent") == "present" or m.id in proxies]


def quorum(charter: Charter, members: Iterable[Member], attendance: Mapping[str, str],
           day: dt.date, parties: Sequence[str] = ()) -> QuorumResult:
    """Is a meeting on ``day`` with this attendance quorate?"""
    return _quorum_of(charter, voting_members(members, day), attendance, parties)


def _quorum_of(charter: Charter, voters: Sequence[Member], attendance: Mapping[str, str],
               parties: Sequence[str]) -> QuorumResult:
    """:func:`quorum` of the voting members serving that day: :func:`outcome` has them already
    (a verify --full asks for them some 40,000 times at 10,000 decisions, issue 18)."""
    present = counted_present(charter, voters, attendance)
    required = quorum_required(charter, len(voters))
    rule = charter.quorum
    # The per-party minimum binds parties with voting members serving; an
    # observer party with no vote cannot make a meeting inquorate.
    voting_parties = {m.party for m in voters}
    parties = [p for p in (list(parties) or sorted(voting_parties)) if p in voting_parties]
    present_in = Counter(m.party for m in present)
    missing = tuple(p for p in parties if present_in[p] < rule.min_per_party)
    met = len(present) >= required and not missing and len(voters) > 0
    head = "quorate" if met else "not quorate"
    text = f"{head}: {len(present)} of {len(voters)} voting members present, {required} required"
    text += _clause(rule.clause)
    if missing:
        need = rule.min_per_party
        text += "; " + ", ".join(missing) + (" has" if len(missing) == 1 else " have")
        text += f" fewer than {need} member{'s' if need != 1 else ''} present"
    return QuorumResult(met, len(present), required, len(voters), text, missing)


# --- votes -----------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    for_: int = 0
    against: int = 0
    abstain: int = 0
    recused: int = 0

    @property
    def cast(self) -> int:
        return self.for_ + self.against

    def __str__(self) -> str:
        text = f"{self.for_} for, {self.against} against, {self.abstain} abstain"
        return text + (f", {self.recused} recused" if self.recused else "")


@dataclass(frozen=True)
class Outcome:
    result: str  # passed | failed | tied | no_quorum
    tally: Tally
    explanation: str

    @property
    def passed(self) -> bool:
        return self.result == "passed"


def tally(votes: Mapping[str, str], among: Iterable[str] | None = None) -> Tally:
    keep = set(among) if among is not None else None
    counts = {"for": 0, "against": 0, "abstain": 0, "recused": 0}
    for member, choice in votes.items():
        if keep is None or member in keep:
            counts[choice] += 1
    return Tally(counts["for"], counts["against"], counts["abstain"], counts["recused"])


def check_votes(charter: Charter, members: Iterable[Member], attendance: Mapping[str, str],
                votes: Mapping[str, str], day: dt.date, where: str, at: str = "") -> None:
    """Refuse votes by non-members, non-voting members, absentees or invalid proxies.

    ``attendance`` is who was present for the vote; ``at`` says when, for the
    message (" at item 6").
    """
    members = list(members)  # iterated twice below: a generator would be exhausted
    voters = {m.id: m for m in voting_members(members, day)}
    known = {m.id for m in members}
    holders: dict[str, int] = {}
    for member, choice in votes.items():
        field = f"votes.{member}"
        if choice not in VOTE_CHOICES:
            raise RecordError(where, field, "one of " + ", ".join(VOTE_CHOICES), choice)
        if member not in known:
            raise RecordError(where, field, "a member of the council", member)
        if member not in voters:
            raise RecordError(where, field, "a voting member serving on " + day.isoformat(), member)
        state = attendance.get(member, "absent")
        if state.startswith("proxy:"):
            holder = proxy_holder(state)
            if not charter.proxies.allowed:
                raise RecordError(where, field, "a vote by a member present in person: the charter"
                                  " does not authorise proxies", f"proxy held by {holder}")
            if holder not in voters:
                raise RecordError(where, field, f"a proxy held by a voting member serving on {day.isoformat()}"
                                  f" ({holder} is not one)", holder)
            if attendance.get(holder) != "present":
                raise RecordError(where, field, f"a proxy held by a member present{at} ({holder} is not)", holder)
            holders[holder] = holders.get(holder, 0) + 1
            if holders[holder] > charter.proxies.max_per_holder:
                raise RecordError(where, field, f"at most {charter.proxies.max_per_holder} proxies per holder", holder)
        elif state != "present" and choice != "recused":
            raise RecordError(where, field, f"a vote by a member marked present{at}", state)


def _meets(ratio: str, for_: int, base: int, against: int, cast_basis: bool) -> bool:
    """Does ``for_`` reach ``ratio`` of ``base``?  (Robert's Rules arithmetic.)"""
    if base <= 0 or for_ == 0:
        return False
    if ratio == "unanimous":
        return for_ == base
    if ratio == "two_thirds":
        # Of votes cast: for >= 2 x against; of a larger base: for >= 2/3 of it.
        return for_ >= 2 * against if cast_basis else 3 * for_ >= 2 * base
    return 2 * for_ > base


def _base(tier: Tier, t: Tally, present: set[str], membership: int, votes: Mapping[str, str]) -> int:
    if tier.basis == "cast":
        base = t.cast
    elif tier.basis == "present":
        # Abstentions count as "no"; recusals leave the base, but only those of
        # members who are in it (an absent member's recusal must not shrink it).
        base = len(present) - sum(1 for m in present if votes.get(m) == "recused")
    else:
        # Robert's Rules: the entire membership is a fixed base.  A recusal is a
        # vote not cast; it cannot turn "3 of 9" into "3 of 5".
        base = membership
    return base + _unanimity_shift(tier, t)


def _unanimity_shift(tier: Tier, t: Tally) -> int:
    """How the charter's word on abstentions moves a unanimous tier's base.

    Where it is silent (None) the basis decides: of votes cast an abstention
    is no vote at all; of those present or of the membership it is a member
    who did not vote for, so it breaks unanimity.  ``True`` counts
    abstentions into a votes-cast base; ``False`` takes them out of the
    others (an absent member still counts against a membership base).
    """
    breaks = tier.abstentions_break_unanimity
    if tier.ratio != "unanimous" or breaks is None:
        return 0
    if breaks and tier.basis == "cast":
        return t.abstain
    if not breaks and tier.basis != "cast":
        return -t.abstain
    return 0


def _present_ids(charter: Charter, voters: Sequence[Member], attendance: Mapping[str, str],
                 votes: Mapping[str, str]) -> set[str]:
    """Voting members present for the vote: in person, or by a proxy that voted."""
    ids = {m.id for m in counted_present(charter, voters, attendance)}
    return ids | (valid_proxies(charter, voters, attendance) & set(votes))


def _ratio_text(tier: Tier) -> str:
    ratio = {"majority": "more than half", "two_thirds": "at least two thirds",
             "unanimous": "all"}[tier.ratio]
    basis = {"cast": "of the votes cast", "present": "of the voting members present",
             "membership": "of the entire voting membership"}[tier.basis]
    if tier.ratio == "unanimous" and tier.abstentions_break_unanimity is not None:
        basis += ", an abstention " + ("breaking" if tier.abstentions_break_unanimity else "not breaking") \
            + " unanimity"
    return f"{ratio} {basis}"


def outcome(charter: Charter, tier_name: str, members: Iterable[Member],
            attendance: Mapping[str, str], votes: Mapping[str, str], day: dt.date,
            notice_ok: bool = True, parties: Sequence[str] = (), casting: str = "") -> Outcome:
    """The outcome of a motion at a meeting, against its tier's threshold.

    ``attendance`` is who was present for the vote (at its agenda item).
    ``parties`` are the parties whose consent per-party conditions need (the
    partners, not observers); where not given, the parties of every voting
    member on record (past members included) stand for them, so a party whose
    delegation is vacant is still seen by per-party conditions.  ``casting``
    is the chair's casting vote ("for", "against" or ""): it counts only on
    a tie, and only where the tier grants one (the write path refuses it
    anywhere else).
    """
    members = list(members)
    parties = list(parties) or sorted({m.party for m in members if m.voting})
    tier = charter.tier(tier_name)
    voters = voting_members(members, day)
    q = _quorum_of(charter, voters, attendance, ())
    t = tally(votes, [m.id for m in voters])
    tier_ref = _clause(charter.tiers_clause)
    if not q.met:
        return Outcome("no_quorum", t, f"no decision: the meeting was {q.explanation}; "
                       "anything recorded needs ratification at a quorate meeting")
    if not notice_ok:
        return Outcome("failed", t, f"failed: tier '{tier.name}' requires the item on an agenda "
                       f"circulated {tier.notice_days} days before the meeting{tier_ref}")
    present_ids = _present_ids(charter, voters, attendance, votes)
    base = _base(tier, t, present_ids, len(voters), votes)
    cast_basis = tier.basis == "cast"
    need = _ratio_text(tier)
    tied = t.for_ == t.against and t.for_ > 0 and tier.ratio == "majority"
    if tied and casting and tier.casting_vote:
        return _casting(tier, t, casting, base, tier_ref,
                        lambda: _party_failures(tier, voters, votes, attendance, charter, parties))
    if _meets(tier.ratio, t.for_, base, t.against, cast_basis) and not (cast_basis and tied):
        party_fail = _party_failures(tier, voters, votes, attendance, charter, parties)
        if party_fail:
            return Outcome("failed", t, f"failed: {t}; {party_fail}{tier_ref}")
        return Outcome("passed", t, f"passed: {t}; tier '{tier.name}' needs {need} "
                       f"({t.for_} of {base}){tier_ref}")
    if tied:
        return Outcome("tied", t, f"failed on a tie: {t}; a tie does not carry{tier_ref}")
    return Outcome("failed", t, f"failed: {t}; tier '{tier.name}' needs {need} "
                   f"({t.for_} of {base}){tier_ref}")


def _casting(tier: Tier, t: Tally, casting: str, base: int, tier_ref: str,
             party_failures: Callable[[], str]) -> Outcome:
    """A tie broken by the chair's casting vote, counted as one more vote cast."""
    head = f"{t}, and the chair's casting vote {casting}"
    if casting == "against":
        return Outcome("failed", t, f"failed on the chair's casting vote: {head}{tier_ref}")
    base += 1 if tier.basis == "cast" else 0
    if not _meets(tier.ratio, t.for_ + 1, base, t.against, tier.basis == "cast"):
        return Outcome("failed", t, f"failed: {head}; tier '{tier.name}' needs {_ratio_text(tier)} "
                       f"({t.for_ + 1} of {base}){tier_ref}")
    problems = party_failures()
    if problems:
        return Outcome("failed", t, f"failed: {head}; {problems}{tier_ref}")
    return Outcome("passed", t, f"passed on the chair's casting vote: {head}{tier_ref}")


def _party_failures(tier: Tier, voters: Sequence[Member], votes: Mapping[str, str],
                    attendance: Mapping[str, str], charter: Charter, parties: Sequence[str]) -> str:
    """Why a per-party condition (consent, double majority, minimum) fails, or ''."""
    per_party = tier.party_consent or tier.double_majority or tier.min_per_party
    if not per_party:
        return ""
    problems = []
    voting_parties = {m.party for m in voters}
    for party in sorted(set(parties) | voting_parties):
        delegation = [m for m in voters if m.party == party]
        if not delegation:
            # A party with no serving voting member cannot consent; whether
            # that blocks the motion is the charter's call (default: it does).
            if party in parties and (tier.party_consent or tier.double_majority) \
                    and charter.vacant_party == "blocks":
                problems.append(f"{party} has no serving voting member to consent, and tier "
                                f"'{tier.name}' needs every party's consent")
            continue
        ids = [m.id for m in delegation]
        t = tally(votes, ids)
        # Proxies are judged against every voter (a holder may sit in another
        # delegation), then the delegation's own members are kept.
        present = _present_ids(charter, voters, attendance, votes) & set(ids)
        # A per-party quorum minimum counts presence, not votes (Robert's Rules).
        if tier.min_per_party and len(present) < tier.min_per_party:
            problems.append(f"{party} has {len(present)} present, {tier.min_per_party} required")
        # Those whose recusal can excuse the delegation: of the whole membership where the
        # base is the membership (else a member staying away would excuse it, and arriving
        # to vote for would make the motion fail), of those present otherwise.
        whole = ids if tier.basis == "membership" else present
        if whole and all(votes.get(m) == "recused" for m in whole):
            # A delegation that recuses as a whole takes no part in the item:
            # recusal is standing aside from a conflict, never a veto.
            continue
        if tier.party_consent and not (t.for_ > t.against):
            problems.append(f"{party} did not consent ({t})")
        if tier.double_majority:
            base = _base(tier, t, present, len(delegation), votes)
            if not _meets(tier.ratio, t.for_, base, t.against, tier.basis == "cast") or (
                    tier.ratio == "majority" and t.for_ == t.against):
                problems.append(f"threshold not met within {party}'s delegation ({t})")
    return "; ".join(problems)


def notice_given(tier: Tier, circulated: dt.date | None, meeting_day: dt.date) -> bool:
    """The previous-notice rule: was the agenda circulated soon enough?"""
    if tier.notice_days <= 0:
        return True
    return circulated is not None and (meeting_day - circulated).days >= tier.notice_days
