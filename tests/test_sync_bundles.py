"""Air-gapped partners exchange git bundle files, verified on apply exactly as a fetch is.

Replica ``b`` has no network (its remote is removed); ``a`` syncs with the
hub and bridges.  Bundles carry b's offline work to the hub and the hub's
work to b; a tampered bundle is refused; bundles that crossed in the post
converge on the next exchange.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from council.errors import StoreError
from store.sync import bundles
from store.sync import replicas as sync
from tests.test_sync_support import Trio, add_risk, assert_consistent, git, head, record_decision, trio, trio_template  # noqa: F401


@pytest.fixture
def gapped(trio: Trio) -> Trio:
    sync.remove_remote(trio.b.root, "hub")
    return trio


def test_bundles_carry_work_both_ways_through_a_bridge(gapped: Trio, tmp_path: Path) -> None:
    a, b = gapped.a, gapped.b
    shared = head(b.root)
    record_decision(a, "DEC-2026-001", "Fund the pilot")
    sync.sync(a)
    made = bundles.create(a, tmp_path / "to-b-1.bundle", since=shared)
    assert made.commits == 1
    assert bundles.apply(b, made.path).how == "fast-forward"
    # Both work apart: a publishes DEC-2026-002 on the hub; b records its own DEC-2026-002 and a risk.
    record_decision(a, "DEC-2026-002", "Hire an auditor")
    sync.sync(a)
    record_decision(b, "DEC-2026-002", "Buy compute")
    add_risk(b, "RSK-001", "Model drift")
    to_a = bundles.create(b, tmp_path / "to-a.bundle", since=made.tip)
    # a's commits are on the hub already: b's are the ones replayed, renumbered after a's.
    got = bundles.apply(a, to_a.path)
    assert got.how == "replayed theirs" and got.renumbered == {"DEC-2026-002": "DEC-2026-003"}
    assert a.require("DEC-2026-002").title == "Hire an auditor" and a.require("DEC-2026-003").title == "Buy compute"
    assert sync.sync(a).pushed
    # Back to b: its own commits arrive replayed and are recognised, not recorded twice.
    back = bundles.create(a, tmp_path / "to-b-2.bundle", since=made.tip)
    assert bundles.apply(b, back.path).how == "replayed ours"
    assert head(b.root) == head(a.root) == head(gapped.hub, "main")
    assert [d.title for d in b.list("decision")] == ["Fund the pilot", "Hire an auditor", "Buy compute"]
    assert_consistent(a, b)


def test_a_tampered_bundle_is_refused(gapped: Trio, tmp_path: Path) -> None:
    a, b = gapped.a, gapped.b
    shared = head(b.root)
    path = b.root / "charter" / "4.2.md"
    path.write_text(path.read_text().replace("a majority", "one third"))
    git(b.root, "commit", "-q", "-am", "record: lower the quorum")
    bad = head(b.root)
    file = tmp_path / "bad.bundle"
    git(b.root, "bundle", "create", "-q", str(file), "main", f"^{shared}")
    before = head(a.root)
    with pytest.raises(sync.SyncRefused, match=rf"commit {bad[:10]}: 4.2: \[term-needs-amendment\]"):
        bundles.apply(a, file)
    assert head(a.root) == before
    assert_consistent(a)


def test_a_bundle_needing_commits_we_lack_says_what_to_ask_for(gapped: Trio, tmp_path: Path) -> None:
    a, b = gapped.a, gapped.b
    add_risk(b, "RSK-001", "Model drift")
    since = head(b.root)
    add_risk(b, "RSK-002", "Data breach")
    file = bundles.create(b, tmp_path / "partial.bundle", since=since).path
    with pytest.raises(StoreError, match=rf"builds on commit\(s\) this replica does not have \({since[:10]}\).*--since"):
        bundles.apply(a, file)
    with pytest.raises(StoreError, match="nothing to bundle"):
        bundles.create(b, tmp_path / "empty.bundle", since="HEAD")
    assert not (tmp_path / "empty.bundle").exists()


def test_bundles_that_crossed_converge_on_the_next_exchange(gapped: Trio, tmp_path: Path) -> None:
    a, b = gapped.a, gapped.b
    shared = head(b.root)
    record_decision(a, "DEC-2026-001", "Fund the pilot")
    record_decision(b, "DEC-2026-001", "Buy compute")
    from_a = bundles.create(a, tmp_path / "a1.bundle", since=shared).path
    from_b = bundles.create(b, tmp_path / "b1.bundle", since=shared).path
    bundles.apply(a, from_b)
    bundles.apply(b, from_a)
    assert head(a.root) != head(b.root)  # each replayed its own on the other's
    from_a = bundles.create(a, tmp_path / "a2.bundle", since=shared).path
    from_b = bundles.create(b, tmp_path / "b2.bundle", since=shared).path
    bundles.apply(a, from_b)
    bundles.apply(b, from_a)
    assert head(a.root) == head(b.root)
    assert sorted(d.title for d in a.list("decision")) == ["Buy compute", "Fund the pilot"]
    assert_consistent(a, b)
