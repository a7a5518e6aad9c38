"""The canonical record file: round trips, byte stability, canonical text, and refusals.

Records are generated generically from the dataclass definitions in
council.records (field types and choice metadata), so every kind in KINDS and
every field is covered, including ones added later.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tomllib
import types
import typing
import unicodedata
from typing import Any

import pyrage
import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from council.errors import RecordError
from council.fileformat import canonical_text, parse, parse_path, serialise, split_front_matter
from council.records import (
    ID_PATTERNS,
    KINDS,
    SENSITIVITIES,
    Decision,
    Meeting,
    Member,
    Record,
    from_dict,
    kind_of_id,
    kind_of_path,
    path_for,
)

FAST = settings(max_examples=60, deadline=None)

# --- strategies ------------------------------------------------------------------

# Text that tends to break things: right-to-left scripts, emoji with joiners and
# skin tones, combining marks (NFC and NFD forms), quotes, TOML metacharacters.
TRICKY = [
    "مجلس الرقابة المشترك", "שותפות", "\u202eRTL override\u202c", "👩🏽‍⚕️🤝🤖", "🏳️‍🌈",
    "e\u0301", "\u00e9", "Å", "A\u030a", "ǅ", "İ", "ß", "ﬁ", "\u200b", "\u00a0", "\ufeff",
    "\"quoted\"", "'single'", "back\\slash", "+++", "\n+++\n", "a = 1", "[table]", "#", "\t",
    "line\nbreak", "cr\r\nlf", "\x00\x07\x1b\x7f", "Dr. No. 5", "e.g. this. That.",
]
texts = st.one_of(st.text(max_size=40), st.sampled_from(TRICKY),
                  st.lists(st.sampled_from(TRICKY), max_size=4).map("".join))

WORDS = st.sampled_from(["council", "Council", "the", "data", "model", "4.2", "e.g.", "Dr.", "No.",
                         "IP-042", "«licence»", "مجلس", "🤖", "e\u0301te\u0301", "“quote”", "(see", "below)"])
SENTENCES = st.builds(
    lambda words, end: " ".join(words) + end,
    st.lists(WORDS, min_size=1, max_size=6),
    st.sampled_from([".", "!", "?", "", ":", "..."]),
)
LINES = st.one_of(
    st.lists(SENTENCES, min_size=1, max_size=4).map(" ".join),
    st.lists(SENTENCES, min_size=1, max_size=3).map(lambda s: "- " + " ".join(s)),
    st.lists(SENTENCES, min_size=1, max_size=3).map(lambda s: "1. " + " ".join(s)),
    st.lists(SENTENCES, min_size=1, max_size=3).map(lambda s: "  * " + " ".join(s)),
    st.lists(SENTENCES, min_size=1, max_size=3).map(lambda s: "> " + " ".join(s)),
    st.lists(SENTENCES, min_size=1, max_size=2).map(lambda s: "## " + " ".join(s)),
    st.lists(SENTENCES, min_size=1, max_size=2).map(lambda s: "    " + " ".join(s)),
    st.just("| a. B | c. D |"), st.just("```"), st.just("~~~ toml"), st.just(""), st.just("---"),
    st.builds(lambda s, ws: " ".join(s) + ws, st.lists(SENTENCES, min_size=1, max_size=3),
              st.sampled_from(["  ", "\t", " \u00a0", "\u3000", "\x0c", "\x1c", "\x85", "\r"])),
    texts,
)
bodies = st.one_of(st.text(), st.lists(LINES, max_size=8).map("\n".join),
                   st.lists(LINES, max_size=4).map("\r\n".join))

toml_scalars = st.one_of(
    texts, st.booleans(), st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False), st.dates(),
    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)),
    st.times(),
)
toml_values = st.recursive(
    toml_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=5,
)
ids = {kind: st.from_regex(pattern, fullmatch=True) for kind, pattern in ID_PATTERNS.items()}
ID_EXAMPLES = {"partnership": "partnership", "clause": "4.2", "member": "okafor", "meeting": "MTG-2026-05",
               "decision": "DEC-2026-014", "dispute": "DSP-003", "ip": "IP-042", "exit": "EXIT-01"}
# TOML offsets are whole minutes: draw from fixed offsets, not historical zones.
aware_datetimes = st.builds(
    lambda d, minutes: d.replace(tzinfo=dt.timezone(dt.timedelta(minutes=minutes))),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(9998, 12, 31)),
    st.sampled_from([0, 60, -300, 330, 345, -570, 840]),
)


def for_type(hint: Any, choices: tuple | None) -> st.SearchStrategy:
    """A strategy of valid values for one field, from its type hint and choices."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return st.none() | for_type(args[0], choices)
    if origin is list:
        return st.lists(for_type(typing.get_args(hint)[0], choices), max_size=3)
    if origin is dict:
        return st.dictionaries(texts, for_type(typing.get_args(hint)[1], choices), max_size=3)
    if dataclasses.is_dataclass(hint):
        return for_dataclass(hint)
    if choices:
        return st.sampled_from(choices)
    return {str: texts, bool: st.booleans(), int: st.integers(-(2**63), 2**63 - 1),
            float: st.floats(allow_nan=False), dt.date: st.dates(), dt.datetime: aware_datetimes,
            Any: toml_values}[hint]


