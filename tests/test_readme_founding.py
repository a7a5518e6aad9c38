"""The README's "Start your own council", run as written: a fresh HOME, no git
identity, real git repositories and ssh-keygen keys in a temporary directory.

From `council init` through appointments with keys, a clone on the second
party's side, a meeting, attendance, a motion and its votes, a passed and
signed amendment, sync both ways, to `council verify` OK on both replicas,
with no record file touched by hand.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"

pytestmark = pytest.mark.slow  # some forty commands, each a process of its own


def section_script(title: str = "## Start your own council") -> str:
    """The section's commands: its lines indented four spaces, in order."""
    text = README.read_text(encoding="utf-8")
    body = text.split(title + "\n", 1)[1].split("\n## ", 1)[0]
    return "\n".join(line[4:] for line in body.splitlines() if line.startswith("    "))


def fresh_env(home: Path) -> dict[str, str]:
    """A person's shell on a new machine: this venv's council on PATH, nothing else of ours."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")}
    keep["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{keep.get('PATH', '')}"
    keep.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), GIT_CONFIG_NOSYSTEM="1",
                COUNCIL_DATA_DIR=str(home / "council-data"))
    return keep


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


def test_the_readme_founds_a_council_and_two_replicas_verify(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    script = section_script()
    assert script.count("council ") > 20, "the README section lost its commands"
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=tmp_path, env=fresh_env(home),
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    acme, beta = tmp_path / "acme-beta", tmp_path / "beta"
    # Both replicas verified, and hold the same history.
    assert done.stdout.count("OK: ") == 2, done.stdout
    assert git(acme, "rev-parse", "HEAD") == git(beta, "rev-parse", "HEAD")
    # The amendment passed, in one signed amend: commit; the dispute came from Beta's side.
    log = git(acme, "log", "--format=%an|%H|%s")
    amend = next(line for line in log.splitlines() if line.endswith("|amend: seat the council in Basel"))
    author, commit, _ = amend.split("|", 2)
    assert author == "Ann Archer"
    assert "gpgsig -----BEGIN SSH SIGNATURE-----" in git(acme, "cat-file", "-p", commit)
    verified = [line for line in done.stdout.splitlines() if line.startswith("OK: ")]
    # The founding and the amendment are both signed.
    assert all("10 commits, 1 amendments, 2 signatures checked" in line for line in verified), verified
    root = git(acme, "rev-list", "--max-parents=0", "HEAD").strip()
    founding = git(acme, "cat-file", "-p", root)
    assert "gpgsig -----BEGIN SSH SIGNATURE-----" in founding
    assert "Signatory: acme: ann, Ann Archer <ann@acme.example>" in founding
    assert "Signatory: beta: bob, Bob Brandt <bob@beta.example>" in founding
    assert any(line.startswith("Bob Brandt|") and line.endswith("|record: raise DSP-001: Hosting costs")
               for line in log.splitlines()), log
    assert "The council has its seat in Basel." in (acme / "charter" / "1.md").read_text()
    # No identity was needed: the signatory who signed the founding, then each operator.
    authors = {line.split("|")[0] for line in log.splitlines()}
    assert authors == {"Ann Archer", "Bob Brandt"}
    # Nothing was edited by hand: every record file is as the last commit holds it.
    for replica in (acme, beta):
        assert git(replica, "status", "--porcelain") == ""
