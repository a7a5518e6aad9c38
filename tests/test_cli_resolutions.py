"""`council resolution circulate|vote|close|show|list|remind` from the shell: the use
cases the TUI calls, with --json and --dry-run, bad input named by record, field and
expectation (exit 2, nothing written)."""

from __future__ import annotations

import json

from council.records import Clause, Resolution
from store.service import Store
from tests.test_cli_proceedings import SIX, cli, head, reopened

CIRCULATE = ["resolution", "circulate", "--title", "Adopt the budget", "--motion", "That the budget be adopted.",
             "--tier", "low", "--opens", "2026-04-01", "--closes", "2026-04-15"]


def test_circulate_vote_remind_close(small_store: Store) -> None:
    done = cli(small_store, *CIRCULATE, "--json")
    assert done.exit_code == 0, done.output
    data = json.loads(done.output)
    assert data["record"]["id"] == "WR-2026-001" and data["commit"] == head(small_store.root)
    voted = cli(small_store, "resolution", "vote", "WR-2026-001", "--for", "ada,ben", "dee=abstain",
                "--on", "2026-04-02")
    assert voted.exit_code == 0, voted.output
    assert "Outcome: open until 2026-04-15: 3 of 6 voting members have voted" in voted.output
    remind = cli(small_store, "resolution", "remind", "--on", "2026-04-13", "--json")
    assert json.loads(remind.output) == [{"resolution": "WR-2026-001", "title": "Adopt the budget",
                                          "closes": "2026-04-15", "days_left": 2, "not_voted": ["cy", "eli", "fay"],
                                          "closing_soon": True}]
    shown = cli(small_store, "resolution", "show", "WR-2026-001", "--on", "2026-04-13")
    assert "2026-04-02  dee          abstain" in shown.output and "not yet voted: cy, eli, fay" in shown.output
    closed = cli(small_store, "resolution", "close", "WR-2026-001", "--on", "2026-04-15")
    assert closed.exit_code == 0, closed.output
    assert ("Outcome: failed: 2 for, 0 against, 1 abstain, 3 not voted; a written resolution needs all of the "
            "entire voting membership (2 of 6)") in closed.output
    listed = cli(small_store, "resolution", "list")
    assert "WR-2026-001  2026-04-01 to 2026-04-15  Adopt the budget  [closed, failed, 3 voted]" in listed.output
    assert json.loads(cli(small_store, "resolution", "list", "--open", "--json").output) == []


def test_an_amendment_by_written_resolution_from_the_shell(small_store: Store, tmp_path) -> None:
    text = cli(small_store, "amend", "show", "--in-force", "4.1").output
    text = text[text.index("+++"):].replace("meets monthly", "meets every two months")
    proposed = tmp_path / "4.1.md"
    proposed.write_text(text)
    assert cli(small_store, "amend", "propose", "4.1", "-f", str(proposed), "--summary",
               "meet every two months").exit_code == 0
    low = cli(small_store, "resolution", "circulate", "--title", "Meet every two months", "--motion", "That.",
              "--tier", "low", "--opens", "2026-04-01", "--closes", "2026-04-15", "--amendment", "1")
    assert low.exit_code == 2 and "field 'tier': expected tier 'high' or higher: the charter's decision rights put charter 4.1" in low.output
    done = cli(small_store, "resolution", "circulate", "--title", "Meet every two months", "--motion", "That.",
               "--tier", "high", "--opens", "2026-04-01", "--closes", "2026-04-15", "--amendment", "1")
    assert done.exit_code == 0, done.output
    assert cli(small_store, "resolution", "vote", "WR-2026-001", "--for", SIX, "--on", "2026-04-03").exit_code == 0
    closed = cli(small_store, "resolution", "close", "WR-2026-001", "--on", "2026-04-03")
    assert closed.exit_code == 0, closed.output
    assert "amend: meet every two months (written resolution WR-2026-001)" in closed.output
    assert "4.1 is amended: the text circulated is in force." in closed.output
    clause = reopened(small_store, "4.1")
    assert isinstance(clause, Clause) and "every two months" in clause.body
    assert cli(small_store, "verify", "--full").exit_code == 0


def test_dry_run_checks_everything_and_writes_nothing(small_store: Store) -> None:
    before = head(small_store.root)
    dry = cli(small_store, *CIRCULATE, "--dry-run")
    assert dry.exit_code == 0 and "Dry run: every check passed" in dry.output and "Nothing was written." in dry.output
    assert head(small_store.root) == before and not (small_store.root / "resolutions").exists()
    assert cli(small_store, *CIRCULATE).exit_code == 0
    after = head(small_store.root)
    vote = cli(small_store, "resolution", "vote", "WR-2026-001", "--for", "ada", "--on", "2026-04-02", "--dry-run",
               "--json")
    assert json.loads(vote.output)["dry_run"] is True and head(small_store.root) == after
    early = cli(small_store, "resolution", "close", "WR-2026-001", "--on", "2026-04-02", "--dry-run")
    assert early.exit_code == 2 and "field '--on': expected its closing day (2026-04-15) or later" in early.output
    stored = reopened(small_store, "WR-2026-001")
    assert isinstance(stored, Resolution) and stored.ballots == [] and head(small_store.root) == after


def test_bad_votes_are_named_and_refused(small_store: Store) -> None:
    assert cli(small_store, *CIRCULATE).exit_code == 0
    before = head(small_store.root)
    for argv, needle in (
            (["gus=for"], "WR-2026-001 (resolutions/2026/WR-2026-001.md): field 'ballots[0].member': expected a "
                          "voting member serving on 2026-04-01, the day it opened, got 'gus'"),
            (["--for", "ada", "--on", "2026-04-16"], "field 'ballots[0].on': expected a day in its open period, "
                                                     "2026-04-01 to 2026-04-15, got 2026-04-16"),
            (["--for", "ada", "--against", "ada"], "WR-2026-001: field 'votes.ada': expected one vote per member"),
            (["ada=maybe"], "field 'votes.ada': expected one of for, against, abstain, got 'maybe'")):
        refused = cli(small_store, "resolution", "vote", "WR-2026-001", *argv)
        assert refused.exit_code == 2 and needle in refused.output.replace("\n", " "), refused.output
    assert head(small_store.root) == before
