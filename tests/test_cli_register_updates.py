"""The rest of the registers from the shell: updates to risks, incidents and duties, a
notification, a duty done, `decide`, and data-sharing terms drafted as amendments."""

from __future__ import annotations

import json

from council.records import Dataset, Duty, Incident, Risk
from store.service import Store
from tests.test_cli_proceedings import SIX, cli, head, reopened


def test_a_risk_entered_then_updated_field_by_field(small_store: Store) -> None:
    cli(small_store, "risk", "add", "--title", "Drift", "--owner", "ada", "--likelihood", "2", "--impact", "3",
        "--party", "hosp", "--review", "2026-06-01", "--identified", "2026-01-10")
    before = head(small_store.root)
    dry = cli(small_store, "risk", "update", "RSK-001", "--likelihood", "4", "--dry-run")
    assert dry.exit_code == 0 and "Nothing was written." in dry.output and head(small_store.root) == before
    done = cli(small_store, "risk", "update", "RSK-001", "--likelihood", "4", "--status", "mitigating", "--json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["message"].startswith("record: update RSK-001: likelihood, status")
    risk = reopened(small_store, "RSK-001")
    assert isinstance(risk, Risk) and (risk.likelihood, risk.status, risk.impact) == (4, "mitigating", 3)


def test_an_update_refuses_bad_input_naming_record_and_field(small_store: Store) -> None:
    cli(small_store, "risk", "add", "--title", "Drift", "--owner", "ada", "--likelihood", "2", "--impact", "3",
        "--party", "hosp", "--review", "2026-06-01", "--identified", "2026-01-10")
    before = head(small_store.root)
    for argv, needle in (
        (["risk", "update", "RSK-001", "--likelihood", "9"], "RSK-001 (risks/RSK-001.md): field 'likelihood': expected a whole number "
                                                            "from 1 to 5"),
        (["risk", "update", "RSK-001"], "RSK-001: field 'fields': expected at least one option"),
        (["risk", "update", "RSK-009", "--impact", "2"], "RSK-009: field 'id'"),
        (["risk", "update", "ada", "--title", "X"], "ada: field 'id': expected the ID of a risk, an incident or a duty"),
        (["risk", "update", "RSK-001", "--impact", "3"], "nothing would change"),
        (["risk", "update", "RSK-001", "--owner", "zed"], "field 'owner'"),
    ):
        result = cli(small_store, *argv)
        assert result.exit_code == 2 and needle in result.output, (argv, result.output)
    assert head(small_store.root) == before


def test_an_incident_notified_then_closed(small_store: Store) -> None:
    cli(small_store, "incident", "add", "--title", "Leak", "--kind", "breach", "--party", "lab",
        "--detected", "2026-03-01 09:00")
    told = cli(small_store, "incident", "notify", "INC-2026-001", "--who", "hosp", "--at", "2026-03-01 15:00")
    assert told.exit_code == 0 and "INC-2026-001: hosp notified" in told.output, told.output
    early = cli(small_store, "incident", "notify", "INC-2026-001", "--who", "hosp", "--at", "2026-02-01 15:00")
    assert early.exit_code == 2 and "notifications[1].at" in early.output
    closed = cli(small_store, "incident", "update", "INC-2026-001", "--status", "closed", "--closed", "2026-03-05")
    assert closed.exit_code == 0, closed.output
    incident = reopened(small_store, "INC-2026-001")
    assert isinstance(incident, Incident) and incident.status == "closed" and len(incident.notifications) == 1


def test_a_duty_changed_then_done(small_store: Store) -> None:
    cli(small_store, "duty", "add", "--title", "Access review", "--cadence", "6", "--responsible", "ben",
        "--accountable", "ada", "--since", "2026-01-01")
    assert cli(small_store, "duty", "update", "DUTY-001", "--cadence", "3", "--responsible", "ben,cy").exit_code == 0
    assert cli(small_store, "duty", "done", "DUTY-001", "--on", "2026-03-01", "--evidence", "ticket 12").exit_code == 0
    duty = reopened(small_store, "DUTY-001")
    assert isinstance(duty, Duty) and (duty.cadence_months, duty.responsible) == (3, ["ben", "cy"])
    assert str(duty.last_done) == "2026-03-01" and duty.evidence == "ticket 12"


def test_decide_records_a_decision_with_its_votes_and_refuses_none(small_store: Store) -> None:
    before = head(small_store.root)
    none = cli(small_store, "decide", "MTG-2026-01", "--title", "T", "--motion", "That.", "--tier", "low")
    assert none.exit_code == 2 and "MTG-2026-01: field 'votes'" in none.output and head(small_store.root) == before
    made = cli(small_store, "decide", "MTG-2026-01", "--title", "Budget", "--motion", "That the budget pass.",
               "--tier", "low", "--for", SIX)
    assert made.exit_code == 0 and "passed" in made.output, made.output


def test_dataset_terms_are_drafted_as_amendments_and_pass_by_vote(small_store: Store) -> None:
    before = head(small_store.root)
    terms = ["--title", "Ward data", "--provider", "hosp", "--purpose", "triage"]
    missing = cli(small_store, "dataset", "new", *terms, "--dry-run")
    assert missing.exit_code == 2 and "DS-001: field 'lawful_basis': expected a value" in missing.output
    terms += ["--lawful-basis", "consent", "--jurisdiction", "UK", "--anonymisation", "k-anonymity (k=10)",
              "--rights-contact", "dpo@hosp.example"]
    dry = cli(small_store, "dataset", "new", *terms, "--dry-run")
    assert dry.exit_code == 0 and "Nothing was saved." in dry.output, dry.output
    made = cli(small_store, "dataset", "new", *terms, "--json")
    assert made.exit_code == 0, made.output
    assert json.loads(made.output)["target"] == "DS-001" and head(small_store.root) == before  # a draft, not a commit
    voted = cli(small_store, "amend", "vote", "1", "--meeting", "MTG-2026-01", "--tier", "high", "--for", SIX)
    assert voted.exit_code == 0, voted.output
    said = cli(small_store, "dataset", "change", "DS-001", "--purpose", "triage", "--purpose", "audit")
    assert said.exit_code == 0 and "Proposed draft" in said.output, said.output
    draft = said.output.split("Proposed draft ", 1)[1].split(":", 1)[0]
    assert cli(small_store, "amend", "vote", draft, "--meeting", "MTG-2026-01", "--tier", "high", "--for", SIX
               ).exit_code == 0
    dataset = reopened(small_store, "DS-001")
    assert isinstance(dataset, Dataset) and dataset.permitted_purposes == ["triage", "audit"]
    bad = cli(small_store, "dataset", "change", "DS-001", "--provider", "nobody")
    assert bad.exit_code == 2 and "DS-001" in bad.output and "provider" in bad.output, bad.output
    assert cli(small_store, "dataset", "change", "DS-001").exit_code == 2
