"""A written resolution that amends terms carries the text circulated, so any partner's replica
closes it: on a fresh `git clone` (no draft in its workspace) the close is the same ``amend:``
commit as one passed at a meeting, and `verify --full` proves the text committed is the text
circulated onto the text in force then.  Terms with sealed content are not circulated in writing."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from council.errors import RecordError, RuleError
from council.fileformat import serialise
from council.records import Resolution
from store import usecases
from store.audit.verify import verify
from store.service import Store
from store.workspace import AMENDMENT, Workspace
from tests.test_cli_proceedings import cli
from tests.test_resolutions import CLOSES, OPENS, VOTERS, circulate, workspace  # noqa: F401 (fixture)
from tests.test_sync_support import git, trio, trio_template  # noqa: F401 (fixtures)
from tests.test_verify import commit_file, failures


def _voted(store: Store, ws: Workspace) -> Resolution:
    r = circulate(store, ws)
    _, r = usecases.record_resolution_votes(store, r.id, {m: "for" for m in VOTERS}, OPENS)
    return r


def test_the_resolution_carries_the_text_circulated(small_store: Store, workspace: Workspace) -> None:
    r = circulate(small_store, workspace)
    [draft] = workspace.drafts(AMENDMENT)
    assert r.circulated_text == {"4.1": draft.text} and r.base_digest
    # The whole file is one TOML string in the front matter: the record still parses back whole.
    assert (small_store.root / "resolutions/2026/WR-2026-001.md").read_text() == serialise(r)


def test_a_partner_closes_it_on_a_fresh_clone_and_verify_passes(small_store: Store, workspace: Workspace,
                                                                tmp_path: Path) -> None:
    r = _voted(small_store, workspace)
    clone = tmp_path / "partner"
    subprocess.run(["git", "clone", "-q", str(small_store.root), str(clone)], check=True, capture_output=True)
    closed = cli(clone, "resolution", "close", r.id, "--on", CLOSES.isoformat())
    assert closed.exit_code == 0, closed.output
    assert "4.1 is amended: the text circulated is in force." in closed.output
    message = git(clone, "log", "-1", "--format=%B")
    assert message.startswith(f"amend: Meet every two months (written resolution {r.id})\n")
    for line in (f"Decision: {r.id}", "Resolution: in writing, open 2026-04-01 to 2026-04-15",
                 "Quorum: 6 of 6 voting members replied in writing (default rule)",
                 "Vote: 6 for, 0 against, 0 abstain", "Approved-by: Ada Hale <ada@hosp.example>"):
        assert line in message
    assert (clone / "charter/4.1.md").read_text() == r.circulated_text["4.1"]
    checked = cli(clone, "verify", "--full")
    assert checked.exit_code == 0, checked.output
    assert workspace.drafts(AMENDMENT)  # the circulating replica keeps its draft until its own close


def test_closing_without_a_workspace_uses_the_carried_text(small_store: Store, workspace: Workspace) -> None:
    r = _voted(small_store, workspace)
    closed = usecases.close_resolution(small_store, r.id, CLOSES)
    assert closed.amended and "meets every two months" in small_store.require("4.1").body
    assert verify(small_store, full=True).ok


def test_terms_amended_since_circulation_are_not_overwritten(small_store: Store, workspace: Workspace) -> None:
    from tests.conftest import amend_clause

    r = _voted(small_store, workspace)
    amend_clause(small_store, "4.1", "The council meets weekly.")
    with pytest.raises(RuleError, match=f"4.1 has been amended since {r.id} was circulated"):
        usecases.close_resolution(small_store, r.id, CLOSES)
    assert "meets weekly" in small_store.require("4.1").body


def _forged_close(store: Store, r: Resolution, clause_text: str) -> str:
    """The close and an amendment committed with plain git, trailers as the write path gives them."""
    done = r.replace(status="closed", closed_on=CLOSES, outcome="passed", outcome_note="passed")
    (store.root / "charter" / "4.1.md").write_text(clause_text)
    message = "\n".join(["amend: meet every two months", "", f"Decision: {r.id}",
                         "Resolution: in writing, open 2026-04-01 to 2026-04-15",
                         "Quorum: 6 of 6 voting members replied in writing", "Vote: 6 for, 0 against, 0 abstain",
                         "Approved-by: Ada Hale <ada@hosp.example>"]) + "\n"
    git(store.root, "add", "charter/4.1.md")
    return commit_file(store.root, "resolutions/2026/WR-2026-001.md", serialise(done), message)


def test_verify_refuses_a_text_other_than_the_one_carried(small_store: Store, workspace: Workspace) -> None:
    r = _voted(small_store, workspace)
    other = r.circulated_text["4.1"].replace("every two months", "every three months")
    bad = _forged_close(small_store, r, other)
    assert (bad, r.id, "amend-as-circulated") in failures(verify(small_store, full=True))


def test_verify_refuses_carried_text_that_is_not_what_the_digest_names(small_store: Store) -> None:
    ws = Workspace.of_store(small_store.root)
    try:
        r = circulate(small_store, ws)
    finally:
        ws.close()
    path = "resolutions/2026/WR-2026-002.md"
    swapped = {"4.1": r.circulated_text["4.1"].replace("every two months", "every three months")}
    bad = commit_file(small_store.root, path, serialise(r.replace(id="WR-2026-002", circulated_text=swapped)),
                      "record: circulate WR-2026-002")
    found = failures(verify(small_store, full=True))
    assert (bad, "WR-2026-002", "resolution-circulated") in found


def test_sealed_terms_are_not_circulated_in_writing(sample_store: Store) -> None:
    ws = Workspace.of_store(sample_store.root)
    before = git(sample_store.root, "rev-parse", "HEAD")
    try:
        text = usecases.in_force_text(sample_store, "IP-003")
        title = sample_store.require("IP-003").title
        draft = usecases.save_amendment(sample_store, ws, "IP-003", text.replace(title, title + " (renamed)"),
                                        "rename IP-003")
        circular = usecases.Circular("Rename IP-003", "That IP-003 be renamed as circulated.", "high",
                                     OPENS, CLOSES, draft_id=draft.id)
        with pytest.raises(RecordError, match=r"field 'amends': expected terms with no sealed content: IP-003's "
                                              r"'.*' is sealed for .*amend it at a meeting"):
            usecases.circulate_resolution(sample_store, circular, ws)
    finally:
        ws.close()
    assert git(sample_store.root, "rev-parse", "HEAD") == before


def test_a_partner_closes_it_and_the_circulating_replica_syncs_the_amendment(trio) -> None:  # noqa: F811
    from store.sync import replicas as sync

    ws = Workspace.of_store(trio.a.root)
    try:
        r = _voted(trio.a, ws)
        sync.sync(trio.a)
        sync.sync(trio.b)
        closed = usecases.close_resolution(trio.b, r.id, CLOSES)  # no workspace: a partner's replica
        assert closed.amended
        sync.sync(trio.b)
        sync.sync(trio.a)
        assert "meets every two months" in trio.a.require("4.1").body
        subject = git(trio.a.root, "log", "-1", "--format=%s").strip()
        assert subject == f"amend: Meet every two months (written resolution {r.id})"
        assert verify(trio.a, full=True).ok
        assert ws.drafts(AMENDMENT)  # the draft stays where it was made (docs/rules.md)
    finally:
        ws.close()


def test_the_shell_refuses_to_circulate_sealed_terms_in_writing(sample_store: Store, tmp_path: Path) -> None:
    text = usecases.in_force_text(sample_store, "IP-003")
    title = sample_store.require("IP-003").title
    proposed = tmp_path / "IP-003.md"
    proposed.write_text(text.replace(title, title + " (renamed)"))
    drafted = cli(sample_store, "amend", "propose", "IP-003", "-f", str(proposed), "--summary", "rename IP-003")
    assert drafted.exit_code == 0, drafted.output
    ws = Workspace.of_store(sample_store.root)
    try:
        [draft] = [d for d in ws.drafts(AMENDMENT) if d.target == "IP-003"]
    finally:
        ws.close()
    before = git(sample_store.root, "rev-parse", "HEAD")
    refused = cli(sample_store, "resolution", "circulate", "--title", "Rename IP-003", "--motion", "That.",
                  "--tier", "high", "--opens", "2026-12-01", "--closes", "2026-12-15", "--amendment", str(draft.id))
    assert refused.exit_code == 2, refused.output
    assert "expected terms with no sealed content: IP-003's 'royalty_terms' is sealed for" in refused.output
    assert "amend it at a meeting" in refused.output.replace("\n", " ")
    assert git(sample_store.root, "rev-parse", "HEAD") == before
