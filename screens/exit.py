"""Exit plan: triggers, obligations per party with deadlines and evidence, readiness."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Markdown, ProgressBar, Static

from council import rules
from council.records import ExitPlan
from screens.amend import AmendmentEditor
from screens.base import LOAD, AreaScreen
from screens.exit_notice import InExit, in_exit, show_exit
from screens.footer import FittingFooter
from screens.records import markdown_view
from screens.widgets import Table
from store.workspace import AMENDMENT, Draft


class ExitPlanScreen(AreaScreen):
    """The exit plan in force; changes to it are drafted as amendments and voted on."""

    AUTO_FOCUS = "#obligation-table"
    AREA = "exit"
    BINDINGS = [Binding("e", "propose", "Propose change", id="propose")]

    class Loaded(Message):
        """The exit plan(s) and their drafts were read."""

        def __init__(self, plans: list[ExitPlan], drafts: list[Draft], exit: InExit | None = None) -> None:
            super().__init__()
            self.plans, self.drafts, self.exit = plans, drafts, exit

    def __init__(self) -> None:
        super().__init__()
        self.plan: ExitPlan | None = None
        self.drafts: list[Draft] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        with VerticalScroll(id="exit", classes="detail"):
            yield Static(id="exit-standing", classes="exit-banner")
            yield Static(id="exit-head", classes="detail-head")
            with Vertical(id="readiness", classes="panel"):
                yield ProgressBar(total=100, show_eta=False, id="readiness-bar")
                yield Static(id="readiness-text")
            yield Static(id="exit-triggers")
            yield Table(id="obligation-table", cursor_type="row", zebra_stripes=True)
            yield markdown_view(id="exit-body")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one("#readiness").border_title = "Readiness"
        self.query_one("#obligation-table", DataTable).add_columns(
            "ID", "Party", "Action", "Asset", "Due", "Migration path", "Evidence", "Done")

    def reload(self) -> None:
        self.query_one("#exit").loading = True
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group=LOAD)
    def load(self) -> None:
        plans = [p for p in self.store.list("exit") if isinstance(p, ExitPlan)]
        self.post_message(self.Loaded(plans, self.workspace.drafts(AMENDMENT), in_exit(self.store, self.today)))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        self.query_one("#exit").loading = False
        self.drafts = event.drafts
        show_exit(self.query_one("#exit-standing", Static), event.exit, self.today)
        self.plan = event.plans[0] if event.plans else None
        plan = self.plan
        if plan is None:
            self.query_one("#exit-head", Static).update("No exit plan in force.")
            return
        drafted = [d for d in event.drafts if d.target == plan.id]
        note = Content.styled(f"\nDraft amendment awaiting a vote: {drafted[0].summary} (e to open)",
                              "$text-warning") if drafted else Content("")
        self.query_one("#exit-head", Static).update(Content.assemble(
            (f"{plan.id}  {plan.title}", "bold"),
            (f"\nnotice period {plan.notice_days} days · {plan.sensitivity} · deadlines count from "
             + ("the end of the notice period" if plan.days_from == "notice_end" else "the day the exit is triggered"),
             "$text-muted"), note))
        self._show_readiness(plan)
        triggers = [Content.styled("Triggers", "bold")] + [
            Content.assemble(("  · ", "$text-muted"), (t.name.replace("_", " "), "bold"), f": {t.description}") for t in plan.triggers]
        if not plan.triggers:
            triggers.append(Content.styled("  none defined", "$text-muted"))
        self.query_one("#exit-triggers", Static).update(Content("\n").join(triggers))
        table = self.query_one("#obligation-table", DataTable)
        table.clear()
        # In exit under this plan each obligation has its date (counted as the plan counts
        # them); otherwise only its number of days.
        exited = event.exit is not None and event.exit.exit.plan == plan.id
        start = event.exit.exit.day if event.exit is not None and exited else self.today
        for due in rules.exit_schedule(plan, start, self.today):
            ob = next(o for o in plan.obligations if o.id == due.id)
            when = (str(due.due), "bold $text-error" if due.overdue else "") if exited else f"day {ob.days}"
            table.add_row(ob.id, ob.party, ob.action.replace("_", " "), ob.asset, when,
                          _tick(ob.migration), _tick(ob.evidence),
                          str(ob.completed_on) if ob.completed_on else "—", key=ob.id)
        self.query_one("#exit-body", Markdown).update(plan.body)

    def _show_readiness(self, plan: ExitPlan) -> None:
        ready = rules.exit_readiness(plan)
        total = len(plan.obligations)
        with_path = sum(1 for o in plan.obligations if o.migration)
        with_evidence = sum(1 for o in plan.obligations if o.evidence)
        done = sum(1 for o in plan.obligations if o.completed_on)
        self.query_one("#readiness-bar", ProgressBar).update(progress=round(ready * 100))
        self.query_one("#readiness-text", Static).update(
            f"{ready:.0%} ready: {round(ready * total)} of {total} obligations have both a migration path and "
            f"the evidence that will prove them done · {with_path} with a migration path · "
            f"{with_evidence} with evidence defined · {done} completed")

    def action_propose(self) -> None:
        if self.plan is None:
            self.notify("There is no exit plan to amend.", severity="warning")
            return
        drafted = [d for d in self.drafts if d.target == self.plan.id]
        self.app.push_screen(AmendmentEditor(self.plan.id, drafted[0].id if drafted else None))

    def focus_record(self, record_id: str) -> None:
        super().focus_record(record_id)


def _tick(text: str) -> tuple[str, str]:
    return (f"✔ {text}", "$text-success") if text else ("✘ missing", "$text-error")
