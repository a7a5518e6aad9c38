"""The commands on the record itself: tui, show, list, reindex, verify,
operator, export and the exit dry run.

They register on the one Typer app of :mod:`council.commands.app` and import the
store (through its front door, :mod:`store.api`) inside each command, so that
``council --help`` stays fast.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from council.commands.app import CouncilTyper, JsonOpt, StoreOpt, app, handled, open_store, resolve, say
from council.commands.listing import LIST_PAGE


@app.command()
@handled
def show(record_id: str = typer.Argument(..., help="A record ID, e.g. DEC-2026-014, 4.2, IP-042; "
                                          "ID@REV for the record as it was at a commit or date (4.2@2025-06-30)."),
         store: str | None = StoreOpt, as_json: bool = JsonOpt) -> None:
    """Show one record, with its computed outcome or quorum; ID@REV shows it as it was then."""
    from store.api import to_json

    opened = open_store(store, quiet=as_json)
    if "@" in record_id:
        from council.errors import RecordError
        from store.api import record_at, split_ref

        record_id, rev = split_ref(record_id)
        record = record_at(opened.root, record_id, rev or "HEAD")
        if record is None:
            raise RecordError(record_id, "id", f"a record that existed at {rev}", record_id)
    else:
        record = opened.require(record_id)
    if getattr(record, "sealed", None):  # the sealing machinery only for a record that holds sealed text
        from store.api import opened as readable

        record = readable(opened, record)  # sealed text opened with the operator's key, or "sealed for ..."
    if as_json:
        typer.echo(json.dumps(to_json(record), indent=2, ensure_ascii=False))
        return
    from council.present import describe

    typer.echo(describe(record, opened))


@app.command("list")
@handled
def list_(kind: str = typer.Argument(..., help="decisions, meetings, members, charter, disputes, ip, exit, partnership, "
                                      "datasets, risks, incidents, duties (or responsibilities), actions, resolutions."),
          store: str | None = StoreOpt, as_json: bool = JsonOpt,
          page: int = typer.Option(1, "--page", min=1, help=f"Which page of {LIST_PAGE} records to print (1 first)."),
          every: bool = typer.Option(False, "--all", help="Print every record, not one page."),
          ) -> None:
    """List the records of one kind, one page at a time (actions: every decision's action items,
    one list).  --json gives every record."""
    from council.commands.listing import list_kind

    list_kind(kind, store, as_json, None if every or as_json else page)


@app.command()
@handled
def reindex(store: str | None = StoreOpt) -> None:
    """Rebuild the SQLite index from git (safe at any time)."""
    # On a fresh clone opening the store already builds the whole index:
    # building it a second time would double the cost for nothing.
    fresh = not (resolve(store).path / ".council" / "index.sqlite").exists()
    opened = open_store(store)
    count = opened.record_count() if fresh else opened.reindex()
    opened.write_commit_graph()
    typer.echo(f"Indexed {count} records at {(opened.head or '')[:10]}")


@app.command()
@handled
def verify(store: str | None = StoreOpt, fsck: bool = typer.Option(True, help="Run git fsck too."),
           full: bool = typer.Option(False, "--full", help="Check every commit again, not only those since the last clean run; with a reader's key configured, also open every value sealed to it."),
           as_json: bool = JsonOpt) -> None:
    """Prove the store is what it claims: history, amendments, decisions, signatures, index.

    Exit code 0 when everything holds, 1 when anything fails (each failure names
    the commit, the record and the rule).
    """
    from store.api import verify as run

    opened = open_store(store, quiet=as_json)
    report = run(opened, fsck=fsck, full=full)
    if as_json:
        typer.echo(json.dumps(report.to_json(), indent=2))
    else:
        for failure in report.failures:
            typer.echo(f"FAIL {failure}")
        for note in report.notes:
            say(f"note: {note}")
        if report.ok:
            typer.echo(f"OK: {report.summary()}; the index matches HEAD")
        else:
            rules = sorted({f.rule for f in report.failures})
            typer.echo(f"{len(report.failures)} failure(s) ({', '.join(rules)}): {report.summary()}")
    if not report.ok:
        raise typer.Exit(1)


@app.command()
@handled
def operator(member_id: str | None = typer.Argument(None, help="The member you are."),
             key: Path | None = typer.Option(None, "--key", help="Your SSH private key: it signs this replica's "
                                                                  "commits (remembered in .council/, never in the store)."),
             store: str | None = StoreOpt) -> None:
    """Say which member you are (your commits are made in their name) and which key signs."""
    opened = open_store(store)
    if member_id is None:
        current = opened.operator_id()
        typer.echo(f"Operator: {current}" if current else "No operator configured.")
        return
    if key is not None:
        _refuse_a_key_of_someone_else(opened, member_id, key)
    member = opened.set_operator(member_id)
    typer.echo(f"Operator set to {member.name} <{member.email}>")
    if key is not None:
        from store.api import readable_by_others, use_key

        use_key(opened, key)
        typer.echo(f"Signing with {key}" + ("" if member.signing_key else
                   f"; register its public half with `council member key {member_id} --key {key}.pub`"))
        if readable_by_others(key.expanduser()):
            say(f"note: {key} can be read by other users, so ssh-keygen will not sign with it (sealed records "
                f"open as they are): run `chmod 600 {key}` before you sign")


def _refuse_a_key_of_someone_else(opened: Any, member_id: str, key: Path) -> None:
    """Before anything is remembered: the key must be the member's own (or not yet registered)."""
    from council.errors import RecordError
    from council.records import Member
    from store.api import key_id, public_key

    member = opened.get(member_id)
    if not isinstance(member, Member):
        return  # set_operator names the bad ID
    mine = key_id(public_key(key.expanduser()))  # an ed25519 private key, or a message saying what it is
    if member.signing_key and key_id(member.signing_key) != mine:
        raise RecordError(member_id, "signing_key", f"the public half of {key} (the member's registered key "
                          "differs: rotate it with `council member key`)")


