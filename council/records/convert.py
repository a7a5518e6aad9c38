"""Records to and from plain dicts: generic, driven by the type hints of each kind.

Every failure raises :class:`council.errors.RecordError` naming the record,
the field and what was expected.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import sys
import types
import typing
from typing import Any

from council.errors import RecordError
from council.records.base import ID_PATTERNS, Record
from council.records.paths import KINDS


def from_dict(kind: str, data: dict[str, Any], body: str = "", where: str = "") -> Record:
    """Build a record of ``kind`` from its front matter, validating every field."""
    cls = KINDS.get(kind)
    if cls is None:
        raise RecordError(where or "?", "kind", f"one of {', '.join(KINDS)}", kind)
    record_id = data.get("id")
    where = where or str(record_id or "?")
    if not isinstance(record_id, str) or not ID_PATTERNS[kind].match(record_id):
        raise RecordError(where, "id", f"a {kind} ID like {_example_id(kind)}", record_id)
    if "body" in data:
        raise RecordError(where, "body", "the body as Markdown after the closing '+++', not in the front matter",
                          "a front-matter key")
    values = _convert_fields(cls, {**data, "body": body}, where, "")
    check_field_sensitivity(cls, values.get("field_sensitivity") or {}, where)
    check_sealed_values(cls, values.get("sealed") or {}, where)
    return cls(**values)


def check_sealed_values(cls: type, sealed: dict[str, str], where: str) -> None:
    """Every sealed value sits at a field of the record and is canonical age armour (issue 16)."""
    if not sealed:
        return  # most records seal nothing: the sealing module (base64, hashlib, the key parser) not needed
    from council.sealing import SealError, check_armour

    for key, armour in sealed.items():
        place = _POSITION.sub("", key)
        if place != "body" and not names_field(cls, place):
            raise RecordError(where, f"sealed.{key}", "the path of a field of this record, such as 'body' or "
                              "'licenses[0].royalty'", key)
        try:
            check_armour(armour, where, f"sealed.{key}")
        except SealError as exc:
            raise RecordError(where, f"sealed.{key}", "a sealed value in canonical age armour "
                              "(-----BEGIN AGE ENCRYPTED FILE----- ... -----END AGE ENCRYPTED FILE-----)",
                              str(exc).rpartition("got ")[2]) from None


_POSITION = re.compile(r"\[\d+\]")


def check_field_sensitivity(cls: type, levels: dict[str, str], where: str) -> None:
    """A sensitivity for a field that does not exist would protect nothing: refuse it.

    A key names a field of the record (``body``) or, with dots, a field of a
    nested table or of each entry of a list of tables (``licenses.royalty``,
    ``stages.note``).
    """
    for key in levels:
        if not names_field(cls, key):
            raise RecordError(where, f"field_sensitivity.{key}",
                              "the name of a field of this record (or 'body'), or a dotted path to a field "
                              "of its nested tables such as 'licenses.royalty'", key)


UNCLASSED = ("id", "sensitivity", "field_sensitivity", "readers", "sealed")  # fields no field_sensitivity entry may name


def names_field(cls: type, path: str) -> bool:
    """Does the dotted ``path`` name a field of ``cls`` (through its lists and nested tables)?"""
    parts = path.split(".")
    if not parts[0] or parts[0] in UNCLASSED:
        return False
    hint: Any = cls
    for part in parts:
        hint = _element(hint)
        if not (isinstance(hint, type) and dataclasses.is_dataclass(hint)):
            return False  # a plain value or a free-form table has no fields to name
        hints, known = _schema(hint)
        if part not in known:
            return False
        hint = hints[part]
    return True


def _element(hint: Any) -> Any:
    """``list[X]`` and ``X | None`` to ``X``: field paths reach through lists and optionals."""
    while True:
        origin = typing.get_origin(hint)
        if origin in (typing.Union, types.UnionType):
            hint = next(a for a in typing.get_args(hint) if a is not type(None))
        elif origin is list:
            (hint,) = typing.get_args(hint)
        else:
            return hint


def _example_id(kind: str) -> str:
    return {"partnership": "partnership", "clause": "4.2", "member": "okafor",
            "meeting": "MTG-2026-05", "decision": "DEC-2026-014", "dispute": "DSP-003",
            "ip": "IP-042", "exit": "EXIT-01", "dataset": "DS-004", "risk": "RSK-012",
            "incident": "INC-2026-003", "duty": "DUTY-006", "resolution": "WR-2026-001",
            "artifact": "ART-007", "release": "REL-001"}[kind]


@functools.cache
def _schema(cls: type) -> tuple[dict[str, Any], dict[str, dataclasses.Field]]:
    # get_type_hints re-evaluates every annotation string: far too slow to do
    # per record when an export or reindex parses 100,000 of them.
    return typing.get_type_hints(cls), {f.name: f for f in dataclasses.fields(cls)}


def _convert_fields(cls: type, data: dict[str, Any], where: str, prefix: str) -> dict[str, Any]:
    hints, known = _schema(cls)
    unknown = [k for k in data if k not in known]
    if unknown:
        raise RecordError(where, prefix + min(unknown), f"one of the fields of a {cls.__name__}", "unknown field")
    values: dict[str, Any] = {}
    for name, required, convert in _plan(cls):
        if name not in data:
            if required:
                raise RecordError(where, prefix + name, "a value (the field is required)", "missing")
            continue
        values[name] = convert(data[name], where, prefix + name)
    return values


Converter = typing.Callable[[Any, str, str], Any]  # (value, where, field name) -> the field's value


@functools.cache
def _plan(cls: type) -> list[tuple[str, bool, Converter]]:
    """Each field of ``cls``: its name, whether it is required, its converter (built once per kind:
    reading the type hints anew for each of 100,000 records was most of the conversion; issue 18)."""
    hints, known = _schema(cls)
    return [(name, f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
             _converter(hints[name], f.metadata.get("choices"))) for name, f in known.items()]


def _convert(hint: Any, value: Any, where: str, name: str, choices: tuple | None) -> Any:
    return _converter(hint, choices)(value, where, name)


@functools.cache
def _converter(hint: Any, choices: tuple | None) -> Converter:
    """The function that checks and converts a value of type ``hint`` (see :func:`_scalar`)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return _converter(args[0], choices)
    if origin is list:
        item = _converter(typing.get_args(hint)[0], choices)

        def as_list(value: Any, where: str, name: str) -> Any:
            if not isinstance(value, list):
                raise RecordError(where, name, "a list", value)
            return [item(v, where, f"{name}[{i}]") for i, v in enumerate(value)]
        return as_list
    if origin is dict:
        entry = _converter(typing.get_args(hint)[1], choices)

        def as_dict(value: Any, where: str, name: str) -> Any:
            if not isinstance(value, dict):
                raise RecordError(where, name, "a table", value)
            # Interned: a table's keys are member or party IDs, repeated in every decision's votes and
            # every meeting's attendance; one copy each keeps 100,000 parsed records in memory (issue 18).
            return {sys.intern(str(k)): entry(v, where, f"{name}.{k}") for k, v in value.items()}
        return as_dict
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        table: type = hint

        def as_table(value: Any, where: str, name: str) -> Any:
            if not isinstance(value, dict):
                raise RecordError(where, name, f"a table ({table.__name__})", value)
            return table(**_convert_fields(table, value, where, name + "."))
        return as_table
    return functools.partial(_scalar_value, hint, choices)


def _scalar_value(hint: Any, choices: tuple | None, value: Any, where: str, name: str) -> Any:
    if hint is str and type(value) is str and not choices:  # most fields: no checks to run but the type
        return value
    return _scalar(hint, value, where, name, choices)


def _scalar(hint: Any, value: Any, where: str, name: str, choices: tuple | None) -> Any:
    if hint is Any:
        return value
    if hint is bool:
        ok = isinstance(value, bool)
    elif hint is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        value = float(value) if ok else value
    elif hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif hint is dt.date:
        ok = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    else:
        ok = isinstance(value, hint)
    if not ok:
        label = {dt.date: "a date (YYYY-MM-DD)", bool: "true or false", int: "a whole number",
                 float: "a number", str: "a string",
                 dt.datetime: "a date and time with its UTC offset (YYYY-MM-DDTHH:MM:SS+00:00)",
                 }.get(hint, hint.__name__)
        raise RecordError(where, name, label, value)
    if choices:
        if value not in choices:
            raise RecordError(where, name, "one of " + ", ".join(repr(c) for c in choices if c), value)
        return choices[choices.index(value)]  # the one shared copy of "for", "held", "public"...
    return value
