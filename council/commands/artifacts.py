"""The artifact register from the shell: `council artifact register PATH`, `council artifact verify PATH [ID]`.

Registering hashes a file or a directory tree (streaming, in parallel, files
over the shard size in shards, a progress bar on stderr), signs the
manifest's digest with the operator's SSH key (namespace council-artifact)
and commits the record through the write path.  Verifying hashes the files
again and names every finding; it exits 1 if any check fails.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from council.commands.app import CouncilTyper, JsonOpt, StoreOpt, app, echo_json, handled, open_store
from council.commands.writes import DryRunOpt, ReadersOpt, first_party, perform, readers_option, report, split
from council.errors import RecordError, StoreError
from council.parse import parse_date, split_ids

if TYPE_CHECKING:
    from council.artifacts import Artifact
    from store.api import Store

artifact_app = CouncilTyper(help="The artifact register: models, checkpoints and their signed manifests.",
                            no_args_is_help=True)
app.add_typer(artifact_app, name="artifact")

GIB = 1 << 30


class Bar:
    """A progress bar on stderr, redrawn at most ten times a second (nothing when stderr is not a terminal)."""

    def __init__(self, what: str) -> None:
        self.what, self.last, self.shown = what, 0.0, sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.shown or (now - self.last < 0.1 and done < total):
            return
        self.last = now
        part = done / total if total else 1.0
        filled = int(part * 30)
        sys.stderr.write(f"\r{self.what} [{'#' * filled}{'.' * (30 - filled)}] {part:4.0%} "
                         f"{done / 1e6:,.0f} of {total / 1e6:,.0f} MB")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _pairs(values: list[str], where: str, field: str) -> dict[str, str]:
    """``name=value`` options as a table; anything else is refused naming the field."""
    out = {}
    for value in values:
        name, eq, text = value.partition("=")
        if not eq or not name.strip():
            raise RecordError(where, field, "name=value", value)
        out[name.strip()] = text.strip()
    return out


def _scan(path: Path, shard_size: int, where: str) -> Any:
    from store.usecases import artifacts as uses

    if shard_size <= 0:
        raise RecordError(where, "shard_size", "a positive number of bytes", shard_size)
    try:
        return uses.hash_path(path, shard_size, Bar(f"hashing {path.name}"))
    except uses.ArtifactPathError as exc:
        raise RecordError(where, "path", "a file or a directory to hash", str(exc)) from None


@artifact_app.command("register")
@handled
def register(path: Path = typer.Argument(..., help="The artifact's file or directory."),
             title: str = typer.Option(..., "--title", help="What it is."),
             owners: str = typer.Option(..., "--owners", help="The owning parties, comma-separated."),
             kind: str = typer.Option("model", "--kind", help="model, checkpoint, adapter, evaluation_set, "
                                                              "dataset_snapshot."),
             version: str = typer.Option("", "--version", help="Its version."),
             location: str = typer.Option("", "--location", help="Where the bytes are kept (a URI)."),
             datasets: str = typer.Option("", "--datasets", help="Datasets trained or evaluated on (DS-001,...)."),
             parents: str = typer.Option("", "--parents", help="Artifacts it derives from (ART-001,...)."),
             ip_asset: str = typer.Option("", "--ip-asset", help="The IP register entry it belongs to."),
             code: str = typer.Option("", "--code", help="The training code: REPOSITORY@COMMIT."),
             hyper: list[str] = typer.Option([], "--hyper", help="A hyperparameter, name=value (repeatable)."),
             library: list[str] = typer.Option([], "--library", help="A library version, name=version."),
             decision: str = typer.Option("", "--decision", help="The decision that approved registering it."),
             artifact_id: str = typer.Option("", "--id", help="Its ID (default: the next free ART-NNN)."),
             sensitivity: str = typer.Option("internal", "--sensitivity", help="public, internal, confidential..."),
             readers: str = ReadersOpt,
             shard_size: int = typer.Option(GIB, "--shard-size", help="Files larger than this many bytes are "
                                                                     "hashed in shards (default 1 GiB)."),
             unsigned: bool = typer.Option(False, "--unsigned", help="Register it without signing the manifest."),
             store: str | None = StoreOpt, as_json: bool = JsonOpt, dry_run: bool = DryRunOpt) -> None:
    """Hash a file or directory into a manifest, sign its digest and register the artifact."""
    from council.artifacts import Artifact
    from store.usecases import artifacts as uses

    where = artifact_id or "artifact"
    repository, _, commit = code.rpartition("@") if "@" in code else (code, "", "")
    opened = open_store(store, quiet=as_json)
    scan = _scan(path, shard_size, where)
    if scan.irregular:
        raise RecordError(where, "path", "only regular files and directories (links are never followed)",
                          ", ".join(scan.irregular[:3]))
    manifest = scan.manifest
    signature, signed_by = ("", "") if unsigned else uses.sign_digest(opened, manifest.digest())
    record = Artifact(id=artifact_id.strip(), title=title.strip(), kind=kind, version=version.strip(),
                      owners=split_ids(owners), ip_asset=ip_asset.strip(), location=location.strip(),
                      manifest_digest=manifest.digest(), manifest=manifest.text(), files=len(manifest.files),
                      size=manifest.total_size, datasets=split_ids(datasets), datasets_commit=opened.version or "",
                      parents=split_ids(parents), code_repository=repository, code_commit=commit,
                      hyperparameters=_pairs(hyper, where, "hyperparameters"),
                      libraries=_pairs(library, where, "libraries"), decision=decision.strip(),
                      signature=signature, signed_by=signed_by, sensitivity=sensitivity)
    with readers_option(record.owners[0] if record.owners else first_party(opened)):
        done = perform(opened, dry_run, lambda: uses.register(opened, record, split_ids(readers)))
    committed, written = split(done, record.id or None)
    report(f"Registered {getattr(written, 'id', 'the artifact')} ({manifest.digest()})", committed, as_json,
           written)


@artifact_app.command("verify")
@handled
def verify(path: Path = typer.Argument(..., help="The files at hand: the artifact's file or directory."),
           artifact_id: str = typer.Argument("", help="The artifact, e.g. ART-007 (default: the one whose "
                                                      "manifest the files match)."),
           party: str = typer.Option("", "--party", help="Whose holding to check (default: the operator's)."),
           on: str | None = typer.Option(None, "--on", help="The day, YYYY-MM-DD (default: today)."),
           store: str | None = StoreOpt, as_json: bool = JsonOpt) -> None:
    """Check every file's digest, missing and extra files, the signature and the release; exit 1 on any failure."""
    from council.artifacts import Artifact
    from store.usecases import artifacts as uses

    opened = open_store(store, quiet=as_json)
    when = dt.datetime.now(dt.UTC) if on is None else dt.datetime.combine(
        parse_date(on, artifact_id or "verify", "on"), dt.time(12), dt.UTC)
    scan = None
    if artifact_id:
        record = opened.require(artifact_id)
        if not isinstance(record, Artifact):
            raise RecordError(artifact_id, "id", "the ID of a registered artifact", artifact_id)
    else:
        record, scan = _by_digest(opened, path)
    holder = party.strip() or _operator_party(opened)
    findings = uses.verify_files(opened, path, record, holder, when, Bar(f"hashing {path.name}"), scan)
    ok = all(f.ok for f in findings)
    if as_json:
        echo_json({"artifact": record.id, "party": holder, "ok": ok,
                   "findings": [{"check": f.check, "ok": f.ok, "detail": f.detail} for f in findings]})
    else:
        typer.echo(f"{record.id} at {path}, for {holder}: {'verified' if ok else 'FAILED'}")
        for finding in findings:
            typer.echo(f"  {finding}")
    raise typer.Exit(0 if ok else 1)


