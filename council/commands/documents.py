"""Documents and search from the shell: `council meeting pack` and `council search`.

`meeting pack MTG` writes the agenda pack (or, with ``--minutes``, the
minutes) as Markdown, HTML and PDF from the record at HEAD
(:mod:`exports.pack`); `search TEXT` is the palette's search over every
record kind's prose, with the line that matched.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from council.commands.app import JsonOpt, StoreOpt, app, handled, open_store, say
from council.commands.meetings import meeting_app
from council.errors import CouncilError, RecordError
from store import api

if TYPE_CHECKING:
    from store.api import Store

FORMATS = ("md", "html", "pdf")


@meeting_app.command("pack")
@handled
def pack(meeting_id: str = typer.Argument(..., help="The meeting, e.g. MTG-2026-11."),
         out: Path = typer.Option(Path("."), "--out", "-o", help="The directory to write the files to."),
         minutes: bool = typer.Option(False, "--minutes", help="The minutes of a held meeting, not the agenda pack."),
         formats: str = typer.Option("md,html,pdf", "--format", help="Comma-separated: md, html, pdf."),
         store: str | None = StoreOpt) -> None:
    """Print a meeting's agenda pack (agenda, papers, minutes for approval, actions due) or its minutes."""
    from exports import pack as packs
    from exports.snapshot import read_snapshot

    wanted = [f.strip() for f in formats.split(",") if f.strip()]
    bad = [f for f in wanted if f not in FORMATS]
    if bad or not wanted:
        raise RecordError("--format", "format", "some of md, html, pdf, comma-separated", formats)
    opened = open_store(store)
    try:
        snapshot = read_snapshot(opened.root, "HEAD")
        document = (packs.minutes if minutes else packs.agenda_pack)(snapshot, _meeting(opened, meeting_id))
    except packs.PackError as exc:
        raise CouncilError(str(exc)) from None
    written = _write(document, out, wanted, meeting_id, "minutes" if minutes else "pack")
    note = "" if document.sensitivity == "public" else f" ({document.sensitivity}: not for publication)"
    say(f"Wrote the {document.title}{note}: " + ", ".join(str(p) for p in written))


def _meeting(opened: "Store", meeting_id: str) -> str:
    """The meeting's ID, or a refusal saying there is no such meeting, in the user's words."""
    from council.records import Meeting  # the record kinds: not on `council history`'s path

    found = opened.get(meeting_id)
    if isinstance(found, Meeting):
        return meeting_id
    if found is None:
        try:
            opened.require(meeting_id)  # a file committed by hand that does not parse: its own error
        except RecordError as exc:
            if exc.field != "id":
                raise
    what = f"{meeting_id} is a {found.KIND}" if found else f"no meeting {meeting_id} in this store"
    raise RecordError(meeting_id, "meeting", f"the ID of a meeting: {what}{opened.case_hint(meeting_id)} "
                      "(council meeting list names them)")


def _write(document: object, out: Path, formats: list[str], meeting_id: str, what: str) -> list[Path]:
    from exports import pack as packs
    from exports import pdf

    assert isinstance(document, packs.Document)
    try:
        return packs.write_files(document, out, formats, f"{meeting_id}-{what}")
    except packs.PackError as exc:
        raise CouncilError(str(exc)) from None
    except pdf.PdfUnavailable as exc:
        raise CouncilError(f"{exc}; the other formats were written") from None


@app.command()
@handled
def search(text: str = typer.Argument(..., help="Words to find, or the start of an ID."),
           kind: str = typer.Option("", "--kind", help="Only records of this kind (decision, meeting, ...)."),
           limit: int = typer.Option(20, "--limit", min=1, max=500, help="At most this many results."),
           store: str | None = StoreOpt, as_json: bool = JsonOpt) -> None:
    """Search every record's title and text (bodies, minutes, motions, notes), newest first."""
    opened = open_store(store, quiet=as_json)
    if not text.split():
        raise RecordError("search", "text", "one or more words, or the start of an ID", text)
    rows = opened.find(text, limit=limit, kind=kind)
    hits = [{"id": r.id, "kind": r.kind, "title": r.title, "date": r.day.isoformat() if r.day else None,
             "line": api.matching_line(opened, r.id, text)} for r in rows]
    if as_json:
        typer.echo(json.dumps(hits, indent=2))
        return
    if not hits:
        say(f"Nothing matches {text!r}" + (f" among {kind} records" if kind else "") + ".")
        return
    for hit in hits:
        typer.echo(f"{hit['id']:<14} {hit['kind']:<10} {hit['date'] or '':<10}  {hit['title']}")
        if hit["line"]:
            typer.echo(f"{'':>14}   {hit['line']}")