ARMOUR = pyrage.encrypt(b"sealed", [pyrage.x25519.Identity.generate().to_public()], armored=True).decode()


def for_dataclass(cls: type, kind: str | None = None) -> st.SearchStrategy:
    hints = typing.get_type_hints(cls)
    fields = {}
    for f in dataclasses.fields(cls):
        if kind and f.name == "id":
            fields["id"] = ids[kind]
        elif f.name == "body":
            fields["body"] = bodies
        elif f.name == "sealed":
            # A sealed value is canonical age armour at a field's path (parse refuses anything else).
            fields[f.name] = st.dictionaries(st.just("body"), st.just(ARMOUR), max_size=1)
        elif f.name == "field_sensitivity":
            # Only real field names may carry a sensitivity of their own.
            names = sorted({g.name for g in dataclasses.fields(cls)} - {"id", "sensitivity", "field_sensitivity", "readers", "sealed"})
            fields[f.name] = st.dictionaries(st.sampled_from(names), st.sampled_from(SENSITIVITIES), max_size=3)
        else:
            fields[f.name] = for_type(hints[f.name], f.metadata.get("choices"))
    return st.builds(cls, **fields)


records = st.sampled_from(sorted(KINDS)).flatmap(lambda kind: for_dataclass(KINDS[kind], kind))


# --- round trips ---------------------------------------------------------------------


def test_every_kind_has_an_id_pattern_and_a_path():
    assert {"partnership", "clause", "member", "meeting", "decision", "dispute", "ip", "exit"} <= set(KINDS)
    for kind, cls in KINDS.items():
        assert cls.KIND == kind and kind in ID_PATTERNS
    for kind, example in ID_EXAMPLES.items():
        assert kind_of_id(example) == kind
        assert kind_of_path(path_for(KINDS[kind](id=example))) == kind


@pytest.mark.parametrize("kind", sorted(KINDS))
@given(data=st.data())
@settings(max_examples=25, deadline=None)
def test_round_trip_and_byte_stability_for_every_kind(kind, data):
    record = data.draw(for_dataclass(KINDS[kind], kind))
    text = serialise(record)
    again = parse(text, kind, path_for(record))
    assert again == record
    assert serialise(again) == text
    assert parse_path(path_for(record), text.encode("utf-8")) == record


