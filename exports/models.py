"""Public model cards and the lineage graph (issue 17), drawn from the filtered view only.

A model card is an artifact's fields as this audience may see them (what it
is, its version, owners, lineage, evaluations, the manifest digest and who
signed it); a withheld field shows its marker, never its value.  The lineage
graph is an SVG in the charts' style (:mod:`exports.charts`): a column of
datasets, then artifacts by how far they are derived from them, with an
arrow for every lineage link the audience can see.  A link named only in a
withheld field is not drawn; a dataset named in a visible field is drawn by
its ID, with its title only where that is visible too.
"""

from __future__ import annotations

from exports import fmt
from exports.charts import PALETTE, WIDTH, _svg
from exports.html_base import Col, esc, table, withheld
from exports.html_records import Html
from exports.view import Shown, View, Withheld

BOX_W, BOX_H, GAP_Y, PAD = 150, 34, 14, 16
CARD_FIELDS = ("kind", "version", "owners", "ip_asset", "datasets", "parents", "code_repository", "code_commit",
               "libraries", "hyperparameters", "manifest_digest", "files", "size", "signed_by", "decision")


def _ids(shown: Shown, name: str) -> list[str]:
    value = shown.get(name, [])
    return [str(v) for v in value] if isinstance(value, list) else []


def edges(view: View) -> list[tuple[str, str]]:
    """(source, artifact) for every lineage link in a visible field of a visible artifact."""
    out = []
    for shown in view.visible("artifact"):
        out += [(d, shown.id) for d in _ids(shown, "datasets")]
        out += [(p, shown.id) for p in _ids(shown, "parents")]
    return out


def _columns(view: View, links: list[tuple[str, str]]) -> list[list[str]]:
    """Datasets first, then each artifact one column right of its furthest source (cycles cut)."""
    artifacts = [s.id for s in view.visible("artifact")]
    sources: dict[str, list[str]] = {a: [s for s, t in links if t == a] for a in artifacts}
    depth: dict[str, int] = {}

    def of(node: str, path: frozenset[str]) -> int:
        if node not in sources or node in path:
            return 0  # a dataset, an artifact not published, or a cycle
        if node not in depth:
            depth[node] = 1 + max((of(s, path | {node}) for s in sources[node]), default=0)
        return depth[node]

    for a in artifacts:
        of(a, frozenset())
    nodes = sorted({s for s, _ in links} | set(artifacts))
    width = max([0, *(of(n, frozenset()) for n in nodes)]) + 1
    return [[n for n in nodes if of(n, frozenset()) == col] for col in range(width)]


def lineage_svg(view: View) -> str:
    """The lineage graph as an accessible SVG ('' when no artifact is published)."""
    links = edges(view)
    if not view.visible("artifact"):
        return ""
    columns = _columns(view, links)
    step = (WIDTH - 2 * PAD - BOX_W) / max(len(columns) - 1, 1)
    at: dict[str, tuple[float, float]] = {}
    for c, nodes in enumerate(columns):
        for r, node in enumerate(nodes):
            at[node] = (PAD + c * step, PAD + r * (BOX_H + GAP_Y))
    height = int(PAD * 2 + max(len(n) for n in columns) * (BOX_H + GAP_Y))
    parts = ['<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" '
             'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#666"/></marker></defs>']
    for source, target in links:
        (x1, y1), (x2, y2) = at[source], at[target]
        parts.append(f'<line x1="{x1 + BOX_W:.1f}" y1="{y1 + BOX_H / 2:.1f}" x2="{x2:.1f}" y2="{y2 + BOX_H / 2:.1f}" '
                     f'stroke="#666" marker-end="url(#arrow)"><title>{esc(target)} derives from {esc(source)}'
                     "</title></line>")
    for node, (x, y) in at.items():
        shown = view.get(node)
        dataset = shown is None or shown.kind != "artifact"
        colour = PALETTE[4] if dataset else PALETTE[0]
        title = shown.title if shown is not None and shown.withheld is None else node  # .title: visible only
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{BOX_W}" height="{BOX_H}" rx="4" fill="{colour}" '
                     f'fill-opacity="0.18" stroke="{colour}"><title>{esc(title)}</title></rect>'
                     f'<text x="{x + 8:.1f}" y="{y + 14:.1f}" font-weight="bold">{esc(node)}</text>'
                     f'<text x="{x + 8:.1f}" y="{y + 27:.1f}">{esc(_short(title if title != node else ""))}</text>')
    return _svg("Lineage of the published artifacts",
                "Datasets on the left, then each artifact to the right of what it was trained on or derived "
                "from; an arrow for each link the published records show.", height, "\n".join(parts) + "\n")


def _short(text: str, width: int = 22) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def model_cards(view: View) -> str:
    """The model-cards page: the lineage graph, then one card per published artifact."""
    h = Html(view)
    out = lineage_svg(view)
    for shown in view.visible("artifact"):
        out += f'<h2 id="{esc(fmt.anchor(shown.id))}">{esc(shown.id)}: {esc(shown.title)}</h2>\n'
        rows = [(esc(fmt.label(name)), h.value(name, shown.fields[name])) for name in CARD_FIELDS
                if name in shown.fields]
        out += table(f"Model card of {shown.id}", [Col("Field"), Col("Value")], rows)
        out += _evaluations(shown) + h.body(shown, 3)
    return out or "<p>No artifact is published.</p>\n"


def _evaluations(shown: Shown) -> str:
    value = shown.get("evaluations", [])
    if isinstance(value, Withheld):
        return f"<h3>Evaluations</h3>\n<p>{withheld(value)}</p>\n"
    if not isinstance(value, list) or not value:
        return ""
    rows = []
    for item in value:
        if not isinstance(item, dict):
            continue
        rows.append(tuple(withheld(v) if isinstance(v, Withheld) else esc(fmt.text(v))
                          for v in (item.get(k, "") for k in ("name", "value", "kind", "date", "by"))))
    return "<h3>Evaluations</h3>\n" + table(f"Evaluations of {shown.id}", [Col(c) for c in (
        "Evaluation", "Result", "Kind", "Date", "By")], rows)
