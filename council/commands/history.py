"""CLI commands for amendment history you can trust: history, diff, blame, terms, evidence, keys.

They register on the one Typer app of :mod:`council.commands.app`.  Like every
command, they import the store (its front door, :mod:`store.api`) inside the
command, so ``council --help`` stays fast.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from council.commands.app import CouncilTyper, JsonOpt, StoreOpt, app, echo_json, git_root, handled, open_store, say
from council.errors import RecordError
from council.parse import parse_date


def _day(value: str | None, option: str) -> dt.date | None:
    """An option's date, or None when the option was not given."""
    return None if value is None else parse_date(value, option)


@app.command()
@handled
def history(
    record_id: str | None = typer.Argument(None, help="A record ID (4.2, DEC-2026-014, IP-042); omit for the whole store."),
    since: str | None = typer.Option(None, "--since", help="Only commits dated on or after this day, YYYY-MM-DD."),
    until: str | None = typer.Option(None, "--until", help="Only commits dated on or before this day, YYYY-MM-DD."),
    kind: str | None = typer.Option(None, "--kind", help="amend (term changes) or record (proceedings)."),
    limit: int | None = typer.Option(None, "--limit", "-n", min=1, help="At most this many commits."),
    store: str | None = StoreOpt, as_json: bool = JsonOpt,
) -> None:
    """The commits that changed the store or one record, newest first, with the decision behind each."""
    from store.api import entry_lines, iter_history

    if kind not in (None, "amend", "record"):
        raise RecordError("--kind", "kind", "amend or record", kind)
    root = git_root(store, quiet=as_json)
    entries = iter_history(root, record_id, _day(since, "--since"), _day(until, "--until"), kind, limit)
    if as_json:
        echo_json([e.to_json() for e in entries])
        return
    count = 0
    for entry in entries:
        for line in entry_lines(entry):
            typer.echo(line)
        count += 1
    if not count:
        say("No commits match." if record_id is None else f"No commits changed {record_id}.")


@app.command()
@handled
def diff(
    args: list[str] = typer.Argument(..., metavar="REV [REV2] [ID]",
                                     help="One commit (its change), or two revisions (the change between); "
                                          "a revision may be a date YYYY-MM-DD; an ID limits it to one record."),
    store: str | None = StoreOpt, as_json: bool = JsonOpt,
) -> None:
    """Records as changed by a commit or between two revisions: field by field (old -> new), then word by word."""
    from store.api import diff_lines, is_commit
    from store.api import diff_revisions as run_diff

    root = git_root(store, quiet=as_json)
    if not 1 <= len(args) <= 3:
        raise RecordError("diff", "arguments", "REV [REV2] [ID]", " ".join(args))
    rev, rest = args[0], args[1:]
    rev2 = record_id = None
    if len(rest) == 2:
        rev2, record_id = rest
    elif rest:
        if is_commit(root, rest[0]):
            rev2 = rest[0]
        else:
            record_id = rest[0]
    result = run_diff(root, rev, rev2, record_id)
    if as_json:
        echo_json(result.to_json())
        return
    for line in diff_lines(result):
        typer.echo(line)


@app.command()
@handled
def blame(record_id: str = typer.Argument(..., help="A record ID, e.g. 4.2 or IP-042."),
          store: str | None = StoreOpt, as_json: bool = JsonOpt) -> None:
    """For each field and line of a record, the amendment that last changed it and its decision."""
    from store.api import blame as run_blame
    from store.api import blame_lines

    lines = run_blame(git_root(store, quiet=as_json), record_id)
    if as_json:
        echo_json([b.to_json() for b in lines])
        return
    for line in blame_lines(lines):
        typer.echo(line)


@app.command()
@handled
def terms(as_of: str | None = typer.Option(None, "--as-of", help="The day, YYYY-MM-DD (default: today)."),
          store: str | None = StoreOpt, as_json: bool = JsonOpt) -> None:
    """The terms in force on a day (charter, IP register, exit plan, data terms), read from the history."""
    from store.api import terms_as_of, terms_lines, to_json

    day = _day(as_of, "--as-of") or dt.date.today()
    found = terms_as_of(git_root(store, quiet=as_json), day)
    if as_json:
        last = found.last_amendment
        echo_json({"as_of": day.isoformat(), "commit": found.commit,
                    "date": found.date.isoformat() if found.date else None,
                    "last_amendment": last.to_json() if last else None,
                    "records": {k: [to_json(r) for r in v] for k, v in found.records.items()}})
        return
    for line in terms_lines(found):
        typer.echo(line)


@app.command()
@handled
def evidence(decision_id: str = typer.Argument(..., help="The decision, e.g. DEC-2026-014, or a written "
                                                "resolution, WR-2026-001."),
             out: Path = typer.Option(..., "--out", "-o", help="A new directory, or a .zip / .tar.gz file."),
             store: str | None = StoreOpt) -> None:
    """A self-contained evidence bundle for one decision that an outsider can check offline with git."""
    from store.api import build_evidence as build

    result = build(git_root(store), decision_id, out)
    typer.echo(f"Evidence for {decision_id} (commit {result.commit[:10]}): {len(result.files)} files in {out}")
    typer.echo("Read its README.md for the commands that check it.")


