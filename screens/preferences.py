"""What the app remembers between runs for the person at the terminal: the theme.

One small JSON file in Council's data directory (``COUNCIL_DATA_DIR``, else
the platform's user data directory), never in a store: a preference is the
person's, not the partnership's, and must never reach git.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from council import settings

FILE = "tui.json"


def path() -> Path:
    return settings.current().data_dir / FILE


def load() -> dict[str, Any]:
    """The saved preferences; an unreadable or hand-mangled file counts as none."""
    try:
        data = json.loads(path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save(**changes: Any) -> None:
    """Keep ``changes`` with what was saved before (best effort: a read-only home only forgets)."""
    data = load() | changes
    target = path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, target)  # whole or not at all, even if the app is killed mid-write
    except OSError:
        pass
