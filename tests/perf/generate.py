"""Build a valid synthetic council store of a given size, with a real history.

    python tests/perf/generate.py DIR --decisions N [--seed S]

A store of N decisions gets, in proportion: about one meeting per 50
decisions, parties (2 at small sizes, 50 at 100,000 decisions), three seats
per party (two voting, one not) whose holders rotate every few years (about
500 members over ten years at 100,000 decisions), disputes (one per 1,000
decisions) that climb the escalation ladder, IP assets registered by
decisions (about 10% of them), and one record, charter clause 4.2, amended
hundreds of times (for the history benchmark).  Every event is one commit, so
100,000 decisions make a little over 100,000 commits.

Going through ``Store.write`` costs ~10 ms a commit; 100,000 commits would
take a quarter of an hour.  Instead the history is streamed into one
``git fast-import`` (file contents inline, one commit per event, dated in
increasing order) while the records stay honest: meetings' quorum and
decisions' outcomes are computed by :mod:`council.rules` under the charter in
force, amendments go through :func:`council.checks.check_change` (so only
decisions that passed amend a term) and every commit message is made by
:func:`store.write.steps.commit_message`, the write path's own.  The SQLite index
is then built by ``Store.open``.  ``council verify`` passes on the result.

:func:`cached` keeps built stores under a cache directory keyed by size, seed and
``FORMAT`` (bump it when the output changes); copy one (:func:`work_copy`) before writing to it.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import heapq
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from council import rules  # noqa: E402
from council.charter import Charter, charter_from_clauses  # noqa: E402
from council.checks import Context, check_change  # noqa: E402
from council.errors import RuleError  # noqa: E402
from council.fileformat import serialise  # noqa: E402
from council.records import (  # noqa: E402
    ActionItem,
    AgendaItem,
    Clause,
    Decision,
    Dispute,
    IPAsset,
    License,
    Meeting,
    Member,
    Record,
    Stage,
    path_for,
)
from council.skeleton import founding_records  # noqa: E402
from store.git import process as gitprocess  # noqa: E402
from store.git.commits import Identity  # noqa: E402
from store.write.change import Change  # noqa: E402
from store.write.founding import Signatory  # noqa: E402
from store.write.steps import commit_message  # noqa: E402

# Bump when the generated stores change (the cache is keyed by it): not for edits that
# leave the output byte for byte the same, which the cache may then keep serving.
FORMAT = 2  # 2: minutes are approved only at a quorate meeting
AS_OF = dt.date(2026, 11, 20)  # the generated history ends here
HOT_CLAUSE = "4.2"
SECRETARY = "secretariat"
CLERK = Identity("Council Secretariat", "secretariat@council.example")
UTC = dt.UTC


# --- the shape of a store of a given size -------------------------------------


@dataclass(frozen=True)
class Plan:
    """How many of everything a store of ``decisions`` decisions holds."""

    decisions: int
    parties: int
    years: int
    meetings: int
    disputes: int
    hot_amendments: int
    voting_seats: int = 2
    other_seats: int = 1
    term_years: int = 4
    ip_share: float = 0.10
    full_every: int = 4  # every n-th meeting everyone attends (term changes are put there)
    inquorate_every: int = 37  # and now and then a whole delegation stays away

    @classmethod
    def for_size(cls, decisions: int) -> "Plan":
        return cls(
            decisions=decisions,
            parties=max(2, min(50, round(decisions / 2000))),
            years=max(1, min(10, decisions // 1000)),
            meetings=max(2, round(decisions / 50)),
            disputes=max(1, decisions // 1000),
            hot_amendments=max(3, min(400, decisions // 250)),
        )


# --- words, for titles that filter-as-you-type can find -------------------------

_VERBS = ("Approve", "Adopt", "Renew", "Extend", "Authorise", "Endorse", "Commission", "Ratify",
          "Accept", "Confirm", "Defer", "Fund")
_TOPICS = ("radiology", "pathology", "genomics", "triage", "oncology", "cardiology", "speech",
           "translation", "fraud", "logistics", "climate", "energy", "retail", "education",
           "robotics", "imaging", "dermatology", "pharmacy", "maternity", "sepsis")
_OBJECTS = ("data-sharing schedule", "model evaluation plan", "compute budget", "retention policy",
            "access request", "risk assessment", "audit report", "publication request",
            "training run", "benchmark suite", "incident review", "procurement",
            "consent framework", "red-team exercise", "deployment gate", "bias review")
_FIRST = ("Amara", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas",
          "Kemi", "Liam", "Maya", "Nikhil", "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tara",
          "Umar", "Vera", "Wei", "Xenia", "Yusuf", "Zoe")
_LAST = ("okafor", "shah", "moreau", "ivanova", "kowalczyk", "tanaka", "haddad", "lindqvist",
         "mensah", "novak", "oliveira", "petrov", "quispe", "rossi", "sato", "tremblay",
         "umarov", "vargas", "weber", "xu", "yilmaz", "zhang", "adeyemi", "brennan", "costa")
_ORGS = ("aldergrove", "brightwater", "cobalt", "dunmore", "everly", "fenwick", "glenholm",
         "harrow", "ironbridge", "juniper", "kestrel", "larkspur", "meridian", "northgate",
         "oakridge", "pemberton", "quarry", "redfern", "stanmore", "thistle", "umbra", "vantage",
         "westmoor", "yarrow", "zephyr")
_ROLES_VOTING = ("senior_sponsor", "technical_expert")
_SPDX = ("Apache-2.0", "MIT", "CC-BY-4.0", "proprietary", "BSD-3-Clause")


def _party_ids(n: int) -> list[str]:
    out = []
    for i in range(n):
        base = _ORGS[i % len(_ORGS)]
        out.append(base if i < len(_ORGS) else f"{base}-{i // len(_ORGS) + 1}")
    return out


def _at(day: dt.date, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=UTC)


def _first_of_month(day: dt.date, months: int = 0) -> dt.date:
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


# --- the fast-import stream ----------------------------------------------------


class Stream:
    """One ``git fast-import`` process; each :meth:`commit` is one commit on main."""

    def __init__(self, root: Path, progress: Callable[[int], None] | None = None) -> None:
        self.progress = progress
        self.proc = subprocess.Popen(
            ["git", "fast-import", "--quiet", "--done", "--date-format=raw"],
            cwd=root, stdin=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=1 << 20)
        self.commits = 0

    def commit(self, when: dt.datetime, message: str, files: dict[str, bytes], change: Change) -> None:
        ts = int(when.timestamp())
        who = f"{CLERK} {ts} +0000\n".encode()
        # The write path stores message.rstrip("\n") + "\n" (store.git.objects.commit_object).
        msg = (message.rstrip("\n") + "\n").encode()
        parts = [b"commit refs/heads/main\nauthor ", who, b"committer ", who,
                 b"data %d\n" % len(msg), msg]
        for path, content in files.items():
            parts.append(b"M 100644 inline %s\ndata %d\n" % (path.encode(), len(content)))
            parts.append(content)
            parts.append(b"\n")
        parts.append(b"\n")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"".join(parts))
        self.commits += 1
        if self.progress and self.commits % 10_000 == 0:
            self.progress(self.commits)

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"done\n")
        self.proc.stdin.close()
        err = self.proc.stderr.read() if self.proc.stderr else b""
        if self.proc.wait() != 0:
            raise RuntimeError(f"git fast-import failed: {err.decode('utf-8', 'replace')[-2000:]}")


class StoreSink:
    """The same history written through ``Store.write``, one commit at a time (slow).

    For tests: a store replayed this way must end at the very commit the
    fast-import stream makes, which proves the stream writes what the write
    path would (same files, trees, messages and dates).
    """

    def __init__(self, root: Path) -> None:
        from store.service import Store

        self.store = Store.create(root)
        self.commits = 0

    def commit(self, when: dt.datetime, message: str, files: dict[str, bytes], change: Change) -> None:
        done = self.store.write(change, author=CLERK)
        if done.message != message:
            raise AssertionError(f"commit message differs:\n{done.message}\n---\n{message}")
        self.commits += 1

    def close(self) -> None:
        self.store.close()


# --- the history ------------------------------------------------------------------


@dataclass
class Stats:
    commits: int = 0
    amendments: int = 0
    hot_amendments: int = 0
    decisions: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    meetings_held: int = 0
    meetings_scheduled: int = 0
    members: int = 0
    ip_assets: int = 0
    disputes: int = 0


class History:
    """Generates the events of a store's life in date order and streams them as commits."""

    def __init__(self, plan: Plan, stream: Stream, seed: int) -> None:
        self.plan, self.stream = plan, stream
        self.rng = random.Random(seed)
        self.current: dict[str, Record] = {}
        self.clauses: dict[str, Clause] = {}
        self.members: list[Member] = []
        self.member_ids: set[str] = set()
        self._outcomes: dict[tuple, Any] = {}
        self._hot_titles = 0
        self.last_when = dt.datetime(1970, 1, 1, tzinfo=UTC)
        self.parties = _party_ids(plan.parties)
        self.charter: Charter = Charter()
        self.charter_version = 0
        self.stats = Stats()
        self.queue: list[tuple[dt.datetime, int, Callable[[], None]]] = []
        self._seq = 0
        self._numbers: dict[str, int] = {}
        self._names = 0
        self.start = _first_of_month(AS_OF - dt.timedelta(days=365 * plan.years), 1)
        self.ip_ids: list[str] = []
        self.last_held: str | None = None

    # -- plumbing --

    def at(self, when: dt.datetime, action: Callable[[], None]) -> None:
        self._seq += 1
        heapq.heappush(self.queue, (when, self._seq, action))

    def run(self) -> Stats:
        while self.queue:
            _, _, action = heapq.heappop(self.queue)
            action()
        return self.stats

    def context(self) -> Context:
        return Context(self.current.get, list(self.clauses.values()), list(self.members),
                       self.current.get("partnership"))  # type: ignore[arg-type]

    def commit(self, when: dt.datetime, summary: str, records: list[Record], kind: str = "record",
               decision: str | None = None, checked: bool = False, signatories: list | None = None) -> None:
        """Validate (unless the caller computed the fields itself), then commit."""
        approval = None
        if not checked:
            records, approval = check_change(self.context(), records, [], kind, decision)
        # Commit dates strictly increase, a second apart at least.
        when = max(when, self.last_when + dt.timedelta(seconds=1))
        self.last_when = when
        change = Change(summary, records, kind=kind, decision=decision, when=when,
                        signatories=list(signatories or []))
        message = commit_message(change, approval, CLERK)
        files = {}
        for record in records:
            files[path_for(record)] = serialise(record).encode("utf-8")
            self.remember(record)
        if self.stream.commits == 0:
            files = {".gitignore": b".council/\n", **files}
        self.stream.commit(when, message, files, change)
        self.stats.commits += 1
        if kind == "amend" and approval is not None:
            self.stats.amendments += 1

    def remember(self, record: Record) -> None:
        self.current[record.id] = record
        if isinstance(record, Clause):
            self.clauses[record.id] = record
            self.charter = charter_from_clauses(self.clauses.values())
            self.charter_version += 1
        elif isinstance(record, Member):
            if record.id in self.member_ids:
                self.members = [record if m.id == record.id else m for m in self.members]
            else:
                self.member_ids.add(record.id)
                self.members.append(record)

    def next_number(self, key: str) -> int:
        self._numbers[key] = self._numbers.get(key, 0) + 1
        return self._numbers[key]

    # -- founding and members --

    def found(self) -> None:
        legal = [(p, f"{p.capitalize()} Ltd") for p in self.parties]
        records = founding_records(f"Synthetic Consortium of {len(self.parties)} parties", legal,
                                   self.start, "England and Wales")
        when = _at(self.start, 9)
        # Each party's signatory is named (the founding's rule); the charter requires no signatures.
        signatories = [Signatory(p, f"Signatory of {p.capitalize()} <signatory@{p}.example>") for p in self.parties]
        self.commit(when, "adopt the founding charter", records, kind="amend", signatories=signatories)
        founding = [Member(id=SECRETARY, name=CLERK.name, party=self.parties[0], role="secretariat",
                           voting=False, term_start=self.start, email=CLERK.email)]
        for pi, party in enumerate(self.parties):
            for seat in range(self.plan.voting_seats + self.plan.other_seats):
                first_term = 1 + (seat * 7 + pi * 3) % self.plan.term_years
                founding.append(self.appointee(party, seat, self.start, first_term))
        self.commit(_at(self.start, 9, 10), "appoint the founding members", founding)
        self.stats.members += len(founding)

    def appointee(self, party: str, seat: int, start: dt.date, years: int) -> Member:
        self._names += 1
        n = self._names
        first, last = _FIRST[n % len(_FIRST)], _LAST[(n * 7) % len(_LAST)]
        member_id = f"{last}-{n}"
        voting = seat < self.plan.voting_seats
        role = _ROLES_VOTING[seat % 2] if voting else "observer"
        end = dt.date(start.year + years, start.month, 1) - dt.timedelta(days=1)
        member = Member(id=member_id, name=f"{first} {last.capitalize()}", party=party, role=role,
                        voting=voting, term_start=start, term_end=end,
                        email=f"{member_id}@{party}.example")
        successor_day = end + dt.timedelta(days=1)
        if successor_day <= AS_OF:
            self.at(_at(successor_day, 9), lambda: self.succeed(party, seat, successor_day))
        return member

    def succeed(self, party: str, seat: int, day: dt.date) -> None:
        member = self.appointee(party, seat, day, self.plan.term_years)
        self.commit(_at(day, 9), f"appoint {member.name} ({party}) to seat {seat + 1}", [member])
        self.stats.members += 1

    def serving(self, day: dt.date) -> list[Member]:
        return [m for m in self.members if m.serves_on(day)]

    # -- meetings --

    def meeting_days(self) -> tuple[list[dt.date], list[dt.date]]:
        """Days of held meetings (up to AS_OF) and of meetings scheduled after it."""
        first = _first_of_month(self.start, 1) + dt.timedelta(days=3)
        span = (AS_OF - first).days
        step = span / self.plan.meetings
        held = [first + dt.timedelta(days=int(i * step)) for i in range(self.plan.meetings)]
        # The next month's meetings are scheduled but not yet held: the dashboard's "next meeting".
        gap = dt.timedelta(days=max(1, int(step)))
        horizon = _first_of_month(AS_OF, 2) - dt.timedelta(days=1)
        later, day = [], max(held[-1], AS_OF) + gap
        while day <= horizon or not later:
            later.append(day)
            day += gap
        return held, later

    def schedule_meetings(self) -> None:
        held, later = self.meeting_days()
        per_meeting = self.allocate_decisions(len(held))
        hot = self.allocate_hot(len(held))
        by_month: dict[dt.date, list[tuple[dt.date, int | None]]] = {}
        for i, day in enumerate(held):
            by_month.setdefault(_first_of_month(day, -1), []).append((day, i))
        for day in later:
            by_month.setdefault(_first_of_month(day, -1), []).append((day, None))
        for month, days in sorted(by_month.items()):
            month = max(month, self.start)
            self.at(_at(month, 9, 30), lambda d=days, m=month: self.schedule(m, d, per_meeting, hot))

    def allocate_decisions(self, meetings: int) -> list[int]:
        base, extra = divmod(self.plan.decisions, meetings)
        return [base + (1 if i < extra else 0) for i in range(meetings)]

    def allocate_hot(self, meetings: int) -> dict[int, int]:
        full = [i for i in range(meetings) if i % self.plan.full_every == 0]
        out: dict[int, int] = {}
        for k in range(self.plan.hot_amendments):
            i = full[(k * len(full)) // self.plan.hot_amendments]
            out[i] = out.get(i, 0) + 1
        return out

    def schedule(self, circulated: dt.date, days: list[tuple[dt.date, int | None]],
                 per_meeting: list[int], hot: dict[int, int]) -> None:
        records = []
        for day, i in days:
            number = self.next_number(f"MTG-{day.year}")
            mid = f"MTG-{day.year}-{number:03d}"
            agenda = [AgendaItem("Apologies, attendance and quorum"),
                      AgendaItem("Minutes of the previous meeting", "minutes"),
                      AgendaItem("Decisions of the day", "motion")]
            if i is not None and hot.get(i):
                agenda.append(AgendaItem(f"Amendment of clause {HOT_CLAUSE}", "term_change", [HOT_CLAUSE]))
            agenda.append(AgendaItem("Any other business"))
            kind = "extraordinary" if i is not None and i % 23 == 11 else "regular"
            meeting = Meeting(id=mid, title=f"{kind.capitalize()} meeting {mid}", date=day, kind=kind,
                              status="scheduled", agenda_circulated=circulated, agenda=agenda)
            records.append(meeting)
            self.stats.meetings_scheduled += 1
            if i is not None:
                self.at(_at(day, 14), lambda m=mid, n=per_meeting[i], h=hot.get(i, 0), j=i:
                        self.hold(m, n, h, j))
        when = _at(circulated, 9, 30)
        self.commit(when, f"schedule {len(records)} meeting(s) and circulate their agendas", records)

    def attendance(self, day: dt.date, i: int) -> dict[str, str]:
        serving = self.serving(day)
        out = {m.id: "present" for m in serving}
        if i % self.plan.full_every == 0:
            return out
        rng = self.rng
        for m in serving:
            if m.id != SECRETARY and rng.random() < (0.08 if m.voting else 0.3):
                out[m.id] = "apologies" if rng.random() < 0.8 else "absent"
        by_party: dict[str, list[Member]] = {}
        for m in serving:
            if m.voting:
                by_party.setdefault(m.party, []).append(m)
        away = self.parties[i % len(self.parties)] if i % self.plan.inquorate_every == 5 else None
        for party, delegation in by_party.items():
            if party == away:
                for m in delegation:
                    out[m.id] = "apologies"
            elif all(out[m.id] != "present" for m in delegation):
                out[delegation[0].id] = "present"
        return out

    def hold(self, mid: str, count: int, hot: int, i: int) -> None:
        scheduled = self.current[mid]
        assert isinstance(scheduled, Meeting)
        day = scheduled.date
        attendance = self.attendance(day, i)
        present_voters = sorted(m.id for m in self.serving(day)
                                if m.voting and attendance.get(m.id) == "present")
        variants = self.vote_variants(present_voters)
        planned = self.plan_decisions(scheduled, count, hot, variants, present_voters)
        held = scheduled.replace(status="held", attendance=attendance, minutes_status="draft",
                                 body=self.minutes(scheduled, attendance, planned))
        self.commit(_at(day, 14), f"record {mid} held: attendance and draft minutes", [held])
        self.stats.meetings_held += 1
        # Minutes are approved only at a quorate meeting (council.proceedings): an
        # inquorate one leaves the previous minutes for the next quorate meeting.
        if self.last_held and self.current[mid].quorate is not False:
            prev = self.current[self.last_held]
            approved = prev.replace(minutes_status="approved", minutes_approved_at=mid,
                                    minutes_approved_as="read")
            self.commit(_at(day, 14, 0, 30), f"approve the minutes of {prev.id} as read at {mid}", [approved])
        for n, item in enumerate(planned):
            self.take(item, _at(day, 14, 1 + n // 60, n % 60))
        circulated = self.current[mid].replace(minutes_status="circulated")
        self.commit(_at(day, 19), f"circulate the minutes of {mid}", [circulated])
        self.last_held = mid

    def vote_variants(self, voters: list[str]) -> list[dict[str, str]]:
        """A meeting's few voting patterns (everyone for, some dissent, contested, split)."""
        rng = self.rng
        unanimous = {m: "for" for m in voters}
        mostly = {m: ("against" if rng.random() < 0.1 else "abstain" if rng.random() < 0.05 else "for")
                  for m in voters}
        contested = {m: ("against" if rng.random() < 0.45 else "for") for m in voters}
        half = len(voters) // 2
        split = {m: ("for" if k < half else "against") for k, m in enumerate(voters)}
        if len(voters) % 2:
            split[voters[-1]] = "abstain"
        return [unanimous, mostly, contested, split]

    def plan_decisions(self, meeting: Meeting, count: int, hot: int, variants: list[dict[str, str]],
                       voters: list[str]) -> list[dict[str, Any]]:
        rng = self.rng
        out: list[dict[str, Any]] = []
        for n in range(count):
            year = meeting.date.year
            did = f"DEC-{year}-{self.next_number(f'DEC-{year}'):06d}"
            item: dict[str, Any] = {"id": did, "meeting": meeting, "voters": voters}
            if n < hot:
                item.update(kind="hot", tier="high", variant=0)
            else:
                roll = rng.random()
                if roll < self.plan.ip_share:
                    item.update(kind="ip", tier="medium", variant=0 if rng.random() < 0.6 else 1)
                elif roll < self.plan.ip_share + 0.01 and self.ip_ids:
                    item.update(kind="ip-amend", tier="medium", variant=0,
                                target=self.ip_ids[rng.randrange(len(self.ip_ids))])
                else:
                    tier = rng.choices(("low", "medium", "high"), (60, 30, 10))[0]
                    variant = rng.choices((0, 1, 2, 3), (40, 40, 15, 5))[0]
                    item.update(kind="plain", tier=tier, variant=variant)
            item["votes"] = variants[item["variant"]]
            item["title"] = self.title(item)
            out.append(item)
        return out

    def title(self, item: dict[str, Any]) -> str:
        rng = self.rng
        if item["kind"] == "hot":
            self._hot_titles += 1
            return f"Amend clause {HOT_CLAUSE} (Quorum): review {self._hot_titles}"
        topic, obj = rng.choice(_TOPICS), rng.choice(_OBJECTS)
        if item["kind"] == "ip":
            return f"Register the {topic} {rng.choice(('model', 'dataset', 'toolkit'))} in the IP register"
        if item["kind"] == "ip-amend":
            return f"Amend the licence terms of {item['target']}"
        return f"{rng.choice(_VERBS)} the {topic} {obj}"

    def minutes(self, meeting: Meeting, attendance: dict[str, str], planned: list[dict[str, Any]]) -> str:
        present = sum(1 for s in attendance.values() if s == "present")
        lines = [f"# {meeting.title}", "",
                 f"Held on {meeting.date.isoformat()} with {present} of {len(attendance)} members present.",
                 "The chair declared the quorum as recorded above.", "", "## Decisions", ""]
        lines += [f"- {item['id']}: {item['title']}." for item in planned]
        lines += ["", "The meeting closed at 18:00."]
        return "\n".join(lines)

    # -- decisions --

    def decision(self, item: dict[str, Any], amends: list[str]) -> Decision:
        rng = self.rng
        meeting: Meeting = item["meeting"]
        voters = item["voters"] or [SECRETARY]
        sensitivity = rng.choices(("public", "internal", "confidential"), (80, 15, 5))[0]
        actions = []
        if rng.random() < 0.05:
            due = meeting.date + dt.timedelta(days=30 + rng.randrange(60))
            actions.append(ActionItem(text=f"Report back on {item['title'].lower()}.",
                                      owner=rng.choice(voters), due=due))
        return Decision(
            id=item["id"], title=item["title"], meeting=meeting.id, date=meeting.date,
            tier=item["tier"], motion=f"That the council {item['title'][0].lower()}{item['title'][1:]}.",
            moved_by=voters[0], seconded_by=voters[-1], sensitivity=sensitivity, amends=amends,
            actions=actions, votes=dict(item["votes"]),
            body=f"The secretariat presented the paper on {item['title'].lower()}. "
                 f"Members discussed the risks and the benefits. "
                 f"The council voted under the {item['tier']} tier.")

    def take(self, item: dict[str, Any], when: dt.datetime) -> None:
        kind = item["kind"]
        if kind == "plain":
            self.take_plain(item, when)
            return
        term = self.term_for(item)
        record = self.decision(item, [term.id])
        if isinstance(term, IPAsset):
            term = term.replace(decision=record.id)
        summary = item["title"][0].lower() + item["title"][1:]
        try:
            self.commit(when, summary, [record, term], kind="amend", decision=record.id)
        except RuleError:  # the decision did not pass: it is recorded, the terms stand
            self.commit(when, f"{summary} ({record.id}, not passed)", [record])
            self.count(self.current[record.id])
            return
        self.count(self.current[record.id])
        if kind == "hot":
            self.stats.hot_amendments += 1
        elif kind == "ip":
            self.ip_ids.append(term.id)
            self.stats.ip_assets += 1
        self.maybe_action_done(self.current[record.id])

    def take_plain(self, item: dict[str, Any], when: dt.datetime) -> None:
        record = self.decision(item, [])
        meeting = self.current[record.meeting]
        assert isinstance(meeting, Meeting)
        # The write path's own rule (checks._check_decision), memoised per meeting and pattern:
        # everything it depends on is fixed within one meeting.
        key = (meeting.id, record.tier, item["variant"], self.charter_version)
        result = self._outcomes.get(key)
        if result is None:
            result = rules.outcome(self.charter, record.tier, self.members, meeting.attendance,
                                   record.votes, meeting.date, True)
            self._outcomes = {k: v for k, v in self._outcomes.items() if k[0] == meeting.id}
            self._outcomes[key] = result
        record = dataclasses.replace(record, outcome=result.result, outcome_note=result.explanation)
        self.commit(when, f"{item['title'][0].lower()}{item['title'][1:]} ({record.id}, "
                          f"{result.result.replace('_', ' ')})", [record], checked=True)
        self.count(record)
        self.maybe_action_done(record)

    def count(self, record: Record) -> None:
        assert isinstance(record, Decision)
        self.stats.decisions += 1
        self.stats.outcomes[record.outcome] = self.stats.outcomes.get(record.outcome, 0) + 1

    def term_for(self, item: dict[str, Any]) -> Record:
        rng = self.rng
        if item["kind"] == "hot":
            clause = self.clauses[HOT_CLAUSE]
            base = clause.body.split("\n")[0]
            review = self.stats.hot_amendments + 1
            return clause.replace(body=f"{base}\nThe council reviewed this clause for the {review}th time "
                                       f"by decision {item['id']}.")
        if item["kind"] == "ip-amend":
            asset = self.current[item["target"]]
            assert isinstance(asset, IPAsset)
            party = self.parties[rng.randrange(len(self.parties))]
            return asset.replace(licenses=[*asset.licenses[-3:], License(licensee=party, scope="research")],
                                 royalty_terms=f"Revised by {item['id']}.")
        number = self.next_number("IP")
        owners = rng.sample(self.parties, min(len(self.parties), rng.choice((1, 2, 2, 3))))
        shares = {1: [100.0], 2: [60.0, 40.0], 3: [40.0, 30.0, 30.0]}[len(owners)]
        return IPAsset(
            id=f"IP-{number:05d}", title=item["title"].replace("Register the ", "").replace(
                " in the IP register", "").capitalize(),
            kind=rng.choice(("model", "dataset", "software", "algorithm")), origin="foreground",
            spdx=rng.choice(_SPDX), on_exit=rng.choice(("transfer", "license_back", "retain")),
            owners=dict(zip(owners, shares)),
            licenses=[License(licensee=rng.choice(self.parties), scope="internal research")],
            body=f"Registered by decision {item['id']}.")

    def maybe_action_done(self, record: Decision) -> None:
        if record.actions and self.rng.random() < 0.5:
            due = record.actions[0].due or record.date
            day = min(due - dt.timedelta(days=10), AS_OF)
            if day > record.date:
                self.at(_at(day, 12), lambda r=record.id: self.action_done(r, day))

    def action_done(self, did: str, day: dt.date) -> None:
        record = self.current[did]
        assert isinstance(record, Decision)
        actions = [dataclasses.replace(a, status="done") for a in record.actions]
        self.commit(_at(day, 12), f"mark the actions of {did} done", [record.replace(actions=actions)],
                    checked=True)

    # -- disputes --

    def schedule_disputes(self) -> None:
        span = (AS_OF - self.start).days - 60
        for k in range(self.plan.disputes):
            day = self.start + dt.timedelta(days=45 + (k * span) // self.plan.disputes)
            self.at(_at(day, 11), lambda n=k + 1, d=day: self.raise_dispute(n, d))

    def raise_dispute(self, n: int, day: dt.date) -> None:
        rng = self.rng
        a, b = rng.sample(self.parties, 2)
        did = f"DSP-{n:03d}"
        dispute = Dispute(id=did, title=f"{a.capitalize()} v {b.capitalize()}: {rng.choice(_TOPICS)} "
                                         f"{rng.choice(_OBJECTS)}",
                          raised_on=day, raised_by=a, against=[b],
                          stages=[Stage("negotiation", day)],
                          body=f"{a.capitalize()} says {b.capitalize()} breached the data-sharing terms.")
        self.commit(_at(day, 11), f"raise {did}", [dispute])
        self.stats.disputes += 1
        ladder = [s.name for s in self.charter.ladder.stages]
        climb = rng.choice((1, 2, 3, 4))
        when = day
        for stage in ladder[1:climb]:
            when = when + dt.timedelta(days=rng.randrange(20, 50))
            if when > AS_OF:
                return
            self.at(_at(when, 11), lambda s=stage, w=when: self.move(did, s, w))
        end = when + dt.timedelta(days=rng.randrange(20, 90))
        if end <= AS_OF and rng.random() < 0.75:
            self.at(_at(end, 11, 30), lambda: self.resolve(did, end))

    def move(self, did: str, stage: str, day: dt.date) -> None:
        current = self.current[did]
        assert isinstance(current, Dispute)
        self.commit(_at(day, 11), f"move {did} to the {stage} stage",
                    [current.replace(stages=[*current.stages, Stage(stage, day)])])

    def resolve(self, did: str, day: dt.date) -> None:
        current = self.current[did]
        assert isinstance(current, Dispute)
        self.commit(_at(day, 11, 30), f"record {did} resolved",
                    [current.replace(status="resolved", resolved_on=day,
                                     resolution="Settled by agreement of the parties.")])


# --- building, caching, copying ------------------------------------------------------


def generate(target: Path | str, decisions: int, seed: int = 0, index: bool = True,
             progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Build a store of ``decisions`` decisions at ``target`` (must not exist); return its stats.

    ``progress`` is called with the number of commits streamed, every 10,000.
    """
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target} exists and is not empty")
    started = time.perf_counter()
    plan = Plan.for_size(decisions)
    gitprocess.init_repo(target)
    (target / ".gitignore").write_text(".council/\n")
    stream = Stream(target, progress)
    history = History(plan, stream, seed)
    try:
        history.found()
        history.schedule_meetings()
        history.schedule_disputes()
        stats = history.run()
    finally:
        stream.close()
    streamed = time.perf_counter()
    gitprocess.git(target, "reset", "-q", "--hard", "main")
    checked_out = time.perf_counter()
    if index:
        from store.service import Store

        store = Store.open(target)
        store.set_operator(SECRETARY)
        store.close()
    done = time.perf_counter()
    meta = {"decisions": decisions, "seed": seed, "plan": dataclasses.asdict(plan),
            "stats": dataclasses.asdict(stats), "hot_record": HOT_CLAUSE, "secretary": SECRETARY,
            "timings_s": {"stream": round(streamed - started, 2),
                          "checkout": round(checked_out - streamed, 2),
                          "index": round(done - checked_out, 2), "total": round(done - started, 2)}}
    return meta


def replay(target: Path | str, decisions: int, seed: int = 0) -> str:
    """Build the same store through ``Store.write`` (slow: tests only); return its HEAD."""
    sink = StoreSink(Path(target))
    history = History(Plan.for_size(decisions), sink, seed)  # type: ignore[arg-type]
    try:
        history.found()
        history.schedule_meetings()
        history.schedule_disputes()
        history.run()
    finally:
        sink.close()
    return sink.store.head or ""


def cache_key(decisions: int, seed: int = 0) -> str:
    return f"dec{decisions}-seed{seed}-v{FORMAT}"


def default_cache() -> Path:
    return Path(os.environ.get("COUNCIL_PERF_CACHE") or Path(tempfile.gettempdir()) / "council-perf-cache")


def cached(decisions: int, cache: Path | str | None = None, seed: int = 0,
           progress: Callable[[int], None] | None = None) -> tuple[Path, dict[str, Any]]:
    """A generated store of this size from the cache, built there first if missing.

    Treat it as read-only: take a :func:`work_copy` before opening it for writing.
    """
    cache = Path(cache) if cache else default_cache()
    entry = cache / cache_key(decisions, seed)
    meta_file = entry / "meta.json"
    if meta_file.exists():
        return entry / "store", json.loads(meta_file.read_text())
    cache.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".building-dec{decisions}-", dir=cache))
    try:
        meta = generate(building / "store", decisions, seed, progress=progress)
        (building / "meta.json").write_text(json.dumps(meta, indent=2))
        shutil.rmtree(entry, ignore_errors=True)
        building.rename(entry)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return entry / "store", meta


def work_copy(source: Path | str, target: Path | str) -> Path:
    """A private copy of a store that is safe to write to.

    Git objects and record files are hard-linked (git and the write path only
    ever replace them, never write them in place); everything else in .git and
    the .council index is copied.
    """
    source, target = Path(source), Path(target)

    def link_or_copy(src: str, dst: str) -> None:
        rel = Path(src).relative_to(source).parts
        if rel[0] == ".council" or (rel[0] == ".git" and (len(rel) < 2 or rel[1] != "objects")):
            shutil.copy2(src, dst)
        else:
            os.link(src, dst)

    shutil.copytree(source, target, copy_function=link_or_copy, symlinks=True)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path, help="where to build the store (a new directory)")
    parser.add_argument("--decisions", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-index", action="store_true", help="skip building the SQLite index")
    args = parser.parse_args(argv)
    started = time.perf_counter()

    def progress(commits: int) -> None:
        print(f"{time.perf_counter() - started:7.1f}s {commits:,} commits", file=sys.stderr, flush=True)

    meta = generate(args.dir, args.decisions, args.seed, index=not args.no_index, progress=progress)
    print(json.dumps(meta, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
