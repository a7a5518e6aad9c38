"""The charter's machine-readable settings, read from its clauses.

A clause carries settings when its ``rule`` names one of the kinds below; the
settings table is validated here.  Where the charter is silent the defaults
follow Robert's Rules of Order: quorum is a majority of the entire voting
membership, a majority is more than half of the votes cast, proxies do not
exist, and a tie fails.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from council.charter_settings import RATIOS, WrittenRule
from council.charter_settings import Settings as _Settings
from council.charter_settings import opened as _opened
from council.charter_settings import read_written_resolutions as _read_written_resolutions
from council.charter_settings import refuse_unknown_keys as _refuse_unknown_keys
from council.errors import RecordError
from council.records import INCIDENT_KINDS, SENSITIVITIES, Clause

RULES = ("quorum", "tiers", "cadence", "minutes", "publication", "escalation", "signing", "proxies",
         "incidents", "written_resolutions")
BASES = ("cast", "present", "membership")


@dataclass(frozen=True)
class QuorumRule:
    """How many voting members must be present for business to be done."""

    basis: str = "majority"  # majority | count | fraction
    count: int = 0
    fraction: str = ""  # e.g. "2/3" of the entire voting membership
    min_per_party: int = 0
    clause: str = ""


@dataclass(frozen=True)
class ProxyRule:
    allowed: bool = False
    count_for_quorum: bool = False
    max_per_holder: int = 1
    clause: str = ""


@dataclass(frozen=True)
class Tier:
    """An approval tier tied to a risk level."""

    name: str
    basis: str = "cast"
    ratio: str = "majority"
    party_consent: bool = False
    double_majority: bool = False
    min_per_party: int = 0
    notice_days: int = 0
    description: str = ""
    # The chair's casting vote breaks a tie only where the charter grants it
    # (Robert's Rules: none; the chair votes like any member, and a tie fails).
    casting_vote: bool = False
    # Whether an abstention breaks a unanimous vote.  None: as the basis says
    # (of votes cast an abstention is no vote; of those present or of the
    # membership every member counts, so it does).
    abstentions_break_unanimity: bool | None = None


@dataclass(frozen=True)
class Stage:
    name: str
    days: int


@dataclass(frozen=True)
class Ladder:
    stages: tuple[Stage, ...] = ()
    business_days: bool = False
    arbitration_during_mediation: bool = False
    clause: str = ""
    # Whose public holidays business days skip ("GB-ENG", "DE", "US-NY"), and
    # what a calendar deadline on a weekend or holiday does ("as_is", or
    # "next_business_day" as court rules usually have it).
    jurisdictions: tuple[str, ...] = ()
    weekend: str = "as_is"


@dataclass(frozen=True)
class IncidentRule:
    """The incident notification clocks, in hours from detection.

    Where the charter is silent: the other parties within 24 hours, and the
    regulator within 72 hours for a personal data breach (UK GDPR Art. 33).
    """

    party_hours: int = 24
    regulator_hours: int = 72
    regulator_kinds: tuple[str, ...] = ("breach",)
    notify_observers: bool = False
    clause: str = ""


@dataclass(frozen=True)
class Charter:
    """Everything the rules need from a charter, with Robert's Rules defaults."""

    quorum: QuorumRule = QuorumRule()
    proxies: ProxyRule = ProxyRule()
    tiers: tuple[Tier, ...] = (Tier("ordinary"),)
    tiers_clause: str = ""
    cadence_months: int = 1
    cadence_weekday: int = -1  # -1: same day of month; 0..6 Monday..Sunday
    minutes_standard: str = "Minutes record what was done, not what was said."
    minutes_days: int = 14
    publish: tuple[str, ...] = ("public",)
    partner_publish: tuple[str, ...] = ("public", "internal")
    named_votes_public: bool = False
    # Issue 16: confidential and privileged text must name its readers and is
    # sealed to them; never_sealed adds field names to what always stays clear.
    sealing: bool = False
    never_sealed: tuple[str, ...] = ()
    ladder: Ladder = Ladder()
    signing_required: bool = False
    two_key: bool = False
    review_months: int = 12
    clauses: dict[str, str] = field(default_factory=dict)  # rule -> clause id
    incidents: IncidentRule = IncidentRule()
    # A party with no serving voting member under a party-consent or
    # double-majority tier: "blocks" (it cannot consent, so nothing passes)
    # or "exempt" (its consent is not required while the vacancy lasts).
    vacant_party: str = "blocks"
    seconder_required: bool = False  # Robert's Rules for small boards: no second needed
    # Decision rights: subject -> the lowest tier that may decide it, e.g.
    # ("charter", "high"), ("charter.4", "high"), ("ip", "medium").  A more
    # specific subject ("charter.4.2") wins over a wider one ("charter").
    rights: tuple[tuple[str, str], ...] = ()
    written: WrittenRule = WrittenRule()

    def tier(self, name: str) -> Tier:
        for tier in self.tiers:
            if tier.name == name:
                return tier
        raise RecordError("charter", "tier", "one of " + ", ".join(t.name for t in self.tiers), name)


    def rank(self, tier_name: str) -> int:
        """A tier's place in the ladder of tiers, lowest first (the order the charter lists them)."""
        return [t.name for t in self.tiers].index(self.tier(tier_name).name)

    def minimum_tier(self, subject: str) -> str:
        """The lowest tier that may decide ``subject`` ('' where the charter sets none).

        ``subject`` is dotted from wide to narrow ("charter.4.2"); the most
        specific entry of the decision rights that covers it applies.
        """
        best, best_len = "", -1
        for key, tier in self.rights:
            if (subject == key or subject.startswith(key + ".")) and len(key) > best_len:
                best, best_len = tier, len(key)
        return best


