"""`council reseal`: seal every sealed record the operator can read to its readers of today."""

from __future__ import annotations

import typer

from council.commands.app import JsonOpt, StoreOpt, app, echo_json, handled, open_store


@app.command()
@handled
def reseal(store: str | None = StoreOpt, as_json: bool = JsonOpt) -> None:
    """Seal sealed records again to the serving members of their readers (after a term ends or a key rotates)."""
    from store.api import reseal as reseal_all

    opened = open_store(store, quiet=as_json)
    if not opened.operator_id():
        from council.errors import StoreError

        raise StoreError("no operator is configured: run `council operator MEMBER-ID --key PATH` first")
    committed, done, left = reseal_all(opened)
    if as_json:
        echo_json({"commit": committed.commit if committed else None, "resealed": done, "left": left})
        return
    if committed is not None:
        typer.echo(f"Re-sealed {len(done)} record(s) in commit {committed.commit[:10]}: {', '.join(done)}")
    else:
        typer.echo("Nothing to re-seal that your key can open.")
    if left:
        typer.echo(f"Left for a reader of their parties: {', '.join(left)}")
