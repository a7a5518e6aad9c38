"""The work tree against HEAD: record files edited by hand and not committed,
and the other problems the app warns about (:meth:`store.service.Store.problems`).

The write path refuses to overwrite a hand edit (:func:`refuse_hand_edits`);
sync refuses to start while there is one; the screens show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from council.errors import CouncilError, StoreError
from council.records import kind_of_id, path_for_id
from store import index
from store.git import process as gitprocess
from store.git import trees
from store.logentry import record_id_of

if TYPE_CHECKING:
    from store.service import Store


@dataclass(frozen=True)
class Problem:
    """Something in the store the app must warn about (see :meth:`Store.problems`)."""

    kind: str  # "hand-edit", "unparsable", "outside-commit", "charter", "read-only"
    path: str  # the file concerned, or "" for the store as a whole
    message: str
    commit: str = ""

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def refuse_hand_edits(store: "Store", paths: list[str]) -> None:
    """Refuse to overwrite a record file someone edited by hand and did not commit."""
    for path in paths:
        target = store.root / path
        row = store.stored(record_id_of(path))
        expected = row.text.encode("utf-8") if row is not None and row.path == path else None
        try:
            actual = target.read_bytes()
        except FileNotFoundError:
            actual = None
        if actual != expected and not (expected is None and actual is None):
            raise StoreError(f"{path} has been edited by hand and not committed; commit it with git "
                             f"(it will be flagged by `council verify`) or discard it with "
                             f"`git -C {store.root} checkout -- {path}`, then try again")


_STATUS_WORDS = {"M": "modified", "A": "added", "D": "deleted", "?": "added", "R": "renamed", "T": "changed"}


def worktree_changes(store: "Store") -> list[tuple[str, str]]:
    """(what, path) for each file that differs from HEAD in the work tree or git's index."""
    out = gitprocess.git(store.root, "status", "--porcelain", "-z", "--untracked-files=all", "--no-renames")
    changes = []
    for entry in out.split(b"\0"):
        if len(entry) > 3:
            path = entry[3:].decode("utf-8", "replace")
            code = (entry[:2].decode("ascii", "replace").replace(" ", "") or "M")[0]
            if not path.startswith(".council/"):
                changes.append((_STATUS_WORDS.get(code, "changed"), path))
    return changes


def hand_edits(store: "Store") -> list[str]:
    """Record files that differ from the last commit (edited by hand, not committed)."""
    return [path for _, path in worktree_changes(store)]


def hand_edit_diff(store: "Store", path: str) -> str:
    """What a hand edit changed, as a diff against HEAD (a new file in full)."""
    diff = gitprocess.git(store.root, "diff", "--no-color", "HEAD", "--", path).decode("utf-8", "replace")
    if diff or not (store.root / path).is_file():
        return diff
    return (store.root / path).read_bytes().decode("utf-8", "replace")


def problems(store: "Store") -> list[Problem]:
    """Everything the app must warn about, never raising for what it reports; see Store.problems."""
    found: list[tuple[str, str, str, str]] = []  # (kind, path, message, commit)
    if store.read_only:
        found.append(("read-only", "", f"the store at {store.root} is read-only: changes cannot be recorded", ""))
    try:
        edits = worktree_changes(store)
    except StoreError as exc:
        edits = []
        found.append(("hand-edit", "", f"cannot check the work tree for hand edits: {exc}", ""))
    for what, path in edits:
        found.append(("hand-edit", path, f"{what} by hand and not committed: not part of the record "
                      "(commit it through Council, or discard it with git checkout)", ""))
    for row in index.problems(store.engine):
        kind = "outside-commit" if row.key.startswith("commit:") else "unparsable"
        found.append((kind, row.path, row.message, row.at_commit))
    try:
        store.charter()
    except CouncilError as exc:
        found.append(("charter", "charter", f"the charter's settings cannot be read, so no change can be "
                      f"validated: {exc}", ""))
    return [Problem(*p) for p in found]


def raise_if_unparsable(store: "Store", record_id: str) -> None:
    """If ``record_id``'s file is at HEAD but does not parse, raise the parse error."""
    kind = kind_of_id(record_id)
    head = store.head
    if kind is None or head is None:
        return
    try:
        path = path_for_id(kind, record_id)
    except (IndexError, KeyError):
        return
    sha = trees.blob_at(store.objects, store.tree_of(head), path)
    if sha is not None:
        from council.fileformat import parse_path  # here: a store opened to read rows parses nothing

        parse_path(path, store.objects.read(sha)[1])
