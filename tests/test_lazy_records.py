"""council.records loads a kind's module on first use (issue 18): its tables stay in step with the kinds.

`from council.records import Decision` must load proceedings alone; these
tests hold the lazy tables (``KIND_NAMES``, ``paths.HOMES``) to what the
modules define, so a kind added to a module but not to the table fails here,
and check by what is imported (never by time) that one kind loads one module.
"""

from __future__ import annotations

import ast
import importlib
import json
import subprocess
import sys
from pathlib import Path

import council.records as records
from council.records import paths

ROOT = Path(__file__).resolve().parent.parent
KIND_MODULES = ("artifacts", "proceedings", "registers", "resolutions", "terms")


def _type_checking_imports() -> dict[str, set[str]]:
    """module -> names, as the package's ``if TYPE_CHECKING:`` block imports them."""
    tree = ast.parse((ROOT / "council" / "records" / "__init__.py").read_text())
    block = next(n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING")
    out: dict[str, set[str]] = {}
    for node in block.body:
        assert isinstance(node, ast.ImportFrom) and node.module is not None
        out.setdefault(node.module.rsplit(".", 1)[-1], set()).update(a.name for a in node.names)
    return out


def test_every_kind_name_has_its_module_and_is_exported() -> None:
    assert {m: set(names) for m, names in records.KIND_NAMES.items()} == _type_checking_imports()
    for module, names in records.KIND_NAMES.items():
        loaded = importlib.import_module(f"council.records.{module}")
        for name in names:
            assert getattr(records, name) is getattr(loaded, name)
            assert name in records.__all__
    assert list(records.KIND_NAMES["artifacts"]) == importlib.import_module("council.records.artifacts").__all__


def test_every_record_class_of_the_kind_modules_is_in_the_table() -> None:
    from council.records.base import Part, Record

    for module in KIND_MODULES:
        loaded = importlib.import_module(f"council.records.{module}")
        classes = {name for name, value in vars(loaded).items() if isinstance(value, type)
                   and issubclass(value, (Record, Part)) and value.__module__ == loaded.__name__}
        assert classes <= set(records.KIND_NAMES[module]), module


def test_the_kinds_map_names_each_class_by_its_kind_in_the_old_order() -> None:
    assert list(paths.KINDS) == ["partnership", "clause", "member", "meeting", "decision", "dispute", "ip",
                                 "exit", "dataset", "risk", "incident", "duty", "resolution", "artifact",
                                 "release"]
    for kind, cls in paths.KINDS.items():
        assert cls.KIND == kind
    assert "decision" in paths.KINDS and "nothing" not in paths.KINDS and paths.KINDS.get("nothing") is None


PROBE = """
import json, sys
import council.records
before = sorted(m for m in sys.modules if m.startswith("council.records."))
from council.records import Decision, KINDS
"decision" in KINDS and sorted(KINDS)
after = sorted(m for m in sys.modules if m.startswith("council.records."))
print(json.dumps([before, after]))
"""


def test_one_kind_loads_one_module() -> None:
    proc = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True)
    before, after = json.loads(proc.stdout)
    assert [m for m in before if m.rsplit(".", 1)[-1] in KIND_MODULES] == []
    assert [m for m in after if m.rsplit(".", 1)[-1] in KIND_MODULES] == ["council.records.proceedings"]
