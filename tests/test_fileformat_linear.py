"""Every parse path of the record file is linear in its input, whatever its shape.

A 10 MB one-line body once hung every command for more than 16 minutes (the
sentence splitter sliced the rest of the line at every sentence end).  The
budget here is counted in operations, never in seconds, so a busy machine
cannot make it pass or fail:

- every Python and builtin function call (``sys.setprofile``), and
- for every regular expression of ``council.fileformat``, the characters it is
  allowed to scan (``endpos - pos``; a regex given a slice of the rest of the
  line is charged for all of it, which is where the quadratic cost hid).

Doubling an input must not more than about double the count (a quadratic path
quadruples it), and the count stays within a few operations per character.
The splitter's output is also checked against a plain reference of what it
must do, and every shape is then parsed once at full size (~10 MB).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any

import pytest

from council import fileformat
from council.errors import RecordError
from council.fileformat import parse, serialise

FRONT = ('id = "RSK-001"\ntitle = "T"\nowner = "ada"\nlikelihood = 2\nimpact = 3\n'
         'bearing_party = "hosp"\nreview_date = 2026-09-01\n')
FULL = 10_000_000
METERED = 400_000  # and twice that: counting every call is slow, the ratio is what matters
PER_CHAR = 10  # operations per input character a linear path stays under (measured: at most 8)


def _doc(front: str, body: str) -> str:
    return f"+++\n{front}+++\n\n{body}\n"


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


def _deep_list(size: int) -> str:
    lines, total, i = [], 0, 0
    while total < size:
        lines.append("  " * (i % 40) + "- Item J. Smith e.g. here. 2. Next! (Then) this.")
        total, i = total + len(lines[-1]) + 1, i + 1
    return "\n".join(lines)


SHAPES: dict[str, Callable[[int], str]] = {
    "one long line of sentences": lambda n: _doc(FRONT, _repeat("A long sentence. ", n)),
    "one long line, no sentence end": lambda n: _doc(FRONT, _repeat("words without an end ", n)),
    "sentence ends that do not split": lambda n: _doc(FRONT, "x " + _repeat("e.g. J. Smith, No. 1. 2. ", n)),
    "many short lines": lambda n: _doc(FRONT, _repeat("Line one. Two.\n", n)),
    "deep lists": lambda n: _doc(FRONT, _deep_list(n)),
    "a long TOML string": lambda n: _doc(FRONT.replace('"T"', '"' + _repeat('ab\\"c. D ', n) + '"'), "Body."),
    "many front-matter keys": lambda n: _doc(FRONT + "".join(f"k{i} = {i}\n" for i in range(n // 12)), "Body."),
    "a TOML error on a long line": lambda n: _doc(FRONT + "x" + " " * n + "y\n", "Body."),
}


class _MeteredPattern:
    """A compiled regex that charges the meter for the span it may scan."""

    def __init__(self, pattern: re.Pattern, meter: "Meter") -> None:
        self._pattern, self._meter = pattern, meter

    def _charge(self, string: str, pos: int = 0, endpos: int | None = None) -> None:
        self._meter.count += (len(string) if endpos is None else min(endpos, len(string))) - pos

    def match(self, string: str, *span: int) -> Any:
        self._charge(string, *span)
        return self._pattern.match(string, *span)

    def search(self, string: str, *span: int) -> Any:
        self._charge(string, *span)
        return self._pattern.search(string, *span)

    def fullmatch(self, string: str, *span: int) -> Any:
        self._charge(string, *span)
        return self._pattern.fullmatch(string, *span)

    def finditer(self, string: str, *span: int) -> Any:
        self._charge(string, *span)
        return self._pattern.finditer(string, *span)

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"metered regex: {name} is not charged; add it to _MeteredPattern")


class _Forgetful(dict):
    """A canonical-text cache that keeps nothing."""

    def __setitem__(self, key: Any, value: Any) -> None:
        pass


class Meter:
    """Counts operations while a function runs (see the module docstring)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        for name, value in vars(fileformat).items():
            if isinstance(value, re.Pattern):
                monkeypatch.setattr(fileformat, name, _MeteredPattern(value, self))
        # The canonical-text cache would let a second run skip the work.
        for cache in ("_recent", "_recent_long"):
            monkeypatch.setattr(fileformat, cache, _Forgetful())

    def _event(self, frame: Any, event: str, arg: Any) -> None:
        if event in ("call", "c_call"):
            self.count += 1

    def run(self, fn: Callable[[], Any]) -> int:
        before = self.count
        sys.setprofile(self._event)
        try:
            fn()
        except RecordError:
            pass  # a refusal (unknown fields, say) must be as cheap as an acceptance
        finally:
            sys.setprofile(None)
        return self.count - before


