"""Signed approvals: SSH signatures on amend commits, and co-signatures for two-key approval.

When the charter's signing clause says ``required = true``, every ``amend:``
commit carries a git ``gpgsig`` header made exactly as ``git commit -S`` with
``gpg.format=ssh`` makes it: ``ssh-keygen -Y sign -n git`` over the commit
object without the header, the armored signature inserted after the
``committer`` line with each continuation line indented by one space.  Plain
``git verify-commit`` therefore checks it, given the allowed-signers file that
:func:`allowed_signers` writes from the member records (``signing_key``).

When the clause says ``two_key = true``, a representative of every party must
sign.  The operator's commit signature counts for the operator's party; each
other party's representative signs the *approval payload* (:func:`approval_payload`:
the decision and, for every term file changed, its old and new blob) with
``ssh-keygen -Y sign -n council-approval``, and the signature travels in the
commit message as a ``Co-signed-by: <member-id> <base64>`` trailer.  See
docs/signing.md for the workflow and what an outsider runs to check it.

Keys are checked against the members registered *as of the parent commit*, so
a commit cannot register the key that authorises it.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from council import keyfiles, settings
from council.errors import RecordError, RuleError, StoreError
from council.records import Member, is_term_path
from store.git import objects as gitobjects
from store.git import process as gitprocess
from store.git import sshsig, trees
from store.git.commits import Identity, trailers
from store.git.objects import blob_sha

if TYPE_CHECKING:
    from store.service import Store

GIT_NAMESPACE = "git"
APPROVAL_NAMESPACE = "council-approval"
ARTIFACT_NAMESPACE = "council-artifact"  # an artifact's manifest digest, signed by its owning party
KEY_FILE = "signing_key"  # in .council/: the path of the operator's private key
COSIGN_DIR = "cosignatures"  # in .council/: co-signatures collected for pending amendments
COSIGN_TRAILER = "Co-signed-by"
_ARMOR_BEGIN = "-----BEGIN SSH SIGNATURE-----"
_ARMOR_END = "-----END SSH SIGNATURE-----"


def setup_hint(clause: str = "") -> str:
    """What to tell a user who has no key, in one paragraph."""
    where = f" (charter {clause})" if clause else ""
    return (f"the charter requires amendments to be signed{where}, and no signing key is configured. "
            "Create one with `ssh-keygen -t ed25519 -f ~/.ssh/council_ed25519 -C you@example.org`, "
            "have your member record's `signing_key` set to the contents of ~/.ssh/council_ed25519.pub, "
            "then run `council keys use ~/.ssh/council_ed25519` (or set git's user.signingkey)")


# --- the operator's key -------------------------------------------------------------


def configured_key(store: "Store") -> Path | None:
    """The operator's private key: `council keys use`, else COUNCIL_SIGNING_KEY, else user.signingkey."""
    local = store.meta_dir / KEY_FILE
    if local.exists() and local.read_text().strip():
        return Path(local.read_text().strip()).expanduser()
    if settings.current().signing_key is not None:
        return settings.current().signing_key
    value = gitprocess.config_get(store.root, "user.signingkey")
    if value and not value.startswith("key::"):
        return Path(value).expanduser()
    return None


def use_key(store: "Store", path: Path) -> str:
    """Remember ``path`` as this store's signing key; return its public key line."""
    path = Path(path).expanduser().resolve()
    if not path.is_file():
        raise StoreError(f"no key at {path}: create one with `ssh-keygen -t ed25519 -f {path}`")
    public = public_key(path)
    store.meta_dir.mkdir(exist_ok=True)
    (store.meta_dir / KEY_FILE).write_text(f"{path}\n")
    return public


def public_key(path: Path) -> str:
    """The public key line of an ed25519 OpenSSH private key file, read from the file itself (not
    its .pub twin, which may be another key's; nor ssh-keygen, whose raw errors would reach the user)."""
    line = keyfiles.public_line(Path(path))
    pub = Path(str(path) + ".pub")
    if pub.is_file() and key_id(pub.read_text(errors="replace")) == line:
        return pub.read_text().strip()  # the same key, with its comment
    return line


