"""The canonical record file: TOML front matter between ``+++`` lines, then Markdown.

Serialisation is canonical (fixed key order per kind, LF, UTF-8, trailing
newline, one sentence per line) so that re-serialising an unchanged record
gives the same bytes and a one-word amendment is a one-line diff.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

try:
    # The same parser as tomllib (which is tomli 2.0, vendored), compiled with mypyc:
    # 2.7 times faster on record files, and reindex, verify and export parse every one
    # (issue 18).  Pinned below 2.4, which reads TOML 1.1 where tomllib reads 1.0.
    import tomli as _fast_toml
except ImportError:  # pragma: no cover - a pure tomllib install parses the same, slower
    import tomllib as _fast_toml  # type: ignore[no-redef]

from council.errors import RecordError
from council.records import Record, from_dict, kind_of_path

if TYPE_CHECKING:
    import tomllib

FENCE = "+++"
# A sentence ends at . ! or ? followed by a space and a capital, digit or quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])[ \t]+(?=[\"'(“‘A-Z0-9])")
_ABBREVIATIONS = ("e.g.", "i.e.", "cf.", "etc.", "No.", "Dr.", "Mr.", "Ms.", "Mrs.", "vs.", "St.", "art.", "Art.")


def canonical_text(text: str) -> str:
    """Normalise Markdown for storage: NFC, LF, no trailing spaces, one sentence a line."""
    # A record's body is put in canonical form each time the record is built (parse, replace,
    # check, serialise): remember the last results, and that each is already canonical, so
    # 1 MB of minutes is split once, and a decision whose outcome is filled in after it was
    # parsed is not searched again (22,500 records built in a verify --full at 10,000
    # decisions, issue 18).  A str keeps its hash, so looking up the same object is O(1).
    recent, most = (_recent_long, 16) if len(text) >= _LONG_FROM else (_recent, 1024)
    done = recent.get(text)
    if done is None:
        done = _canonical(text)
        if len(recent) >= most:
            recent.clear()
        recent[text] = recent[done] = done
    return done


_LONG_FROM = 4096
_recent: dict[str, str] = {}
_recent_long: dict[str, str] = {}


# A line that ends in a space (or another blank but the newline): canonical text has none.
_TRAILING_BLANK = re.compile(r"[^\S\n]\n|[^\S\n]\Z")


def _canonical(text: str) -> str:
    if ("\r" not in text and not text.startswith("\n") and not text.endswith("\n")
            and _SENTENCE_END.search(text) is None and _TRAILING_BLANK.search(text) is None
            and unicodedata.is_normalized("NFC", text)):
        # Already canonical (every body read back from a record file is): the loop below would
        # give it back unchanged, at a tenth of a millisecond a record (issue 18).
        return text
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    out: list[str] = []
    fenced = False
    for line in text.split("\n"):
        stripped = line.rstrip()
        if stripped.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        # Code, tables and ATX headings (up to three spaces of indent) stay whole.
        if fenced or stripped.startswith(("    ", "\t", "|")) or stripped.lstrip(" ").startswith("#"):
            out.append(stripped)
            continue
        out.extend(_split_sentences(stripped))
    return "\n".join(out).strip("\n")


_LIST_MARKER = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+")


def _split_sentences(line: str) -> list[str]:
    """One line of Markdown prose, one sentence a line.

    Linear in the line's length, however many sentences it holds: each
    sentence end is judged by looking at a few characters around it, never
    by slicing or scanning the rest of the line (a 10 MB one-line body must
    not cost a 10 MB copy per sentence).
    """
    marker = _LIST_MARKER.match(line)
    # Continuation lines of a list item are indented to its text.
    indent = " " * len(marker.group(0)) if marker else line[: len(line) - len(line.lstrip())]
    parts: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(line):
        end = match.start()  # just after the . ! or ?, so the sentence is never blank
        if marker and end < marker.end():
            continue  # the "1." of an ordered list item is not a sentence
        if line.endswith(_ABBREVIATIONS, start, end) or _is_initial(line, start, end) \
                or _starts_ordered_item(line, match.end()):
            continue
        parts.append(line[start:end])
        start = match.end()
    parts.append(line[start:])
    return [parts[0]] + [indent + p for p in parts[1:]]


def _is_initial(line: str, start: int, end: int) -> bool:
    """``line[start:end]`` ends in a capital initial ("J." of "J. Smith"), not a sentence."""
    return (end - start >= 2 and line[end - 1] == "." and "A" <= line[end - 2] <= "Z"
            and (end - 2 == start or line[end - 3].isspace()))


def _starts_ordered_item(line: str, pos: int) -> bool:
    """Would a line starting at ``pos`` be an ordered list item ("2. ...", "3) ...")?

    Splitting there would turn the next sentence into a Markdown list.  The
    next sentence starts with a quote, a capital or a digit (see
    _SENTENCE_END), so no other block (heading, quote, rule) can start there.
    The digits scanned at one sentence end are never scanned again.
    """
    end, size = pos, len(line)
    while end < size and line[end].isdecimal():
        end += 1
    return end > pos and end < size and line[end] in ".)" and (end + 1 == size or line[end + 1] == " ")


def serialise(record: Record) -> str:
    """The canonical text of a record file."""
    import tomli_w  # here: reading records (`council show`, `list`) writes none

    data = record.to_dict()
    sealed = data.pop("sealed", None)
    front = tomli_w.dumps(data, multiline_strings=False)
    if sealed:
        # Sealed values last, each armour line a line of the file, so that
        # `git diff` shows which sealed field changed (docs/sealing.md).
        front = front.rstrip("\n") + "\n\n" + tomli_w.dumps({"sealed": sealed}, multiline_strings=True)
    body = canonical_text(record.body_text)
    text = f"{FENCE}\n{front.rstrip(chr(10))}\n{FENCE}\n"
    return text + (f"\n{body}\n" if body else "")


def parse(text: str, kind: str, where: str) -> Record:
    """Parse a record file's text; ``where`` names it in errors (its path)."""
    front, body = split_front_matter(text, where)
    try:
        data = _fast_toml.loads(front)
    except (_fast_toml.TOMLDecodeError, RecursionError):
        data = _loads_or_raise(front, where)
    return from_dict(kind, data, body, where)


