"""The record files' fast parse (issue 18) gives what the plain one gave, and the same errors.

- the front matter is read by tomli's compiled parser, tomllib's own code:
  the same dicts, and on any refusal tomllib reads it again for its message;
- a body already in canonical form is returned as it is: the same text the
  line-by-line normalisation gives;
- each kind's converter is built once: the records and the field errors are
  those of every other test of the file format.
"""

from __future__ import annotations

import subprocess
import tomllib
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from council import fileformat
from council.errors import RecordError
from council.fileformat import canonical_text, parse_path, split_front_matter


def _slow_canonical(text: str) -> str:
    """The normalisation with the fast path forced off (an NFC-decomposable prefix does it)."""
    return fileformat._canonical("\r" + text)


PIECES = ["A", "b", "word", " ", "  ", "\t", "\n", "\n\n", ". ", "! ", "? ", ". A", ". 2", "e.g. X", "J. Smith",
          "1. ", "- item", "    code", "| a |", "# Head", "```", "\u00a0", "e\u0301", "\u00e9", "\x0c", "“Q”"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
def test_canonical_text_fast_path_gives_what_the_normalisation_gives(text: str) -> None:
    expected = _slow_canonical(text)
    assert fileformat._canonical(text) == expected
    assert fileformat._canonical(expected) == expected  # canonical text is a fixed point either way


def test_the_slow_path_helper_really_normalises() -> None:
    assert _slow_canonical("One. Two ") == "One.\nTwo"
    assert unicodedata.is_normalized("NFC", _slow_canonical("e\u0301"))
    assert canonical_text("One. Two") == "One.\nTwo"  # the fast path steps aside for a sentence end


def test_every_sample_record_file_reads_the_same_through_tomllib(sample_store) -> None:
    root = sample_store.root
    files = [f for f in subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True,
                                       check=True).stdout.split() if f.endswith(".md")]
    assert len(files) > 50
    for name in files:
        front, _ = split_front_matter((root / name).read_text(encoding="utf-8"), name)
        assert fileformat._fast_toml.loads(front) == tomllib.loads(front), name


@pytest.mark.parametrize("front, field", [
    ('id = "4.2"\ntitle = "Quorum"\ntitle = "Again"\n', "title"),  # a key given twice
    ('id = "4.2"\ntitle = Quorum\n', "title"),  # a bare word
    ('id = "4.2"\n' + "deep = " + "[" * 60 + "]" * 60 + "\n", None),  # nested past tomli's own limit
])
def test_refused_front_matter_gets_tomllibs_message(front: str, field: str | None, tmp_path: Path) -> None:
    text = f"+++\n{front}+++\n\nBody.\n"
    if field is None:
        with pytest.raises(RecordError):  # tomllib reads it; the clause has no field "deep"
            parse_path("charter/4.2.md", text.encode())
        return
    with pytest.raises(RecordError) as err:
        parse_path("charter/4.2.md", text.encode())
    assert field in str(err.value) and "at line" in str(err.value)
