"""Opening a redaction commitment, for an auditor.

The secretariat, holding the store and its export key, *reveals* one withheld
item: its salt and its exact bytes.  The auditor, holding only the published
``manifest.json``, *checks* that they open the commitment listed there::

    python -m exports.audit reveal --store STORE --commit SHA --item DEC-2026-014#body > item.json
    python -m exports.audit check --manifest site/manifest.json item.json

Revealing an item discloses that item only: every item has its own salt.
An item may be a nested field (``IP-001#licenses.royalty``: the list of every
licence's royalty) or a member withheld under a pseudonym (``MBR-…``, found
with the store's export key).
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
from pathlib import Path

from council.errors import CouncilError
from council.fileformat import parse_path
from council.records import kind_of_id, names_field, path_for_id
from exports.commitments import canonical_value, check, item_salt, load_key
from exports.options import ExportError
from exports.pseudonyms import is_pseudonym, pseudonym
from exports.redact import plain, pluck
from exports.snapshot import read_blobs, resolve
from store.git.trees import ls_tree


def withheld_bytes(store_root: Path, commit: str, item: str, key: bytes | None = None) -> bytes:
    """The exact bytes an item's commitment was made over, read from git at ``commit``.

    A member withheld under a pseudonym (``MBR-…``) is found with the store's
    export key (``key``, else the store's own in ``.council/``).
    """
    record_id, _, field = item.partition("#")
    if is_pseudonym(record_id):
        record_id = _unmask(store_root, commit, record_id, key or load_key(store_root / ".council"))
    kind = kind_of_id(record_id)
    spec = f"{commit}:{path_for_id(kind, record_id)}" if kind else ""
    data = read_blobs(store_root, [spec]).get(spec) if spec else None
    if data is None:
        raise ExportError(f"{record_id} is not a record in the store at {commit[:10]}")
    if not field:
        return data
    assert kind  # a record was found, so its ID named a kind
    record = parse_path(path_for_id(kind, record_id), data)
    if field in (record.sealed or {}):  # a sealed value is committed to as stored: its armour
        return canonical_value(record.sealed[field])
    top, _, rest = field.partition(".")
    if not hasattr(record, top) or (rest and not names_field(type(record), field)):
        raise ExportError(f"{record_id} has no field {field!r}")
    value = plain(getattr(record, top))
    return canonical_value(pluck(value, rest.split(".")) if rest else value)


def _unmask(store_root: Path, commit: str, alias: str, key: bytes) -> str:
    """The member ID behind a pseudonym, among the member files at ``commit``."""
    for path, _blob in ls_tree(store_root, commit, "members"):
        if path.startswith("members/") and path.endswith(".md") and pseudonym(key, path[8:-3]) == alias:
            return path[8:-3]
    raise ExportError(f"{alias} is the pseudonym of no member at {commit[:10]} under this store's export key")


def reveal(store_root: Path, meta_dir: Path, rev: str, item: str) -> dict[str, str]:
    """What an auditor needs to open one commitment: the item, its salt and its bytes."""
    commit = resolve(store_root, rev)
    key = load_key(meta_dir)
    value = withheld_bytes(store_root, commit, item, key)
    salt = item_salt(key, commit, item)
    return {"item": item, "commit": commit, "salt": salt.hex(),
            "value_base64": base64.b64encode(value).decode("ascii")}


def verify(manifest: dict, revealed: dict[str, str]) -> bool:
    """Does the revealed value open the commitment the manifest lists for its item?"""
    if manifest.get("source", {}).get("commit") != revealed.get("commit"):
        return False
    listed = {i["item"]: i["commitment"] for i in manifest.get("redactions", {}).get("items", [])}
    expected = listed.get(revealed.get("item", ""))
    value = base64.b64decode(revealed.get("value_base64", ""))
    return expected is not None and check(expected, revealed.get("salt", ""), revealed["item"], value)


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(prog="python -m exports.audit", description=__doc__.split("\n\n")[0])
    sub = cli.add_subparsers(dest="command", required=True)
    rev = sub.add_parser("reveal", help="print an item's salt and bytes (secretariat, holds the key)")
    rev.add_argument("--store", required=True)
    rev.add_argument("--commit", default="HEAD")
    rev.add_argument("--item", required=True)
    chk = sub.add_parser("check", help="check a revealed item against a published manifest (auditor)")
    chk.add_argument("--manifest", required=True)
    chk.add_argument("revealed")
    args = cli.parse_args(argv)
    try:
        if args.command == "reveal":
            root = Path(args.store)
            print(json.dumps(reveal(root, root / ".council", args.commit, args.item), indent=2))
            return 0
        ok = verify(json.loads(Path(args.manifest).read_text()), json.loads(Path(args.revealed).read_text()))
    except (CouncilError, OSError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print("OK: the revealed value is exactly what was withheld" if ok else "MISMATCH: it is not")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
