"""The national map's texts: tooltips, legends, layer names and the canvas
layer's phrases, each in the reader's language (``lang``) and HTML-escaped.

Kept apart from the payload code (:mod:`mapping.maps.cluster_map`,
:mod:`mapping.maps.points`): every phrase the map shows is written here or in
:mod:`mapping.maps.measure_layer`, never in the browser's script.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from mapping.i18n import N_, Message, digits, gettext, nmessage
from mapping.localise import localised_value
from mapping.maps import layers
from mapping.maps import measure_layer as measured
from mapping.maps.style import (
    CHOROPLETH_COLOURS,
    DARK_INK_CLASSES,
    DENSITY_COLOURS,
    DENSITY_DARK_INK_CLASSES,
    FALLBACK_COLOUR,
    PROVINCE_TOOLTIP_NAMES,
    ZERO_COLOUR,
)
from mapping.measures import MEASURES
from mapping.programmes import Programme

PROVINCE_ONLY_TEXT = N_("in the province; the source names no town")
AT_TOWN_TEXT = N_("at the named town")


def class_colour(
    count: int, classes: Sequence[tuple[int, int]], colours: Sequence[str] = CHOROPLETH_COLOURS
) -> str:
    """The fill of a province (or hexagon) holding ``count`` clusters."""
    if count == 0:
        return ZERO_COLOUR
    offset = len(colours) - len(classes)  # few classes: use the darker end
    for i, (lo, hi) in enumerate(classes):
        if lo <= count <= hi:
            return colours[offset + i]
    return colours[-1]


def province_tooltip(row: Mapping[str, Any], lang: str = "en") -> str:
    """A province's name, its count and its first cluster names (escaped), in ``lang``."""
    e = html.escape
    count = int(row["cluster_count"])
    shown = nmessage("{n} cluster shown", "{n} clusters shown", n=count).render(lang)
    column = "cluster_names_fa" if lang == "fa" else "cluster_names_en"
    names = row[column].split("; ") if row[column] else []
    listed = "".join(f"<li>{e(n)}</li>" for n in names[:PROVINCE_TOOLTIP_NAMES])
    extra = count - min(len(names), PROVINCE_TOOLTIP_NAMES)  # names may be the first few only
    more = Message("… and {n} more", n=extra).render(lang) if extra > 0 else ""
    body = listed + (f"<li>{e(more)}</li>" if more else "")
    body = f"<ul class='province-names'>{body}</ul>" if names else ""
    if lang == "fa":
        title = f"<b>{e(row['name_fa'])}</b>"
    else:
        title = f"<b>{e(row['name_en'])}</b> · <span dir='rtl' lang='fa'>{e(row['name_fa'])}</span>"
    return f"{title}<br>{e(shown)}{body}"


def cluster_tooltip(
    row: Mapping[str, Any], styles: Mapping[str, Programme], lang: str = "en"
) -> str:
    """A cluster's name, sector, programme and place (escaped), in ``lang``."""
    e = html.escape
    programme = styles[row["programme"]].label(lang)
    if row["placement"] == "province":
        where = gettext("province-level: no town named", lang)
    else:
        where = localised_value(row, "locality_en", lang)
    name = localised_value(row, "name_en", lang)
    sector = localised_value(row, "sector", lang)
    province = localised_value(row, "province", lang)
    comma = gettext(", ", lang)
    return (
        f"<b>{e(name)}</b><br>{e(sector)} · {e(programme)}"
        f"<br><span class='muted'>{e(where)}{e(comma)}{e(province)}</span>"
    )


def canvas_texts(lang: str = "en") -> dict[str, str]:
    """The phrases the canvas layer shows in tooltips and popups (escaped)."""
    e = html.escape
    return {
        "provinceOnly": e(gettext("(province-level: no town named)", lang)),
        "findInTable": e(gettext("Find it in the table below the map for its full profile.", lang)),
    }


def layer_names(lang: str = "en") -> tuple[str, str]:
    """The names of the province and cluster layers in the layer switcher."""
    return gettext("Provinces", lang), gettext("Clusters", lang)


def _steps(
    classes: Sequence[tuple[int, int]], colours: Sequence[str], dark: int, lang: str
) -> list[str]:
    """One coloured box per class, its range in ``lang``'s digits."""
    steps = []
    for lo, hi in classes:
        label = digits(str(lo) if lo == hi else f"{lo}–{hi}", lang)
        colour = class_colour(lo, classes, colours)
        ink = "#fff" if colour in colours[-dark:] else "#222"
        steps.append(f"<span style='background:{colour};color:{ink}'>{label}</span>")
    return steps


def density_legend_html(levels: Sequence[Sequence[tuple[int, int]]], lang: str = "en") -> str:
    """The density view's legend: each hexagon level's count classes.

    The browser shows the block of the level on screen, and only while the
    density view is (see ``static/map/points.js``).
    """
    e = html.escape
    heading = e(gettext("Clusters per hexagon", lang))
    hint = e(gettext("Zoom in to see each cluster.", lang))
    blocks = []
    for level, classes in enumerate(levels):
        steps = _steps(classes, DENSITY_COLOURS, DENSITY_DARK_INK_CLASSES, lang)
        blocks.append(
            f"<div class='legend-density' data-level='{level}'>"
            f"<h4>{heading}</h4><div class='steps'>{''.join(steps)}</div>"
            f"<div class='muted'>{hint}</div></div>"
        )
    return "".join(blocks)


def legend_html(
    classes: Sequence[tuple[int, int]],
    programmes: Sequence[Programme],
    strategy: str = "markers",
    lang: str = "en",
    point_legend: str = N_("Programme"),
    *,
    measure: str | None = None,
    extra: str = "",
    density: Sequence[Sequence[tuple[int, int]]] = (),
) -> str:
    """The national map's legend: count classes, programmes shown, placement
    shapes, and the density view's classes (``density``, one list per level).

    ``point_legend`` (a catalogue msgid) heads the list of marker colours;
    ``measure`` (a key of :data:`mapping.measures.MEASURES`) heads the
    classes; ``extra`` (trusted HTML, the size legend) ends the points' part.
    While the density view shows, the browser hides the provinces' and the
    points' parts (``static/map/map.css``).
    """
    e = html.escape
    heading = gettext(MEASURES[measure].legend if measure else "Clusters per province", lang)
    rows = [f"<div class='legend-provinces'><h4>{e(heading)}</h4><div class='steps'>"]
    rows.append(f"<span style='background:{ZERO_COLOUR}'>{digits('0', lang)}</span>")
    rows.extend(_steps(classes, CHOROPLETH_COLOURS, DARK_INK_CLASSES, lang))
    rows.append(f"</div>{measured.not_stated_legend(measure, lang)}</div>")
    rows.append(f"<div class='legend-points'><h4>{e(gettext(point_legend, lang))}</h4>")
    rows.extend(layers.legend_row(p.colour, e(p.label(lang)), glyph=p.glyph) for p in programmes)
    placement = gettext("Placement", lang)
    rows.append(f"<h4>{e(placement)}</h4>")
    province_shape = "cm cm-province" if strategy == "markers" else "cm cm-ring"
    rows.append(layers.legend_row(FALLBACK_COLOUR, e(gettext(AT_TOWN_TEXT, lang))))
    rows.append(
        layers.legend_row(FALLBACK_COLOUR, e(gettext(PROVINCE_ONLY_TEXT, lang)), province_shape)
    )
    rows.append(f"{extra}</div>")
    rows.append(density_legend_html(density, lang))
    return "".join(rows)
