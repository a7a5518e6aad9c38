"""What every command that writes shares: who writes, `--dry-run`, and how the result is told.

A command that writes calls :func:`perform` with the use case to run (the
same one the TUI calls), then :func:`report`.  ``--dry-run`` puts the store in
its validate-only mode: the use case runs every check down to the commit
point, and the store answers with the commit it would have made
(:class:`store.api.DryRun`) instead of making it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from council.commands.app import echo_json
from council.errors import RecordError

if TYPE_CHECKING:
    from store.api import DryRun, Store

T = TypeVar("T")

DryRunOpt = typer.Option(False, "--dry-run", help="Run every check and say what would be committed; write nothing.")
ReadersOpt = typer.Option("", "--readers", help="Who may read its confidential or privileged text, sealed to "
                          "their keys when the charter seals: parties or members, comma-separated.")


# Who appoints the founding members, before any member exists to be the operator
# (`council init` writes the founding charter as the same).
FOUNDERS = ("Council secretariat", "secretariat@council.invalid")


def perform(opened: "Store", dry_run: bool, use_case: Callable[[], T], founding: bool = False) -> "T | DryRun":
    """Run ``use_case`` as the configured operator; in a dry run, the commit it would make.

    ``founding``: an appointment.  Before the council's first meeting, with no
    operator configured, appointments are made by the founders: nobody can be
    the operator before someone is appointed.
    """
    from contextlib import nullcontext

    from council import settings
    from store.api import DryRun

    first = (founding and settings.current().author is None and not opened.operator_id()
             and not opened.list("meeting"))
    as_founders = settings.overridden(author=FOUNDERS) if first else nullcontext()
    with as_founders:
        opened.operator()  # no operator, no write: refused before any other work, with what to run
        opened.dry_run = dry_run
        try:
            return use_case()
        except DryRun as would:
            return would
        finally:
            opened.dry_run = False


def report(did: str, result: Any, as_json: bool, record: Any = None) -> None:
    """Say what was done (or would be) and the commit.

    ``result`` is a Committed or a DryRun; ``record`` the record written, or
    its ID (a dry run reports the record as the store validated it, with its
    computed fields: an outcome, a quorum).
    """
    from store.api import DryRun, to_json

    dry = isinstance(result, DryRun)
    if dry:
        wanted = record if isinstance(record, str) else getattr(record, "id", None)
        # No ID known before the write (a new meeting's is allocated there): the change's first record.
        record = next((r for r in result.records if r.id == wanted or wanted is None), None)
    elif isinstance(record, str):
        record = None
    commit = None if dry else result.commit
    warnings = list(getattr(result, "warnings", ()))
    if as_json:
        echo_json({"did": did, "dry_run": dry, "commit": commit, "message": result.message,
                   "paths": list(result.paths), "record": to_json(record) if record is not None else None,
                   "warnings": warnings})
        return
    subject = result.message.splitlines()[0] if result.message else ""
    if dry:
        typer.echo(f"Dry run: every check passed; {did} would be committed as\n  {subject}")
        typer.echo(f"  files: {', '.join(result.paths)}")
        typer.echo("Nothing was written.")
    else:
        typer.echo(f"{did}: commit {str(commit)[:10]} ({subject})")
    for warning in warnings:
        typer.echo(f"warning: {warning}", err=True)



def split(result: Any, record_id: str | None = None) -> tuple[Any, Any]:
    """A use case's answer as (Committed or DryRun, the record written).

    A dry run's record is the one the store validated (its computed fields
    filled in): ``record_id``'s, or the change's first when the ID is only
    allocated at the write (a new meeting, a new decision).
    """
    from store.api import DryRun

    if isinstance(result, DryRun):
        return result, next((r for r in result.records if record_id in (None, r.id)), record_id)
    if isinstance(result, tuple):
        return result[0], result[1]
    return result, record_id


def drafted(store: str | None, as_json: bool, use_case: Callable[["Store", Any], T]) -> T:
    """Run a use case that drafts an amendment in the operator's workspace, closing it after.

    A draft is the operator's proposal, so it is refused with no operator, as a write is.
    """
    from council.commands.app import open_store
    from store.workspace import Workspace

    opened = open_store(store, quiet=as_json)
    opened.operator()
    workspace = Workspace.of_store(opened.root)
    try:
        return use_case(opened, workspace)
    finally:
        workspace.close()


def report_draft(draft: Any, as_json: bool, vote_hint: str = "") -> None:
    """Say which draft amendment was proposed, and how to put it to a vote."""
    summary = getattr(draft, "summary", "")
    if as_json:
        echo_json({"did": f"Proposed draft {draft.id}", "dry_run": False, "draft": draft.id,
                   "target": getattr(draft, "target", ""), "summary": summary})
        return
    typer.echo(f"Proposed draft {draft.id}: {summary} (in the workspace, not in git)")
    typer.echo(f"Put it to a vote with `council amend vote {draft.id} --meeting MTG-...`{vote_hint}")


@contextmanager
def readers_option(example: str) -> Iterator[None]:
    """A refusal for want of readers says how to name them here: with ``--readers``.

    Nobody's readers are guessed (the wrong party would read the text): the
    refusal names an example, the record's own party where it has one.
    """
    try:
        yield
    except RecordError as exc:
        if exc.field != "readers" or exc.got != "none named":
            raise
        where = f"{exc.record} ({exc.path})" if exc.path else exc.record
        hinted = RecordError(where, exc.field, f"{exc.expected}; none named: name them with --readers "
                             f"(e.g. --readers {example or 'PARTY'})")
        hinted.record, hinted.path = exc.record, exc.path
        raise hinted from None


def first_party(opened: "Store") -> str:
    """The council's first party: the example a refusal for want of readers names."""
    partnership = opened.partnership()
    return partnership.parties[0].id if partnership and partnership.parties else ""