@given(records)
@FAST
def test_serialised_files_are_canonical(record):
    text = serialise(record)
    assert text.startswith("+++\nid = ")
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "\r" not in text
    front, body = split_front_matter(text, "x")
    assert body == record.body
    assert text == text.encode("utf-8").decode("utf-8")
    # Plain values appear in the order of the dataclass fields, then the tables.
    keys = list(tomllib.loads(front))
    order = [f.name for f in dataclasses.fields(record)]
    assert keys[0] == "id"
    scalars = [k for k in keys if not isinstance(getattr(record, k), (dict, list))]
    assert scalars == sorted(scalars, key=order.index)


def test_a_worked_example_file():
    decision = Decision(
        id="DEC-2026-014", title="Adopt the data-sharing terms", meeting="MTG-2026-05",
        date=dt.date(2026, 5, 12), tier="major", motion="That the council adopts the terms.",
        moved_by="okafor", outcome="passed", votes={"okafor": "for", "lind": "abstain"},
        body="The council weighed the terms. It agreed them, e.g. clause 4.2 as amended.",
    )
    text = serialise(decision)
    assert text == (
        '+++\nid = "DEC-2026-014"\ntitle = "Adopt the data-sharing terms"\nmeeting = "MTG-2026-05"\n'
        'date = 2026-05-12\ntier = "major"\nmotion = "That the council adopts the terms."\n'
        'moved_by = "okafor"\nseconded_by = ""\noutcome = "passed"\noutcome_note = ""\n'
        'sensitivity = "public"\namends = []\nactions = []\n\n[votes]\nokafor = "for"\nlind = "abstain"\n'
        "+++\n\nThe council weighed the terms.\nIt agreed them, e.g. clause 4.2 as amended.\n"
    )
    assert path_for(decision) == "decisions/2026/DEC-2026-014.md"
    assert parse_path("decisions/2026/DEC-2026-014.md", text.encode()) == decision


def test_crlf_and_byte_order_mark_are_read():
    text = serialise(Member(id="okafor", name="Ngozi Okafor", body="Line one. Line two."))
    crlf = ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8")
    assert parse_path("members/okafor.md", crlf) == parse(text, "member", "m")


def test_a_file_without_a_body_and_without_a_final_newline():
    assert parse('+++\nid = "okafor"\n+++', "member", "members/okafor.md") == Member(id="okafor")
    assert serialise(Member(id="okafor")).endswith('+++\n')


# --- canonical text --------------------------------------------------------------------


@given(bodies)
@settings(max_examples=150, deadline=None)
def test_canonical_text_is_idempotent(text):
    once = canonical_text(text)
    assert canonical_text(once) == once


@given(bodies)
@settings(max_examples=150, deadline=None)
def test_canonical_text_shape(text):
    out = canonical_text(text)
    assert "\r" not in out
    assert unicodedata.is_normalized("NFC", out)
    assert not out.startswith("\n") and not out.endswith("\n")
    assert all(line == line.rstrip() for line in out.split("\n"))
    # Only line structure and trailing whitespace change: the words are the same.
    assert out.split() == unicodedata.normalize("NFC", text.replace("\r", "\n")).split()


def test_canonical_text_keeps_nbsp_lines_stable():
    # Bug found: a line ending in a non-breaking space (or form feed, ideographic
    # space...) was kept unsplit, and split on the next pass once the space had
    # been stripped: not idempotent, so parse(serialise(r)) != r.
    assert canonical_text("A first. A second.\u00a0") == "A first.\nA second."
    assert canonical_text("One. Two.\x0c") == "One.\nTwo."
    record = Member(id="okafor", body="A first. A second.\u00a0")
    assert parse(serialise(record), "member", "m") == record


def test_one_sentence_per_line():
    assert canonical_text("The council met. It approved the budget! Was it quorate? Yes.") == \
        "The council met.\nIt approved the budget!\nWas it quorate?\nYes."
    assert canonical_text("Clause 4.2 applies. See e.g. Art. 5 and No. 3 of the annex. Done.") == \
        "Clause 4.2 applies.\nSee e.g. Art. 5 and No. 3 of the annex.\nDone."
    assert canonical_text("It ended. “Quoted” next. 'Single' too. (An aside.) 2026 was busy.") == \
        "It ended.\n“Quoted” next.\n'Single' too.\n(An aside.) 2026 was busy."  # ".)" is not an end
    assert canonical_text("lower. case does not start a sentence") == "lower. case does not start a sentence"


