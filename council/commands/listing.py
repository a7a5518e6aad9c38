"""`council list KIND`: one page of a kind's records, and how to get the others.

At 10,000 decisions, printing every one parsed 10,000 record files for a
screen that shows fifty (3.5 s of CPU; issue 18): the list is read one page
at a time from the index, by ID (clauses in clause order), with a line on
stderr saying which records were shown and how to see the rest (``--page N``,
``--all``).  ``--json`` is for scripts and gives every record, as it always did.
"""

from __future__ import annotations

import json
from typing import Any

import typer

from council.commands.app import open_store, say

LIST_PAGE = 100  # records per page: the decision log's page too
# The TUI's names for kinds the store calls otherwise.
LIST_ALIASES = {"responsibilities": "duties", "responsibility": "duties"}


def list_kind(kind: str, store: str | None, as_json: bool, page: int | None) -> None:
    """Print one page (``page`` from 1; None for every record) of a kind, or all of it as JSON."""
    from council.present import ROW_KINDS, one_line
    from council.records import PLURALS

    kind = _list_kind(kind)
    opened = open_store(store, quiet=as_json)
    if kind == "actions":
        _list_actions(opened, as_json)
        return
    if as_json:
        from store.api import to_json

        typer.echo(json.dumps([to_json(r) for r in opened.list(kind)], indent=2, ensure_ascii=False))
        return
    if page is not None and PLURALS.get(kind, kind) in ROW_KINDS:
        _list_rows(opened, kind, page)
        return

    risks = PLURALS.get(kind, kind) == "risk"  # the heat map counts every risk, whichever page is shown
    if page is None or risks:
        every = opened.list(kind)
        records = every if page is None else every[(page - 1) * LIST_PAGE:page * LIST_PAGE]
        total = len(every)
    else:
        records = opened.list(kind, (page - 1) * LIST_PAGE, LIST_PAGE)
        total = opened.count(kind) if page > 1 or len(records) == LIST_PAGE else len(records)
    for record in records:
        typer.echo(one_line(record))
    if page is not None:
        _say_page(kind, page, len(records), total)
    if risks:
        _heat_map(every)


def _list_rows(opened: Any, kind: str, page: int) -> None:
    """One page printed from the index's rows: at 10,000 decisions, parsing the page's hundred
    files (and importing the file format and the kinds) was a fifth of the command (issue 18)."""
    from council.present import list_line

    found = opened.page(kind, offset=(page - 1) * LIST_PAGE, limit=LIST_PAGE)
    for row in found.rows:
        typer.echo(list_line(row.id, row.day, row.title, row.status))
    _say_page(kind, page, len(found.rows), found.total)


def _say_page(kind: str, page: int, shown: int, total: int) -> None:
    """Which records this page showed and how to see the others (stderr: the rows stay clean)."""
    first = (page - 1) * LIST_PAGE
    if shown == total and page == 1:
        return  # everything fitted on the first page
    if shown == 0:
        from council.errors import RecordError

        last = max(1, -(-total // LIST_PAGE))
        raise RecordError("list", "page", f"a page from 1 to {last} ({total} {kind}, {LIST_PAGE} a page)", page)
    rest = (f"; `council list {kind} --page {page + 1}` for the next {LIST_PAGE}, `--all` for every one"
            if first + shown < total else "; `--all` for every one")
    say(f"{kind} {first + 1}-{first + shown} of {total} (page {page}){rest}")


def _heat_map(records: list[Any]) -> None:
    from council import registers
    from council.records import Risk
    from council.register_views import heat_map_lines

    risks = [r for r in records if isinstance(r, Risk)]
    typer.echo("\n".join(["", "Heat map (risks not closed):", *heat_map_lines(registers.heat_map(risks))]))


def _list_kind(kind: str) -> str:
    """The kind to list, as the store names it; refused naming every kind `council list` takes."""
    from council.errors import RecordError
    from council.records import KINDS, PLURALS

    kind = LIST_ALIASES.get(kind.lower(), kind.lower())
    if kind == "actions" or kind in PLURALS or kind in KINDS:
        return kind
    names = sorted({*PLURALS, "actions", *LIST_ALIASES} - {"responsibility"})
    raise RecordError("list", "kind", "one of " + ", ".join(names), kind)


def _list_actions(opened: Any, as_json: bool) -> None:
    """The action tracker: action items of every decision that passed, open ones first."""
    import datetime as dt

    from council import registers
    from council.register_views import action_lines
    from council.register_views import to_json as row_json

    today = dt.date.today()
    rows = registers.action_rows(opened.list("decision"), today)
    if as_json:
        typer.echo(json.dumps([{**row_json(r), "days_overdue": r.days_overdue(today)} for r in rows],
                              indent=2, ensure_ascii=False))
        return
    for line in action_lines(rows, today):
        typer.echo(line)
