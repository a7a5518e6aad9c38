"""Written resolutions from the shell: `council resolution circulate|vote|close|show|list|remind`.

A council decides between meetings by a resolution circulated to every voting
member with an opening and a closing date; the votes are recorded as they come
in and the store computes the outcome at the close, against the charter's
written threshold over the entire voting membership.  Each writing command
calls the use case the TUI calls (:mod:`store.usecases.resolutions`), as the
configured operator, with ``--json`` and ``--dry-run``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import typer

from council.commands.app import CouncilTyper, JsonOpt, StoreOpt, app, echo_json, handled, open_store, say
from council.commands.meetings import AbstainOpt, AgainstOpt, ForOpt, VoteArgs, votes_from
from council.commands.writes import DryRunOpt, perform, report, split
from council.errors import RecordError, worded
from council.parse import parse_date

if TYPE_CHECKING:
    from council.records import Resolution

resolution_app = CouncilTyper(help="Written resolutions between meetings: circulate one, record the votes as "
                                   "they come in, close it, remind who has not voted.", no_args_is_help=True)
app.add_typer(resolution_app, name="resolution")

OnOpt = typer.Option(None, "--on", help="The day, YYYY-MM-DD (default: today).")


def _day(text: str | None, record: str, field: str) -> dt.date:
    return parse_date(text, record, field) if text else dt.date.today()


@resolution_app.command("circulate")
@handled
def circulate(title: str = typer.Option(..., "--title", help="A short title."),
              motion: str = typer.Option(..., "--motion", help="The resolution as circulated: 'That ...'."),
              tier: str = typer.Option(..., "--tier", help="Its approval tier (the charter says which may be "
                                                          "decided in writing)."),
              closes: str = typer.Option(..., "--closes", help="The last day for votes, YYYY-MM-DD."),
              opens: str | None = typer.Option(None, "--opens", help="The first day for votes (default: today)."),
              text: str = typer.Option("", "--text", help="Why, and anything the members read with it."),
              amendment: int | None = typer.Option(None, "--amendment", help="A draft amendment (`council amend "
                                                   "list`): the resolution adopts it."),
              sensitivity: str = typer.Option("internal", "--sensitivity", help="public, internal, confidential..."),
              store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Circulate a written resolution to every voting member, open from --opens to --closes."""
    from store import usecases
    from store.workspace import Workspace

    circular = usecases.Circular(title=title, motion=motion, tier=tier, opens=_day(opens, "resolution", "opens"),
                                 closes=parse_date(closes, "resolution", "closes"), text=text,
                                 sensitivity=sensitivity, draft_id=amendment)
    opened = open_store(store, quiet=as_json)
    workspace = Workspace.of_store(opened.root) if amendment is not None else None
    try:
        result = perform(opened, dry_run, lambda: usecases.circulate_resolution(opened, circular, workspace))
    finally:
        if workspace is not None:
            workspace.close()
    committed, resolution = split(result)
    _told(f"Circulated {getattr(resolution, 'id', 'the resolution')}", committed, as_json, resolution)