def test_sentences_in_list_items_and_quotes_stay_in_their_block():
    assert canonical_text("- First point. Second point.") == "- First point.\n  Second point."
    # Bug found: the "1." of an ordered item was split from its text, leaving
    # an empty item and an indented code block.
    assert canonical_text("1. First. Second.") == "1. First.\n   Second."
    assert canonical_text("12. Item. More.") == "12. Item.\n    More."
    assert canonical_text("  3) Ok. Then.") == "  3) Ok.\n     Then."
    # Splitting before "1. " would start a new list: that split is not made.
    assert not any(line.startswith("1.") for line in canonical_text("See below. 1. Not a list.").split("\n"))
    # A heading is one line: splitting it would move text out of the heading.
    assert canonical_text("# Heading. With two sentences.") == "# Heading. With two sentences."
    assert canonical_text("   ### 1. Quorum. Rules.") == "   ### 1. Quorum. Rules."
    assert canonical_text("> Quoted. Lazily continued.") == "> Quoted.\nLazily continued."


def test_fenced_and_indented_code_and_tables_are_untouched():
    fenced = "```python\nx = 1. Y = 2.   \nprint(x)\n```"
    assert canonical_text("Intro. Text.\n" + fenced + "\nAfter. This.") == \
        "Intro.\nText.\n```python\nx = 1. Y = 2.\nprint(x)\n```\nAfter.\nThis."
    tilde = "~~~\nA. B.\n~~~"
    assert canonical_text(tilde) == tilde
    assert canonical_text("    code. Not split.") == "    code. Not split."
    assert canonical_text("| A. B | C. D |") == "| A. B | C. D |"


def test_canonical_text_normalises_unicode_and_line_endings():
    assert canonical_text("Cafe\u0301\r\nnext\rline  \n\n\n") == "Caf\u00e9\nnext\nline"
    assert canonical_text("") == ""
    assert canonical_text("\n\n  \n") == ""


@given(st.lists(st.text(alphabet=st.characters(categories=["L", "N", "Zs"]), min_size=1, max_size=10)
                .map(lambda s: "Word " + s.replace(".", "")), min_size=1, max_size=8))
@FAST
def test_sentences_joined_by_spaces_come_back_one_per_line(sentences):
    sentences = [" ".join(s.split()) + " end." for s in sentences]
    assert canonical_text(" ".join(sentences)).split("\n") == [unicodedata.normalize("NFC", s) for s in sentences]


# --- refusals --------------------------------------------------------------------------

WHERE = "meetings/2026/MTG-2026-05.md"
TEMPLATE = '+++\nid = "MTG-2026-05"\n{line}\n+++\n\nMinutes.\n'
GOOD = TEMPLATE.format(line='title = "May meeting"\ndate = 2026-05-12')


def refused(text: str, field: str, kind: str = "meeting", where: str = WHERE) -> RecordError:
    with pytest.raises(RecordError) as err:
        parse(text, kind, where)
    e = err.value
    assert e.record == where and e.field == field
    assert str(e).startswith(f"{where}: field '{field}': expected ")
    return e


def test_the_good_file_parses():
    m = parse(GOOD, "meeting", WHERE)
    assert isinstance(m, Meeting) and m.date == dt.date(2026, 5, 12) and m.body == "Minutes."


