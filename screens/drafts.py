"""What is typed into a form, kept as it is typed, so that a crash of the app loses none of it.

One small JSON file per open form in Council's data directory
(``COUNCIL_DATA_DIR``, else the platform's), never in the store: a half-typed
form is the person's, not the partnership's, and must never reach git.  The
file is named for the store and the form, written whole or not at all, read
back when the same form opens again, and removed once the form is saved or
discarded.  (Minutes, longer work, are kept in the store's workspace:
:mod:`screens.minutes`.)
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from council import settings


def path(store_root: Path | str, form: str) -> Path:
    """The draft file of one form (``form``: its title, say) of one store."""
    tag = hashlib.sha256(f"{Path(store_root).resolve()}\n{form}".encode()).hexdigest()[:20]
    return settings.current().data_dir / "drafts" / f"{tag}.json"


def load(store_root: Path | str, form: str) -> dict[str, Any] | None:
    """The draft left by the app the last time this form was open (None if none, or unreadable)."""
    try:
        data = json.loads(path(store_root, form).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    values = data.get("values") if isinstance(data, dict) and data.get("form") == form else None
    return values if isinstance(values, dict) else None


def save(store_root: Path | str, form: str, values: dict[str, Any]) -> None:
    """Keep what the form holds now (best effort: a read-only home only forgets)."""
    target = path(store_root, form)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps({"form": form, "values": values}, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, target)  # whole or not at all, even if the app is killed mid-write
    except OSError:
        pass


def discard(store_root: Path | str, form: str) -> None:
    """The form was saved or given up: its draft goes."""
    try:
        path(store_root, form).unlink(missing_ok=True)
    except OSError:
        pass


class KeepsDraft:
    """Mixed into a form-like screen: what it holds is kept as typed, and given back when it opens.

    The screen names its form (``draft_form``), says what it holds
    (:meth:`draft_values`, ``None`` when nothing was changed) and how to put a
    draft back (:meth:`restore_draft`); it calls :meth:`draft_changed` on each
    change and :meth:`drop_draft` once saved or discarded.
    """

    draft_form = ""
    _draft_timer: Any = None

    def draft_values(self) -> dict[str, Any] | None:
        raise NotImplementedError

    def restore_draft(self, values: dict[str, Any]) -> None:
        raise NotImplementedError

    def _draft_root(self) -> Path | None:
        root = getattr(getattr(getattr(self, "app", None), "store", None), "root", None)
        return Path(root) if root is not None and self.draft_form else None

    def restore_kept_draft(self) -> bool:
        """Put back what was typed when the app last closed with this form open; True if there was some."""
        root = self._draft_root()
        values = load(root, self.draft_form) if root else None
        if not values:
            return False
        self.restore_draft(values)
        return True

    def draft_changed(self) -> None:
        """Something was typed: keep it after a short pause (typing on is not slowed by the disk)."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(0.4, self.keep_draft)  # type: ignore[attr-defined]

    def keep_draft(self) -> None:
        root = self._draft_root()
        if root is None:
            return
        values = self.draft_values()
        if values is None:
            discard(root, self.draft_form)
        else:
            save(root, self.draft_form, values)

    def drop_draft(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        root = self._draft_root()
        if root is not None:
            discard(root, self.draft_form)
