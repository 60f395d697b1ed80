"""A cluster's profile: every field, its value and where it comes from.

Used by the map popup (as escaped HTML) and by the pages (as a table), so
both always show the same fields with the same sources, in the reader's
language: labels from the catalogue, values in their Persian form where the
data has one.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from mapping.i18n import N_, Message, digits, gettext
from mapping.localise import localised_value
from mapping.profile_fields import ProfileField, tracked_fields
from mapping.programmes import programme_label

PROGRAMME_STATUSES = {
    "cooperation contract": N_("cooperation contract"),
    "in preparation": N_("in preparation"),
}


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def cluster_profile(row: Mapping[str, Any], lang: str = "en") -> list[ProfileField]:
    """Describe one validated registry row field by field, in ``lang``.

    Parameters
    ----------
    row : Mapping
        A registry row (a ``pandas.Series`` or dict) as returned by
        :func:`mapping.registry.validate_registry`.
    lang : str
        ``fa`` or ``en``.

    Returns
    -------
    list of ProfileField
        Display label, value and source of each field, in reading order.
        Empty optional fields are shown as "not stated" rather than left out,
        so a reader can tell "the source does not say" from "we forgot".
    """

    ours = gettext("This project", lang)
    not_stated = gettext("not stated", lang)
    source = localised_value(row, "source", lang) or not_stated
    if row.get("placement") == "province":
        where = gettext("Not stated: the source names only the province", lang)
        coords = gettext("None: the marker stands at a point inside the province", lang)
        coords_source = _text(row.get("location_source")) or source
    else:
        where = localised_value(row, "locality_en", lang)
        coords = Message(
            "{lat} N, {lon} E",
            lat=format(float(row["latitude"]), ".4f"),
            lon=format(float(row["longitude"]), ".4f"),
        ).render(lang)
        coords = digits(coords, lang)
        coords_source = _text(row.get("location_source")) or not_stated
    programme_text = programme_label(_text(row.get("programme")), lang)
    status = _text(row.get("programme_status"))
    if status:
        status = (
            gettext(PROGRAMME_STATUSES[status], lang) if status in PROGRAMME_STATUSES else status
        )
        programme_text = f"{programme_text}{gettext(', ', lang)}{status}"
    isic = _text(row.get("isic_code"))
    isic_title = localised_value(row, "isic_title", lang)
    isic_text = f"{isic} {isic_title}".strip() if isic else not_stated
    province = f"{_text(row.get('province'))} / {_text(row.get('province_fa'))}"
    english_name = _text(row.get("name_en"))
    persian_name = _text(row.get("name_fa")) or not_stated
    names = [
        ProfileField(gettext("Name", lang), english_name, ours),
        ProfileField(gettext("Persian name", lang), persian_name, ours, persian=True),
    ]
    if lang == "fa":
        names = [
            ProfileField(gettext("Name", lang), persian_name, ours, persian=True),
            ProfileField(gettext("English name", lang), english_name, ours),
        ]
    return [
        *names,
        ProfileField(
            gettext("Name in the source", lang),
            _text(row.get("name_in_paper")) or not_stated,
            source,
        ),
        ProfileField(gettext("Sector", lang), localised_value(row, "sector", lang), source),
        ProfileField(
            gettext("ISIC Rev.4", lang),
            isic_text,
            gettext("This project's classification, not the source's", lang),
        ),
        ProfileField(gettext("Town", lang), where, source),
        ProfileField(gettext("Province", lang), province, source),
        ProfileField(gettext("Coordinates", lang), coords, coords_source),
        ProfileField(gettext("Programme", lang), programme_text, source),
        ProfileField(
            gettext("In the national mapping list", lang),
            gettext("Yes", lang) if row.get("in_national_mapping") else gettext("No", lang),
            source,
        ),
        ProfileField(
            gettext("Notes", lang),
            localised_value(row, "notes", lang) or gettext("none", lang),
            ours,
        ),
        *tracked_fields(row, lang, source),
        ProfileField(gettext("Id", lang), _text(row.get("cluster_id")), ours),
    ]


def profile_html(row: Mapping[str, Any], lang: str = "en") -> str:
    """The profile as an HTML table in ``lang``; every value is escaped."""
    e = html.escape
    direction = "rtl" if lang == "fa" else "ltr"
    title = localised_value(row, "name_en", lang)
    head = "".join(f"<th>{e(gettext(h, lang))}</th>" for h in ("Field", "Value", "Source"))
    lines = [
        f'<div class="cluster-profile" dir="{direction}" lang="{lang}"><h4>{e(title)}</h4>',
        f"<table><thead><tr>{head}</tr></thead><tbody>",
    ]
    for f in cluster_profile(row, lang):
        value = e(f.value)
        if f.persian and lang != "fa":
            value = f'<span dir="rtl" lang="fa">{value}</span>'
        lines.append(f"<tr><th>{e(f.label)}</th><td>{value}</td><td>{e(f.source)}</td></tr>")
    lines.append("</tbody></table></div>")
    return "".join(lines)