def _operator_party(opened: "Store") -> str:
    from council.records import Member

    member = opened.get(opened.operator_id() or "")
    if not isinstance(member, Member):
        raise StoreError("whose copy is this? run `council operator MEMBER-ID`, or pass --party")
    return member.party


def _by_digest(opened: "Store", path: Path) -> tuple["Artifact", Any]:
    """The artifact whose manifest the files at ``path`` match, and their scan.

    The files are hashed once per shard size the register uses (almost always
    one: 1 GiB), since a manifest's digest depends on it.
    """
    from council import manifest as manifests
    from store.usecases import artifacts as uses

    registered = list(uses.artifacts(opened).values())
    sizes: dict[int, list["Artifact"]] = {}
    for artifact in registered:
        try:
            sizes.setdefault(manifests.parse(artifact.manifest).shard_size, []).append(artifact)
        except manifests.ManifestError:
            continue  # verify with its ID names what is wrong with it
    scan = None
    for size, candidates in sorted(sizes.items(), key=lambda item: item[0] != GIB):
        scan = _scan(path, size, "verify")
        found = [a for a in candidates if a.manifest_digest == scan.manifest.digest()]
        if found:
            return found[0], scan
    digest = scan.manifest.digest() if scan else "no artifact is registered"
    raise RecordError("verify", "ID", f"an artifact ID: no registered artifact has the manifest of {path} "
                      f"({digest}); name the one it should be to see which files differ", digest)
