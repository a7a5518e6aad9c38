"""Releases from the shell: `council release check|grant|revoke|suspend|waive`.

`release check` asks the gate (:mod:`council.release_gate`, a pure function
of the terms in force on the day) and records its answer as a ``record:``
commit; `release grant` records the release granted, by the decision named,
or refused with the gate's reasons; `release revoke` ends a granted one;
after a recall, `release suspend` stops one and `release waive` records the
council's decision that it stands.
Each prints every reason, naming the record and field, and what would be
allowed instead, and any recall flag on the artifact's lineage.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import typer

from council.commands.app import CouncilTyper, JsonOpt, StoreOpt, app, echo_json, handled, open_store
from council.commands.writes import DryRunOpt, perform, report, split
from council.errors import RecordError
from council.parse import parse_date

if TYPE_CHECKING:
    from council.release_gate import Request, Verdict
    from store.api import Store

release_app = CouncilTyper(help="Releases of artifacts: the gate, grants and revocations.", no_args_is_help=True)
app.add_typer(release_app, name="release")

ToOpt = typer.Option(..., "--to", help="The recipient: a party ID, or a named third party.")
PurposeOpt = typer.Option(..., "--purpose", help="What for: a permitted purpose, in full or by its label, e.g. (a).")
ModeOpt = typer.Option(..., "--mode", help="weights (weights transfer), hosted (hosted inference only) or "
                                           "sandbox (evaluation sandbox).")
WhereOpt = typer.Option("", "--jurisdiction", help="Where the recipient holds or uses it.")
OnOpt = typer.Option(None, "--on", help="The day, YYYY-MM-DD (default: today).")


def _request(artifact: str, to: str, purpose: str, mode: str, jurisdiction: str, on: str | None) -> "Request":
    """The request as typed, each value refused naming the field if it is not one."""
    from council.artifacts import RELEASE_MODES
    from council.release_gate import Request

    if mode not in RELEASE_MODES:
        raise RecordError(artifact, "mode", "one of " + ", ".join(RELEASE_MODES), mode)
    for field, value in (("recipient", to), ("purpose", purpose)):
        if not value.strip():
            raise RecordError(artifact, field, "a value", "empty")
    day = parse_date(on, artifact, "on") if on else dt.date.today()
    return Request(artifact.strip(), to.strip(), purpose.strip(), mode, day, jurisdiction.strip())


def _verdict_json(verdict: "Verdict") -> dict[str, Any]:
    return {"allowed": verdict.allowed,
            "reasons": [{"record": r.record, "field": r.field, "why": r.why} for r in verdict.reasons],
            "conditions": list(verdict.conditions), "alternatives": list(verdict.alternatives),
            "lineage": list(verdict.lineage)}


def _flags(opened: "Store", artifact: str, day: dt.date) -> list[Any]:
    from store.usecases import artifacts as uses

    return [f for f in uses.recall_flags(opened, day) if f.artifact == artifact]


def _show(request: "Request", verdict: "Verdict", flags: list[Any]) -> None:
    from store.usecases import artifacts as uses

    typer.echo(uses.verdict_text(request, verdict))
    for flag in flags:
        typer.echo(f"- recall: {flag}")


@release_app.command("check")
@handled
def check(artifact: str = typer.Argument(..., help="The artifact, e.g. ART-007."),
          to: str = ToOpt, purpose: str = PurposeOpt, mode: str = ModeOpt, jurisdiction: str = WhereOpt,
          on: str | None = OnOpt,
          store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Ask the gate whether the release is allowed, record the answer, exit 1 if refused."""
    from store.usecases import artifacts as uses

    request = _request(artifact, to, purpose, mode, jurisdiction, on)
    opened = open_store(store, quiet=as_json)
    verdict = uses.check(opened, request)
    flags = _flags(opened, request.artifact, request.day)
    result = perform(opened, dry_run, lambda: uses.record_check(opened, request))
    committed, _ = split(result)
    if as_json:
        echo_json({**_verdict_json(verdict), "recall": [str(f) for f in flags],
                   "dry_run": not hasattr(committed, "commit"), "commit": getattr(committed, "commit", None)})
    else:
        _show(request, verdict, flags)
        if hasattr(committed, "commit"):
            typer.echo(f"recorded: commit {committed.commit[:10]}")
        else:
            typer.echo("Dry run: the check was not recorded.")
    raise typer.Exit(0 if verdict.allowed else 1)


