"""The one markdown-it configuration, shared by the TUI preview and the exports.

Raw HTML is disabled and links are validated, so nothing written in a record
can inject markup or script into what Council shows or publishes.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

_SAFE_SCHEMES = ("http:", "https:", "mailto:", "#", "/", "./", "../")


def _validate_link(url: str) -> bool:
    lowered = url.strip().lower()
    if ":" not in lowered.split("/", 1)[0]:
        return True  # relative link
    return lowered.startswith(_SAFE_SCHEMES)


def parser() -> MarkdownIt:
    """A CommonMark parser with tables and strikethrough, raw HTML off."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.validateLink = _validate_link  # type: ignore[method-assign]  # markdown-it's documented hook
    return md


def to_html(text: str) -> str:
    return parser().render(text)