def _paths(text: str) -> dict[str, Callable[[], Any]]:
    """Every parse path: the whole file, its serialisation, and the body's splitter."""
    body = fileformat.split_front_matter(text, "risks/RSK-001.md")[1]

    def serialised() -> None:
        try:
            record = parse(text, "risk", "risks/RSK-001.md")
        except RecordError:
            return
        serialise(record)

    return {"parse": lambda: parse(text, "risk", "risks/RSK-001.md"),
            "parse and serialise": serialised,
            "sentence splitter": lambda: fileformat.canonical_text(body),
            "one line of the splitter": lambda: fileformat._split_sentences(body.split("\n", 1)[0])}


@pytest.mark.slow  # counting every call of ~1 MB inputs takes a while (README: the fast loop skips it)
@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_parse_path_is_linear_in_operations(shape: str, monkeypatch: pytest.MonkeyPatch) -> None:
    meter = Meter(monkeypatch)
    small, large = SHAPES[shape](METERED), SHAPES[shape](2 * METERED)
    for name, path in _paths(small).items():
        once = meter.run(path)
        twice = meter.run(_paths(large)[name])
        assert twice <= 2.5 * once, f"{shape}, {name}: {once} operations, then {twice} for twice the input"
        assert twice <= PER_CHAR * len(large), f"{shape}, {name}: {twice} operations for {len(large)} characters"


def _reference_split(line: str) -> list[str]:
    """What the splitter must do, written plainly (quadratic: for small lines only)."""
    marker = re.match(r"^(\s*)([-*+]|\d+[.)])\s+", line)
    indent = " " * len(marker.group(0)) if marker else line[: len(line) - len(line.lstrip())]
    parts, start = [], 0
    for m in re.finditer(r"(?<=[.!?])[ \t]+(?=[\"'(“‘A-Z0-9])", line):
        head, rest = line[start:m.start()], line[m.end():]
        if marker and m.start() < marker.end():
            continue
        if (head.endswith(fileformat._ABBREVIATIONS) or re.search(r"(^|\s)[A-Z]\.$", head)
                or re.match(r"^(#|>|[-*+] |\d+[.)]( |$)|\||=+\s*$|-+\s*$)", rest) or not head.strip()):
            continue
        parts.append(head)
        start = m.end()
    parts.append(line[start:])
    return [parts[0]] + [indent + p for p in parts[1:]]


def test_the_linear_splitter_splits_as_the_reference_does() -> None:
    import random

    atoms = ["A", "b", ".", " ", "  ", "\t", "!", "?", "e.g.", "J.", "1.", "12)", "3", "- ", "* ", "# ",
             "=", "-", '"', "(", "“", "No.", "x", "\u0661", "1. ", "Dr."]
    rng = random.Random(12)
    for _ in range(20000):
        line = "".join(rng.choice(atoms) for _ in range(rng.randint(0, 14))).rstrip()
        assert fileformat._split_sentences(line) == _reference_split(line), repr(line)


@pytest.mark.slow
@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_10_mb_file_of_every_shape_parses_and_serialises(shape: str) -> None:
    text = SHAPES[shape](FULL)
    assert len(text) >= FULL * 0.95
    try:
        record = parse(text, "risk", "risks/RSK-001.md")
    except RecordError as exc:
        assert shape in ("many front-matter keys", "a TOML error on a long line"), exc  # refused, saying why
        return
    again = parse(serialise(record), "risk", "risks/RSK-001.md")
    assert again == record


def test_the_toml_error_names_the_key_as_the_old_pattern_did() -> None:
    """The key of the line TOML stopped at is found in one pass, as the (quadratic) pattern found it."""
    import random

    old = re.compile(r"^\s*([A-Za-z0-9_.\"' -]+?)\s*=\s*(.*)$")
    atoms = ["a", "k", "_", ".", '"', "'", " ", "\t", "=", "1", "\u00a0", "é", "-", "[", "x = y"]
    rng = random.Random(3)
    for _ in range(20000):
        line = "".join(rng.choice(atoms) for _ in range(rng.randint(0, 10)))
        found = old.match(line)
        expected = None if found is None else (found.group(1).strip(), found.group(2).strip())
        assert fileformat._key_and_value(line) == expected, repr(line)


@pytest.mark.parametrize("line", [" =", '"=', "'="])
def test_a_bad_toml_line_with_no_key_names_the_front_matter(line: str) -> None:
    with pytest.raises(RecordError) as refused:
        parse(f"+++\n{line}\n+++\n", "clause", "garbage.md")
    assert refused.value.field == "front matter"