@release_app.command("grant")
@handled
def grant(artifact: str = typer.Argument(..., help="The artifact, e.g. ART-007."),
          to: str = ToOpt, purpose: str = PurposeOpt, mode: str = ModeOpt, jurisdiction: str = WhereOpt,
          decision: str = typer.Option("", "--decision", help="The decision that granted it (the charter's "
                                                              "decision rights set its tier)."),
          on: str | None = typer.Option(None, "--on", help="The first day, YYYY-MM-DD (default: today)."),
          until: str | None = typer.Option(None, "--until", help="The last day, YYYY-MM-DD."),
          condition: list[str] = typer.Option([], "--condition", help="A condition of the release (repeatable)."),
          release_id: str = typer.Option("", "--id", help="Its ID (default: the next free REL-NNN)."),
          store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Record a release: granted if the gate allows it, else refused with every reason (exit 1)."""
    from store.usecases import artifacts as uses

    request = _request(artifact, to, purpose, mode, jurisdiction, on)
    ends = parse_date(until, release_id or artifact, "ends") if until else None
    opened = open_store(store, quiet=as_json)
    result = perform(opened, dry_run, lambda: uses.decide_release(opened, request, decision.strip(), ends,
                                                                   release_id, tuple(condition)))
    if isinstance(result, tuple):
        committed, release, verdict = result
    else:
        committed, release = split(result)
        verdict = uses.check(opened, uses.as_grant(request))
    if not as_json:
        _show(request, verdict, _flags(opened, request.artifact, request.day))
    did = "Granted the release" if verdict.allowed else "Recorded the release refused"
    report(did, committed, as_json, release)
    raise typer.Exit(0 if verdict.allowed else 1)


def _stop(release_id: str, reason: str, on: str | None, date_field: str, status: str, store: str | None,
          as_json: bool, dry_run: bool) -> None:
    """Revoke or suspend a granted release from a day on: the same steps, one status apart."""
    from store.usecases import artifacts as uses

    day = parse_date(on, release_id, date_field) if on else dt.date.today()
    opened = open_store(store, quiet=as_json)
    result = perform(opened, dry_run, lambda: uses.stop(opened, release_id, day, reason, status))
    report(f"{status.capitalize()} {release_id}", result, as_json, release_id)


@release_app.command("revoke")
@handled
def revoke(release_id: str = typer.Argument(..., help="The release, e.g. REL-003."),
           reason: str = typer.Option(..., "--reason", help="Why it is revoked."),
           on: str | None = typer.Option(None, "--on", help="From which day, YYYY-MM-DD (default: today)."),
           store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Revoke a granted release from a day on."""
    _stop(release_id, reason, on, "revoked_on", "revoked", store, as_json, dry_run)


@release_app.command("suspend")
@handled
def suspend(release_id: str = typer.Argument(..., help="The release, e.g. REL-002."),
            reason: str = typer.Option(..., "--reason", help="Why it is suspended (a recall, say)."),
            on: str | None = typer.Option(None, "--on", help="From which day, YYYY-MM-DD (default: today)."),
            store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Suspend a granted release: it no longer lets its recipient hold the artifact."""
    _stop(release_id, reason, on, "on", "suspended", store, as_json, dry_run)


@release_app.command("waive")
@handled
def waive(release_id: str = typer.Argument(..., help="The release, e.g. REL-002."),
          dataset: str = typer.Option(..., "--dataset", help="The dataset whose terms changed, e.g. DS-003."),
          field: str = typer.Option(..., "--field", help="The field the recall names, e.g. 'release modes'."),
          decision: str = typer.Option(..., "--decision", help="The decision that lets the release stand."),
          on: str | None = typer.Option(None, "--on", help="The day, YYYY-MM-DD (default: today)."),
          store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Record a waiver of a recall flag: the council decided the release stands."""
    from store.usecases import artifacts as uses

    day = parse_date(on, release_id, "on") if on else dt.date.today()
    opened = open_store(store, quiet=as_json)
    result = perform(opened, dry_run, lambda: uses.waive(opened, release_id, dataset.strip(), field.strip(),
                                                          decision.strip(), day))
    report(f"Waived the recall of {release_id}", result, as_json, release_id)
