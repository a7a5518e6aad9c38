"""HTML building blocks: the page layout, tables, escaping and the stylesheet.

Every piece of record text goes through :func:`esc` or through the project's
one markdown-it configuration (:mod:`council.markdown`, raw HTML off, unsafe
link schemes refused), so nothing in a record can inject markup or script.
Pages are plain HTML5 with no script, readable from ``file://``; every link
is relative.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from council.markdown import parser
from exports.view import Withheld

CSS = """\
:root { color-scheme: light; --ink: #1b1b1b; --muted: #555; --rule: #c8c8c8; --accent: #1d4f91; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 62rem; padding: 0 1rem 3rem; font: 1rem/1.5 system-ui, sans-serif;
       color: var(--ink); background: #fff; }
a { color: var(--accent); }
a:focus, a:hover { outline: 2px solid var(--accent); outline-offset: 1px; }
.skip { position: absolute; left: -999rem; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .25rem .5rem; }
header { border-bottom: 2px solid var(--ink); padding: 1rem 0 .5rem; }
header p.site { margin: 0; font-weight: 600; }
nav ul { list-style: none; margin: .5rem 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
nav a[aria-current="page"] { font-weight: 700; text-decoration: none; }
main h1 { font-size: 1.6rem; margin-top: 1.5rem; }
table { border-collapse: collapse; margin: 1rem 0; width: 100%; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid var(--rule); padding: .3rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #f1f1f1; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.withheld { font-style: italic; color: var(--muted); }
.withheld::before { content: "\\2298\\00a0"; }
.body { border-left: 3px solid var(--rule); padding-left: 1rem; }
footer { margin-top: 3rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: .9rem; }
code { overflow-wrap: anywhere; }
@media print {
  nav, .skip { display: none; }
  body { max-width: none; font-size: 10.5pt; }
  a { color: inherit; text-decoration: none; }
  table, .body { break-inside: auto; }
  tr, h2, h3 { break-inside: avoid; break-after: avoid-page; }
}
"""


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def withheld(mark: Withheld) -> str:
    return f'<span class="withheld">{esc(mark.marker)}</span>'


@functools.lru_cache(maxsize=1)
def _md():  # built on first use, never at import time
    md = parser()
    allowed = md.validateLink
    md.validateLink = lambda url: allowed(url) and not scheme_relative(url)
    return md


def scheme_relative(url: str) -> bool:
    """``//evil.example`` (or ``/\\evil.example``) leaves the site: it is not a relative link.

    Browsers drop whitespace and control characters in a URL and read a
    backslash as a slash, so both are discounted before looking.
    """
    squeezed = "".join(ch for ch in url if ch > " " and ch != "\x7f").replace("\\", "/")
    return squeezed.startswith("//")


def markdown(text: str, shift: int = 1) -> str:
    """A record's Markdown as HTML, headings moved down ``shift`` levels below the page's."""
    if not text:
        return ""
    md = _md()
    tokens = md.parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + shift)}"
    return md.renderer.render(tokens, md.options, {})


def a(href: str, content: str) -> str:
    """A link; ``content`` is markup already escaped."""
    return f'<a href="{esc(href)}">{content}</a>'


@dataclass(frozen=True)
class Col:
    title: str
    numeric: bool = False


def table(caption: str, cols: Sequence[Col], rows: Iterable[Sequence[str]], row_headers: bool = True) -> str:
    """An accessible table: caption, column headers, and the first cell of each row as its header.

    Cells are markup already escaped.
    """
    head = "".join(f'<th scope="col">{esc(c.title)}</th>' for c in cols)
    body = []
    for row in rows:
        cells = []
        for i, (col, cell) in enumerate(zip(cols, row)):
            if i == 0 and row_headers:
                cells.append(f'<th scope="row">{cell}</th>')
            else:
                cells.append(f'<td class="num">{cell}</td>' if col.numeric else f"<td>{cell}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    if not body:
        return f'<p class="empty">{esc(caption)}: none.</p>\n'
    return (f"<table>\n<caption>{esc(caption)}</caption>\n<thead><tr>{head}</tr></thead>\n"
            "<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>\n")


@dataclass(frozen=True)
class Layout:
    """What every page shares: the site's name, its navigation and the footer."""

    site: str
    nav: tuple[tuple[str, str], ...]  # (root-relative path, label)
    footer: str  # plain text, the same on every page (so record pages do not depend on the commit)
    footer_links: tuple[tuple[str, str], ...] = ()
    lang: str = "en"

    def page(self, path: str, title: str, body: str) -> bytes:
        up = "../" * path.count("/")
        items = []
        for target, name in self.nav:
            current = ' aria-current="page"' if target == path else ""
            items.append(f'<li><a href="{esc(up + target)}"{current}>{esc(name)}</a></li>')
        links = "".join(f'<p>{a(up + target, esc(name))}</p>\n' for target, name in self.footer_links)
        text = (
            f'<!DOCTYPE html>\n<html lang="{esc(self.lang)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title if title == self.site else f'{title} · {self.site}')}</title>\n"
            f'<link rel="stylesheet" href="{esc(up)}style.css">\n</head>\n<body>\n'
            '<a class="skip" href="#main">Skip to content</a>\n'
            f'<header>\n<p class="site">{esc(self.site)}</p>\n'
            f'<nav aria-label="Sections"><ul>{"".join(items)}</ul></nav>\n</header>\n'
            f'<main id="main">\n<h1>{esc(title)}</h1>\n{body}</main>\n'
            f"<footer>\n<p>{esc(self.footer)}</p>\n{links}</footer>\n</body>\n</html>\n"
        )
        return text.encode("utf-8")
