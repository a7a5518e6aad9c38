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
    """The footer, showing as many keys as fit whole (the command palette's always)."""

    def compose(self) -> ComposeResult:
        yield from super().compose()
        self.call_after_refresh(self.fit)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit)

    def fit(self) -> None:
        """Hide the keys after the first that would not fit whole."""
        keys = list(self.query(FooterKey))
        palette = [k for k in keys if k.has_class("-command-palette")]
        room = self.size.width - sum(self._width(k) for k in palette)
        full = False
        for key in keys:
            if key in palette:
                continue
            width = self._width(key)
            full = full or width > room
            key.display = not full
            room -= width

    def _width(self, key: FooterKey) -> int:
        return key.get_content_width(self.size, self.app.size) + key.styles.gutter.width
