"""The redaction step: apply the policy to a snapshot, giving the filtered view.

Every withheld record or field is replaced by a :class:`Withheld` marker and
listed in the report with its reason and salted commitment (see
:mod:`exports.commitments`).  Values derived for the renderers (vote counts,
dispute durations, stage deadlines, attendance counts) are computed here, from
visible fields only, so no renderer ever touches a withheld value.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import deque
from collections.abc import Callable
from typing import Any

from council import rules, sealed_fields
from council.charter import Charter
from council.records import Decision, Record, Stage, names_field
from exports.commitments import canonical_value, commitment, item_salt
from exports.figures import figures
from exports.policy import Policy, nested_paths
from exports.pseudonyms import Aliases
from exports.redcache import RedactionCache, Withholds, withholds
from exports.snapshot import Progress, Snapshot, Source
from exports.view import KIND_ORDER, Report, Shown, View, Withheld, WithheldItem

# Policy metadata, not content: never rendered.  A sealed value's armour is
# withheld with its field (below), never published as such.  A written
# resolution's circulated_text is the whole file of the terms it amends, for
# the replicas to commit at its close: the terms are published as themselves,
# under their own sensitivities, never through the resolution.
HIDDEN = ("field_sensitivity", "readers", "sealed", "circulated_text")


class _Committer:
    """Makes the commitments of one export (one key, one commit)."""

    def __init__(self, key: bytes, commit: str, report: Report) -> None:
        self.key, self.commit, self.report = key, commit, report

    def withhold(self, item: str, scope: str, reason: str, value: bytes) -> Withheld:
        salt = item_salt(self.key, self.commit, item)
        self.report.add(WithheldItem(item, scope, reason, commitment(salt, item, value)))
        return Withheld(reason)


def build_view(snapshot: Snapshot, policy: Policy, key: bytes, progress: Progress | None = None,
               cache: Callable[[Aliases], RedactionCache] | None = None, sealed_blobs: frozenset[str] = frozenset(),
               consume: bool = False) -> View:
    """The filtered view of ``snapshot`` for ``policy``'s audience.

    ``cache`` opens the redactions kept from earlier exports for the context
    (exports.redcache): only records published whole are taken from it or put
    in it; ``sealed_blobs`` are the records that held armour before opening.
    With ``consume``, the snapshot lets go of each record (and its file's bytes)
    once it is redacted, so the two are never all in memory together."""
    view = View(snapshot.commit, snapshot.time, snapshot.root_commit, policy, notes=list(snapshot.notes),
                tier_order=tuple(t.name for t in snapshot.charter.tiers))
    committer = _Committer(key, snapshot.commit, view.report)
    aliases = member_aliases(snapshot, policy, key)
    day = snapshot.time.date()
    # Kinds this module does not know yet are still judged by their sensitivities.
    kinds = [k for k in KIND_ORDER if k in snapshot.sources] + sorted(set(snapshot.sources) - set(KIND_ORDER))
    sources = deque(s for kind in kinds for s in snapshot.of(kind))
    total = len(sources)
    if consume:
        snapshot.sources.clear()
    kept = cache(aliases) if cache else None
    for i in range(1, total + 1):
        source = sources.popleft()
        hit = kept.get(source) if kept else None
        if hit is not None:
            shown = hit[0]
            recommit(source, hit[1], committer)
        else:
            start = len(view.report.items)
            shown = redact(source, policy, committer, snapshot.charter, day, aliases)
            named = withholds(source, shown, view.report.items[start:], sealed_blobs) if kept else None
            if kept and named is not None:
                kept.put(source, shown, named)
            elif kept:
                kept.refuse(source)
        view.add(shown)
        view.notes += _unknown_levels(source.record)
        if progress and (i % 500 == 0 or i == total):
            progress("redact", i, total)
    view.unparsed = [(_unparsed_path(path, aliases), blob) for path, blob in snapshot.unparsed]
    view.figures = figures(view)
    if kept:
        view.fragments, view.tokens = kept.lines, kept.tokens
        kept.save()
    return view


def recommit(source: Source, named: Withholds, committer: _Committer) -> None:
    """The commitments of a kept redaction, made again for this commit from the record itself
    (the cache keeps only the names of what was withheld, never a value)."""
    for item, scope, reason, name in named:
        value = source.data if name is None else canonical_value(plain(getattr(source.record, name)))
        committer.withhold(item, scope, reason, value)


def member_aliases(snapshot: Snapshot, policy: Policy, key: bytes) -> Aliases:
    """Who this audience may know by their ID: members whose record and name it may see."""
    named = {s.record.id for s in snapshot.of("member")
             if policy.record_reason(s.record) is None and policy.field_reason(s.record, "name") is None}
    parties = {p.id for s in snapshot.of("partnership") for p in getattr(s.record, "parties", [])}
    return Aliases(key, named, parties)


def _unparsed_path(path: str, aliases: Aliases) -> str:
    """An unreadable member file's name is still a surname: the manifest lists its pseudonym."""
    folder, _, name = path.rpartition("/")
    return f"{folder}/{aliases(name[:-3])}.md" if folder == "members" and name.endswith(".md") else path


def redact(source: Source, policy: Policy, committer: _Committer, charter: Charter, day: dt.date,
           aliases: Aliases | None = None) -> Shown:
    """One record as the audience may see it."""
    record = source.record
    public_id, path = record.id, source.path
    if record.KIND == "member" and aliases is not None and aliases(record.id) != record.id:
        public_id, path = aliases(record.id), f"members/{aliases(record.id)}.md"
    shown = Shown(record.KIND, public_id, path, source.blob)
    reason = policy.record_reason(record)
    if reason:
        shown.withheld = committer.withhold(public_id, "record", reason, source.data)
        return shown
    sealed = sealed_by_field(record)
    for f in dataclasses.fields(record):
        if f.name in HIDDEN:
            continue
        value = plain(getattr(record, f.name))
        why = policy.field_reason(record, f.name)
        if not why and f.name in sealed.get(f.name, {}):  # the field itself is sealed text
            value = _withhold_sealed(record, public_id, value, sealed.pop(f.name), committer)
        if why:
            sealed.pop(f.name, None)
            value = committer.withhold(f"{public_id}#{f.name}", "field", why, canonical_value(value))
        shown.fields[f.name] = value
    for nested in nested_paths(record):
        _redact_nested(record, shown, nested, policy, committer)
    for top, held in sealed.items():  # sealed inside a visible list (stages[1].note): after the policy's masks
        if shown.visible(top):
            shown.fields[top] = _withhold_sealed(record, public_id, shown.fields[top], held, committer)
    shown.derived = _derived(record, shown, charter, day)
    if aliases is not None:  # last: commitments are made over the stored values
        shown.fields["id"] = public_id
        aliases.rewrite(record.KIND, shown.fields, lambda v: isinstance(v, Withheld))
    return shown


def _withhold_sealed(record: Record, public_id: str, value: Any, held: dict[str, str],
                     committer: _Committer) -> Any:
    """A field's sealed values, not opened by the one exporting, each withheld where it stands
    (a whole field, or ``stages[1].note`` inside a list), committed to as stored: its armour."""
    why = f"sealed for {sealed_fields.reader_names(record)}"
    for path, armour in sorted(held.items()):
        mark = committer.withhold(f"{public_id}#{path}", "field", why, canonical_value(armour))
        steps = re.findall(r"\[(\d+)\]|\.?([A-Za-z_]\w*)", path)[1:]  # after the field's own name
        if not steps:
            return mark
        value = _set_at(value, [int(i) if i else name for i, name in steps], mark)
    return value


def _set_at(value: Any, steps: list, mark: Withheld) -> Any:
    """``value`` (plain data) with the item at ``steps`` replaced by ``mark``."""
    step, rest = steps[0], steps[1:]
    if isinstance(value, Withheld):
        return value  # withheld already, by the policy
    if isinstance(value, list) and isinstance(step, int) and step < len(value):
        return [(_set_at(v, rest, mark) if rest else mark) if i == step else v for i, v in enumerate(value)]
    if isinstance(value, dict) and isinstance(step, str):
        return {**value, step: _set_at(value.get(step), rest, mark) if rest else mark}
    return mark  # the shape differs from the path: withhold the whole of it


def sealed_by_field(record: Record) -> dict[str, dict[str, str]]:
    """A record's sealed values by the top-level field that holds them (``licenses`` for
    ``licenses[0].royalty``): each is withheld unless it was opened."""
    out: dict[str, dict[str, str]] = {}
    for path, armour in (getattr(record, "sealed", {}) or {}).items():
        top = sealed_fields.template(path).split(".")[0]
        out.setdefault(top, {})[path] = armour
    return out


def _unknown_levels(record: Record) -> list[str]:
    """A field_sensitivity entry naming no field protects nothing: say so to the operator."""
    return [f"{record.id}: field_sensitivity names {key!r}, which is not a field of a {record.KIND}; "
            "whatever it was meant to protect is published at the record's level"
            for key in getattr(record, "field_sensitivity", {}) or {} if not names_field(type(record), key)]


def _redact_nested(record: Record, shown: Shown, nested: str, policy: Policy, committer: _Committer) -> None:
    """Withhold one nested field (``licenses.royalty``) in every entry, under one commitment.

    The commitment is over the list of the field's values in every entry, in
    order (for a nested table, over its value).
    """
    top, _, rest = nested.partition(".")
    if not shown.visible(top) or not shown.fields[top]:
        return  # withheld with its parent, or nothing to withhold
    why = policy.field_reason(record, nested)
    if not why:
        return
    path = rest.split(".")
    mark = committer.withhold(f"{shown.id}#{nested}", "field", why,
                              canonical_value(pluck(shown.fields[top], path)))
    shown.fields[top] = mask(shown.fields[top], path, mark)


def pluck(value: Any, path: list[str]) -> Any:
    """The values at ``path`` inside plain data: one per list entry, in order."""
    if not path:
        return value
    if isinstance(value, list):
        return [pluck(v, path) for v in value]
    return pluck(value.get(path[0]) if isinstance(value, dict) else None, path[1:])


def mask(value: Any, path: list[str], mark: Withheld) -> Any:
    """``value`` with what lies at ``path`` replaced by ``mark`` (through lists)."""
    if not path:
        return mark
    if isinstance(value, list):
        return [mask(v, path, mark) for v in value]
    if isinstance(value, dict) and path[0] in value:
        return {**value, path[0]: mask(value[path[0]], path[1:], mark)}
    return value


_SCALARS = frozenset({str, int, float, bool, type(None), dt.date, dt.datetime})


def plain(value: Any) -> Any:
    """Dataclasses to dicts, keeping every key (None included) and dates as dates."""
    if type(value) in _SCALARS:  # most values: asked first (7.7 million calls at L, issue 18)
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def _derived(record: Record, shown: Shown, charter: Charter, day: dt.date) -> dict[str, Any]:
    if isinstance(record, Decision):
        votes = shown.get("votes")
        if shown.visible("votes") or (isinstance(votes, Withheld) and votes.reason == "named-votes"):
            t = rules.tally(record.votes)
            return {"tally": {"for": t.for_, "against": t.against, "abstain": t.abstain, "recused": t.recused}}
        return {}
    if record.KIND == "meeting" and shown.visible("attendance"):
        counts = {"present": 0, "absent": 0, "apologies": 0, "proxy": 0}
        for state in shown.fields["attendance"].values():
            key = "proxy" if state.startswith("proxy:") else state
            counts[key] = counts.get(key, 0) + 1
        return {"attendance": counts}
    if record.KIND == "dispute":
        return _dispute_clock(shown, charter, day)
    return {}


def _dispute_clock(shown: Shown, charter: Charter, day: dt.date) -> dict[str, Any]:
    """Duration and stage deadlines, from the existence fields only."""
    out: dict[str, Any] = {}
    raised, resolved = shown.value("raised_on"), shown.value("resolved_on")
    if isinstance(raised, dt.date):
        end = resolved if isinstance(resolved, dt.date) else None
        still_open = end is None and shown.value("status") == "open"
        out["duration_days"] = (end - raised).days if end else None
        out["open_days"] = (day - raised).days if still_open else None
    if shown.visible("stages") and not any(isinstance(s.get(k), Withheld) for s in shown.fields["stages"]
                                           for k in ("name", "entered")):
        stages = [Stage(s["name"], s["entered"]) for s in shown.fields["stages"]]
        end = resolved if isinstance(resolved, dt.date) else None
        clocks = rules.stage_clocks(charter.ladder, stages, day, end)
        out["stages"] = [{"name": c.name, "entered": c.entered, "deadline": c.deadline,
                          "left": c.left, "overdue": c.overdue} for c in clocks]
        out["current_stage"] = stages[-1].name if stages and shown.value("status") == "open" else None
    return out
