"""Bad record files and bad changes: each is refused with a message naming the file
(or record), the field and what was expected, and nothing is written.

Record files of every kind get the same treatment (malformed TOML, missing
and unknown fields, wrong types, dates that do not exist, an ID that does not
match the file name, ...); hypothesis mutates valid files of every kind and
checks that parsing never raises anything but RecordError.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import typing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from council.errors import CouncilError, RecordError, RuleError
from council.fileformat import parse_path, serialise
from council.records import KINDS, Decision, IPAsset, Meeting, Member, Record, _example_id, path_for
from store import index
from store.service import Store
from store.write.change import Change
from tests.conftest import DAY, at
from tests.reliability.stores import build_template, copy_of

VOTERS = ("ada", "ben", "cy", "dee", "eli", "fay")
ALL_FOR = {m: "for" for m in VOTERS}


def sample(kind: str) -> Record:
    return KINDS[kind](id=_example_id(kind))


def valid_file(kind: str) -> tuple[str, str]:
    record = sample(kind)
    return path_for(record), serialise(record)


def refused(path: str, text: str | bytes, field: str) -> RecordError:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(RecordError) as err:
        parse_path(path, data)
    message = str(err.value)
    assert message.startswith(f"{path}: field '{field}': expected "), message
    assert err.value.field == field and err.value.expected
    return err.value


def with_line(text: str, line: str) -> str:
    """The file with a front-matter line set: replacing the field's line, or just after the id."""
    key = line.split("=", 1)[0].strip() if "=" in line else None
    lines = text.split("\n")
    end = lines.index("+++", 1)
    for i in range(1, end):
        if key and lines[i].split("=", 1)[0].strip() == key:
            lines[i] = line
            return "\n".join(lines)
    return "\n".join(lines[:2] + [line] + lines[2:])


def field_of_type(kind: str, wanted: type) -> str | None:
    hints = typing.get_type_hints(KINDS[kind])
    for f in dataclasses.fields(KINDS[kind]):
        hint = hints[f.name]
        args = typing.get_args(hint)
        if f.name not in ("id", "body") and (hint is wanted or (wanted in args and type(None) in args)):
            return f.name
    return None


KIND_NAMES = sorted(KINDS)


# --- record files of every kind ------------------------------------------------------


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_a_valid_file_of_every_kind_parses(kind: str) -> None:
    path, text = valid_file(kind)
    assert parse_path(path, text.encode()) == sample(kind)


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_malformed_toml_names_the_file_and_the_line(kind: str) -> None:
    path, text = valid_file(kind)
    error = refused(path, with_line(text, 'title = "unterminated'), "title")
    assert "of the file" in error.expected and error.got == '"unterminated'
    error = refused(path, text.replace("+++\n", '+++\nid = "again"\n', 1), "id")
    assert error.expected.startswith("the field given only once")
    refused(path, with_line(text, "[broken"), "front matter")
    refused(path, text.replace("+++\n", "", 1), "front matter")  # no opening fence
    refused(path, text[: text.rindex("+++")], "front matter")  # no closing fence


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_missing_and_unknown_fields(kind: str) -> None:
    path, text = valid_file(kind)
    refused(path, "\n".join(line for line in text.split("\n") if not line.startswith("id = ")), "id")
    error = refused(path, with_line(text, 'colour = "red"'), "colour")
    assert KINDS[kind].__name__ in error.expected
    refused(path, with_line(text, 'body = "in the wrong place"'), "body")


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_wrong_types(kind: str) -> None:
    path, text = valid_file(kind)
    name = field_of_type(kind, str)
    assert name, f"{kind} has no text field"
    error = refused(path, with_line(text, f"{name} = 12"), name)
    assert error.expected == "a string" and error.got == 12
    listed = next((f.name for f in dataclasses.fields(KINDS[kind]) if typing.get_origin(
        typing.get_type_hints(KINDS[kind])[f.name]) is list), None)
    if listed:
        refused(path, with_line(text, f'{listed} = "not a list"'), listed)


@pytest.mark.parametrize("kind", [k for k in KIND_NAMES if field_of_type(k, dt.date)])
def test_dates_that_do_not_exist(kind: str) -> None:
    path, text = valid_file(kind)
    name = field_of_type(kind, dt.date)
    assert name
    error = refused(path, with_line(text, f"{name} = 2026-02-30"), name)
    assert "a date that exists" in error.expected and error.got == "2026-02-30"
    refused(path, with_line(text, f'{name} = "2026-02-30"'), name)  # a string, not a date
    refused(path, with_line(text, f"{name} = 2026-02-28T10:00:00"), name)  # a datetime, not a date