@pytest.mark.parametrize("text, fragment", [
    ("", "to start with a '+++' line"),
    ("id = 'MTG-2026-05'\n", "to start with a '+++' line"),
    ("---\nid: MTG-2026-05\n---\n", "to start with a '+++' line"),
    ('+++\nid = "MTG-2026-05"\n', "a closing '+++' line"),
    ('+++\nid = "MTG-2026-05"\n++++\n', "a closing '+++' line"),
    ('+++\nid = "MTG-2026-05"\n +++\nbody', "a closing '+++' line"),
    ("+++\nx = " + "[" * 5000 + "\n+++\n", "TOML nested less deeply"),
], ids=lambda v: v[:40] if isinstance(v, str) else None)
def test_broken_files(text, fragment):
    e = refused(text, "front matter")
    assert fragment in str(e)


@pytest.mark.parametrize("text, field, fragment", [
    ('+++\nid = "MTG-2026-05\n+++\n', "id", "a valid TOML value"),
    ('+++\nid = "MTG-2026-05"\nid = "MTG-2026-06"\n+++\n', "id", "the field given only once"),
    ('+++\nid = "MTG-2026-05"\ndate = 2026-02-30\n+++\n', "date", "a date that exists, YYYY-MM-DD"),
    ('+++\nid = "MTG-2026-05"\ndate = 2026-13-01\n+++\n', "date", "at line 3 of the file"),
], ids=lambda v: v[:40] if isinstance(v, str) else None)
def test_toml_errors_name_the_field_on_their_line(text, field, fragment):
    e = refused(text, field)
    assert fragment in str(e)


def test_deeply_nested_toml_is_a_record_error():
    # Bug found: tomllib recursed into a RecursionError, which escaped parse().
    refused("+++\nid = " + "[" * 3000 + "1" + "]" * 3000 + "\n+++\n", "front matter")


@pytest.mark.parametrize("line, field", [
    ('date = "2026-05-12"', "date"),
    ("date = 2026-05-12T10:00:00", "date"),
    ("date = 20260512", "date"),
    ("agenda_circulated = 12:00:00", "agenda_circulated"),
    ("quorate = 1", "quorate"),
    ('quorate = "yes"', "quorate"),
    ("title = 5", "title"),
    ("title = [\"a\"]", "title"),
    ('kind = "emergency"', "kind"),
    ('minutes_status = "final"', "minutes_status"),
    ('minutes_approved_as = "amended"', "minutes_approved_as"),
    ('agenda = "item"', "agenda"),
    ("agenda = [1]", "agenda[0]"),
    ('agenda = [{kind = "item"}]', "agenda[0].title"),
    ('agenda = [{title = "x", kind = "vote"}]', "agenda[0].kind"),
    ('agenda = [{title = "x", colour = "red"}]', "agenda[0].colour"),
    ('agenda = [{title = "x", refs = "DEC-2026-001"}]', "agenda[0].refs"),
    ("attendance = 5", "attendance"),
    ("attendance = {okafor = true}", "attendance.okafor"),
    ('field_sensitivity = {title = "secret"}', "field_sensitivity.title"),
    ('colour = "red"', "colour"),
    ('body = "Minutes in the front matter."', "body"),
])
def test_wrong_values_name_the_field(line, field):
    refused(TEMPLATE.format(line=line), field)


@pytest.mark.parametrize("record_id", [5, "", "MTG-26-05", "mtg-2026-05", "MTG-2026-05\n", "MTG-٢٠٢٦-05",
                                       "MTG-2026-05 ", "DEC-2026-001"])
def test_bad_ids(record_id):
    # Bug found: "$" let an ID with a trailing newline through, and \d let
    # non-ASCII digits through; IDs name files, so both must be refused.
    text = "+++\n" + tomli_w.dumps({"id": record_id}) + "+++\n"
    e = refused(text, "id")
    assert "a meeting ID like MTG-2026-05" in str(e)


def test_missing_id():
    refused('+++\ntitle = "x"\n+++\n', "id")