@app.command()
@handled
def export(
    out: Path = typer.Option(..., "--out", "-o", help="Directory to write the publication to (new or empty)."),
    store: str | None = StoreOpt,
    as_of: str = typer.Option("HEAD", "--as-of", help="Export the records as of this commit, tag or branch."),
    audience: str = typer.Option("public", "--audience", help="public, or partners (the parties)."),
    formats: str = typer.Option("html,md,json,csv,ics", "--format", help="Comma-separated: html,md,json,csv,ics."),
    force: bool = typer.Option(False, "--force", help="Write into a non-empty directory, replacing a previous export."),
    unverified: bool = typer.Option(False, "--unverified",
                                    help="Publish a commit that fails `council verify` (the manifest says so)."),
) -> None:
    """Publish what the charter allows: HTML site, Markdown, JSON, CSV and iCalendar, with a manifest."""
    # Deferred: the export pipeline (markdown-it, git readers) is only needed here.
    from exports.options import ExportOptions, parse_formats
    from exports.run import export as run_export

    options = ExportOptions(out=out, as_of=as_of, audience=audience, formats=parse_formats(formats), force=force,
                            unverified=unverified)
    opened = open_store(store)
    with _export_progress() as progress:
        result = run_export(opened, options, progress)
    for note in result.notes:
        say(f"note: {note}")
    typer.echo(result.summary())


def _export_progress():
    """A Rich progress display on stderr, fed by the export's (phase, done, total) callback."""
    from contextlib import contextmanager

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    labels = {"read": "Reading records", "redact": "Applying the policy", "write": "Writing files"}

    @contextmanager
    def running():
        console = Console(stderr=True)
        if not console.is_terminal:  # scripts and pipes get the summary line only
            yield None
            return
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console, transient=True) as bar:
            tasks: dict[str, Any] = {}

            def report(phase: str, done: int, total: int) -> None:
                if phase not in tasks:
                    tasks[phase] = bar.add_task(labels.get(phase, phase), total=total)
                bar.update(tasks[phase], completed=done, total=total)

            yield report

    return running()


# --- exit dry run -------------------------------------------------------------------

exit_app = CouncilTyper(help="The exit plan: dry runs of an exit, from the terms in force on a date.",
                       no_args_is_help=True)
app.add_typer(exit_app, name="exit")


@exit_app.command("simulate")
@handled
def exit_simulate(
    trigger: str = typer.Option(..., "--trigger", help="The exit trigger, e.g. termination_for_convenience."),
    date: str = typer.Option(..., "--date", help="The day the trigger happens, YYYY-MM-DD."),
    store: str | None = StoreOpt, as_json: bool = JsonOpt,
) -> None:
    """The dated timeline of every exit obligation, from the exit plan, data-sharing terms
    and IP register in force on DATE."""
    from council.errors import RecordError
    from council.exit_dryrun import simulate_exit
    from council.parse import parse_date

    day = parse_date(date, "exit simulate")
    opened = open_store(store, quiet=as_json)
    # Deferred: reading git history is only needed here.
    from store.api import terms_as_of

    terms = terms_as_of(opened.root, day)
    if terms.commit is None:
        raise RecordError("exit simulate", "date", "a date on or after the store's first commit "
                          "(no terms were in force before it)", day.isoformat())
    party_list = terms.partnership.parties if terms.partnership else []
    from council.records import Dataset

    datasets = [d for d in terms.records.get("dataset", []) if isinstance(d, Dataset)]
    timeline = simulate_exit(terms.exit, datasets, terms.ip, party_list, trigger, day)
    timeline.as_of.update(commit=terms.commit, date=day.isoformat())
    if as_json:
        typer.echo(json.dumps(timeline.to_json(), indent=2, ensure_ascii=False))
        return
    from council.register_views import exit_lines

    typer.echo("\n".join(exit_lines(timeline)))