@pytest.mark.parametrize("kind", [k for k in KIND_NAMES if k != "partnership"])
def test_id_must_match_the_file_name(kind: str) -> None:
    path, text = valid_file(kind)
    folder = path.rsplit("/", 1)[0]
    other = sample(kind)
    wrong = f"{folder}/{'x' if kind == 'member' else ''}{other.id}9.md" if kind != "clause" else f"{folder}/9.9.md"
    error = refused(wrong, text, "id")
    assert wrong in error.expected and error.got == other.id


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_bytes_that_are_not_utf8(kind: str) -> None:
    path, text = valid_file(kind)
    refused(path, text.encode("utf-8") + b"\xff\xfe", "encoding")


def test_parts_name_their_nested_field() -> None:
    head = '+++\nid = "partnership"\nname = "P"\nsensitivity = "public"\n'
    refused("partnership.md", head + '\n[[parties]]\nid = "acme"\n+++\n', "parties[0].legal_name")
    refused("partnership.md", head + '\n[[parties]]\nid = "acme"\nlegal_name = 7\n+++\n', "parties[0].legal_name")
    refused("partnership.md", head.replace('"public"', '"secret"') + "+++\n", "sensitivity")


# --- hypothesis: mutated files never raise anything but RecordError ----------------------

_SCALARS = st.one_of(
    st.integers(-10**20, 10**20).map(str), st.floats(allow_nan=True).map(repr), st.booleans().map(lambda b: str(b).lower()),
    st.text(max_size=20).map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'),
    st.dates().map(str), st.sampled_from(["2026-02-30", "[]", "{}", "[1, 'a']", "{ a = 1 }", "inf", "nan",
                                          "1979-05-27T07:32:00Z", '"""', "[[", "= =", "0x1F", "\\u0000"]))


@st.composite
def mutated_files(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(KIND_NAMES))
    path, text = valid_file(kind)
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "dup", "value", "value", "value", "key", "key", "junk", "truncate"]))
        if action == "drop":
            del lines[i]
        elif action == "dup":
            lines.insert(i, lines[i])
        elif action == "value":
            key = lines[i].split("=", 1)[0].strip() or "id"
            lines[i] = f"{key} = {draw(_SCALARS)}"
        elif action == "key":
            lines.insert(i, f"{draw(st.sampled_from(['id', 'title', 'date', 'votes', 'owners', 'x']))} = {draw(_SCALARS)}")
        elif action == "junk":
            lines.insert(i, draw(st.text(max_size=30)))
        elif draw(st.integers(0, 3)) == 0:
            lines = lines[:i]
        if not lines:
            lines = [""]
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 7)) == 0:
        data = data[: draw(st.integers(0, len(data)))]
    return path, data


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_files())
def test_mutated_record_files_raise_only_record_errors(case: tuple[str, bytes]) -> None:
    path, data = case
    try:
        record = parse_path(path, data)
    except RecordError as exc:
        assert str(exc).startswith(f"{path}: field '") and exc.field
        return
    assert path_for(record) == path  # whatever parses is a whole, well-placed record
    assert parse_path(path, serialise(record).encode()) == record


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(KIND_NAMES), st.binary(max_size=300))
def test_random_bytes_raise_only_record_errors(kind: str, data: bytes) -> None:
    path, _ = valid_file(kind)
    try:
        parse_path(path, b"+++\n" + data)
    except RecordError:
        pass


# --- bad changes through the write path: refused, nothing written ------------------------


@pytest.fixture(scope="module")
def small_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory)


@pytest.fixture
def small_store(small_template: Path, tmp_path: Path):
    """tests/conftest.py's small store, copied from one built for this module."""
    store = copy_of(small_template, tmp_path)
    yield store
    store.close()


def snapshot(store: Store) -> tuple:
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=store.root,
                            capture_output=True, text=True).stdout
    return store.head, status, index.indexed_commit(store.engine), tuple(sorted(index.blobs(store.engine).items()))


def refuse_change(store: Store, change: Change, error: type, *needles: str) -> str:
    before = snapshot(store)
    with pytest.raises(error) as err:
        store.write(change)
    message = str(err.value)
    for needle in needles:
        assert needle in message, message
    assert snapshot(store) == before, "a refused change left a trace"
    return message


def decision(dec_id: str = "DEC-2026-002", **fields: object) -> Decision:
    base = dict(title="A motion", meeting="MTG-2026-01", date=DAY, tier="low", motion="That it be done.",
                moved_by="ada", votes=dict(ALL_FOR))
    base.update(fields)
    return Decision(id=dec_id, **base)  # type: ignore[arg-type]


def amendment(store: Store, clause_id: str, dec_id: str = "DEC-2026-003", **settings: object) -> Change:
    clause = store.require(clause_id)
    changed = clause.replace(settings={**clause.settings, **settings})  # type: ignore[attr-defined]
    motion = decision(dec_id, tier="high", amends=[clause_id])
    return Change(f"amend {clause_id}", [motion, changed], kind="amend", decision=dec_id, when=at(DAY, 12))