def test_kind_of_id_and_path():
    assert kind_of_id("MTG-2026-05") == "meeting" and kind_of_id("4.2") == "clause"
    assert kind_of_id("MTG-2026-05\n") is None and kind_of_id("4.2\n") is None
    assert kind_of_id("okafor") == "member" and kind_of_id("Okafor") is None
    assert kind_of_path("charter/4.2.md") == "clause" and kind_of_path("notes/x.md") is None
    assert kind_of_path("meetings/2026/x.txt") is None


def test_unknown_kind():
    with pytest.raises(RecordError, match="field 'kind'"):
        parse(GOOD, "minutes", WHERE)
    with pytest.raises(RecordError, match="field 'kind'"):
        from_dict("minutes", {"id": "x"})


@pytest.mark.parametrize("path, field", [
    ("meetings/2026/MTG-2026-06.md", "id"),
    ("meetings/2025/MTG-2026-05.md", "id"),
    ("meetings/MTG-2026-05.md", "id"),
    ("members/MTG-2026-05.md", "id"),
    ("minutes/2026/MTG-2026-05.md", "path"),
    ("meetings/2026/MTG-2026-05.txt", "path"),
])
def test_parse_path_checks_the_id_against_the_path(path, field):
    with pytest.raises(RecordError) as err:
        parse_path(path, GOOD.encode())
    assert err.value.record == path and err.value.field == field
    assert str(err.value).startswith(f"{path}: field '{field}'")


def test_parse_path_refuses_non_utf8():
    with pytest.raises(RecordError, match="field 'encoding': expected UTF-8 text"):
        parse_path(WHERE, GOOD.encode("utf-16"))
    with pytest.raises(RecordError, match="encoding"):
        parse_path(WHERE, b"+++\nid = \"\xff\"\n+++\n")


# Garbage: random text, random text that looks like TOML, and mutations of a good file.
TOML_ALPHABET = st.sampled_from(list('+=[]{}"\'.,:-_#\n \t0123456789abcdeiflnrstuTZ') + ["+++\n", "\nid", "date"])
toml_garbage = st.lists(TOML_ALPHABET, max_size=80).map("".join)


@st.composite
def mutated_good_files(draw):
    text = draw(st.sampled_from([GOOD, serialise(draw(records))]))
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(st.one_of(TOML_ALPHABET, st.text(max_size=3)))
        if op == "insert":
            text = text[:i] + piece + text[i:]
        elif op == "delete":
            text = text[:i] + text[i + draw(st.integers(1, 5)):]
        else:
            text = text[:i] + piece + text[i + len(piece):]
    return text


def only_record_errors(text: str, kind: str, where: str) -> None:
    try:
        record = parse(text, kind, where)
    except RecordError as e:
        assert str(e).startswith(f"{where}: field '") and e.field
    else:
        assert isinstance(record, KINDS[kind])


@given(st.one_of(st.text(), toml_garbage, toml_garbage.map(lambda t: "+++\n" + t + "\n+++\n"),
                 mutated_good_files()),
       st.sampled_from(sorted(KINDS)))
@settings(max_examples=150, deadline=None)
def test_garbage_raises_only_record_errors(text, kind):
    only_record_errors(text, kind, "garbage.md")


@given(st.binary(max_size=200) | mutated_good_files().map(lambda t: t.encode("utf-8", "surrogatepass")),
       st.sampled_from(["partnership.md", "charter/4.2.md", "members/okafor.md", WHERE,
                        "decisions/2026/DEC-2026-014.md", "disputes/DSP-001.md", "ip/IP-001.md",
                        "exit/EXIT-01.md", "README.md"]))
@FAST
def test_garbage_bytes_raise_only_record_errors(data, path):
    try:
        record = parse_path(path, data)
    except RecordError as e:
        assert str(e).startswith(f"{path}: field '")
    else:
        assert path_for(record) == path


