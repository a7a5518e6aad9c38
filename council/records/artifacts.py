"""The record kinds of issue 17: model artifacts (``ART-007``) and their releases (``REL-001``).

Kept beside the other kinds so that the registry (:mod:`council.records.paths`)
knows them; :mod:`council.artifacts` is where the domain names them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar

from council.records.base import SENSITIVITIES, Part, Record, choice

# The one list of what this module gives the rest of the code: both
# :mod:`council.records` and :mod:`council.artifacts` re-export exactly these.
__all__ = ["ARTIFACT_KINDS", "MODE_NAMES", "RELEASE_MODES", "RELEASE_STATUS", "Artifact", "Evaluation", "Release",
           "Waiver"]

ARTIFACT_KINDS = ("model", "checkpoint", "adapter", "evaluation_set", "dataset_snapshot")
# How a recipient gets the model: its weights, answers from a hosted endpoint, or runs in a sandbox.
RELEASE_MODES = ("weights", "hosted", "sandbox")
MODE_NAMES = {"weights": "weights transfer", "hosted": "hosted inference only", "sandbox": "evaluation sandbox"}
RELEASE_STATUS = ("requested", "granted", "refused", "revoked", "suspended")


@dataclass(frozen=True)
class Evaluation(Part):
    """One evaluation of an artifact: a metric, a bias or fairness check, its date and who ran it."""

    name: str
    value: str = ""
    kind: str = field(default="metric", metadata=choice("metric", "bias", "fairness", "safety"))
    date: dt.date | None = None
    by: str = ""


@dataclass(frozen=True)
class Artifact(Record):
    KIND: ClassVar[str] = "artifact"
    title: str = ""
    kind: str = field(default="model", metadata=choice(*ARTIFACT_KINDS))
    version: str = ""
    owners: list[str] = field(default_factory=list)  # parties
    ip_asset: str = ""  # the IP register entry it belongs to
    location: str = ""  # a URI: the bytes never enter the store
    manifest_digest: str = ""  # "sha256:..." of the manifest's canonical text
    manifest: str = ""  # the canonical text itself: a git diff shows which files changed
    files: int = 0
    size: int = 0  # bytes, over every file of the manifest
    datasets: list[str] = field(default_factory=list)  # trained or evaluated on (data-sharing register IDs)
    datasets_commit: str = ""  # the commit of the terms the datasets were used under
    parents: list[str] = field(default_factory=list)  # artifacts it was derived from
    code_repository: str = ""
    code_commit: str = ""
    hyperparameters: dict[str, str] = field(default_factory=dict)
    libraries: dict[str, str] = field(default_factory=dict)  # name -> version
    evaluations: list[Evaluation] = field(default_factory=list)
    decision: str = ""  # the decision that registered it
    signature: str = ""  # ssh-keygen -Y sign over the manifest digest, namespace council-artifact
    signed_by: str = ""  # the member whose key signed
    sensitivity: str = field(default="internal", metadata=choice(*SENSITIVITIES))
    field_sensitivity: dict[str, str] = field(default_factory=dict, metadata=choice(*SENSITIVITIES))
    body: str = ""


@dataclass(frozen=True)
class Waiver(Part):
    """The council's decision that a release stands although a dataset's terms changed under it."""

    dataset: str
    field: str  # the field of the terms that changed, as recall names it ("release modes")
    decision: str = ""
    date: dt.date | None = None


@dataclass(frozen=True)
class Release(Record):
    KIND: ClassVar[str] = "release"
    artifact: str = ""
    recipient: str = ""  # a party ID, or a named third party
    jurisdiction: str = ""  # where the recipient holds or uses it
    purpose: str = ""
    mode: str = field(default="hosted", metadata=choice(*RELEASE_MODES))
    starts: dt.date | None = None
    ends: dt.date | None = None
    status: str = field(default="requested", metadata=choice(*RELEASE_STATUS))
    conditions: list[str] = field(default_factory=list)
    decision: str = ""  # the decision that granted (or refused) it
    revoked_on: dt.date | None = None
    sensitivity: str = field(default="internal", metadata=choice(*SENSITIVITIES))
    # Recall flags the council has waived; a suspension is the status "suspended".
    waivers: list[Waiver] = field(default_factory=list)
    field_sensitivity: dict[str, str] = field(default_factory=dict, metadata=choice(*SENSITIVITIES))
    body: str = ""

    def waived(self, dataset: str, field_name: str) -> bool:
        """Whether the council waived the recall of this release for a change to ``field_name`` of ``dataset``."""
        return any(w.dataset == dataset and w.field == field_name for w in self.waivers)

    def live_on(self, day: dt.date) -> bool:
        """Granted, not revoked, and inside its period on ``day``."""
        return (self.status == "granted" and (self.revoked_on is None or day < self.revoked_on)
                and (self.starts is None or self.starts <= day) and (self.ends is None or day <= self.ends))
