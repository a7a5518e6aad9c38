"""A footer that never shows a key cut in half.

Textual's footer clips the keys that do not fit at the right edge
(``t At``); this one shows only the keys that fit whole, in their order,
and the rest are listed by the area's ``?`` (the keys panel).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class FittingFooter(Footer):
    """The footer, showing as many keys as fit whole (the command palette's and ``?`` always)."""

    def compose(self) -> ComposeResult:
        yield from super().compose()
        self.call_after_refresh(self.fit)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit)

    def fit(self) -> None:
        """Hide the keys from the first that would not fit whole."""
        keys = list(self.query(FooterKey))
        # The palette and ? (every key, where the area has it) always show: they reach the rest.
        kept = [k for k in keys if k.has_class("-command-palette") or k.key == "question_mark"]
        room = self.size.width - sum(self._width(k) for k in kept)
        full = False
        for key in keys:
            if key in kept:
                continue
            width = self._width(key)
            full = full or width > room
            key.display = not full
            room -= width

    def _width(self, key: FooterKey) -> int:
        return key.get_content_width(self.size, self.app.size) + key.styles.gutter.width
