"""`council init`: found a council, as a governance act.

The partnership, the charter (from a template) and each party's signatory
are adopted in one founding commit (:mod:`store.usecases.founding`), signed
by the founder's key when the charter requires signatures and co-signed by
every other party's signatory under two-key approval.  At a terminal, what is
not given as an option is asked for; a script gives every option and is
never asked.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from council.commands.app import app, handled
from council.errors import RecordError

if TYPE_CHECKING:
    from store.api import Cosignature, Store
    from store.usecases import Founder, Founding

SIGNATORY_FORM = "PARTY=MEMBER-ID:Name <email>[:KEY.pub]"


@app.command()
@handled
def init(
    directory: Path | None = typer.Argument(None, help="Where to create the store (a new or empty directory)."),
    name: str | None = typer.Option(None, "--name", help="The partnership's name."),
    party: list[str] = typer.Option([], "--party", help="A party as ID=Legal Name; give two or more."),
    signatory: list[str] = typer.Option([], "--signatory", help=f"Each party's signatory, {SIGNATORY_FORM}: a "
                                        "founding voting member who adopts the charter for their party."),
    template: str | None = typer.Option(None, "--template", help="The charter to start from: two-party, consortium "
                                                                 "or minimal (default: two-party for two parties, "
                                                                 "consortium for more)."),
    effective: str | None = typer.Option(None, help="Effective date, YYYY-MM-DD (default: today)."),
    law: str = typer.Option("", help="Governing law."),
    key: Path | None = typer.Option(None, "--key", help="Your private key, as a signatory: signs the founding "
                                    "(needed when the charter requires signatures); you become the operator."),
    cosignature: list[Path] = typer.Option([], "--cosignature", help="Under two-key approval: another party's "
                                           "signature of the request (REQUEST.MEMBER-ID.sig from `council keys cosign`)."),
    request: Path | None = typer.Option(None, "--request", help="Under two-key approval: write the founding "
                                        "request for the other signatories to co-sign, and create nothing."),
) -> None:
    """Found a council: the partnership, its charter and each party's signatory, in one founding commit."""
    from store.api import Store
    from store.usecases import found, founding_request

    directory, name, party, template = _ask_founding(directory, name, party, template)
    parties = _parties(party)
    founding = _founding(name, parties, template, effective, law)
    if request is None and directory.exists() and any(directory.iterdir()):
        Store.create(directory)  # refuses, naming the directory, before anyone is asked for more
    founding = dataclasses.replace(founding, founders=_ask_signatories(signatory, parties))
    if request is not None:
        request.write_bytes(founding_request(founding))
        typer.echo(f"Wrote {request}: each other party's signatory signs it with `council keys cosign {request} "
                   "--key KEY --member ID`; nothing was created")
        return
    cosigs = [_cosignature(path) for path in cosignature]
    existed = directory.exists()
    store = Store.create(directory)
    try:
        committed, signer = found(store, founding, key.expanduser() if key else None, cosigs)
        if signer is not None:
            store.set_operator(signer.id)
    except BaseException:
        # A store without its founding commit is no store: leave the directory as it was
        # (Store.create refused it unless it was missing or empty), so init can be run again.
        _undo(store, directory, existed)
        raise
    store.close()
    typer.echo(f"Founded {name} at {directory} (charter: {founding.template}): commit {committed.commit[:10]}")
    if signer is not None:
        typer.echo(f"Signed by {signer.name} ({signer.id}), who this replica now writes as.")
    typer.echo("Next: appoint the other members (`council member appoint`)"
               + ("" if signer else ", then `council operator MEMBER-ID` to say who you are") + ".")


def _undo(store: "Store", directory: Path, existed: bool) -> None:
    """Leave the directory as init found it: missing, or empty."""
    import shutil

    store.close()
    shutil.rmtree(directory, ignore_errors=True)
    if existed:
        directory.mkdir()


