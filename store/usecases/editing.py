"""Editing record files whole, as `council new|edit|apply` do: read, check, commit.

A record file a person edited (in ``$EDITOR``, or a script's file) is parsed
by the one file format, then goes down the one write path.  A term (a charter
clause, IP entry, exit plan, data-sharing terms, the partnership) never
changes that way: it becomes a draft amendment in the workspace, to be put to
a vote (:func:`store.usecases.proceedings.save_amendment`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from council.errors import RecordError
from council.fileformat import parse, serialise, split_front_matter
from council.records import KINDS, Duty, Incident, Member, Record, Risk, kind_of_id, path_for
from store import queries
from store.usecases.proceedings import check_draft, new_dataset_text, new_ip_text, save_amendment
from store.write.change import Change, DryRun

if TYPE_CHECKING:
    from store.service import Store
    from store.workspace import Draft, Workspace
    from store.write.change import Committed

# What `council new KIND` starts: a blank record under the next free ID.  Meetings, decisions
# and disputes are proceedings with their own rules of creation: they have their commands.
NEW_KINDS = ("member", "risk", "incident", "duty", "ip", "dataset")
PROCEEDING_COMMANDS = {"meeting": "council meeting schedule", "decision": "council motion (or council decide)",
                       "dispute": "council dispute raise", "clause": "council amend propose",
                       "exit": "council amend propose", "partnership": "council amend propose"}


@dataclass(frozen=True)
class Edited:
    """What a set of edited files became: one commit of proceedings and/or draft amendments."""

    committed: "Committed | None"
    drafts: list["Draft"]
    records: list[Record]


def record_of_text(text: str, where: str) -> Record:
    """The record a file holds, its kind read from its ``id`` (refused naming the file and field)."""
    import tomllib

    front, _ = split_front_matter(text, where)
    try:
        record_id = tomllib.loads(front).get("id")
    except tomllib.TOMLDecodeError:
        return parse(text, "clause", where)  # refused before the kind matters: naming the line TOML stopped at
    kind = kind_of_id(record_id) if isinstance(record_id, str) else None
    if kind is None:
        raise RecordError(where, "id", "the ID of a record (e.g. RSK-004, DEC-2026-014, 4.2, ada-hale)", record_id)
    return parse(text, kind, where)


def blank_text(store: "Store", workspace: "Workspace", kind: str, today: dt.date) -> str:
    """The file `council new KIND` opens: a record of that kind under the next free ID."""
    partnership = store.partnership()
    parties = [p.id for p in partnership.parties] if partnership else []
    if kind == "ip":
        return new_ip_text(store, workspace, parties)[1]
    if kind == "dataset":
        return new_dataset_text(store, workspace, parties)[1]
    record: Record
    if kind == "member":
        record = Member(id="new-member", name="", party=parties[0] if parties else "", term_start=today)
    elif kind == "incident":
        record = Incident(id=queries.next_id(store, "incident", f"INC-{today.year}-", 3), title="",
                          detected_at=dt.datetime.combine(today, dt.time(9), dt.UTC))
    elif kind == "risk":
        record = Risk(id=queries.next_id(store, "risk", "RSK-", 3), title="", identified_on=today,
                      bearing_party="shared", review_date=today + dt.timedelta(days=90))
    elif kind == "duty":
        record = Duty(id=queries.next_id(store, "duty", "DUTY-", 3), title="", since=today)
    elif kind in PROCEEDING_COMMANDS:
        raise RecordError("new", "kind", f"a kind made here ({', '.join(NEW_KINDS)}); a new {kind} is made "
                          f"by `{PROCEEDING_COMMANDS[kind]}`", kind)
    else:
        raise RecordError("new", "kind", "one of " + ", ".join(NEW_KINDS), kind)
    return serialise(record)


def apply_records(store: "Store", workspace: "Workspace", records: list[Record], summary: str = "",
                  base: str | None = None) -> Edited:
    """Commit the proceedings among ``records`` in one commit, then keep each term as a draft amendment.

    All or nothing: every term draft is checked before the commit, and the
    commit (validated as a whole) is made before any draft is kept.
    """
    ids = [r.id for r in records]
    if len(set(ids)) < len(ids):
        raise RecordError("apply", "id", "each record given once", next(i for i in ids if ids.count(i) > 1))
    terms = [r for r in records if r.TERM]
    for term in terms:
        check_draft(store, term.id, serialise(term))
    plain = [r for r in records if not r.TERM]
    if store.dry_run and not plain:  # every check has run: the drafts are not kept
        raise DryRun(f"draft amendments of {', '.join(t.id for t in terms)}", tuple(path_for(t) for t in terms),
                     terms)
    committed = None
    if plain:
        new = [r.id for r in plain if store.get(r.id) is None]
        what = summary or _summary(plain, new)
        committed = store.write(Change(what, plain, creates=new, base=base))
    drafts = [save_amendment(store, workspace, t.id, serialise(t), summary or f"amend {t.id}") for t in terms]
    return Edited(committed, drafts, records)


def _summary(records: list[Record], new: list[str]) -> str:
    verb = "enter" if set(new) == {r.id for r in records} else "edit"
    names = ", ".join(r.id for r in records[:3]) + (f" and {len(records) - 3} more" if len(records) > 3 else "")
    return f"{verb} {names}"


def refuse_unknown_kind(kind: str) -> str:
    """``kind`` as the store names it (a plural or the TUI's 'responsibility' accepted)."""
    from council.records import PLURALS

    name = {"responsibility": "duty", "responsibilities": "duty"}.get(kind.lower(), kind.lower())
    name = PLURALS.get(name, name)
    if name not in KINDS:
        raise RecordError("new", "kind", "one of " + ", ".join(NEW_KINDS), kind)
    return name


__all__ = ["Edited", "NEW_KINDS", "apply_records", "blank_text", "record_of_text",
           "refuse_unknown_kind"]
