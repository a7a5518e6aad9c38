"""Issue 14: the skeleton charter of `council init` carries decision rights, so a
new store refuses a charter amendment below the high tier from its first day."""

from __future__ import annotations

from pathlib import Path

import pytest

from council.charter import charter_from_clauses
from council.errors import RecordError
from council.fileformat import parse_path
from council.skeleton import charter_skeleton
from store.service import Store
from tests.conftest import amend_clause, signatory_options
from tests.test_cli import run


def test_the_skeleton_charter_maps_every_term_to_its_lowest_tier() -> None:
    charter = charter_from_clauses(charter_skeleton())
    assert [(s, charter.minimum_tier(s)) for s in ("charter.4.2", "partnership", "exit", "data_sharing", "ip")] \
        == [("charter.4.2", "high"), ("partnership", "high"), ("exit", "high"), ("data_sharing", "high"),
            ("ip", "medium")]


def test_a_store_from_init_carries_the_rights_and_verifies(tmp_path: Path) -> None:
    target = tmp_path / "new"
    result = run("init", str(target), "--name", "Acme–Beta", "--party", "acme=Acme Ltd",
                 "--party", "beta=Beta GmbH", "--effective", "2026-01-01", *signatory_options(tmp_path / "keys"))
    assert result.exit_code == 0, result.output
    clause = parse_path("charter/3.md", (target / "charter" / "3.md").read_bytes())
    assert clause.settings["rights"]["charter"] == "high"
    assert "never below the tier these decision rights set" in clause.body
    assert run("verify", "--store", str(target)).exit_code == 0


@pytest.mark.parametrize("tier", ["low", "medium"])
def test_a_new_store_refuses_a_charter_amendment_below_high(small_store: Store, tier: str) -> None:
    head = small_store.head
    with pytest.raises(RecordError) as err:
        amend_clause(small_store, "4.2", "A quorum is one member.", tier=tier)
    assert (err.value.record, err.value.field) == ("DEC-2026-001", "tier")
    assert "charter 4.2 at 'high' (charter 3)" in str(err.value)
    assert small_store.head == head


@pytest.mark.parametrize("template", ["two-party", "consortium"])
def test_a_template_guards_every_subject_the_skeleton_guards_at_least_as_high(template: str) -> None:
    from council.templates import TEMPLATES

    skeleton = charter_from_clauses(charter_skeleton())
    founded = charter_from_clauses(TEMPLATES[template]())
    for subject in ("charter.4.2", "partnership", "exit", "data_sharing", "ip"):
        assert founded.rank(founded.minimum_tier(subject)) >= skeleton.rank(skeleton.minimum_tier(subject)), subject
    assert founded.minimum_tier("partnership") == "high"
