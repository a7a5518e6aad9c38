"""`council member appoint|end|key|show`: membership as records, from the shell.

Each write goes through the use cases the TUI would call
(:mod:`store.usecases.members`), takes ``--json`` and ``--dry-run``, and is
made as the configured operator (`council operator`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from council.commands.app import CouncilTyper, JsonOpt, StoreOpt, app, echo_json, handled, open_store
from council.commands.writes import DryRunOpt, perform, report, split
from council.errors import RecordError
from council.parse import parse_date

member_app = CouncilTyper(help="Membership as records: appoint members, end terms, rotate signing keys.",
                          no_args_is_help=True)
app.add_typer(member_app, name="member")

KeyOpt = typer.Option(None, "--key", help="The member's SSH public key file (ed25519, e.g. council_ed25519.pub).")


def read_public_key(path: Path | None, record: str) -> str:
    """The public key line in the file at ``path`` ('' when no file is named)."""
    if path is None:
        return ""
    try:
        text = path.expanduser().read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise RecordError(record, "signing_key", "a readable public key file (.pub)",
                          f"{path}: {getattr(exc, 'strerror', None) or exc}") from None
    if "PRIVATE KEY" in text:
        raise RecordError(record, "signing_key", "the public key (the .pub file), never the private key", str(path))
    return text


@member_app.command("appoint")
@handled
def appoint(
    member_id: str = typer.Argument(..., help="The new member's ID: lower-case, e.g. ada-hale."),
    name: str = typer.Option(..., "--name", help="Their name, as it should appear in the record."),
    party: str = typer.Option(..., "--party", help="The party that appoints them (a party ID)."),
    role: str = typer.Option("observer", "--role", help="senior_sponsor, data_steward, technical_expert, "
                                                       "legal_counsel, compliance_lead, secretariat, observer..."),
    voting: bool = typer.Option(False, "--voting/--no-voting", help="Whether they vote (default: no)."),
    term_start: str | None = typer.Option(None, "--from", help="First day of their term, YYYY-MM-DD (default: today)."),
    term_end: str | None = typer.Option(None, "--until", help="Last day of their term, YYYY-MM-DD (default: open)."),
    email: str = typer.Option("", "--email", help="Their contact address (their commits carry it)."),
    key: Path | None = KeyOpt,
    by_decision: str = typer.Option("", "--by-decision", help="The decision that appointed them "
                                                             "(default: their party's notice)."),
    notice: str = typer.Option("", "--notice", help="The party's notice of appointment, e.g. 'letter of 2026-01-05'."),
    store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt,
) -> None:
    """Appoint a member, as the charter says appointments are made (a party's notice or a decision)."""
    from store import usecases

    start = parse_date(term_start, member_id, "term_start") if term_start else dt.date.today()
    end = parse_date(term_end, member_id, "term_end") if term_end else None
    appointment = usecases.Appointment(
        member_id=member_id, name=name, party=party, role=role, voting=voting, term_start=start, term_end=end,
        email=email, signing_key=read_public_key(key, member_id), by_decision=by_decision, notice=notice)
    opened = open_store(store, quiet=as_json)
    result = perform(opened, dry_run, lambda: usecases.appoint_member(opened, appointment), founding=True)
    committed, member = split(result, member_id)
    report(f"Appointed {member_id}", committed, as_json, member)


@member_app.command("end")
@handled
def end(member_id: str = typer.Argument(..., help="The member whose term ends."),
        on: str | None = typer.Option(None, "--on", help="Their last day, YYYY-MM-DD (default: today)."),
        reason: str = typer.Option("", "--reason", help="Why (resignation, the party's notice...)."),
        store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """End a member's term; the record stays, so their past votes and signatures still verify."""
    from store import usecases

    day = parse_date(on, member_id, "term_end") if on else dt.date.today()
    opened = open_store(store, quiet=as_json)
    result = perform(opened, dry_run, lambda: usecases.end_term(opened, member_id, day, reason))
    committed, member = split(result, member_id)
    report(f"Ended the term of {member_id} on {day.isoformat()}", committed, as_json, member)


@member_app.command("key")
@handled
def key(member_id: str = typer.Argument(..., help="The member whose key changes."),
        path: Path = typer.Option(..., "--key", help="Their new SSH public key file (ed25519, .pub)."),
        store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Register a member's new signing key (what the old key signed still verifies)."""
    from store import usecases

    line = read_public_key(path, member_id)
    opened = open_store(store, quiet=as_json)
    result = perform(opened, dry_run, lambda: usecases.rotate_key(opened, member_id, line))
    committed, member = split(result, member_id)
    report(f"Registered a new signing key for {member_id}", committed, as_json, member)


@member_app.command("show")
@handled
def show(member_id: str = typer.Argument(..., help="A member's ID."),
         store: str | None = StoreOpt, as_json: bool = JsonOpt) -> None:
    """One member: party, role, vote, term (serving or ended) and key."""
    from council.present import describe
    from council.records import Member
    from store.api import to_json

    opened = open_store(store, quiet=as_json)
    member = opened.require(member_id)
    if not isinstance(member, Member):
        raise RecordError(member_id, "id", "the ID of a member", member_id)
    today = dt.date.today()
    serving = member.serves_on(today)
    if as_json:
        echo_json({**to_json(member), "serving": serving})
        return
    typer.echo(describe(member, opened))
    until = member.term_end.isoformat() if member.term_end else "open"
    state = "serving" if serving else ("term ended" if member.term_end and member.term_end < today else "not yet serving")
    typer.echo(f"\nTerm: {member.term_start.isoformat()} to {until} ({state})")
    typer.echo("Signing key: " + (" ".join(member.signing_key.split()[:2])[:40] + "..." if member.signing_key
                                  else "none registered"))