def test_votes_by_non_members_and_non_voting_members(small_store: Store) -> None:
    message = refuse_change(small_store, Change("vote", [decision(votes={**ALL_FOR, "zed": "for"})]),
                            RecordError, "votes.zed", "a member of the council")
    assert "decisions/2026/DEC-2026-002.md" in message  # the file the record would be written to
    refuse_change(small_store, Change("vote", [decision(votes={**ALL_FOR, "gus": "for"})]),
                  RecordError, "votes.gus", "a voting member")
    refuse_change(small_store, Change("vote", [decision(votes={"ada": "maybe"})]),
                  RecordError, "votes.ada", "for")


def test_shares_not_summing_to_100(small_store: Store) -> None:
    for owners, needle in (({"hosp": 60.0, "lab": 30.0}, "summing to 100%"), ({"hosp": 100.0, "acme": 0.0}, "owners"),
                           ({}, "at least one owning party"), ({"hosp": 120.0, "lab": -20.0}, "owners.hosp")):
        asset = IPAsset(id="IP-001", title="Model", owners=owners)
        motion = decision("DEC-2026-003", tier="high", amends=["IP-001"])
        refuse_change(small_store, Change("register", [motion, asset], kind="amend", decision="DEC-2026-003"),
                      RecordError, "IP-001", needle)


def test_quorum_rules_that_cannot_be_met(small_store: Store) -> None:
    refuse_change(small_store, amendment(small_store, "4.2", basis="count", count=9), RecordError,
                  "charter 4.2", "settings.count", "6 voting members can meet")
    refuse_change(small_store, amendment(small_store, "4.2", basis="count", count=0), RecordError,
                  "settings.count", "at least 1")
    refuse_change(small_store, amendment(small_store, "4.2", min_per_party=4), RecordError,
                  "settings.min_per_party", "party hosp")
    refuse_change(small_store, amendment(small_store, "4.2", basis="fraction", fraction="3/2"), RecordError,
                  "settings.fraction", "between 0 and 1")


def test_ladders_with_negative_days(small_store: Store) -> None:
    stages = [{"name": "negotiation", "days": 30}, {"name": "council", "days": -5}]
    refuse_change(small_store, amendment(small_store, "6", stages=stages), RecordError,
                  "charter 6", "settings.stages[1].days", "1 or more", "-5")
    refuse_change(small_store, amendment(small_store, "6", stages=[]), RecordError, "at least one escalation stage")


def test_duplicate_ids_in_one_change(small_store: Store) -> None:
    ben = small_store.require("ben")
    refuse_change(small_store, Change("twice", [ben.replace(email="a@x.example"), ben.replace(email="b@x.example")]),
                  RecordError, "ben", "each record once per change")


def test_rules_refuse_term_changes_without_an_amendment(small_store: Store) -> None:
    clause = small_store.require("4.2")
    refuse_change(small_store, Change("sneak", [clause.replace(body="One member is a quorum.")]), RuleError,
                  "4.2", "amendment")


def test_records_that_break_domain_rules(small_store: Store) -> None:
    meeting = small_store.require("MTG-2026-01")
    assert isinstance(meeting, Meeting)
    refuse_change(small_store, Change("attend", [meeting.replace(attendance={**meeting.attendance, "zed": "present"})]),
                  RecordError, "attendance.zed", "meetings/2026/MTG-2026-01.md")
    member = small_store.require("ben")
    assert isinstance(member, Member)
    refuse_change(small_store, Change("party", [member.replace(party="acme")]), RecordError, "ben", "field 'party'")
    refuse_change(small_store, Change("term", [member.replace(term_end=dt.date(2024, 1, 1))]), RecordError,
                  "term_end", "on or after")
    refuse_change(small_store, Change("tier", [decision(tier="urgent")]), RecordError, "tier", "urgent")
    refuse_change(small_store, Change("meeting", [decision(meeting="MTG-2026-99")]), RecordError,
                  "field 'meeting'", "MTG-2026-99")


def test_every_refusal_is_a_council_error(small_store: Store) -> None:
    """The CLI and the TUI show CouncilErrors; anything else would be a crash."""
    assert issubclass(RecordError, CouncilError) and issubclass(RuleError, CouncilError)
    with pytest.raises(CouncilError):
        small_store.write(Change("", [decision()]))  # an empty summary
    with pytest.raises(CouncilError):
        small_store.write(Change("delete", deletes=["DSP-999"]))


def test_the_records_still_parse_after_all_that(small_store: Store, tmp_path: Path) -> None:
    # Belt and braces: the refused changes above left files only a write could make.
    for row in index.rows(small_store.engine):
        assert parse_path(row.path, (small_store.root / row.path).read_bytes()).id == row.id
