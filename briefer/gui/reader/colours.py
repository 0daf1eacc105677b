"""Highlight colours of a reading pane: blends of overlapping quotes, stripes of a quote
with several themes (or actors), and the legend that names them."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QBrush, QColor, QLinearGradient

from ...core.records import Quote

NO_TAG_COLOUR = "#d0d0d0"


def blend(colours: list[QColor]) -> QColor:
    """One readable background for a piece covered by several quotes: their mean, a
    little darker per extra layer but never dark enough to hide black text."""
    n = len(colours)
    r, g, b = (sum(getattr(c, k)() for c in colours) / n for k in ("red", "green", "blue"))
    mixed = QColor(int(r), int(g), int(b)).darker(100 + 8 * (n - 1))
    if mixed.lightnessF() < 0.6:
        mixed.setHslF(mixed.hslHueF(), mixed.hslSaturationF(), 0.6)
    return mixed


def striped(colours: list[QColor]) -> QBrush:
    """Diagonal stripes of a quote's colours (one per theme, or actor)."""
    gradient = QLinearGradient(0, 0, 6 * len(colours), 6 * len(colours))
    gradient.setSpread(QLinearGradient.Spread.RepeatSpread)
    n = len(colours)
    for i, colour in enumerate(colours):
        light = QColor(colour)
        if light.lightnessF() < 0.6:
            light.setHslF(light.hslHueF(), light.hslSaturationF(), 0.6)
        gradient.setColorAt(i / n, light)
        gradient.setColorAt((i + 1) / n - 0.001, light)
    return QBrush(gradient)


def legend_html(project, quotes: list[Quote], by_actor: bool) -> str:
    """The colours used in this pane and what they mean, as one line of rich text."""
    key = "actor_ids" if by_actor else "theme_ids"
    used = {i for q in quotes for i in getattr(q, key)}
    # names and colours only: no quote ids listed (a project may have 50,000 quotes)
    items = (project.codebook.actors(links=False) if by_actor
             else project.codebook.themes(links=False))
    parts = [f'<span style="background:{r.colour}">&nbsp;&nbsp;&nbsp;</span>&nbsp;{escape(r.name)}'
             for r in items if r.id in used]
    if any(not getattr(q, key) for q in quotes):
        parts.append(f'<span style="background:{NO_TAG_COLOUR}">&nbsp;&nbsp;&nbsp;</span>'
                     '&nbsp;untagged')
    label = "Actors" if by_actor else "Themes"
    return f"<small><b>{label}:</b> " + " &nbsp; ".join(parts) + "</small>"