# --- keys ----------------------------------------------------------------------------

keys_app = CouncilTyper(help="Signing keys: your key, the members' allowed signers, two-key co-signatures.",
                       no_args_is_help=True)
app.add_typer(keys_app, name="keys")


@keys_app.command("use")
@handled
def keys_use(path: Path = typer.Argument(..., help="Your SSH private key, e.g. ~/.ssh/council_ed25519."),
             store: str | None = StoreOpt) -> None:
    """Sign this store's amendments with the key at PATH (remembered in .council/)."""
    from store.api import key_id, use_key

    opened = open_store(store)
    public = use_key(opened, path)
    owner = next((m for m in opened.members() if key_id(m.signing_key) == key_id(public)), None)
    typer.echo(f"Signing with {path}")
    if owner is None:
        typer.echo("This key is not registered yet: set your member record's signing_key to\n  " + public)
    else:
        typer.echo(f"Registered to {owner.name} ({owner.id}, {owner.party})")


@keys_app.command("export")
@handled
def keys_export(out: Path | None = typer.Option(None, "--out", "-o", help="Write to this file (default: print)."),
                as_of: str = typer.Option("HEAD", "--as-of", help="Members as of this revision or date."),
                store: str | None = StoreOpt) -> None:
    """The allowed-signers file for `git verify-commit` (gpg.ssh.allowedSignersFile), from the member records."""
    from store.api import allowed_signers, members_at

    root = git_root(store, quiet=out is None)
    members = members_at(root, as_of)
    text = allowed_signers(members)
    if not text.strip():
        # An empty allowed-signers file would make every signature fail to verify, silently.
        say(f"Nothing to export: no member as of {as_of} has a signing key registered "
            "(appoint members with --key, or `council member key MEMBER-ID --key PATH.pub`).")
        return
    if out is None:
        typer.echo(text, nl=False)
        return
    out.write_text(text)
    typer.echo(f"Wrote {len(text.splitlines())} keys to {out}; check a commit with\n"
               f"  git -c gpg.ssh.allowedSignersFile={out} verify-commit COMMIT")


@keys_app.command("request")
@handled
def keys_request(decision_id: str = typer.Argument(..., help="The decision that approves the amendment."),
                 files: list[Path] = typer.Argument(..., help="The proposed term record files (Markdown with front matter)."),
                 out: Path = typer.Option(..., "--out", "-o", help="Where to write the request to send to co-signers."),
                 store: str | None = StoreOpt) -> None:
    """Two-key approval: the payload each party's representative signs for a proposed amendment."""
    from council.fileformat import parse
    from council.records import kind_of_id
    from store.api import request_for

    opened = open_store(store)
    records = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        kind = kind_of_id(path.stem)
        if kind is None:
            raise RecordError(str(path), "file name", "a record file named after its ID, e.g. 4.2.md", path.name)
        records.append(parse(text, kind, str(path)))
    out.write_bytes(request_for(opened, decision_id, records))
    typer.echo(f"Wrote {out}: each party's representative signs it with `council keys cosign {out} --key KEY --member ID`")


@keys_app.command("cosign")
@handled
def keys_cosign(request: Path = typer.Argument(..., help="The request file from `council keys request`."),
                key: Path = typer.Option(..., "--key", help="Your SSH private key."),
                member: str = typer.Option(..., "--member", help="Your member ID."),
                out: Path | None = typer.Option(None, "--out", "-o", help="Signature file (default: REQUEST.MEMBER.sig).")) -> None:
    """Sign an approval request as your party's representative (no store needed)."""
    from store.api import cosign

    payload = request.read_bytes()
    if not payload.startswith(b"council approval v1\n"):
        raise RecordError(str(request), "content", "a request written by `council keys request`")
    signature = cosign(payload, key, member)
    target = out or request.with_name(f"{request.name}.{member}.sig")
    target.write_text(signature.signature)
    typer.echo(f"Signed as {member}: send {target} back to the secretariat")


@keys_app.command("accept")
@handled
def keys_accept(signature: Path = typer.Argument(..., help="A signature file from `council keys cosign`."),
                request: Path = typer.Option(..., "--request", help="The request it signs."),
                member: str | None = typer.Option(None, "--member", help="Who signed (default: from the file name)."),
                store: str | None = StoreOpt) -> None:
    """Check a co-signature against the registered keys and keep it for the amendment's commit."""
    from store.api import Cosignature, accept_cosignature

    opened = open_store(store)
    who = member or signature.name.rsplit(".", 2)[-2]
    check = accept_cosignature(opened, request.read_bytes(), Cosignature(who, signature.read_text()))
    typer.echo(f"Accepted: {check.reason}")