def _loads_or_raise(front: str, where: str) -> dict:
    """tomllib's own reading of front matter the fast parser refused: its error message
    names the line and column, which :func:`_toml_error` turns into the field."""
    import tomllib  # here: only a refused front matter needs its message (the fast parser reads the rest)

    try:
        return tomllib.loads(front)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(front, where, exc) from None
    except RecursionError:  # tomllib recurses once per nesting level
        raise RecordError(where, "front matter", "TOML nested less deeply", None) from None


_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")
_TOML_KEY = re.compile(r"[A-Za-z0-9_.\"' -]+")  # what a key may be made of (matched whole, once)


def _toml_error(front: str, where: str, exc: tomllib.TOMLDecodeError) -> RecordError:
    """Name the field on the line TOML stopped at, and that line in the file (after the '+++')."""
    reason = str(exc)
    found = _TOML_LINE.search(reason)
    if not found:
        return RecordError(where, "front matter", f"valid TOML ({reason})", None)
    line_no = int(found.group(1))
    lines = front.split("\n")
    line = lines[line_no - 1] if 0 < line_no <= len(lines) else ""
    what = reason[:found.start()].strip()
    key = _key_and_value(line)
    if key is None or not key[0].strip("\"'"):  # no key to name: name the front matter
        return RecordError(where, "front matter", f"valid TOML ({what} at line {line_no + 1} of the file)", None)
    expected = ("a date that exists, YYYY-MM-DD" if what.startswith("Invalid date") else
                "the field given only once" if what.startswith("Cannot overwrite") else "a valid TOML value")
    return RecordError(where, key[0].strip("\"'"), f"{expected} ({what} at line {line_no + 1} of the file)", key[1])


def _key_and_value(line: str) -> tuple[str, str] | None:
    """``key = value`` split at the first '=', in one pass (a lazy regex was quadratic
    on a long line with no '='), or None if the line is not one."""
    raw, eq, value = line.partition("=")
    key = raw.strip()
    if not eq or (_TOML_KEY.fullmatch(key) is None if key else " " not in raw):
        return None
    return key, value.strip()


def split_front_matter(text: str, where: str) -> tuple[str, str]:
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n")
    if not text.startswith(FENCE + "\n"):
        raise RecordError(where, "front matter", "the file to start with a '+++' line", text[:20])
    end = text.find("\n" + FENCE + "\n", len(FENCE))
    if end < 0:
        if text.endswith("\n" + FENCE):
            end = len(text) - len(FENCE) - 1
        else:
            raise RecordError(where, "front matter", "a closing '+++' line", None)
    front = text[len(FENCE) + 1 : end + 1]
    body = text[end + len(FENCE) + 2 :]
    return front, body.strip("\n")


def parse_path(path: str, data: bytes) -> Record:
    """Parse a record file found at ``path`` in a store, checking the ID matches."""
    kind = kind_of_path(path)
    if kind is None:
        raise RecordError(path, "path", "a record file under a known folder", path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise RecordError(path, "encoding", "UTF-8 text", None) from None
    record = parse(text, kind, path)
    from council.records import path_for

    expected = path_for(record)
    if expected != path:
        folder, _, name = expected.rpartition("/")
        if path.rpartition("/")[2] == name:  # the right name in the wrong folder: say the folder is wrong
            raise RecordError(path, "id", f"the file in the folder {folder}/, where {record.id} belongs: "
                              "the folder is wrong, not the ID", path.rpartition("/")[0] + "/")
        raise RecordError(path, "id", f"an ID matching the file name (file is {path})", record.id)
    return record
