"""The evidence bundle's own offline check: every file against the git objects it came from.

``SHA256SUMS`` only says the bundle is what was written; someone who edits
``meeting.md`` (the attendance) can regenerate it.  So the bundle binds its
files to the history instead: ``SOURCES`` lists, for every file copied out of
git, the commit, the path there and the blob, and ``check.sh`` (plain sh and
git) clones ``history.bundle`` and compares each file with the blob at that
commit, lists any file nobody copied, and compares ``amendment.diff`` with
``git show``.  The files worked out from those (``computation.txt``,
``votes.csv``, ``evidence.json``, ``amendment-fields.txt``) are derived, not
evidence: ``check.sh`` re-derives the whole bundle with ``council evidence``
from the cloned history when Council is installed, and says so when it is not.

The anchor is the commit ID: compare it with your own copy of the store (or
check its signature); everything else follows from it.
"""

from __future__ import annotations

import hashlib
import shlex
from pathlib import Path

DERIVED = ("computation.txt", "votes.csv", "evidence.json", "amendment-fields.txt")


def blob_id(data: bytes) -> str:
    """The ID git gives a file's bytes (``git hash-object``)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def write(folder: Path, dec_id: str, commit: str, copied: list[tuple[str, str, str]]) -> None:
    """Write ``SOURCES`` and ``check.sh``; ``copied`` is (commit, path in git, file in the bundle)."""
    lines = [f"{blob_id((folder / file).read_bytes())} {source} {path} {file}" for source, path, file in copied]
    (folder / "SOURCES").write_text("# blob commit path-in-history file-in-bundle\n" + "\n".join(lines) + "\n")
    (folder / "check.sh").write_text(_script(dec_id, commit, copied))


def _script(dec_id: str, commit: str, copied: list[tuple[str, str, str]]) -> str:
    q = shlex.quote
    lines = [
        "#!/bin/sh",
        f"# Check this evidence bundle for {dec_id} against the history it came from, offline.",
        "# Needs git; re-derives the computed files too if `council` is installed. Exit 0: all the same.",
        "set -u",
        "cd \"$(dirname \"$0\")\" || exit 2",
        "status=0",
        "say() { echo \"$1\"; case \"$1\" in DIFFERENT*) status=1;; esac; }",
        "test -d store || git clone -q -b main history.bundle store || { echo 'DIFFERENT: history.bundle'; exit 1; }",
        f"test \"$(git -C store rev-parse HEAD)\" = {commit} && say 'same: history.bundle ends at {commit[:10]}' \\",
        f"  || say 'DIFFERENT: history.bundle does not end at {commit}'",
        "same() {  # same COMMIT PATH FILE: FILE is, byte for byte, the blob at COMMIT:PATH",
        "  if [ \"$(git -C store hash-object --stdin < \"$3\")\" = \"$(git -C store rev-parse -q --verify \"$1:$2\")\" ]",
        "  then say \"same: $3\"; else say \"DIFFERENT: $3 is not $2 at ${1%${1#??????????}}\"; fi",
        "}",
    ]
    lines += [f"same {source} {q(path)} {q(file)}" for source, path, file in copied]
    listed = sorted(file for _, _, file in copied)
    lines += [
        "# every record file here was copied from the history (nothing added)",
        "find . -path ./store -prune -o -type f -name '*.md' ! -name README.md -print | sed 's|^\\./||' | sort"
        " > .found",
        "printf '%s\\n' " + " ".join(q(f) for f in listed) + " | sort > .copied",
        "if cmp -s .found .copied; then say 'same: no record file added'; "
        "else say \"DIFFERENT: files nobody copied: $(comm -23 .found .copied | tr '\\n' ' ')\"; fi",
        "rm -f .found .copied",
        f"git -C store show --format=fuller --no-color {commit} | cmp -s - amendment.diff "
        "&& say 'same: amendment.diff' || say 'DIFFERENT: amendment.diff'",
        "# the derived files: worked out again from the history by Council itself",
        "if command -v \"${COUNCIL:-council}\" >/dev/null 2>&1; then",
        "  rm -rf .again",
        f"  \"${{COUNCIL:-council}}\" evidence {dec_id} --store store --out .again >/dev/null 2>&1 \\",
        "    || say 'DIFFERENT: council evidence could not rebuild the bundle from history.bundle'",
        "  for f in " + " ".join(DERIVED) + " README.md SOURCES check.sh; do",
        "    cmp -s \"$f\" \".again/$f\" && say \"same: $f (derived)\" || say \"DIFFERENT: $f (derived)\"",
        "  done",
        "  rm -rf .again",
        "else",
        "  echo 'not checked: " + ", ".join(DERIVED) + " are derived from the files above;'",
        "  echo '  install Council to re-derive them (or recount by hand, see README.md)'",
        "fi",
        "exit $status",
    ]
    return "\n".join(lines) + "\n"
