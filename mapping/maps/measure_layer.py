"""The national map's measures: province styles, tooltip lines, legends, the profile link.

:func:`mapping.maps.cluster_map.build_cluster_map` uses these when the reader
shades provinces by another measure than the cluster count
(:mod:`mapping.measures`), sizes markers by a figure, or when provinces link
to their profile page. Every text from data is escaped here.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from mapping.i18n import Message, format_number, gettext, nmessage
from mapping.maps import layers
from mapping.measures import MEASURES, SIZES, size_for

PROVINCE_PAGE = "/province"
NOT_STATED_FILL = "#ffffff"
NOT_STATED_BORDER = "#555555"
PARTIAL_DASH = "4 3"
SIZE_LEGEND_FRACTIONS = (1.0, 0.25)


def province_value(row: Mapping[str, Any], measure: str | None) -> int:
    """The number a province is shaded by: the measure's, or its cluster count."""
    return int(row["measure_value"] if measure else row["cluster_count"])


def wholly_unknown(row: Mapping[str, Any], measure: str | None) -> bool:
    """True when no cluster of the province gives the measure's figure (or stage)."""
    if not measure:
        return False
    unknown = int(row["measure_unknown"])
    return unknown > 0 and unknown == int(row["measure_clusters"])


def style_changes(row: Mapping[str, Any], measure: str | None) -> dict[str, Any]:
    """What changes in a province's style: white and dashed where the figure is not
    stated at all, a dashed outline where it is not stated for some clusters."""
    if not measure or int(row["measure_unknown"]) == 0:
        return {}
    if wholly_unknown(row, measure):
        return {
            "fillColor": NOT_STATED_FILL,
            "color": NOT_STATED_BORDER,
            "dashArray": PARTIAL_DASH,
            "weight": 1.5,
        }
    return {"color": NOT_STATED_BORDER, "dashArray": PARTIAL_DASH, "weight": 1.5}


def measure_line(row: Mapping[str, Any], measure: str | None, lang: str) -> str:
    """The tooltip line of the measure (escaped HTML), or ``""`` for the cluster count."""
    if not measure or measure == "clusters":
        return ""
    e = html.escape
    label = gettext(MEASURES[measure].label, lang)
    unknown = int(row["measure_unknown"])
    if wholly_unknown(row, measure):
        value = gettext("not stated", lang)
    elif unknown:
        value = nmessage(
            "at least {value} (not stated for {n} cluster)",
            "at least {value} (not stated for {n} clusters)",
            n=unknown,
            value=format_number(int(row["measure_value"]), lang),
        ).render(lang)
    else:
        value = format_number(int(row["measure_value"]), lang)
    colon = gettext(": ", lang)
    return f"<br>{e(label)}{e(colon)}<b>{e(value)}</b>"


def province_popup(row: Mapping[str, Any], lang: str) -> str:
    """A province's popup: its name and a link to its profile page, which the map's
    script follows in the app's own window (the map is in an iframe)."""
    e = html.escape
    name = row["name_fa"] if lang == "fa" else row["name_en"]
    url = f"{PROVINCE_PAGE}?{urlencode({'province': row['iso_code'], 'lang': lang})}"
    text = gettext("Open the province profile", lang)
    return (
        f"<b>{e(str(name))}</b><br>"
        f'<a class="to-top" href="{e(url, quote=True)}" target="_top">{e(text)}</a>'
    )


def not_stated_legend(measure: str | None, lang: str) -> str:
    """Legend rows for provinces whose figure is not stated (none for the cluster count)."""
    if not measure or measure == "clusters" or measure == "programme":
        return ""
    e = html.escape
    dashed = f"border:1.5px dashed {NOT_STATED_BORDER};box-shadow:none;border-radius:2px"
    none = gettext("not stated for any of its clusters", lang)
    some = gettext("dashed: not stated for some clusters (at least this much)", lang)
    rows = [
        f"<div class='row'><span class='cm' style='background:{NOT_STATED_FILL};{dashed}'>"
        f"</span>{e(none)}</div>",
        f"<div class='row'><span class='cm' style='background:#bcbddc;{dashed}'></span>"
        f"{e(some)}</div>",
    ]
    return "".join(rows)


def size_legend(size_by: str | None, largest: float, default_px: int, lang: str) -> str:
    """The marker-size legend: circles for the largest figure and a quarter of it."""
    if not size_by or size_by not in SIZES or size_by == "none":
        return ""
    e = html.escape
    rows = [f"<h4>{e(gettext(SIZES[size_by], lang))}</h4>"]
    if largest <= 0:
        rows.append(
            f"<div class='row'>{e(gettext('no cluster shown gives the figure', lang))}</div>"
        )
        return "".join(rows)
    for fraction in SIZE_LEGEND_FRACTIONS:
        value = largest * fraction
        px = size_for(value, largest)
        label = format_number(round(value), lang)
        rows.append(
            f"<div class='row'><span class='cm size-swatch' style='width:{px}px;height:{px}px;"
            f"background:#9e9ac8'></span>{e(label)}</div>"
        )
    unknown = Message("not stated: the standard marker ({px} px)", px=default_px).render(lang)
    rows.append(layers.legend_row("#9e9ac8", e(unknown)))
    return "".join(rows)
