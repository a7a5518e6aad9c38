"""Size and script limits: 1 MB of minutes, 1,000 agenda items, and Unicode everywhere
(right-to-left names, emoji, combining marks) are stored, round-tripped through git
and the index, and rendered."""

from __future__ import annotations

import datetime as dt
import subprocess
import unicodedata

import pytest

from council.fileformat import parse_path, serialise
from council.markdown import to_html
from council.records import AgendaItem, Decision, Meeting, Member, path_for
from store.audit.verify import verify
from store.service import Store
from store.write.change import Change
from tests.conftest import DAY, MEMBERS, at

pytestmark = pytest.mark.slow  # see README: the fast inner loop leaves these out

RTL_ARABIC = "فاطمة الزهراء"
RTL_HEBREW = "דוד כהן"
EMOJI = "🤝🏽 👩🏿‍⚖️"  # skin tones and a zero-width-joiner sequence
COMBINING = "Zoe\u0308 Ame\u0301lie"  # decomposed: e + combining diaeresis / acute
NFC = unicodedata.normalize("NFC", COMBINING)


def git(root, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


def round_trips(store: Store, record_id: str) -> object:
    """The record as the index has it, as git has it and as a fresh open has it: all equal."""
    indexed = store.require(record_id)
    path = path_for(indexed)
    in_git = parse_path(path, subprocess.run(["git", "show", f"HEAD:{path}"], cwd=store.root,
                                             capture_output=True, check=True).stdout)
    assert in_git == indexed
    assert (store.root / path).read_bytes() == serialise(indexed).encode("utf-8")
    fresh = Store.open(store.root)
    try:
        assert fresh.require(record_id) == indexed
    finally:
        fresh.close()
    return indexed


def long_minutes(size: int) -> str:
    """Realistic minutes: headings, lists, a table, links, code, prose; ``size`` bytes or more."""
    block = ("## Item {n}: data-sharing review\n\n"
             "The council considered the quarterly report. The chair noted progress on item {n}. "
             "Members asked about retention; the data steward answered.\n\n"
             "- Action: the secretariat circulates the report by Friday.\n"
             "- Action: the lab confirms deletion of extract {n}.\n\n"
             "| Party | Vote |\n|---|---|\n| hosp | for |\n| lab | for |\n\n"
             "See [the register](https://example.org/ip/{n}) and `IP-{n:03d}`. <script>alert({n})</script>\n\n")
    parts, total, n = [], 0, 0
    while total < size:
        n += 1
        parts.append(block.format(n=n))
        total += len(parts[-1].encode())
    return "".join(parts)


def test_a_megabyte_of_minutes(small_store: Store) -> None:
    minutes = long_minutes(1_000_000)
    meeting = small_store.require("MTG-2026-01")
    small_store.write(Change("minutes of MTG-2026-01", [meeting.replace(body=minutes)], when=at(DAY, 18)))
    stored = round_trips(small_store, "MTG-2026-01")
    assert isinstance(stored, Meeting)
    assert len((small_store.root / path_for(stored)).read_bytes()) > 1_000_000
    assert stored.body.count("## Item ") == minutes.count("## Item ")
    html = to_html(stored.body)
    last = minutes.count("## Item ")
    assert f"<h2>Item {last}: data-sharing review</h2>" in html
    assert html.count("<table>") == last and html.count("<li>") == 2 * last
    assert "<script>" not in html and "&lt;script&gt;" in html  # raw HTML is shown, never run
    assert verify(small_store, fsck=True).ok


def test_a_thousand_agenda_items(small_store: Store) -> None:
    meeting = small_store.require("MTG-2026-01")
    agenda = [AgendaItem(title=f"Item {i}: review of dataset DS-{i:04d} — «{RTL_HEBREW}» {EMOJI}",
                         kind="item" if i % 3 else "report", refs=["4.2"]) for i in range(1, 1001)]
    small_store.write(Change("agenda of MTG-2026-01", [meeting.replace(agenda=agenda)], when=at(DAY, 9)))
    stored = round_trips(small_store, "MTG-2026-01")
    assert isinstance(stored, Meeting) and stored.agenda == agenda
    text = (small_store.root / "meetings/2026/MTG-2026-01.md").read_text()
    assert text.count("[[agenda]]") == 1000
    assert verify(small_store, fsck=True).ok


def test_unicode_everywhere(small_store: Store) -> None:
    members = [
        Member(id="fatima", name=RTL_ARABIC, party="hosp", role="legal_counsel", voting=False,
               email="fatima@hosp.example", term_start=dt.date(2025, 1, 1), body=f"يمثل المستشفى. {EMOJI}"),
        Member(id="david", name=RTL_HEBREW, party="lab", role="observer", voting=False,
               email="david@lab.example", term_start=dt.date(2025, 1, 1), body="משקיף מטעם המעבדה."),
        Member(id="zoe", name=COMBINING, party="lab", role="observer", voting=False,
               email="zoe@lab.example", term_start=dt.date(2025, 1, 1), body=COMBINING),
    ]
    small_store.write(Change(f"appoint {RTL_ARABIC}, {RTL_HEBREW} and {COMBINING} {EMOJI}", members,
                             when=at(DAY, 8)))
    for member in members:
        stored = round_trips(small_store, member.id)
        assert isinstance(stored, Member) and stored.name == member.name  # front matter kept as written
    assert small_store.require("zoe").body == NFC  # bodies are stored NFC, as canonical text

    title = f"Mixed scripts: {RTL_ARABIC} / {RTL_HEBREW} / 日本語 / {EMOJI} / {COMBINING}"
    decision = Decision(id="DEC-2026-050", title=title, meeting="MTG-2026-01", date=DAY, tier="low",
                        motion=f"That {RTL_ARABIC} ‏(RTL mark) be thanked.", moved_by="ada",
                        votes={m.id: "for" for m in MEMBERS if m.voting},
                        body=f"# {RTL_HEBREW}\n\n{EMOJI} **{RTL_ARABIC}** — {COMBINING}.\n\n- \u200fנקודה\n")
    done = small_store.write(Change(f"record {title}", [decision], when=at(DAY, 11)))
    stored = round_trips(small_store, "DEC-2026-050")
    assert stored.title == title
    assert git(small_store.root, "log", "-1", "--format=%s", done.commit).strip() == f"record: record {title}"
    html = to_html(stored.body)
    assert f"<h1>{RTL_HEBREW}</h1>" in html and f"<strong>{RTL_ARABIC}</strong>" in html
    assert EMOJI in html and unicodedata.normalize("NFC", COMBINING) in html
    assert verify(small_store, fsck=True).ok
    assert git(small_store.root, "status", "--porcelain") == ""
