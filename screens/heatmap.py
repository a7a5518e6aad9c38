"""The risk heat map: a 5 x 5 grid of likelihood against impact, shared by the
dashboard and the Registers area."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

if TYPE_CHECKING:
    from council import registers

BAND_STYLES = {"low": "$text-success", "moderate": "$text-warning", "high": "bold $text-warning",
               "extreme": "bold $text-error"}


def heat_content(heat: registers.HeatMap | None) -> Content:
    """The grid as text: likelihood 5 at the top, impact 1 to 5 left to right, counts in cells."""
    if heat is None or not heat.cells:
        return Content.styled("No open risks in the register.", "$text-muted")
    from council.registers import risk_band  # a map to draw: its register is loaded (not at the first frame)

    lines = [Content.styled("likelihood", "$text-muted")]
    for likelihood, row in zip(range(5, 0, -1), heat.rows()):
        cells = []
        for impact, count in enumerate(row, 1):
            band = risk_band(likelihood * impact)
            cells.append(Content.styled(f" {count if count else '·':>2} ", BAND_STYLES[band]))
        lines.append(Content.assemble((f" {likelihood} │", "$text-muted"), *cells))
    lines.append(Content.styled("   └" + "─" * 20, "$text-muted"))
    lines.append(Content.styled("     1   2   3   4   5  impact", "$text-muted"))
    counts = heat.by_band()
    legend = [Content.styled(f"{band} {counts[band]}", BAND_STYLES[band]) for band in counts]
    lines.append(Content("  ").join(legend))
    return Content("\n").join(lines)


class HeatMap(Static):
    """Open risks by likelihood and impact, each cell coloured by its band."""

    DEFAULT_CSS = """
    HeatMap {
        height: auto;
        width: auto;
    }
    """

    def show(self, heat: registers.HeatMap | None) -> None:
        self.update(heat_content(heat))