def readable_by_others(path: Path) -> bool:
    """Can other users read the key? ssh-keygen will not sign with such a key."""
    try:
        return bool(Path(path).stat().st_mode & 0o077)
    except OSError:
        return False


def key_id(key_line: str) -> str:
    """``"ssh-ed25519 AAAA..."`` from a public key line (the comment dropped): how keys are compared."""
    parts = key_line.split()
    return " ".join(parts[:2]) if len(parts) >= 2 else ""


# --- signing ------------------------------------------------------------------------


def sign_bytes(data: bytes, key: Path, namespace: str) -> str:
    """An armored SSH signature over ``data`` (``ssh-keygen -Y sign``)."""
    if not Path(key).exists():
        raise StoreError(f"the signing key {key} does not exist; " + setup_hint())
    if Path(key).stat().st_mode & 0o077:
        # ssh-keygen ignores such a key ("UNPROTECTED PRIVATE KEY FILE"); say what to do
        # (a key from a git checkout, like the sample's demo keys, is readable by all).
        raise StoreError(f"the signing key {key} can be read by other users, and ssh-keygen will not sign "
                         f"with it: run `chmod 600 {key}`, then try again")
    proc = sshsig.sign(data, key, namespace)
    if proc.returncode != 0 or _ARMOR_BEGIN.encode() not in proc.stdout:
        msg = proc.stderr.decode("utf-8", "replace").strip()
        raise StoreError(f"ssh-keygen could not sign with {key}: {msg or 'no signature produced'} "
                         "(a key with a passphrase must be loaded in ssh-agent)")
    return proc.stdout.decode("ascii")


def sign_commit(raw: bytes, key: Path) -> bytes:
    """The commit object with a ``gpgsig`` header, exactly as git inserts it."""
    signature = sign_bytes(raw, key, GIT_NAMESPACE)
    end = raw.find(b"\n\n")
    at = len(raw) if end < 0 else end + 1
    lines = signature.rstrip("\n").split("\n")
    header = "gpgsig " + "\n ".join(lines) + "\n"
    return raw[:at] + header.encode("ascii") + raw[at:]


def split_signature(raw: bytes) -> tuple[bytes, str | None]:
    """(signed payload, armored signature or None) of a commit object."""
    end = raw.find(b"\n\n")
    head, rest = (raw, b"") if end < 0 else (raw[:end + 1], raw[end + 1:])
    kept, sig_lines, in_sig = [], [], False
    for line in head.split(b"\n")[:-1]:
        if line.startswith(b"gpgsig "):
            in_sig = True
            sig_lines.append(line[len(b"gpgsig "):])
        elif in_sig and line.startswith(b" "):
            sig_lines.append(line[1:])
        else:
            in_sig = False
            kept.append(line)
    payload = b"\n".join(kept) + b"\n" + rest
    if not sig_lines:
        return raw, None
    return payload, b"\n".join(sig_lines).decode("ascii", "replace") + "\n"


def signer_key(signature: str) -> str:
    """The public key (``"type base64"``) embedded in an SSH signature, or '' if unreadable."""
    try:
        body = "".join(l for l in signature.strip().splitlines() if not l.startswith("-----"))
        blob = base64.b64decode(body)
        if blob[:6] != b"SSHSIG":
            return ""
        size = int.from_bytes(blob[10:14], "big")
        key_blob = blob[14:14 + size]
        kind_len = int.from_bytes(key_blob[:4], "big")
        kind = key_blob[4:4 + kind_len].decode("ascii")
        return f"{kind} {base64.b64encode(key_blob).decode('ascii')}"
    except (ValueError, UnicodeDecodeError, IndexError):
        return ""


def armor(body: str) -> str:
    """An armored signature from its one-line base64 form (as carried in a trailer)."""
    lines = [body[i:i + 70] for i in range(0, len(body), 70)]
    return "\n".join([_ARMOR_BEGIN, *lines, _ARMOR_END]) + "\n"


def unarmor(signature: str) -> str:
    return "".join(l.strip() for l in signature.strip().splitlines() if not l.startswith("-----"))


# --- allowed signers and checking ------------------------------------------------------


