"""The leak test: a canary in every field of every kind, at each sensitivity, in every format.

Records of every kind are built with a unique canary in each free-text
field, top level and nested (a licence's royalty, a stage's note, an
action's owner), and the policy is asked to withhold it three ways:

- *record*: the whole record at ``internal``, ``confidential`` or ``privileged``;
- *field*: a public record whose one field (or nested field) is at that level;
- *derived*: a public record whose note is made from a field at that level
  (``outcome_note`` from ``votes``, ``quorum_note`` from ``attendance``, a
  licence's royalty from ``royalty_terms``);

plus member IDs (surnames) of members the audience may not name, named from
other records' attendance, votes, movers and owners.  Every page of every
format (HTML, Markdown, JSON, CSV, iCalendar) and the manifest, for both
audiences, is grepped for every canary: the public sees none, the partners
none above ``internal``.  So the scan is known to see, every ``internal``
canary must reach the partners.

The records go through the export's own snapshot -> policy -> redaction ->
renderers, without git (a git store would refuse most of these records as
proceedings); a last test plants canaries through the write path and in
commit messages.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import types
import typing
from pathlib import Path
from typing import Any

import pytest

from council.charter import charter_from_clauses
from council.records import KINDS, AgendaItem, Clause, Decision, IPAsset, License, Meeting, Member, Partnership, Party
from exports import render_json
from exports.options import FORMATS, ExportOptions
from exports.policy import Policy
from exports.redact import HIDDEN, build_view
from exports.run import manifest, pages_for
from exports.snapshot import Snapshot, Source

LEVELS = ("internal", "confidential", "privileged")
KEY = bytes(range(32))
WHEN = dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC)
IDS = {"clause": "9.{n}", "member": "cnrymember{n}x", "meeting": "MTG-2026-{n:02d}", "decision": "DEC-2026-{n:03d}",
       "dispute": "DSP-{n:03d}", "ip": "IP-{n:03d}", "exit": "EXIT-{n:02d}", "dataset": "DS-{n:03d}",
       "risk": "RSK-{n:03d}", "incident": "INC-2026-{n:03d}", "duty": "DUTY-{n:03d}",
       "resolution": "WR-2026-{n:03d}", "artifact": "ART-{n:03d}", "release": "REL-{n:03d}"}
EXISTENCE = {"status", "raised_on", "resolved_on", "stages.name", "stages.entered"}  # a dispute's, by design
# A record's own fields, and those the export never renders (exports.redact.HIDDEN).
OWN = ("id", "sensitivity", *HIDDEN)
NOT_TEXT = {("clause", "rule")}  # a string the charter reads (it names a known rule): no room for a canary
# Tables whose only free text is a member ID: a canary there sits where a member goes.
MEMBER_ONLY = {("meeting", "attendance_changes")}
_serial = itertools.count(1)


class Canaries:
    """Unique canary strings, each with the level that must withhold it."""

    def __init__(self) -> None:
        self.level: dict[str, str] = {}
        self.named_as_member: set[str] = set()  # sits where a member ID goes: the partners read a pseudonym

    def drop(self, canary: str) -> None:
        """A field with no room for text (a date, a choice): nothing was planted."""
        self.level.pop(canary, None)

    def new(self, level: str, where: str) -> str:
        canary = f"cnry{next(_serial):05d}x"
        self.level[canary] = level
        self.level.setdefault(f"@{canary}", where)  # what it was planted in, for the failure message
        return canary

    def planted(self) -> dict[str, str]:
        return {c: lv for c, lv in self.level.items() if not c.startswith("@")}


def _unwrap(hint: Any) -> Any:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return next(a for a in typing.get_args(hint) if a is not type(None))
    return hint


def _plant(cls: type, path: str, canary: str | None, choices_only: bool = False) -> dict[str, Any]:
    """Values for every field of ``cls``: the canary in free text (where ``path`` allows), else valid filler."""
    hints = typing.get_type_hints(cls)
    out: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if not path and f.name in OWN:
            continue  # a record's own; a nested table's "id" is data
        if (getattr(cls, "KIND", ""), f.name) in NOT_TEXT:
            continue
        here = f"{path}.{f.name}" if path else f.name
        out[f.name] = _value(_unwrap(hints[f.name]), f, here, canary)
    return out


def _value(hint: Any, f: dataclasses.Field, here: str, canary: str | None) -> Any:
    choices = [c for c in f.metadata.get("choices", ()) if c]
    text = canary if canary is not None else "plain text"
    origin = typing.get_origin(hint)
    if hint is str:
        return choices[0] if choices else text
    if origin is list:
        (item,) = typing.get_args(hint)
        item = _unwrap(item)
        if dataclasses.is_dataclass(item):
            return [item(**_plant(item, here, canary))]
        return [choices[0]] if choices else [text] if item is str else []
    if origin is dict:
        _, item = typing.get_args(hint)
        key = canary or "plainkey"
        if item is float:
            return {key: 100.0}
        if item is str:
            return {key: choices[0] if choices else text}
        return {"setting": text}
    if hint is dt.datetime:
        return WHEN
    if hint is dt.date:
        return WHEN.date()
    if hint is bool:
        return True
    if hint is int:
        return 3
    return f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc]


def field_paths(cls: type, prefix: str = "") -> list[str]:
    """Every field path of ``cls``, nested ones too, that a field_sensitivity entry may name."""
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        if not prefix and f.name in OWN:
            continue
        if (getattr(cls, "KIND", ""), f.name) in NOT_TEXT:
            continue
        name = prefix + f.name
        out.append(name)
        hint = _unwrap(hints[f.name])
        if typing.get_origin(hint) is list:
            hint = _unwrap(typing.get_args(hint)[0])
        if dataclasses.is_dataclass(hint):
            out += field_paths(hint, name + ".")
    return out


def _with_canary_at(cls: type, path: str, canary: str) -> dict[str, Any]:
    """Filler everywhere, the canary only at ``path`` (top level or nested)."""
    values = _plant(cls, "", None)
    top, _, rest = path.partition(".")
    if not rest:
        hints = typing.get_type_hints(cls)
        f = next(x for x in dataclasses.fields(cls) if x.name == top)
        values[top] = _value(_unwrap(hints[top]), f, top, canary)
        return values
    part = _unwrap(typing.get_args(_unwrap(typing.get_type_hints(cls)[top]))[0])
    inner = _with_canary_at(part, rest, canary)
    values[top] = [part(**{**_plant(part, top, None), **inner})]
    return values


# --- building the snapshots ---------------------------------------------------------


def _source(record: Any) -> Source:
    from council.records import path_for

    return Source(record, path_for(record), f"{next(_serial):040x}", b"record file bytes")


def _snapshot(records: list[Any]) -> Snapshot:
    snap = Snapshot("c" * 40, WHEN, "r" * 40)
    if not any(r.KIND == "partnership" for r in records):
        records = [Partnership(id="partnership", name="Leak Test", parties=[Party("hosp", "Hospital")]), *records]
    for record in records:
        snap.sources.setdefault(record.KIND, []).append(_source(record))
    snap.charter = charter_from_clauses([s.record for s in snap.of("clause")])
    return snap


def _ident(kind: str, n: int, canary: str) -> str:
    return canary if kind == "member" else IDS.get(kind, "partnership").format(n=n)


def record_scenario(canaries: Canaries, level: str) -> list[Any]:
    """One record of every kind at ``level``, a canary in every free-text field."""
    out = []
    for n, (kind, cls) in enumerate(sorted(KINDS.items()), 1):
        canary = canaries.new(level, f"a {kind} record at {level}")
        values = _plant(cls, "", canary)
        if kind == "dispute":  # its existence (status, dates, stage names) is public by design
            values["stages"] = [values["stages"][0].__class__("negotiation", WHEN.date(), canary)]
        if kind == "meeting":
            values["attendance"] = {canary: "present"}
        out.append(cls(id=_ident(kind, n, canary), sensitivity=level, **values))
    return out


def field_scenarios(canaries: Canaries, level: str) -> list[list[Any]]:
    """Public records, each with one field (or nested field) at ``level`` holding a canary."""
    groups: list[list[Any]] = [[]]
    n = 100
    for kind, cls in sorted(KINDS.items()):
        for path in field_paths(cls):
            if kind == "dispute" and path in EXISTENCE | {"stages"}:
                continue  # existence fields are covered by their own entry below
            canary = canaries.new(level, f"{kind}.{path} at {level}")
            n += 1
            values = _with_canary_at(cls, path, canary)
            record_id = canary if kind == "member" and path == "name" else _ident(kind, n, f"cnrypublic{n}x")
            record = cls(id=record_id, sensitivity="public", field_sensitivity={path: level}, **values)
            if canary not in repr(record):
                canaries.drop(canary)
            if _member_position(kind, path):
                canaries.named_as_member.add(canary)
            if kind == "partnership":
                groups.append([record])  # one partnership per snapshot
            else:
                groups[0].append(record)
    return groups


def _member_position(kind: str, path: str) -> bool:
    from exports.pseudonyms import MEMBER_REFS

    return (kind, path) in MEMBER_ONLY or any(spec.rstrip("{}=?") == path for spec in MEMBER_REFS.get(kind, ()))


def derived_scenario(canaries: Canaries, level: str) -> list[Any]:
    """Notes made from a withheld field, and members the audience may not name, named elsewhere."""
    note, quorum, royalty = (canaries.new(level, f"{what} derived from a field at {level}")
                             for what in ("outcome_note", "quorum_note", "licenses.royalty"))
    hidden = canaries.new(level, f"the ID of a member at {level}")
    nameless = canaries.new(level, f"the ID of a public member whose name is at {level}")
    members = [Member(id=hidden, name="Hidden Member", sensitivity=level),
               Member(id=nameless, name="Nameless", sensitivity="public", field_sensitivity={"name": level})]
    refs = {hidden: "present", nameless: f"proxy:{hidden}"}
    return [
        *members,
        Decision(id="DEC-2026-900", title="Public decision", outcome="passed", outcome_note=note,
                 moved_by=hidden, seconded_by=nameless, votes={hidden: "for", nameless: "against"},
                 field_sensitivity={"votes": level}),
        Decision(id="DEC-2026-901", title="Named votes", moved_by=hidden, votes={hidden: "for"},
                 actions=[_action(nameless)], casting_vote="for", casting_by=hidden),
        Meeting(id="MTG-2026-90", title="Public meeting", status="held", quorate=True, quorum_note=quorum,
                attendance=dict(refs), field_sensitivity={"attendance": level}),
        Meeting(id="MTG-2026-91", title="Attended", status="held", attendance=dict(refs),
                agenda=[AgendaItem("Appoint a member", refs=[hidden, "DEC-2026-900"]), AgendaItem("Other")],
                attendance_changes=[_left(hidden, 2)]),
        IPAsset(id="IP-900", title="Asset", sensitivity="public", royalty_terms="terms",
                licenses=[License("hosp", royalty=royalty)], field_sensitivity={"royalty_terms": level}),
        KINDS["risk"](id="RSK-900", title="Risk", sensitivity="public", owner=hidden, refs=[nameless, "IP-900"]),
        KINDS["duty"](id="DUTY-900", title="Duty", sensitivity="public", responsible=[hidden, "hosp"],
                      accountable=nameless),
        KINDS["incident"](id="INC-2026-900", title="Incident", sensitivity="public", reported_by=hidden,
                          notifications=[_notification(hidden)], remediation=[_remediation(nameless)]),
        # An artifact's signer and evaluators are members: named in its model card only as the audience may.
        KINDS["artifact"](id="ART-900", title="Model", sensitivity="public", signed_by=hidden,
                          evaluations=[_evaluation(nameless)], datasets=["DS-900"]),
    ]


def _evaluation(by: str) -> Any:
    from council.artifacts import Evaluation

    return Evaluation("AUROC", "0.9", "metric", WHEN.date(), by)


def _action(owner: str) -> Any:
    from council.records import ActionItem

    return ActionItem("Do it", owner, WHEN.date())


def _left(member: str, item: int) -> Any:
    from council.records import AttendanceChange

    return AttendanceChange(member, item, "left")


def _notification(by: str) -> Any:
    from council.records import Notification

    return Notification("hosp", WHEN, by)


def _remediation(owner: str) -> Any:
    from council.records import Remediation

    return Remediation("Fix it", owner, WHEN.date())


def outputs(snapshot: Snapshot, audience: str) -> dict[str, bytes]:
    """Every file an export of ``snapshot`` would write for ``audience``, the manifest included."""
    policy = Policy.from_charter(snapshot.charter, audience)
    view = build_view(snapshot, policy, KEY)
    files = {page.path: page.content() for page in pages_for(view, FORMATS)}
    import hashlib

    hashes = {p: hashlib.sha256(d).hexdigest() for p, d in files.items()}
    options = ExportOptions(out=Path("site"), audience=audience)
    files["manifest.json"] = render_json.dumps(manifest(view, options, hashes), depth=2)
    return files


@pytest.fixture(scope="module")
def scanned() -> tuple[Canaries, dict[str, dict[str, set[str]]]]:
    """(canaries, {audience: {canary: files it appears in}})."""
    canaries = Canaries()
    snapshots = []
    for level in LEVELS:
        snapshots.append(_snapshot(record_scenario(canaries, level)))
        snapshots += [_snapshot(group) for group in field_scenarios(canaries, level)]
        snapshots.append(_snapshot(derived_scenario(canaries, level)))
    found: dict[str, dict[str, set[str]]] = {"public": {}, "partners": {}}
    planted = canaries.planted()
    for audience in found:
        for snap in snapshots:
            for path, data in outputs(snap, audience).items():
                text = data.decode("utf-8").lower()
                for canary in planted:
                    if canary in text:
                        found[audience].setdefault(canary, set()).add(path)
    return canaries, found


def _report(canaries: Canaries, leaks: dict[str, set[str]]) -> str:
    return "; ".join(f"{canaries.level['@' + c]} ({c}) in {sorted(paths)[:4]}" for c, paths in sorted(leaks.items()))


def test_the_public_sees_no_canary_in_any_format(scanned) -> None:
    canaries, found = scanned
    assert len(canaries.planted()) > 350
    leaks = dict(found["public"])
    assert not leaks, f"{len(leaks)} leaks: {_report(canaries, leaks)}"


def test_the_partners_see_nothing_confidential_or_privileged(scanned) -> None:
    canaries, found = scanned
    secret = {c for c, level in canaries.planted().items() if level != "internal"}
    leaks = {c: paths for c, paths in found["partners"].items() if c in secret}
    assert not leaks, f"{len(leaks)} leaks: {_report(canaries, leaks)}"


def test_every_internal_canary_reaches_the_partners_so_the_scan_can_see(scanned) -> None:
    canaries, found = scanned
    internal = {c for c, level in canaries.planted().items()
                if level == "internal" and c not in canaries.named_as_member}
    missing = {c: set() for c in internal if c not in found["partners"]}
    assert not missing, f"{len(missing)} never shown to the partners: {_report(canaries, missing)}"
    assert {p for paths in found["partners"].values() for p in paths} >= {
        "council.json", "manifest.json", "csv/decisions.csv", "council.ics", "md/decisions.md", "members.html"}


def test_canaries_through_the_write_path_and_in_commit_messages(small_store, tmp_path: Path) -> None:
    from exports.run import export
    from store.write.change import Change
    from tests.conftest import DAY, at

    store = small_store
    ada = store.require("ada").replace(email="cnrywrite01x@hosp.example", field_sensitivity={"email": "confidential"})
    store.write(Change("record cnrywrite02x: Ada's email is private", [ada], when=at(DAY, 11)))
    minutes = store.require("MTG-2026-01").replace(body="Minutes cnrywrite04x.")
    store.write(Change("record the minutes, cnrywrite03x in the summary", [minutes], when=at(DAY, 12)))
    for audience in ("public", "partners"):
        out = export(store, ExportOptions(out=tmp_path / audience, audience=audience)).out
        blob = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file()).lower()
        assert b"cnrywrite01x" not in blob and b"cnrywrite02x" not in blob and b"cnrywrite03x" not in blob
        assert (b"ada hale" in blob) == (audience == "partners")
        assert (b"cnrywrite04x" in blob) == (audience == "partners")  # draft minutes: partners only
