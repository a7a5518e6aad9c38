"""`council new KIND`, `council edit ID` and `council apply FILE...`: records edited whole, like `git commit`.

`new` and `edit` open the record's canonical file in the editor ($VISUAL, then
$EDITOR, else sensible-editor, vim or nano).  On save the file is checked as
the store checks it; a refusal re-opens the editor with the errors as
``# council:`` lines on top of what was typed (nothing is lost), and saving
it unchanged or empty aborts with nothing written.  A file that passes goes
down the write path through the same use case as `apply`
(:func:`store.usecases.apply_records`); a term becomes a draft amendment.
`apply` does the same for files a script wrote, all or nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from council.commands.app import JsonOpt, StoreOpt, app, echo_json, handled, open_store
from council.commands.writes import DryRunOpt, perform, report
from council.errors import RecordError, RuleError

if TYPE_CHECKING:
    from store.api import Store
    from store.workspace import Workspace

COMMENT = "# council: "
SummaryOpt = typer.Option("", "--summary", help="One line: what the change does (the commit's subject).")


@app.command("new")
@handled
def new(kind: str = typer.Argument(..., help="member, risk, incident, duty (or responsibility), ip, dataset."),
        summary: str = SummaryOpt, store: str | None = StoreOpt, as_json: bool = JsonOpt,
        dry_run: bool = DryRunOpt) -> None:
    """Write a new record in your editor, under the next free ID; it is committed when it passes every check."""
    from store import usecases
    from store.workspace import Workspace

    opened = open_store(store, quiet=as_json)
    opened.operator()  # refused before the editor opens, not after the typing
    workspace = Workspace.of_store(opened.root)
    try:
        text = usecases.blank_text(opened, workspace, _kind(kind), dt.date.today())
        _edit_and_apply(opened, workspace, text, None, summary, dry_run, as_json)
    finally:
        workspace.close()


@app.command("edit")
@handled
def edit(record_id: str = typer.Argument(..., help="The record to edit, e.g. RSK-004, ada-hale, 4.2."),
         summary: str = SummaryOpt, store: str | None = StoreOpt, as_json: bool = JsonOpt,
         dry_run: bool = DryRunOpt) -> None:
    """Edit a record's file in your editor; a term (charter, IP, exit plan, data terms) becomes a draft amendment."""
    from store.workspace import Workspace

    opened = open_store(store, quiet=as_json)
    opened.operator()
    opened.require(record_id)
    base = opened.version  # read before the record: a change made meanwhile is a conflict, not lost
    row = opened.stored(record_id)
    assert row is not None
    workspace = Workspace.of_store(opened.root)
    try:
        _edit_and_apply(opened, workspace, row.text, record_id, summary, dry_run, as_json, base,
                        where=f"{record_id} ({row.path})")
    finally:
        workspace.close()


@app.command("apply")
@handled
def apply(files: list[Path] = typer.Argument(..., help="Record files (Markdown with +++ front matter)."),
          summary: str = SummaryOpt, store: str | None = StoreOpt, as_json: bool = JsonOpt,
          dry_run: bool = DryRunOpt) -> None:
    """Commit record files a script wrote, all or nothing: proceedings in one commit, terms as draft amendments."""
    from store import usecases
    from store.workspace import Workspace

    opened = open_store(store, quiet=as_json)
    records = [usecases.record_of_text(_read(path), str(path)) for path in files]
    workspace = Workspace.of_store(opened.root)
    try:
        result = perform(opened, dry_run, lambda: usecases.apply_records(opened, workspace, records, summary))
    finally:
        workspace.close()
    _report(result, as_json)


def _kind(kind: str) -> str:
    from store import usecases

    return usecases.refuse_unknown_kind(kind)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RecordError(str(path), "file", "a readable record file (Markdown with its +++ front matter)",
                          getattr(exc, "strerror", None) or str(exc)) from None


def _edit_and_apply(opened: "Store", workspace: "Workspace", original: str, record_id: str | None,
                    summary: str, dry_run: bool, as_json: bool, base: str | None = None,
                    where: str = "the new record") -> None:
    """Open the editor until the file passes or the user gives up (unchanged or empty: nothing written)."""
    import click  # deferred: only an interactive edit needs it (issue 18)

    from store import usecases

    text = original
    while True:
        saved = click.edit(text, extension=".md", require_save=True)
        body = strip_comments(saved) if saved is not None else original
        if not body.strip() or body == original:
            typer.echo("Aborted: the file was left unchanged or empty; nothing was written.", err=True)
            raise typer.Exit(1)
        try:
            record = usecases.record_of_text(body, where)
            if record_id is not None and record.id != record_id:
                raise RecordError(where, "id", f"the ID {record_id} kept (a record's ID never changes)", record.id)
            result = perform(opened, dry_run, functools.partial(usecases.apply_records, opened, workspace,
                                                                [record], summary, base))
        except (RecordError, RuleError) as exc:
            text = with_errors(body, [str(exc)])
            continue
        _report(result, as_json)
        return


def strip_comments(text: str) -> str:
    """The file without the ``# council:`` lines the editor was given on top."""
    lines = text.replace("\r\n", "\n").split("\n")
    while lines and lines[0].startswith(COMMENT.rstrip()):
        lines.pop(0)
    return "\n".join(lines)


def with_errors(text: str, errors: list[str]) -> str:
    """What the editor re-opens with: why the file was refused, then the file as typed."""
    head = [f"{COMMENT}refused: {e}" for e in errors]
    head += [f"{COMMENT}fix the record below and save it; save it unchanged or empty to give up.",
             f"{COMMENT}(these lines are removed before the file is read)"]
    return "\n".join(head) + "\n" + text


def _report(result: Any, as_json: bool) -> None:
    """What was committed and which drafts were kept (or, in a dry run, what would be)."""
    from store.api import DryRun

    if isinstance(result, DryRun):
        report("Checked " + ", ".join(r.id for r in result.records), result, as_json)
        return
    did = ", ".join(r.id for r in result.records)
    if as_json:
        echo_json({"did": f"Applied {did}", "dry_run": False,
                   "commit": result.committed.commit if result.committed else None,
                   "message": result.committed.message if result.committed else None,
                   "drafts": [{"draft": d.id, "target": d.target, "summary": d.summary} for d in result.drafts]})
        return
    if result.committed is not None:
        report(f"Recorded {', '.join(r.id for r in result.records if not r.TERM)}", result.committed, False)
    for draft in result.drafts:
        typer.echo(f"Proposed draft {draft.id}: {draft.summary} (a term changes only by amendment: in the "
                   f"workspace, not in git; `council amend vote {draft.id}` puts it to a vote)")
