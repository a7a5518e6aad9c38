"""What an export is asked to do, checked before any work starts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from council.errors import CouncilError

AUDIENCES = ("public", "partners")
FORMATS = ("html", "md", "json", "csv", "ics")


class ExportError(CouncilError):
    """An export cannot run as asked (bad revision, format, audience or output directory)."""


@dataclass(frozen=True)
class ExportOptions:
    """One export: where to, as of which commit, for whom, in which formats."""

    out: Path
    as_of: str = "HEAD"
    audience: str = "public"
    formats: tuple[str, ...] = FORMATS
    force: bool = False
    unverified: bool = False  # publish a commit that fails `council verify` (the manifest says so)

    def __post_init__(self) -> None:
        if self.audience not in AUDIENCES:
            raise ExportError(f"unknown audience {self.audience!r}: choose one of {', '.join(AUDIENCES)}")
        unknown = [f for f in self.formats if f not in FORMATS]
        if unknown or not self.formats:
            raise ExportError(f"unknown format {', '.join(unknown) or '(none given)'!s}: "
                              f"choose from {','.join(FORMATS)}")


def parse_formats(text: str) -> tuple[str, ...]:
    """``"html, csv"`` -> ``("html", "csv")`` in the canonical order, refusing unknown names."""
    wanted = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [w for w in wanted if w not in FORMATS]
    if unknown or not wanted:
        shown = ", ".join(repr(u) for u in unknown) or "(none given)"
        raise ExportError(f"unknown format {shown}: choose from {','.join(FORMATS)}")
    return tuple(f for f in FORMATS if f in wanted)
