"""The walk-through's capture checker (docs/walkthrough/check_captures.py) flags cut words.

Planted captures cut as issue 19 found them (a stage column showing ``nego``,
a vote column ``agai``, a footer cut at ``m Mo``) must be flagged; honest
captures (whole words, an ellipsis, IDs, a dialog drawn over a form) must pass.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

CHECKER = Path(__file__).resolve().parents[1] / "docs" / "walkthrough" / "check_captures.py"


@pytest.fixture(scope="module")
def checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_captures", CHECKER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_captures"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


VOCABULARY = ["sensitivity", "negotiation", "council", "mediation", "against", "Move the minutes", "Stage", "Adopt the 2027 budget"]

CUT = [
    " DSP-001  nego      2026-12-01  Data access\n",
    " DSP-002  coun      2026-12-09  Model weights\n",
    " Ann Archer   Acme Ltd   agai\n",
    " DEC-2026-001  Adopt the 20\n DEC-2026-002  Adopt the bud\n",
]
HONEST = [
    " DSP-001  negotiation  2026-12-01  Data access\n",
    " DSP-002  negotia…     2026-12-09  Model weights\n",
    " Ann Archer   Acme Ltd   against\n DEC-2026-001  no_quorum  Stage\n",
    " Dispute stage: council; mediation next\n",
    " Action items, one a line: wha█  Record the vote?\n",  # a dialog drawn over the form's label
    " esc Cancel  ^s Record  ? Keys\n",
    " Filter: words · outcome:passed · sens:public\n",  # a filter's key, short on purpose
]


@pytest.mark.parametrize("capture", CUT)
def test_a_cut_word_is_flagged(checker: ModuleType, capture: str) -> None:
    cuts = checker.find_cuts(capture, VOCABULARY)
    assert cuts, capture
    assert all(cut.token.lower() != cut.word and cut.word.startswith(cut.token.lower()) for cut in cuts)


def test_a_cut_says_where_and_what_it_was_cut_from(checker: ModuleType) -> None:
    (cut,) = checker.find_cuts("ok\n DSP-001  nego  x\n", VOCABULARY)
    assert (cut.line, cut.column, cut.token, cut.word) == (2, 10, "nego", "negotiation")


@pytest.mark.parametrize("capture", HONEST)
def test_an_honest_capture_passes(checker: ModuleType, capture: str) -> None:
    assert checker.find_cuts(capture, VOCABULARY) == []


def test_the_apps_own_words_make_the_vocabulary(checker: ModuleType) -> None:
    words = checker.app_vocabulary()
    # a column header, a vote choice, an area's label, a key's label, an outcome
    assert {"stage", "against", "artifacts", "regs", "schedule", "passed"} <= words
    assert checker.find_cuts(" 4 Decisions  5 Disp  9 Regs\n", words) != []


def test_a_footer_without_its_keys_is_flagged(checker: ModuleType) -> None:
    words = checker.app_vocabulary()
    assert checker.footer_problems("screen\n ^p palette  ? Keys  s Schedule  m Motion\n", words) == []
    (cut,) = checker.footer_problems("screen\n ^p palette  ? Keys  s Schedule  m Mo\n", words)
    assert "footer key label 'Mo' cut from" in cut
    assert checker.footer_problems("screen\n ^p palette  s Schedule\n", words) != []  # no way to every key
    assert checker.footer_problems("screen\n esc Cancel  ^s Record\n", words, keys_panel=False) == []


def test_the_command_line_fails_on_a_cut_capture(checker: ModuleType, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    cut, honest = tmp_path / "80x24-disputes.txt", tmp_path / "80x24-ok.txt"
    cut.write_text(" DSP-001  agai\n ? Keys\n")
    honest.write_text(" DSP-001  against\n ? Keys\n")
    assert checker.main([str(honest), "--footer", "*.txt"]) == 0
    assert checker.main([str(cut), str(honest)]) == 1
    assert "'agai' cut from 'against'" in capsys.readouterr().out