def principal(member: Member) -> str:
    """The name a member's key is listed under in the allowed-signers file."""
    return member.email or member.id


def allowed_signers(members: Iterable[Member]) -> str:
    """An allowed-signers file (``ssh-keygen``'s ALLOWED SIGNERS format) for every member with a key.

    Each key is valid for git commits, council approvals and artifact manifests, from the
    member's term start to the end of their term.
    """
    lines = []
    for m in sorted(members, key=lambda m: m.id):
        key = key_id(m.signing_key)
        if not key:
            continue
        options = [f'namespaces="{GIT_NAMESPACE},{APPROVAL_NAMESPACE},{ARTIFACT_NAMESPACE}"',
                   f'valid-after="{m.term_start:%Y%m%d}"']
        if m.term_end:
            options.append(f'valid-before="{m.term_end + dt.timedelta(days=1):%Y%m%d}"')
        lines.append(f"{principal(m)} {','.join(options)} {key} {m.id}")
    return "".join(line + "\n" for line in lines)


@dataclass(frozen=True)
class SignatureCheck:
    """Whether a signature verifies, and whose it is."""

    ok: bool
    member: Member | None
    reason: str


def verify_signature(payload: bytes, signature: str, members: list[Member], namespace: str,
                     when: dt.datetime) -> SignatureCheck:
    """Check ``signature`` over ``payload`` against the members' registered keys at ``when``."""
    key = signer_key(signature)
    if not key:
        return SignatureCheck(False, None, "the signature is not an SSH signature")
    owners = [m for m in members if key_id(m.signing_key) == key]
    if not owners:
        return SignatureCheck(False, None, f"signed with a key registered to no member ({key[:40]}...)")
    member = owners[0]
    with tempfile.TemporaryDirectory(prefix="council-verify-") as tmp:
        allowed, sig = Path(tmp) / "allowed_signers", Path(tmp) / "signature"
        allowed.write_text(allowed_signers(owners))
        sig.write_text(signature)
        stamp = when.astimezone(dt.UTC).strftime("%Y%m%d%H%M%SZ")
        proc = sshsig.verify(payload, sig, allowed, principal(member), namespace, stamp)
    if proc.returncode != 0:
        why = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        return SignatureCheck(False, member, f"the signature by {member.id} does not verify: "
                              f"{why[-1] if why else 'bad signature'}")
    return SignatureCheck(True, member, f"good signature by {member.id} ({member.name})")


# --- two-key approval -----------------------------------------------------------------


