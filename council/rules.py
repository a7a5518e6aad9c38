"""The council's rules as pure functions: quorum, voting, clocks, shares, exit.

Nothing here does I/O.  Every result carries an explanation a person can read,
naming the charter clause it applied, so the secretariat can say *why* a
meeting was or was not quorate and why a motion passed or failed.

Defaults follow Robert's Rules of Order where the charter is silent (see
:mod:`council.charter`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
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
    voters = voting_members(members, day)
    present = counted_present(charter, voters, attendance)
    required = quorum_required(charter, len(voters))
    rule = charter.quorum
    # The per-party minimum binds parties with voting members serving; an
    # observer party with no vote cannot make a meeting inquorate.
    voting_parties = {m.party for m in voters}
    parties = [p for p in (list(parties) or sorted(voting_parties)) if p in voting_parties]
    missing = tuple(
        p for p in parties
        if sum(1 for m in present if m.party == p) < rule.min_per_party
    )
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
                votes: Mapping[str, str], day: dt.date, where: str) -> None:
    """Refuse votes by non-members, non-voting members, absentees or invalid proxies."""
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
                raise RecordError(where, field, f"a proxy held by a member present ({holder} is not)", holder)
            holders[holder] = holders.get(holder, 0) + 1
            if holders[holder] > charter.proxies.max_per_holder:
                raise RecordError(where, field, f"at most {charter.proxies.max_per_holder} proxies per holder", holder)
        elif state != "present" and choice != "recused":
            raise RecordError(where, field, "a vote by a member marked present", state)


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
        return t.cast
    if tier.basis == "present":
        # Abstentions count as "no"; recusals leave the base, but only those of
        # members who are in it (an absent member's recusal must not shrink it).
        return len(present) - sum(1 for m in present if votes.get(m) == "recused")
    # Robert's Rules: the entire membership is a fixed base.  A recusal is a
    # vote not cast; it cannot turn "3 of 9" into "3 of 5".
    return membership


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
    return f"{ratio} {basis}"


def outcome(charter: Charter, tier_name: str, members: Iterable[Member],
            attendance: Mapping[str, str], votes: Mapping[str, str], day: dt.date,
            notice_ok: bool = True, parties: Sequence[str] = ()) -> Outcome:
    """The outcome of a motion at a meeting, against its tier's threshold.

    ``parties`` are the parties whose consent per-party conditions need (the
    partners, not observers); where not given, the parties of every voting
    member on record (past members included) stand for them, so a party whose
    delegation is vacant is still seen by per-party conditions.
    """
    members = list(members)
    parties = list(parties) or sorted({m.party for m in members if m.voting})
    tier = charter.tier(tier_name)
    voters = voting_members(members, day)
    q = quorum(charter, members, attendance, day)
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
    if _meets(tier.ratio, t.for_, base, t.against, cast_basis) and not (
            tier.ratio == "majority" and cast_basis and t.for_ == t.against):
        party_fail = _party_failures(tier, voters, votes, attendance, charter, parties)
        if party_fail:
            return Outcome("failed", t, f"failed: {t}; {party_fail}{tier_ref}")
        return Outcome("passed", t, f"passed: {t}; tier '{tier.name}' needs {need} "
                       f"({t.for_} of {base}){tier_ref}")
    if t.for_ == t.against and t.for_ > 0 and tier.ratio == "majority":
        return Outcome("tied", t, f"failed on a tie: {t}; a tie does not carry{tier_ref}")
    return Outcome("failed", t, f"failed: {t}; tier '{tier.name}' needs {need} "
                   f"({t.for_} of {base}){tier_ref}")


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
        if present and all(votes.get(m) == "recused" for m in present):
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


# --- IP register -----------------------------------------------------------


def exact_share(value: float | int | str | Decimal) -> Decimal:
    """A share as the exact decimal that was written (33.3334, not its binary float).

    TOML gives floats; ``repr`` of a float is the shortest text that reads
    back to it, i.e. what the record file says.
    """
    if isinstance(value, bool):
        raise ValueError(value)
    return value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(value, float) else str(value))


def check_shares(owners: Mapping[str, float], parties: Iterable[str], where: str) -> None:
    """Owners are parties with positive shares, exact decimals summing to exactly 100%."""
    parties = set(parties)
    if not owners:
        raise RecordError(where, "owners", "at least one owning party", owners)
    total = Decimal(0)
    for party, share in owners.items():
        if party not in parties:
            raise RecordError(where, f"owners.{party}", "a party to the partnership: " + ", ".join(sorted(parties)), party)
        try:
            exact = exact_share(share)
        except (ValueError, ArithmeticError):
            raise RecordError(where, f"owners.{party}", "a share in percent, as a number", share) from None
        if not exact.is_finite() or not 0 < exact <= 100:
            raise RecordError(where, f"owners.{party}", "a share above 0 and at most 100 percent", share)
        total += exact
    if total != 100:
        raise RecordError(where, "owners", "shares summing to 100% exactly", f"{total.normalize():f}%")
