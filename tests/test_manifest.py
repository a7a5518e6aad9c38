"""Artifact manifests: the model (council/manifest.py) and hashing real files (store/artifacts/hashing.py)."""

from __future__ import annotations

import hashlib
import os
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from council import manifest
from council.manifest import FileEntry, Finding, Manifest, ManifestError
from store.artifacts.hashing import ArtifactPathError, hash_artifact


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tree(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


FILES = {"weights/model-00001.safetensors": b"\x00\x01" * 5000, "config.json": b'{"layers": 2}',
         "empty": b"", "notes/with space\nand newline.txt": "é ✓".encode(), "tokenizer/vocab.txt": b"a\nb\n"}


def test_every_file_is_listed_with_its_size_and_sha256(tmp_path: Path) -> None:
    scan = hash_artifact(tree(tmp_path / "art", FILES))
    assert scan.irregular == ()
    assert scan.manifest.files == tuple(sorted((FileEntry(name, len(data), sha(data))
                                                for name, data in FILES.items()), key=lambda f: f.path))


def test_a_single_file_is_an_artifact_of_one_entry(tmp_path: Path) -> None:
    (tmp_path / "ckpt.bin").write_bytes(b"abc")
    assert hash_artifact(tmp_path / "ckpt.bin").manifest.files == (FileEntry("ckpt.bin", 3, sha(b"abc")),)


def test_a_large_file_is_hashed_in_shards_and_the_shards_are_its_slices(tmp_path: Path) -> None:
    data = random.Random(7).randbytes(1000)
    (tmp_path / "big.bin").write_bytes(data)
    entry = hash_artifact(tmp_path / "big.bin", shard_size=300).manifest.files[0]
    assert entry.sha256 == "" and entry.shards == tuple(sha(data[i:i + 300]) for i in range(0, 1000, 300))
    exactly = hash_artifact(tmp_path / "big.bin", shard_size=1000).manifest.files[0]
    assert exactly.shards == () and exactly.sha256 == sha(data)


def test_progress_is_told_every_byte(tmp_path: Path) -> None:
    heard: list[tuple[int, int]] = []
    hash_artifact(tree(tmp_path / "art", FILES), shard_size=1000, progress=lambda d, t: heard.append((d, t)))
    total = sum(len(d) for d in FILES.values())
    assert heard[-1] == (total, total) and [d for d, _ in heard] == sorted(d for d, _ in heard)


def test_links_and_special_files_are_reported_never_followed(tmp_path: Path) -> None:
    root = tree(tmp_path / "art", {"a.bin": b"a"})
    (tmp_path / "secret.txt").write_text("outside the artifact")
    (root / "link").symlink_to(tmp_path / "secret.txt")
    os.mkfifo(root / "pipe")
    scan = hash_artifact(root)
    assert [f.path for f in scan.manifest.files] == ["a.bin"] and scan.irregular == ("link", "pipe")
    with pytest.raises(ArtifactPathError, match="a link is never followed"):
        hash_artifact(root / "link")
    with pytest.raises(ArtifactPathError, match="does not exist"):
        hash_artifact(tmp_path / "nowhere")


def test_a_generated_directory_of_1000_files_names_each_difference(tmp_path: Path) -> None:
    rng = random.Random(3)
    files = {f"shard-{i // 100:02d}/part-{i:04d}.bin": rng.randbytes(rng.randrange(0, 600)) for i in range(1000)}
    files["big.bin"] = rng.randbytes(5000)
    files["shard-04/part-0417.bin"] = rng.randbytes(100)
    root = tree(tmp_path / "art", files)
    approved = hash_artifact(root, shard_size=1024).manifest
    assert manifest.compare(approved, hash_artifact(root, shard_size=1024).manifest) == []
    changed = root / "shard-04/part-0417.bin"
    changed.write_bytes(bytes([files["shard-04/part-0417.bin"][0] ^ 1]) + files["shard-04/part-0417.bin"][1:])
    (root / "shard-09/part-0950.bin").unlink()
    (root / "extra.txt").write_text("not approved")
    data = bytearray(files["big.bin"])
    data[3000] ^= 0xFF
    (root / "big.bin").write_bytes(bytes(data))
    (root / "link").symlink_to(root / "extra.txt")
    scan = hash_artifact(root, shard_size=1024)
    found = [str(f) for f in manifest.compare(approved, scan.manifest, scan.irregular)]
    assert found == ["changed: big.bin (content differs in shard 3 of 5)",
                     "extra: extra.txt (12 bytes, not in the manifest)",
                     "irregular: link (not a regular file: only regular files are hashed)",
                     "changed: shard-04/part-0417.bin (same size, different content)",
                     f"missing: shard-09/part-0950.bin ({len(files['shard-09/part-0950.bin'])} bytes expected)"]


# --- the canonical text ------------------------------------------------------------------------

paths = st.lists(st.text(st.characters(blacklist_characters="/\\\0", blacklist_categories=("Cs",)), min_size=1,
                         max_size=8).filter(lambda p: p not in (".", "..")), min_size=1, max_size=3).map("/".join)


@given(st.dictionaries(paths, st.tuples(st.integers(0, 5000), st.binary(max_size=4)), max_size=8),
       st.sampled_from([1000, 1 << 30]))
def test_the_canonical_text_reads_back_to_the_same_manifest(entries, shard_size: int) -> None:
    files = []
    for path, (size, seed) in entries.items():
        count = manifest.shard_count(size, shard_size)
        digests = [sha(seed + bytes([i])) for i in range(max(1, count))]
        files.append(FileEntry(path, size, shards=tuple(digests)) if count else FileEntry(path, size, digests[0]))
    made = Manifest(tuple(files), shard_size)
    again = manifest.parse(made.text())
    assert again == made and again.digest() == made.digest()


def test_the_digest_covers_every_path_size_and_byte() -> None:
    base = Manifest((FileEntry("a", 1, sha(b"a")), FileEntry("b", 1, sha(b"b"))))
    assert Manifest((FileEntry("b", 1, sha(b"b")), FileEntry("a", 1, sha(b"a")))).digest() == base.digest()
    for other in (Manifest((FileEntry("a", 1, sha(b"a")),)), Manifest((FileEntry("a", 1, sha(b"a")),
                  FileEntry("c", 1, sha(b"b")))), Manifest((FileEntry("a", 1, sha(b"a")), FileEntry("b", 2, sha(b"b"))))):
        assert other.digest() != base.digest()


HEADER = '{"format":"council-manifest/v1","shard_size":1000}\n'
GOOD = f'["a",1,"{sha(b"a")}"]\n'


@pytest.mark.parametrize(("text", "message"), [
    (HEADER + GOOD.rstrip("\n"), "ends with a newline"),
    ('{"format":"other","shard_size":1000}\n' + GOOD, "line 1: expected the header"),
    (HEADER + f'["../etc/passwd",1,"{sha(b"a")}"]\n', "line 2: expected a relative path inside the artifact"),
    (HEADER + '["a",1,"ABC"]\n', "line 2: a: expected one lowercase SHA-256 for 1 bytes"),
    (HEADER + f'["a",2000,"{sha(b"a")}"]\n', "line 2: a: expected 2 shard SHA-256s for 2000 bytes"),
    (HEADER + f'["a",-1,"{sha(b"a")}"]\n', "line 2: expected a size in bytes"),
    (HEADER + f'["b",1,"{sha(b"a")}"]\n' + GOOD, "not in canonical form"),
    (HEADER + GOOD + GOOD, "listed twice|not in canonical form"),
    (HEADER + "not json\n", "line 2: expected \\[path, size"),
])
def test_a_manifest_that_is_not_canonical_is_refused_naming_the_line(text: str, message: str) -> None:
    with pytest.raises(ManifestError, match=message):
        manifest.parse(text)


def test_findings_read_as_a_person_would_say_them() -> None:
    assert str(Finding("missing", "a.bin", "3 bytes expected")) == "missing: a.bin (3 bytes expected)"
