"""The git gateway: only store/git/ runs git, it depends on nothing else in store/, and what it answers.

Read from the source (``ast``), so a function-level import counts as much as
one at the top of a module; imports under ``if TYPE_CHECKING:`` (type hints
only, never run) do not.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from store.git.batch import read_objects
from store.git.commits import log
from store.git.process import GitError
from store.git.revs import commit_of
from store.git.trees import blob_at
from store.service import Store
from tests.conftest import amend_clause

ROOT = Path(__file__).resolve().parent.parent
GATEWAY = ROOT / "store" / "git"
# Modules that start processes or read git's object database themselves.
RUNS_GIT = ("subprocess", "git", "gitdb")


def _files(*packages: str) -> list[Path]:
    return [p for pkg in packages for p in sorted((ROOT / pkg).rglob("*.py"))]


def _runtime_imports(path: Path) -> Iterator[tuple[int, str, list[str]]]:
    """(line, module, names) of every import that runs (type-checking-only imports left out)."""
    tree = ast.parse(path.read_text(), str(path))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, []
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module, [a.name for a in node.names]


def _where(path: Path, line: int) -> str:
    return f"{path.relative_to(ROOT)}:{line}"


def test_only_the_gateway_runs_git() -> None:
    offenders = [f"{_where(path, line)} imports {module}"
                 for path in _files("store", "exports") if GATEWAY not in path.parents
                 for line, module, _ in _runtime_imports(path) if module.split(".")[0] in RUNS_GIT]
    assert offenders == []


def test_the_gateway_imports_nothing_else_from_the_store() -> None:
    offenders = []
    for path in _files("store/git"):
        for line, module, names in _runtime_imports(path):
            top = module.split(".")[0]
            inside = module == "store.git" or module.startswith("store.git.")
            if (top == "store" and not inside) or top in ("exports", "screens", "sample_partnership"):
                offenders.append(f"{_where(path, line)} imports {module}")
            if module == "store" and any(n != "git" for n in names):
                offenders.append(f"{_where(path, line)} imports {names} from store")
    assert offenders == []


def test_the_sync_rooms_do_not_import_the_service_back() -> None:
    """service -> recovery -> sync.replay -> sync.conflicts is one way: none reaches back into the service."""
    offenders = [f"{_where(path, line)} imports {module}"
                 for name in ("sync/replay", "sync/conflicts", "sync/plan", "write/journal")
                 for path in [ROOT / "store" / f"{name}.py"]
                 for line, module, names in _runtime_imports(path)
                 if module == "store.service" or (module == "store" and "service" in names)]
    assert offenders == []


def test_no_private_name_of_a_store_module_is_used_from_another() -> None:
    offenders = []
    for path in _files("store", "exports", "council"):
        modules = set()
        for line, module, names in _runtime_imports(path):
            if module == "store" or module.startswith("store."):
                modules |= {n for n in names if module == "store" or module == "store.git"}
                offenders += [f"{_where(path, line)} imports {n} from {module}" for n in names
                              if n.startswith("_") and not n.startswith("__")]
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules
                    and node.attr.startswith("_") and not node.attr.startswith("__")):
                offenders.append(f"{_where(path, node.lineno)} uses {node.value.id}.{node.attr}")
    assert offenders == []


# --- what the gateway answers ---------------------------------------------------------------


def test_commit_of_names_commits_only(small_store: Store) -> None:
    root, head = small_store.root, small_store.head
    assert commit_of(root, "HEAD") == head == commit_of(root, head[:12])
    for rev in ("", "HEAD:partnership.md", "no-such-branch", "-h", "--all", "HEAD~99"):
        assert commit_of(root, rev) is None, rev  # a blob, an option or nothing: never a commit


def test_read_objects_answers_each_request_in_order(small_store: Store) -> None:
    blob = blob_at(small_store.objects, small_store.tree_of(small_store.head), "partnership.md")
    found = list(read_objects(small_store.root, [str(blob), "0" * 40, "HEAD:partnership.md", "HEAD"]))
    assert [f[1] if f else None for f in found] == ["blob", None, "blob", "commit"]
    assert found[0] == found[2] and found[0][0] == blob
    assert found[0][2] == (small_store.root / "partnership.md").read_bytes()


def test_log_gives_each_change_with_its_blobs(small_store: Store) -> None:
    before = small_store.tree_of(small_store.head)
    amend_clause(small_store, "4.2", "New text.")
    last = next(log(small_store.root, "-1", "HEAD"))
    assert last.kind == "amend" and last.parents == (commit_of(small_store.root, "HEAD~1"),)
    (change,) = [ch for ch in last.changes if ch.path == "charter/4.2.md"]
    after = small_store.tree_of(small_store.head)
    assert (change.status, change.old, change.new) == (
        "M", blob_at(small_store.objects, before, change.path), blob_at(small_store.objects, after, change.path))
    assert dict(last.trailers)["Decision"] == "DEC-2026-001"


def test_a_git_failure_is_a_git_error_with_gits_message(small_store: Store) -> None:
    with pytest.raises(GitError) as failed:
        list(log(small_store.root, "no-such-branch", "--"))
    assert "no-such-branch" in failed.value.stderr