def _founding(name: str, parties: list[tuple[str, str]], template: str | None, effective: str | None,
              law: str) -> "Founding":
    """The founding as given, its partnership and charter checked (signatories come next)."""
    from council.checks import Context, check_change
    from council.parse import parse_date
    from store.usecases import Founding, founding_records

    template = template or ("two-party" if len(parties) == 2 else "consortium")
    day = parse_date(effective, "--effective", "effective") if effective else dt.date.today()
    founding = Founding(name=name, parties=parties, template=template, effective=day, law=law)
    check_change(Context(lambda _id: None, [], [], None), founding_records(founding), [], "amend", None)
    return founding


def _interactive() -> bool:
    """Whether init may ask: only a person at a terminal is asked (a script never waits)."""
    import sys

    return sys.stdin.isatty()


def _ask_founding(directory: Path | None, name: str | None, party: list[str],
                  template: str | None) -> tuple[Path, str, list[str], str | None]:
    """What init needs and was not given: asked at a terminal, else refused naming the option."""
    from council.templates import TEMPLATES

    ask = _interactive()
    if directory is None:
        if not ask:
            raise RecordError("init", "directory", "where to create the store (DIRECTORY)")
        directory = Path(typer.prompt("Directory for the new store"))
    if not name:
        if not ask:
            raise RecordError("init", "name", "the partnership's name (--name)")
        name = typer.prompt("The partnership's name")
    if not party and ask:
        typer.echo("The parties, one per line as ID=Legal Name (e.g. acme=Acme Ltd); an empty line ends.")
        while line := typer.prompt(f"Party {len(party) + 1}", default="", show_default=False).strip():
            party.append(line)
    if template is None and ask:
        default = "two-party" if len(party) == 2 else "consortium"
        template = typer.prompt(f"Charter template ({', '.join(TEMPLATES)})", default=default)
    return directory, name, party, template


def _ask_signatories(given: list[str], parties: list[tuple[str, str]]) -> list["Founder"]:
    """Each party's signatory: as given, else asked at a terminal (a script names them all)."""
    founders = [_signatory(value) for value in given]
    named = {f.party for f in founders}
    for pid, legal in parties:
        if pid in named:
            continue
        if not _interactive():
            raise RecordError("init", "--signatory", f"the signatory of {pid}, as {SIGNATORY_FORM}")
        founders.append(_signatory(pid + "=" + typer.prompt(f"Signatory of {legal} (MEMBER-ID:Name <email>[:KEY.pub])")))
    return founders


def _signatory(value: str) -> "Founder":
    """``PARTY=MEMBER-ID:Name <email>[:KEY.pub]`` as a Founder (the public key file read)."""
    from council.commands.members import read_public_key
    from store.usecases import Founder

    pid, sep, rest = value.partition("=")
    member_id, _, rest = rest.partition(":")
    who, _, key_path = rest.partition(":")
    name, lt, email = who.partition("<")
    if not sep or not pid.strip() or not member_id.strip() or not lt or not email.strip().endswith(">"):
        raise RecordError("--signatory", "signatory", SIGNATORY_FORM, value)
    key = read_public_key(Path(key_path.strip()), member_id.strip()) if key_path.strip() else ""
    return Founder(party=pid.strip(), member_id=member_id.strip(), name=name.strip(),
                   email=email.strip().rstrip(">").strip(), signing_key=key)


def _cosignature(path: Path) -> "Cosignature":
    """A co-signature file named REQUEST.MEMBER-ID.sig, as `council keys cosign` writes it."""
    from store.api import Cosignature

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RecordError("--cosignature", "file", "a readable signature file", f"{path}: {exc}") from None
    parts = path.name.rsplit(".", 2)
    if len(parts) < 3 or parts[-1] != "sig":
        raise RecordError("--cosignature", "file", "a file named REQUEST.MEMBER-ID.sig", path.name)
    return Cosignature(parts[-2], text)


def _parties(party: list[str]) -> list[tuple[str, str]]:
    parties = []
    for item in party:
        pid, sep, legal = item.partition("=")
        if not sep or not pid.strip() or not legal.strip():
            raise RecordError("--party", "party", "ID=Legal Name", item)
        parties.append((pid.strip(), legal.strip()))
    return parties