# What a record amends, as a subject of the decision rights.
SUBJECTS = {"clause": "charter", "ip": "ip", "exit": "exit", "dataset": "data_sharing",
            "partnership": "partnership", "member": "membership",
            # Registering a model artifact, and granting a release of one (issue 17).
            "artifact": "artifacts", "release": "releases"}


# The charters last assembled, with the clause objects they came from: verify asks
# for the same clauses' charter twice per decision (28% of verify --full's CPU at
# 10,000 decisions). Records are frozen; compared by identity (settings are not
# hashable), the objects held here so that no identity is reused while remembered.
_BUILT: list[tuple[tuple[Clause, ...], Charter]] = []
_KEEP = 4


def charter_from_clauses(clauses: Iterable[Clause]) -> Charter:
    """Assemble the charter's settings from the clauses in force."""
    given = tuple(clauses)
    for seen, charter in _BUILT:
        if len(seen) == len(given) and all(a is b for a, b in zip(seen, given)):
            return charter
    charter = _assemble(given)
    _BUILT.insert(0, (given, charter))
    del _BUILT[_KEEP:]
    return charter


def _assemble(clauses: tuple[Clause, ...]) -> Charter:
    values: dict[str, Any] = {"clauses": {}}
    for clause in sorted(clauses, key=lambda c: _section_key(c.id)):
        if not clause.rule:
            continue
        if clause.rule not in RULES:
            raise RecordError(f"charter {clause.id}", "rule", "one of " + ", ".join(RULES), clause.rule)
        values["clauses"][clause.rule] = clause.id
        del _opened()[:]
        values.update(_READERS[clause.rule](clause))
        _refuse_unknown_keys()
    charter = Charter(**values)
    _check_written_tiers(charter)
    return charter


def _check_written_tiers(charter: Charter) -> None:
    """The tiers a written resolution may decide are the charter's (the clauses may come in any order)."""
    names = [t.name for t in charter.tiers]
    for i, tier in enumerate(charter.written.tiers):
        if tier not in names:
            raise RecordError(f"charter {charter.written.clause}", f"settings.tiers[{i}]",
                              "one of the tiers " + ", ".join(names), tier)


def _section_key(section: str) -> tuple[int, ...]:
    return tuple(int(p) for p in section.split(".") if p.isdigit())


