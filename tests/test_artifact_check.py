"""`artifact verify`'s checks (store/artifacts/check.py) on a generated directory of 1,000 files."""

from __future__ import annotations

import datetime as dt
import random
import subprocess
from pathlib import Path

import pytest

from council.artifacts import Artifact, Release
from council.records import Member
from store.artifacts import check
from store.artifacts.hashing import hash_artifact

WHEN = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)


def keypair(folder: Path, name: str) -> tuple[Path, str]:
    key = folder / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True)
    return key, key.with_suffix(".pub").read_text().strip()


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory):
    """A 1,000-file artifact of meridian's, its record signed by dee, and the members."""
    base = tmp_path_factory.mktemp("artifact")
    rng = random.Random(11)
    root = base / "model"
    for i in range(1000):
        path = root / f"part-{i // 100}" / f"w{i:04d}.bin"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(rng.randbytes(rng.randrange(1, 300)))
    dee_key, dee_pub = keypair(base, "dee")
    _, ada_pub = keypair(base, "ada")
    members = [Member(id="dee", name="Dee Park", party="lab", voting=True, email="dee@lab.example",
                      signing_key=dee_pub, term_start=dt.date(2025, 1, 1)),
               Member(id="ada", name="Ada Hale", party="hosp", voting=True, email="ada@hosp.example",
                      signing_key=ada_pub, term_start=dt.date(2025, 1, 1))]
    manifest = hash_artifact(root).manifest
    artifact = Artifact(id="ART-001", title="Adapter", owners=["lab"], manifest=manifest.text(),
                        manifest_digest=manifest.digest(), files=1000, size=manifest.total_size,
                        signature=check.sign_manifest(manifest.digest(), dee_key), signed_by="dee")
    return root, artifact, members


def failures(findings: list[check.Finding]) -> list[str]:
    return [f"{f.check}: {f.detail}" for f in findings if not f.ok]


def test_the_registered_files_signed_by_their_owner_verify(signed) -> None:
    root, artifact, members = signed
    found = check.verify(root, artifact, members, [], "lab", WHEN)
    assert failures(found) == []
    assert [f.check for f in found] == ["manifest", "files", "signature", "release"]
    assert "good signature by dee" in str(found[2])


def test_a_changed_byte_a_missing_file_and_an_extra_file_are_each_named(signed, tmp_path: Path) -> None:
    root, artifact, members = signed
    copy = tmp_path / "model"
    subprocess.run(["cp", "-r", str(root), str(copy)], check=True)
    victim = copy / "part-3" / "w0321.bin"
    data = bytearray(victim.read_bytes())
    data[0] ^= 1
    victim.write_bytes(bytes(data))
    (copy / "part-9" / "w0999.bin").unlink()
    (copy / "notes.txt").write_text("added later")
    found = failures(check.verify(copy, artifact, members, [], "lab", WHEN))
    assert found == ["files: extra: notes.txt (11 bytes, not in the manifest)",
                     "files: changed: part-3/w0321.bin (same size, different content)",
                     f"files: missing: part-9/w0999.bin ({len((root / 'part-9' / 'w0999.bin').read_bytes())} "
                     "bytes expected)"]


def test_a_bad_signature_and_a_forged_manifest_are_named(signed) -> None:
    root, artifact, members = signed
    other = artifact.replace(manifest_digest="sha256:" + "0" * 64)
    found = failures(check.verify(root, other, members, [], "lab", WHEN))
    assert found[0].startswith("manifest: the recorded manifest's digest is sha256:")
    assert found[1].startswith("signature: the signature by dee does not verify")
    by_outsider = check.check_signature(artifact.replace(owners=["hosp"]), members, WHEN)
    assert not by_outsider.ok and "registered to no member" in by_outsider.detail
    assert not check.check_signature(artifact.replace(signature=""), members, WHEN).ok


def test_holding_it_needs_a_live_release(signed) -> None:
    root, artifact, members = signed
    expired = Release(id="REL-001", artifact="ART-001", recipient="hosp", status="granted", mode="weights",
                      starts=dt.date(2026, 1, 1), ends=dt.date(2026, 6, 30))
    assert failures(check.verify(root, artifact, members, [expired], "hosp", WHEN)) == [
        "release: REL-001 for hosp: ended on 2026-06-30"]
    live = expired.replace(id="REL-002", ends=dt.date(2027, 6, 30))
    assert check.check_release(artifact, [expired, live], "hosp", WHEN.date()).ok
    revoked = live.replace(revoked_on=dt.date(2026, 11, 1))
    assert "revoked on 2026-11-01" in check.check_release(artifact, [revoked], "hosp", WHEN.date()).detail
    assert check.check_release(artifact, [], "hosp", WHEN.date()).detail == "hosp holds no release of ART-001"