def wrong_values(hint: Any, choices: tuple | None) -> st.SearchStrategy:
    """TOML values that a field of this type must refuse."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        hint = [a for a in typing.get_args(hint) if a is not type(None)][0]
        origin = typing.get_origin(hint)
    text, number, flag = st.text(max_size=5), st.integers(-5, 5), st.booleans()
    lists, tables, day = st.lists(number, max_size=2), st.dictionaries(st.text(max_size=3), number, max_size=2), st.dates()
    stamp = st.datetimes(min_value=dt.datetime(1, 1, 1))
    if origin is list:
        return st.one_of(text, number, flag, st.dictionaries(st.text(max_size=3), number, min_size=1, max_size=2), day)
    if origin is dict:
        return st.one_of(text, number, flag, lists, day)
    if dataclasses.is_dataclass(hint):
        return st.one_of(text, number, lists)
    if choices:
        return st.one_of(text.filter(lambda s: s not in choices), number, flag)
    return {
        str: st.one_of(number, flag, lists, tables, day, st.floats(allow_nan=False)),
        bool: st.one_of(text, number, lists, day),
        int: st.one_of(text, flag, st.floats(allow_nan=False), day, lists),
        float: st.one_of(text, flag, day, lists),
        dt.date: st.one_of(text, number, flag, stamp, st.times()),
        dt.datetime: st.one_of(text, number, flag, st.times()),
        Any: st.nothing(),
    }[hint]


@st.composite
def wrong_fields(draw):
    kind = draw(st.sampled_from(sorted(KINDS)))
    cls = KINDS[kind]
    hints = typing.get_type_hints(cls)
    candidates = [f for f in dataclasses.fields(cls) if f.name not in ("id", "body") and hints[f.name] is not dict[str, Any]]
    f = draw(st.sampled_from(candidates))
    record = draw(for_dataclass(cls, kind))
    data = record.to_dict()
    data[f.name] = draw(wrong_values(hints[f.name], f.metadata.get("choices")))
    return kind, f.name, data


@given(wrong_fields())
@FAST
def test_a_wrong_value_in_any_field_names_that_field(case):
    kind, name, data = case
    text = "+++\n" + tomli_w.dumps(data) + "+++\n"
    with pytest.raises(RecordError) as err:
        parse(text, kind, "where.md")
    assert err.value.record == "where.md"
    assert err.value.field == name or err.value.field.startswith((name + "[", name + "."))
    assert f"field '{err.value.field}'" in str(err.value)


@given(records, st.from_regex(r"[a-z_][a-z0-9_]{0,9}", fullmatch=True))
@FAST
def test_unknown_fields_are_refused(record, key):
    data = record.to_dict()
    if key in {f.name for f in dataclasses.fields(record)}:
        key += "_extra"
    data[key] = "x"
    with pytest.raises(RecordError) as err:
        parse("+++\n" + tomli_w.dumps(data) + "+++\n", record.KIND, "where.md")
    assert err.value.field == key and err.value.got == "unknown field"


@given(records)
@FAST
def test_a_missing_required_nested_field_is_named(record):
    data = record.to_dict()
    for name, value in data.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            required = [f.name for f in dataclasses.fields(type(getattr(record, name)[0]))
                        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
            del value[0][required[0]]
            with pytest.raises(RecordError) as err:
                parse("+++\n" + tomli_w.dumps(data) + "+++\n", record.KIND, "where.md")
            assert err.value.field == f"{name}[0].{required[0]}" and err.value.got == "missing"
            return


def test_records_hold_canonical_bodies():
    r = Member(id="okafor", body="One. Two.\r\n")
    assert r.body == "One.\nTwo."
    assert isinstance(r, Record)


def test_sensitivity_for_a_field_that_does_not_exist_is_refused():
    text = '+++\nid = "DEC-2026-001"\ntitle = "x"\n\n[field_sensitivity]\nrationale = "confidential"\n+++\n\nWhy.\n'
    with pytest.raises(RecordError, match=r"field_sensitivity\.rationale.*name of a field"):
        parse(text, "decision", "decisions/2026/DEC-2026-001.md")