def _read_quorum(clause: Clause) -> dict[str, Any]:
    s = _Settings(clause)
    basis = s.one_of("basis", ("majority", "count", "fraction"), "majority")
    fraction = s.get("fraction", str, "")
    if basis == "fraction":
        try:
            value = Fraction(fraction)
        except (ValueError, ZeroDivisionError):
            value = Fraction(0)
        if not 0 < value <= 1:
            raise RecordError(s.where, "settings.fraction", "a fraction between 0 and 1, like \"2/3\"", fraction)
    count = s.natural("count", 0)
    if basis == "count" and count < 1:
        raise RecordError(s.where, "settings.count", "at least 1 member", count)
    rule = QuorumRule(basis, count, fraction, s.natural("min_per_party", 0), clause.id)
    return {"quorum": rule}


def _read_proxies(clause: Clause) -> dict[str, Any]:
    s = _Settings(clause)
    rule = ProxyRule(
        s.get("allowed", bool, False),
        s.get("count_for_quorum", bool, False),
        max(1, s.natural("max_per_holder", 1)),
        clause.id,
    )
    return {"proxies": rule}


def _read_tiers(clause: Clause) -> dict[str, Any]:
    s = _Settings(clause)
    raw = s.get("tiers", list, [])
    if not raw:
        raise RecordError(s.where, "settings.tiers", "at least one approval tier", raw)
    tiers = []
    # Clause-wide settings are every tier's default; a tier's own setting wins.
    casting = bool(s.maybe_bool("casting_vote", False))
    abstentions = s.maybe_bool("abstentions_break_unanimity", None)
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise RecordError(s.where, f"settings.tiers[{i}]", "a table", item)
        # Errors inside a tier name it: settings.tiers[1].basis, not settings.basis.
        sub = _Settings(Clause(id=clause.id, settings=item), prefix=f"settings.tiers[{i}].")
        name = sub.get("name", str, "")
        if not name:
            raise RecordError(s.where, f"settings.tiers[{i}].name", "a tier name", name)
        tiers.append(Tier(
            name=name,
            basis=sub.one_of("basis", BASES, "cast"),
            ratio=sub.one_of("ratio", RATIOS, "majority"),
            party_consent=sub.get("party_consent", bool, False),
            double_majority=sub.get("double_majority", bool, False),
            min_per_party=sub.natural("min_per_party", 0),
            notice_days=sub.natural("notice_days", 0),
            description=sub.get("description", str, ""),
            casting_vote=bool(sub.maybe_bool("casting_vote", casting)),
            abstentions_break_unanimity=sub.maybe_bool("abstentions_break_unanimity", abstentions),
        ))
    names = [t.name for t in tiers]
    if len(set(names)) != len(names):
        raise RecordError(s.where, "settings.tiers", "distinct tier names", names)
    return {"tiers": tuple(tiers), "tiers_clause": clause.id,
            "vacant_party": s.one_of("vacant_party", ("blocks", "exempt"), "blocks"),
            "seconder_required": s.get("seconder_required", bool, False),
            "rights": _read_rights(s, names)}


def _read_rights(s: "_Settings", tier_names: list[str]) -> tuple[tuple[str, str], ...]:
    raw = s.get("rights", dict, {})
    out = []
    for key, tier in sorted(raw.items()):
        if key.split(".", 1)[0] not in SUBJECTS.values():
            raise RecordError(s.where, f"settings.rights.{key}", "a subject: one of " + ", ".join(
                sorted(SUBJECTS.values())) + ", or a clause as charter.<section>", "unknown subject")
        if tier not in tier_names:
            raise RecordError(s.where, f"settings.rights.{key}", "one of the tiers " + ", ".join(tier_names), tier)
        out.append((key, tier))
    return tuple(out)


def _read_cadence(clause: Clause) -> dict[str, Any]:
    s = _Settings(clause)
    months = s.natural("months", 1)
    if months < 1:
        raise RecordError(s.where, "settings.months", "at least 1", months)
    weekday = s.get("weekday", int, -1)
    if not -1 <= weekday <= 6:
        raise RecordError(s.where, "settings.weekday", "-1 (same date) or 0..6 (Monday..Sunday)", weekday)
    return {"cadence_months": months, "cadence_weekday": weekday,
            "review_months": s.natural("review_months", 12)}


