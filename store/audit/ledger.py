"""``.council/verified.json``: what the last clean `council verify` proved, read and
written at the cost of what one run touches.

The file is JSON (any JSON reader takes it whole), laid out one ledger entry a line:

    {"version":2,"commit":"...","at":"...","index_mark":"...","decisions":{
    "DEC-2026-001":["<digest>","<commit first decided>"],
    "held:MTG-2026-01":["<digest>","<commit>"]}}

A run after one commit looks up the few decisions and meetings that commit
touched and adds what it decided; with a ledger of 100,000 decisions, decoding
and encoding it whole took 0.2 s of CPU a run, as much as the rest of the run.
So :class:`Ledger` finds an entry by its line in the file's bytes, and a save
appends the new lines to the old ones as they were read.  A file in another
layout (an older Council's, one line) is read whole and written in this one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, MutableMapping

from council.errors import StoreError

_OPEN = b',"decisions":{'
_CLOSE = b"}}"


class Ledger(MutableMapping[str, list[str]]):
    """Decision ID (or ``held:<meeting>``) -> [digest, commit], read from the file's lines on demand."""

    def __init__(self, data: bytes = b"", name: str = "verified.json", span: tuple[int, int] | None = None) -> None:
        # The entry lines are data[start:end], joined by ",\n", each after a "\n" of data (or at 0).
        # Kept as offsets into the file's bytes: at 100,000 decisions each copy of them is
        # 10 MB and 3-5 ms, and a run after one commit reads a handful of lines.
        self.data = data
        self.start, self.end = span or (0, len(data))
        self.name = name
        self.added: dict[str, list[str]] = {}  # entries this run made
        self._read: dict[str, list[str] | None] = {}
        self._whole: dict[str, list[str]] | None = None  # every entry, once something needed them all

    @property
    def body(self) -> memoryview:
        """The entry lines as read (empty once an entry changed: then every line is written afresh)."""
        return memoryview(self.data)[self.start:self.end]

    def _drop_body(self) -> None:
        self.data, self.start, self.end = b"", 0, 0

    def _find(self, needle: bytes) -> int:
        """Where the line starting with ``needle`` starts, or -1."""
        if self.data.startswith(needle, self.start, self.end):
            return self.start
        at = self.data.find(b"\n" + needle, self.start, self.end)
        return at + 1 if at >= 0 else -1

    def _in_body(self, key: str) -> list[str] | None:
        if key not in self._read:
            self._read[key] = None
            needle = json.dumps(key).encode() + b":"
            at = self._find(needle)
            if at >= 0:
                end = self.data.find(b"\n", at, self.end)
                end = self.end if end < 0 else end
                if self.data[end - 1:end] == b",":
                    end -= 1
                self._read[key] = self._value(self.data[at + len(needle):end])
        return self._read[key]

    def _value(self, text: bytes) -> list[str]:
        try:
            value = json.loads(text)
        except ValueError:
            value = None
        if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)):
            raise StoreError(f".council/{self.name} is damaged; delete it, and `council verify` checks the "
                             "whole history again")
        return value

    def whole(self) -> dict[str, list[str]]:
        """Every entry (for the rare reads of them all: a full run's comparison, a failure's message)."""
        if self._whole is None:
            try:
                found = json.loads(b"{" + self.body + b"}")
            except ValueError:
                raise StoreError(f".council/{self.name} is damaged; delete it, and `council verify` checks "
                                 "the whole history again") from None
            self._whole = {**found, **self.added}
        return self._whole

    def __getitem__(self, key: str) -> list[str]:
        if self._whole is not None:
            return self._whole[key]
        found = self.added.get(key) or self._in_body(key)
        if found is None:
            raise KeyError(key)
        return found

    def __setitem__(self, key: str, value: list[str]) -> None:
        if key in self:
            self.whole()[key] = value  # a changed entry: the next save writes every line afresh
            self._drop_body()
            return
        self.added[key] = value
        if self._whole is not None:
            self._whole[key] = value

    def __delitem__(self, key: str) -> None:
        del self.whole()[key]
        self._drop_body()

    def __iter__(self) -> Iterator[str]:
        return iter(self.whole())

    def __len__(self) -> int:
        return len(self.whole())

    def pieces(self) -> list[bytes | memoryview]:
        """The entry lines to write, in pieces: those read, as read, and the new ones after them."""
        if self._whole is not None and not self.body:
            return [_lines(sorted(self._whole.items()))]
        new = _lines(sorted(self.added.items()))
        parts: list[bytes | memoryview] = [part for part in (self.body, new) if part]
        return [parts[0], b",\n", parts[1]] if len(parts) == 2 else parts


def _lines(entries: list[tuple[str, list[str]]]) -> bytes:
    return b",\n".join(json.dumps(k).encode() + b":" + json.dumps(v, separators=(",", ":")).encode()
                       for k, v in entries)


def pieces(header: dict, decided: MutableMapping[str, list[str]]) -> list[bytes | memoryview]:
    """The file in pieces: ``header`` (no ``decisions`` in it) on its first line, then the ledger
    a line an entry. Written piece by piece, the lines as read are not copied (save_state)."""
    lines = decided.pieces() if isinstance(decided, Ledger) else [_lines(sorted(decided.items()))]
    head = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    return [head[:-1] + _OPEN + b"\n", *lines, _CLOSE + b"\n"]


def dumps(header: dict, decided: MutableMapping[str, list[str]]) -> bytes:
    """The file as one value (see :func:`pieces`)."""
    return b"".join(pieces(header, decided))


def loads(data: bytes, name: str = "verified.json") -> dict:
    """The state in ``data``, its ``decisions`` a :class:`Ledger`; ValueError if it is not a state."""
    nl = data.find(b"\n")
    end = len(data)
    while end > nl and data[end - 1:end].isspace():
        end -= 1
    if nl >= 0 and data.endswith(_OPEN, 0, nl) and data.endswith(_CLOSE, nl + 1, end):
        state = json.loads(data[:nl - len(_OPEN)] + b"}")
        if isinstance(state, dict):
            state["decisions"] = Ledger(data, name, (nl + 1, end - len(_CLOSE)))
            return state
        raise ValueError("not a state")
    state = json.loads(data)  # another layout: read whole
    if not isinstance(state, dict):
        raise ValueError("not a state")
    ledger = Ledger(name=name)
    ledger._whole = dict(state.get("decisions") or {})
    state["decisions"] = ledger
    return state
