"""What to say when something is refused or fails, in the user's words (never a traceback)."""

from __future__ import annotations

import re

from council.errors import Conflict, CouncilError, RecordError, RuleError, StoreBusy, StoreError

__all__ = ["explain_error", "refusal"]


def explain_error(error: BaseException, writing: bool) -> tuple[str, str]:
    """A title for what went wrong and a hint at what to do (never a traceback)."""
    nothing = "Nothing was written. " if writing else ""
    if isinstance(error, StoreBusy):
        return "The store is busy", nothing + "Another writer holds the store; try again in a moment."
    if isinstance(error, Conflict):
        return "The store moved", nothing + "Someone else wrote at the same time: refresh (ctrl+r) and try again."
    if isinstance(error, RuleError):
        return "The charter's rules refuse this", nothing + "Change what you entered and try again."
    if isinstance(error, RecordError):
        # Not "not a valid record": the value may be well formed and only not yet allowed
        # (a resolution closed before its closing day).
        return "Check what you entered", nothing + _record_hint(error)
    if isinstance(error, StoreError):
        return "The store cannot do this", nothing.strip()
    if isinstance(error, OSError):
        return "A file could not be read or written", nothing + "Check the store's permissions and disk space."
    return "Unexpected error", (nothing + "This is a bug in Council: please report it with what you were doing.")


def _record_hint(error: RecordError) -> str:
    # Only point at a field when the message names one; a record refused as a whole
    # (closed too early, already exists) is corrected by changing what was asked.
    if getattr(error, "field", None):
        return "Correct the field named above and try again."
    return "Change what you asked for and try again."


def refusal(error: BaseException, labels: dict[str, str]) -> tuple[str, str]:
    """The field of a form a refusal names (``""`` if none) and what to say, in the form's words.

    ``labels`` maps the record's field names to the form's labels: 'responsible[0]'
    is the Responsible field, 'agenda[1].refs' the Records field.
    """
    title, hint = explain_error(error, writing=True)
    if not isinstance(error, RecordError):
        message = str(error) if isinstance(error, (CouncilError, OSError)) else f"{type(error).__name__}: {error}"
        return "", f"{title}: {message}\n{hint}"
    named = str(getattr(error, "field", ""))
    field = next((part for part in re.split(r"[\[\].]", named) if part in labels), "")
    message = str(error)
    nothing = "Nothing was written. "
    if field:  # the form's label, not the record's field name
        message = message.replace(f"field '{named}'", f"'{labels[field]}'")
        return field, f"{message}\n{nothing}Correct '{labels[field]}' and try again."
    # A field the form does not show: its record name means nothing here, and the
    # message itself says what it expects, so no hint points at a field to correct.
    message = message.replace(f"field '{named}': ", "").replace(f"field '{named}'", "")
    return field, f"{message}\n{nothing.strip()}"