def _read_minutes(clause: Clause) -> dict[str, Any]:
    s = _Settings(clause)
    return {"minutes_standard": s.get("standard", str, Charter.minutes_standard),
            "minutes_days": s.natural("circulate_within_days", 14)}


def _read_publication(clause: Clause) -> dict[str, Any]:
    s = _Settings(clause)
    publish = s.get("public", list, ["public"])
    partners = s.get("partners", list, ["public", "internal"])
    for key, levels in (("public", publish), ("partners", partners)):
        bad = [x for x in levels if x not in SENSITIVITIES]
        if bad:
            raise RecordError(s.where, f"settings.{key}", "sensitivities from " + ", ".join(SENSITIVITIES), bad)
    if "privileged" in publish or "confidential" in publish:
        raise RecordError(s.where, "settings.public", "only public or internal for the public audience", publish)
    never = s.get("never_sealed", list, [])
    if not all(isinstance(x, str) and x for x in never):
        raise RecordError(s.where, "settings.never_sealed", "a list of field names", never)
    return {"publish": tuple(publish), "partner_publish": tuple(partners),
            "named_votes_public": s.get("named_votes", bool, False),
            "sealing": s.get("sealing", bool, False), "never_sealed": tuple(never)}


def _read_escalation(clause: Clause) -> dict[str, Any]:
    s = _Settings(clause)
    raw = s.get("stages", list, [])
    if not raw:
        raise RecordError(s.where, "settings.stages", "at least one escalation stage", raw)
    stages: list[Stage] = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise RecordError(s.where, f"settings.stages[{i}]", "a table with a name and days", item)
        days = item.get("days")
        if not isinstance(days, int) or isinstance(days, bool) or days < 1:
            raise RecordError(s.where, f"settings.stages[{i}].days", "a whole number of days, 1 or more", days)
        if any(st.name == item["name"] for st in stages):
            raise RecordError(s.where, f"settings.stages[{i}].name", "a stage name not used before", item["name"])
        stages.append(Stage(item["name"], days))
    ladder = Ladder(tuple(stages), s.get("business_days", bool, False),
                    s.get("arbitration_during_mediation", bool, False), clause.id,
                    _read_jurisdictions(s), s.one_of("weekend", ("as_is", "next_business_day"), "as_is"))
    return {"ladder": ladder}


def _read_jurisdictions(s: "_Settings") -> tuple[str, ...]:
    from council.clocks import known_jurisdiction  # the holidays package, only where a ladder names places

    places = s.get("jurisdictions", list, [])
    for i, place in enumerate(places):
        if not isinstance(place, str) or not known_jurisdiction(place):
            raise RecordError(s.where, f"settings.jurisdictions[{i}]", "a country code with an optional "
                              "subdivision whose public holidays are known, like \"GB-ENG\" or \"DE\"", place)
    return tuple(places)


def _read_signing(clause: Clause) -> dict[str, Any]:
    s = _Settings(clause)
    return {"signing_required": s.get("required", bool, False), "two_key": s.get("two_key", bool, False)}


def _read_incidents(clause: Clause) -> dict[str, Any]:
    s = _Settings(clause)
    hours = {}
    for key, default in (("party_hours", 24), ("regulator_hours", 72)):
        hours[key] = s.natural(key, default)
        if hours[key] < 1:
            raise RecordError(s.where, f"settings.{key}", "a whole number of hours, 1 or more", hours[key])
    kinds = s.get("regulator_kinds", list, ["breach"])
    bad = [k for k in kinds if k not in INCIDENT_KINDS]
    if bad:
        raise RecordError(s.where, "settings.regulator_kinds", "incident kinds from " + ", ".join(INCIDENT_KINDS), bad)
    rule = IncidentRule(hours["party_hours"], hours["regulator_hours"], tuple(kinds),
                        s.get("notify_observers", bool, False), clause.id)
    return {"incidents": rule}


_READERS = {
    "quorum": _read_quorum,
    "proxies": _read_proxies,
    "tiers": _read_tiers,
    "cadence": _read_cadence,
    "minutes": _read_minutes,
    "publication": _read_publication,
    "escalation": _read_escalation,
    "signing": _read_signing,
    "incidents": _read_incidents,
    "written_resolutions": _read_written_resolutions,
}
