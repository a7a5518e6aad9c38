"""The command palette: jump to any record by ID or title, and run the main actions."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from council.errors import CouncilError
from screens.widgets import AREAS
from store import api

if TYPE_CHECKING:
    from screens.app import CouncilApp

KIND_LABELS = {"clause": "charter clause", "member": "member", "meeting": "meeting",
               "decision": "decision", "dispute": "dispute", "ip": "IP register entry",
               "exit": "exit plan", "partnership": "partnership", "dataset": "data-sharing terms",
               "risk": "risk", "incident": "incident", "duty": "compliance duty",
               "resolution": "written resolution",
               "artifact": "model artifact", "release": "release of an artifact"}


SNIPPETS = 10  # the matching line is shown for the first hits only: each is a record read


class RecordsProvider(Provider):
    """Records whose ID starts with, or whose title or text matches, what is typed."""

    async def search(self, query: str) -> Hits:
        app = cast("CouncilApp", self.app)
        typed = query.strip().lower()
        try:
            found = await asyncio.to_thread(_find, app, query, typed)
        except CouncilError:
            return
        matcher = self.matcher(query)
        for row, line in found:
            label = f"{row.id}  {row.title}" if row.title != row.id else row.id
            if row.id.lower() == typed:
                score = 1.0
            elif row.id.lower().startswith(typed):
                score = 0.9
            else:
                # A title that mentions the ID ("Determine dispute DSP-003") never outranks the record itself.
                score = min(0.8, max(0.3, matcher.match(label)))
            facts = [KIND_LABELS.get(row.kind, row.kind)]
            facts += [str(row.day)] if row.day else []
            facts += [row.status] if row.status else []
            facts += [line] if line else []
            yield Hit(score, matcher.highlight(label), partial(app.open_record, row.id), text=label,
                      help=" · ".join(facts))


def _find(app: "CouncilApp", query: str, typed: str) -> "list[tuple[api.Row, str]]":
    """The records a palette query finds, each with the line of its text that matched.

    (A hit by ID needs no line: the ID is the match.) Off the UI thread.
    """
    rows = api.find(app.store, query, 20)
    return [(row, "" if row.id.lower().startswith(typed) or i >= SNIPPETS
             else api.matching_line(app.store, row.id, query)) for i, row in enumerate(rows)]


def _actions(app: "CouncilApp") -> list[tuple[str, Callable[[], object], str]]:
    """(title, callback, help) of every action the palette offers."""
    actions: list[tuple[str, Callable[[], object], str]] = [
        ("Schedule a meeting", partial(app.run_in_area, "meetings", "schedule"),
         "with the date the charter's cadence gives"),
        ("Take attendance at the selected meeting", partial(app.run_in_area, "meetings", "attendance"),
         "with a live quorum indicator"),
        ("Record a motion and its votes", partial(app.run_in_area, "meetings", "motion"),
         "at the selected meeting; the outcome is computed live"),
        ("Put a draft amendment to the vote", partial(app.run_in_area, "meetings", "vote_amendment"),
         "passing it commits the amendment"),
        ("Approve the previous meeting's minutes", partial(app.run_in_area, "meetings", "approve_minutes"),
         "as read or as corrected"),
        ("Propose an amendment to a charter clause", partial(app.run_in_area, "charter", "propose"),
         "edit the clause, see the diff, save a draft"),
        ("Raise a dispute", partial(app.run_in_area, "disputes", "raise_dispute"),
         "it enters the first stage of the escalation ladder"),
        ("Add an IP register entry", partial(app.run_in_area, "ip", "new_entry"),
         "a term change: drafted, then approved by vote"),
        ("Propose a change to the exit plan", partial(app.run_in_area, "exit", "propose"),
         "a term change: drafted, then approved by vote"),
        ("Show amendments", partial(app.run_in_area, "history", "amendments"),
         "every amend: commit with its decision and diff"),
        ("Pictures of the record", app.action_pictures,
         "g on the dashboard: decisions per quarter, attendance, the dispute ladder, exit readiness"),
        ("Sync conflicts", app.action_sync_conflicts,
         "ctrl+k: records both replicas changed while apart; keep ours or theirs"),
    ]
    for key, mode, label in AREAS:
        if mode not in ("registers", "artifacts"):  # described below, with what they hold
            actions.append((f"Go to {label}", partial(app.switch_area, mode), f"key {key}"))
    actions += [
        ("Go to Registers", partial(app.switch_area, "registers"),
         "key 9: data sharing, risks, incidents, actions, responsibilities"),
        ("Show the risk heat map", partial(app.run_in_area, "registers", "show_tab('risks')"),
         "risks by likelihood and impact"),
        ("Show incident notification clocks", partial(app.run_in_area, "registers", "show_tab('incidents')"),
         "who must be told, by when, and what is overdue"),
        ("Show the action tracker", partial(app.run_in_area, "registers", "show_tab('actions')"),
         "every decision's action items, overdue first"),
        ("Show the responsibility matrix", partial(app.run_in_area, "registers", "show_tab('duties')"),
         "compliance duties, who does them, when each is next due"),
        ("Enter a new risk", partial(app.run_in_area, "registers", "new_entry_in('risks')"),
         "in the risk register, with the next free ID"),
        ("Record a new incident", partial(app.run_in_area, "registers", "new_entry_in('incidents')"),
         "its notification clocks start at detection"),
        ("Add a compliance duty", partial(app.run_in_area, "registers", "new_entry_in('duties')"),
         "to the responsibility matrix, with who does what"),
        ("Propose new data-sharing terms", partial(app.run_in_area, "registers", "new_entry_in('datasets')"),
         "a term: drafted as an amendment, then approved by vote"),
        ("Go to Artifacts", partial(app.switch_area, "artifacts"),
         "key 0: models and checkpoints, their lineage, releases and recall"),
        ("Run an exit dry run", partial(app.run_in_area, "registers", "show_tab('exit')"),
         "every exit obligation dated, from the terms in force on a date"),
    ]
    return actions


class ActionsProvider(Provider):
    """The council's main actions and the areas, by name."""

    async def discover(self) -> Hits:
        for title, callback, help_text in _actions(cast("CouncilApp", self.app)):
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in _actions(cast("CouncilApp", self.app)):
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=help_text)