@resolution_app.command("vote")
@handled
def vote(resolution_id: str = typer.Argument(..., help="The open resolution, e.g. WR-2026-001."),
         pairs: list[str] | None = VoteArgs, for_: str = ForOpt, against: str = AgainstOpt,
         abstain: str = AbstainOpt, on: str | None = OnOpt,
         store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Record the votes that came in (on --on): each member votes once, and a vote stands."""
    from store import usecases

    votes = _ballot_votes(resolution_id, pairs or [], for_, against, abstain)
    day = _day(on, resolution_id, "on")
    opened = open_store(store, quiet=as_json)
    result = perform(opened, dry_run, lambda: usecases.record_resolution_votes(opened, resolution_id, votes, day))
    committed, resolution = split(result, resolution_id)
    _told(f"Recorded the votes on {resolution_id}", committed, as_json, resolution)


def _ballot_votes(record: str, pairs: list[str], for_: str, against: str, abstain: str) -> dict[str, str]:
    """The votes as typed, as for a motion; a written resolution has no recusal."""
    from council.records import BALLOT_CHOICES

    for pair in pairs:
        member, sep, choice = pair.partition("=")
        if sep and choice.strip() not in BALLOT_CHOICES:
            raise RecordError(record, f"votes.{member.strip()}", "one of " + ", ".join(BALLOT_CHOICES),
                              choice.strip())
    return votes_from(record, pairs, **{"for": for_, "against": against, "abstain": abstain})


@resolution_app.command("close")
@handled
def close(resolution_id: str = typer.Argument(..., help="The open resolution."), on: str | None = OnOpt,
          store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Close it: the store computes the outcome over the entire voting membership; a passed
    amendment is committed with it as one amend: commit."""
    from store import usecases
    from store.api import DryRun
    from store.workspace import Workspace

    day = _day(on, resolution_id, "--on")
    opened = open_store(store, quiet=as_json)
    workspace = Workspace.of_store(opened.root)
    try:
        result = perform(opened, dry_run, lambda: worded({"closed_on": "--on"}, lambda: usecases.close_resolution(
            opened, resolution_id, day, workspace)))
    finally:
        workspace.close()
    if isinstance(result, DryRun):
        _told(f"Closed {resolution_id}", result, as_json, resolution_id)
        return
    _told(f"Closed {resolution_id}", result.committed, as_json, result.resolution)
    if result.amended and not as_json:
        typer.echo(f"{', '.join(result.resolution.amends)} is amended: the text circulated is in force.")


def _told(did: str, committed: Any, as_json: bool, resolution: Any) -> None:
    """The report, then where the resolution stands (as validated, in a dry run)."""
    report(did, committed, as_json, resolution)
    note = getattr(resolution, "outcome_note", "")
    if note and not as_json:
        typer.echo(f"Outcome: {note}")


@resolution_app.command("show")
@handled
def show(resolution_id: str = typer.Argument(..., help="The resolution, e.g. WR-2026-001."),
         on: str | None = OnOpt, store: str | None = StoreOpt, as_json: bool = JsonOpt) -> None:
    """One resolution: its votes as they came in, who has not voted, and its outcome."""
    from council.records import Resolution
    from store import usecases
    from store.api import to_json

    day = _day(on, resolution_id, "on")
    opened = open_store(store, quiet=as_json)
    found = opened.require(resolution_id)
    if not isinstance(found, Resolution):
        raise RecordError(resolution_id, "id", "the ID of a written resolution, like WR-2026-001", resolution_id)
    reminders = usecases.resolution_reminders(opened, day, resolution_id)
    if as_json:
        echo_json({**to_json(found), "not_voted": list(reminders[0].not_voted) if reminders else [],
                   "days_left": reminders[0].days_left if reminders else None})
        return
    typer.echo("\n".join(_lines(found, reminders[0].text if reminders else "")))


def _lines(r: "Resolution", reminder: str) -> list[str]:
    closed = f" on {r.closed_on.isoformat()}" if r.closed_on else ""
    lines = [f"{r.id}: {r.title}", f"  {r.motion}",
             f"  tier {r.tier}; open {r.opens.isoformat()} to {r.closes.isoformat()}; {r.status}{closed}"]
    if r.amends:
        lines.append(f"  amends: {', '.join(r.amends)}")
    lines += ["", f"Outcome: {r.outcome}: {r.outcome_note}", "", "Votes, as they came in:"]
    lines += [f"  {b.on.isoformat()}  {b.member:<12} {b.vote}" for b in r.ballots] or ["  none yet"]
    if reminder:
        lines += ["", reminder]
    if r.body_text:
        lines += ["", r.body_text]
    return lines


@resolution_app.command("list")
@handled
def list_(open_only: bool = typer.Option(False, "--open", help="Only those still open for votes."),
          store: str | None = StoreOpt, as_json: bool = JsonOpt) -> None:
    """Every written resolution, newest first, with its status and outcome."""
    from council.records import Resolution
    from store.api import to_json

    opened = open_store(store, quiet=as_json)
    found = [r for r in opened.list("resolution") if isinstance(r, Resolution)]
    found = sorted((r for r in found if r.status == "open" or not open_only), key=lambda r: r.id, reverse=True)
    if as_json:
        echo_json([to_json(r) for r in found])
        return
    for r in found:
        votes = f"{len(r.ballots)} voted"
        typer.echo(f"{r.id}  {r.opens.isoformat()} to {r.closes.isoformat()}  {r.title}  [{r.status}, "
                   f"{r.outcome}, {votes}]")
    if not found:
        say("No written resolutions" + (" open." if open_only else "."))


@resolution_app.command("remind")
@handled
def remind(resolution_id: str | None = typer.Argument(None, help="One resolution (default: every open one)."),
           on: str | None = OnOpt, store: str | None = StoreOpt, as_json: bool = JsonOpt) -> None:
    """Who has not yet voted on each open resolution, and the days left (as of --on)."""
    from store import usecases

    day = _day(on, resolution_id or "remind", "on")
    opened = open_store(store, quiet=as_json)
    reminders = usecases.resolution_reminders(opened, day, resolution_id)
    if as_json:
        echo_json([{"resolution": r.resolution, "title": r.title, "closes": r.closes.isoformat(),
                    "days_left": r.days_left, "not_voted": list(r.not_voted), "closing_soon": r.closing_soon}
                   for r in reminders])
        return
    for r in reminders:
        typer.echo(r.text)
    if not reminders:
        say("No written resolution is open" + (f" as {resolution_id}." if resolution_id else "."))
