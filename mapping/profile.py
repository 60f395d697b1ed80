"""A cluster's profile: every field, its value and where it comes from.

Used by the map popup (as escaped HTML) and by the pages (as a table), so
both always show the same fields with the same sources.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mapping.programmes import programme_label

PROJECT_SOURCE = "This project"


@dataclass(frozen=True)
class ProfileField:
    """One line of a profile."""

    label: str
    value: str
    source: str
    persian: bool = False


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def cluster_profile(row: Mapping[str, Any]) -> list[ProfileField]:
    """Describe one validated registry row field by field.

    Parameters
    ----------
    row : Mapping
        A registry row (a ``pandas.Series`` or dict) as returned by
        :func:`mapping.registry.validate_registry`.

    Returns
    -------
    list of ProfileField
        Display label, value and source of each field, in reading order.
        Empty optional fields are shown as "not stated" rather than left out,
        so a reader can tell "the source does not say" from "we forgot".
    """
    source = _text(row.get("source")) or "not stated"
    town = _text(row.get("locality_en"))
    if row.get("placement") == "province":
        where = "Not stated: the source names only the province"
        where_source = source
        coords = "None: the marker stands at a point inside the province"
        coords_source = _text(row.get("location_source")) or source
    else:
        where = town
        where_source = source
        coords = f"{float(row['latitude']):.4f} N, {float(row['longitude']):.4f} E"
        coords_source = _text(row.get("location_source")) or "not stated"
    programme = _text(row.get("programme"))
    status = _text(row.get("programme_status"))
    programme_text = programme_label(programme, "en")
    if status:
        programme_text = f"{programme_text}, {status}"
    isic = _text(row.get("isic_code"))
    isic_text = f"{isic} {_text(row.get('isic_title'))}".strip() if isic else "not stated"
    mapping_flag = "Yes" if row.get("in_national_mapping") else "No"
    fields = [
        ProfileField("Name", _text(row.get("name_en")), PROJECT_SOURCE),
        ProfileField(
            "Persian name", _text(row.get("name_fa")) or "not stated", PROJECT_SOURCE, persian=True
        ),
        ProfileField("Name in the source", _text(row.get("name_in_paper")) or "not stated", source),
        ProfileField("Sector", _text(row.get("sector")), source),
        ProfileField(
            "ISIC Rev.4", isic_text, f"{PROJECT_SOURCE}'s classification, not the source's"
        ),
        ProfileField("Town", where, where_source),
        ProfileField(
            "Province", f"{_text(row.get('province'))} / {_text(row.get('province_fa'))}", source
        ),
        ProfileField("Coordinates", coords, coords_source),
        ProfileField("Programme", programme_text, source),
        ProfileField("In the national mapping list", mapping_flag, source),
        ProfileField("Notes", _text(row.get("notes")) or "none", PROJECT_SOURCE),
        ProfileField("Id", _text(row.get("cluster_id")), PROJECT_SOURCE),
    ]
    return fields


def profile_html(row: Mapping[str, Any]) -> str:
    """The profile as an HTML table; every value is escaped."""
    e = html.escape
    lines = [
        f'<div class="cluster-profile"><h4>{e(_text(row.get("name_en")))}</h4>',
        "<table><thead><tr><th>Field</th><th>Value</th><th>Source</th></tr></thead><tbody>",
    ]
    for f in cluster_profile(row):
        value = e(f.value)
        if f.persian:
            value = f'<span dir="rtl" lang="fa">{value}</span>'
        lines.append(f"<tr><th>{e(f.label)}</th><td>{value}</td><td>{e(f.source)}</td></tr>")
    lines.append("</tbody></table></div>")
    return "".join(lines)