def approval_payload(decision_id: str, changes: Iterable[tuple[str, str | None, str | None]]) -> bytes:
    """What each party's representative signs: the decision and each term file's old -> new blob.

    ``changes`` holds (path, old blob sha or None, new blob sha or None).
    Neither the parent commit nor the time is part of it, so that records
    committed while signatures are gathered do not invalidate them; the old
    blobs bind the change to the terms it amends.
    """
    lines = ["council approval v1", f"decision {decision_id}"]
    for path, old, new in sorted(changes):
        lines.append(f"change {path} {old or '0' * 40} {new or '0' * 40}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def payload_digest(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


@dataclass(frozen=True)
class Cosignature:
    member: str
    signature: str  # armored

    @property
    def trailer(self) -> str:
        return f"{COSIGN_TRAILER}: {self.member} {unarmor(self.signature)}"


def cosign(payload: bytes, key: Path, member_id: str) -> Cosignature:
    """A party representative's signature over an approval payload."""
    return Cosignature(member_id, sign_bytes(payload, key, APPROVAL_NAMESPACE))


def cosignatures_in(message: str) -> list[Cosignature]:
    """The co-signatures a commit message carries."""
    out = []
    for key, value in trailers(message):
        if key == COSIGN_TRAILER:
            member, _, body = value.partition(" ")
            out.append(Cosignature(member, armor(body.strip())))
    return out


def accept_cosignature(store: "Store", payload: bytes, cosig: Cosignature) -> SignatureCheck:
    """Check a co-signature against the members registered now, and file it for the amend commit."""
    check = verify_signature(payload, cosig.signature, store.members(), APPROVAL_NAMESPACE,
                             dt.datetime.now(dt.UTC))
    if not check.ok:
        raise RuleError(f"co-signature not accepted: {check.reason}")
    if check.member is None or check.member.id != cosig.member:
        raise RuleError(f"co-signature not accepted: it is signed with {check.member.id if check.member else 'an unknown'}'s "
                        f"key, not {cosig.member}'s")
    folder = store.meta_dir / COSIGN_DIR / payload_digest(payload)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{cosig.member}.sig").write_text(cosig.signature)
    return check


def filed_cosignatures(store: "Store", payload: bytes) -> list[Cosignature]:
    folder = store.meta_dir / COSIGN_DIR / payload_digest(payload)
    if not folder.is_dir():
        return []
    return [Cosignature(p.stem, p.read_text()) for p in sorted(folder.glob("*.sig"))]


def request_for(store: "Store", decision_id: str, records: list) -> bytes:
    """The approval payload for a proposed amendment (its term records, as they would be written)."""
    from council.fileformat import serialise
    from council.records import path_for

    changes = []
    for record in records:
        path = path_for(record)
        if not is_term_path(path):
            continue
        content = serialise(record).encode("utf-8")
        row = store.stored(record.id)
        changes.append((path, row.blob if row is not None else None, blob_sha(content)))
    if not changes:
        raise RecordError(decision_id, "records", "at least one term record (charter clause, IP asset, exit plan)")
    return approval_payload(decision_id, changes)


# --- the write path's hook ---------------------------------------------------------------


def commit_bytes(store: "Store", tree: str, parent: str | None, who: tuple[Identity, Identity],
                 when: dt.datetime, message: str, files: dict[str, bytes | None]) -> tuple[bytes, str]:
    """The commit object the write path stores, and its final message.

    An ``amend:`` commit is signed when the charter in force (at the parent,
    i.e. the store as it is now) requires it; under two-key approval the
    co-signatures filed for this change are added as trailers, and the
    commit is refused unless every party has signed.
    """
    plain = gitobjects.commit_object(tree, parent, who[0], who[1], when, message)
    if parent is None or not message.startswith("amend:"):
        return plain, message
    charter = store.charter()
    if not (charter.signing_required or charter.two_key):
        return plain, message
    clause = charter.clauses.get("signing", "")
    key = configured_key(store)
    if key is None:
        raise StoreError(setup_hint(clause))
    public = key_id(public_key(key))
    own = next((m for m in store.members() if key_id(m.signing_key) == public), None)
    if own is None:
        raise StoreError(f"the signing key {key} is registered to no member, so its signature would not count: "
                         f"set your member record's signing_key to the contents of {key}.pub first")
    if charter.two_key:
        message = _with_cosignatures(store, own, message, files, clause)
    raw = gitobjects.commit_object(tree, parent, who[0], who[1], when, message)
    return sign_commit(raw, key), message


def _with_cosignatures(store: "Store", own: Member, message: str, files: dict[str, bytes | None],
                       clause: str) -> str:
    decision = dict(trailers(message)).get("Decision", "")
    parent_tree = store.tree_of(store.head) if store.head else None
    changes = [(p, trees.blob_at(store.objects, parent_tree, p), None if c is None else blob_sha(c))
               for p, c in files.items() if is_term_path(p)]
    payload = approval_payload(decision, changes)
    cosigs = [c for c in filed_cosignatures(store, payload) if c.member != own.id]
    by_id = {m.id: m for m in store.members()}
    signed = {own.party} | {by_id[c.member].party for c in cosigs if c.member in by_id}
    partnership = store.partnership()
    parties = [p.id for p in partnership.parties] if partnership else []
    missing = [p for p in parties if p not in signed]
    if missing:
        raise RuleError(f"two-key approval (charter {clause}): {', '.join(missing)} has not signed this amendment; "
                        f"ask a representative to run `council keys cosign REQUEST --key KEY --member ID` on the "
                        f"request from `council keys request {decision} FILE...`, then `council keys accept SIG "
                        f"--request REQUEST` here")
    lines = message.rstrip("\n").split("\n")
    return "\n".join(lines + [c.trailer for c in cosigs]) + "\n"
