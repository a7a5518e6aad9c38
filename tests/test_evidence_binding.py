"""The evidence bundle binds every file to the git objects it came from: editing
the attendance and regenerating SHA256SUMS no longer passes the documented check."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from store.audit import evidence
from tests.test_history import amended  # noqa: F401 (fixture)

COUNCIL = str(Path(sys.executable).with_name("council"))


def check(folder: Path, with_council: bool = True) -> subprocess.CompletedProcess:
    """The documented offline check, as an outsider runs it (README: `sh check.sh`)."""
    env = {**os.environ, "COUNCIL": COUNCIL if with_council else "/nonexistent/council"}
    return subprocess.run(["sh", "check.sh"], cwd=folder, capture_output=True, text=True, env=env, timeout=600)


def resum(folder: Path) -> None:
    """What a forger does after an edit: SHA256SUMS written again, so that it passes."""
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                   if p.is_file() and p.name != "SHA256SUMS" and "store" not in p.relative_to(folder).parts)
    (folder / "SHA256SUMS").write_text("".join(f"{hashlib.sha256((folder / f).read_bytes()).hexdigest()}  {f}\n"
                                               for f in files))
    assert subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=folder).returncode == 0


@pytest.fixture
def bundle(amended, tmp_path: Path) -> Path:  # noqa: F811
    store, _ = amended
    out = tmp_path / "evidence"
    evidence.build(store.root, "DEC-2026-001", out)
    return out


def test_an_untouched_bundle_checks_out_file_by_file(bundle: Path) -> None:
    readme = (bundle / "README.md").read_text()
    assert "sh check.sh" in readme and "derived" in readme
    done = check(bundle)
    assert done.returncode == 0, done.stdout + done.stderr
    for name in ("meeting.md", "decision.md", "charter/4.2.md", "members/ada.md", "partnership.md",
                 "amendment.diff", "computation.txt (derived)", "votes.csv (derived)"):
        assert f"same: {name}" in done.stdout, name
    sources = (bundle / "SOURCES").read_text()
    assert " meetings/2026/MTG-2026-01.md meeting.md" in sources


def test_edited_attendance_with_regenerated_sums_fails_the_documented_check(bundle: Path) -> None:
    meeting = bundle / "meeting.md"
    meeting.write_text(meeting.read_text().replace('"present"', '"absent"', 1))
    resum(bundle)
    done = check(bundle, with_council=False)  # git alone catches it
    assert done.returncode == 1 and "DIFFERENT: meeting.md" in done.stdout, done.stdout


def test_an_edited_derived_file_fails_when_council_re_derives_it(bundle: Path) -> None:
    votes = bundle / "votes.csv"
    votes.write_text(votes.read_text().replace(",for", ",against", 1))
    resum(bundle)
    assert check(bundle, with_council=False).returncode == 0  # derived: git alone cannot tell
    done = check(bundle)
    assert done.returncode == 1 and "DIFFERENT: votes.csv (derived)" in done.stdout, done.stdout


def test_a_member_added_to_the_bundle_fails_the_check(bundle: Path) -> None:
    shutil.copy(bundle / "members" / "ada.md", bundle / "members" / "zed.md")
    resum(bundle)
    done = check(bundle, with_council=False)
    assert done.returncode == 1 and "files nobody copied: members/zed.md" in done.stdout, done.stdout
