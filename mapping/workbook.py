"""The current view as an Excel workbook for a reader: four sheets in the reader's language.

Sheets: the rows (clusters, or the places of the case studies), counts per
province (or per country), the view (title, filters in words, the data and
the export date) and the sources with their licences and the citation.
Headers and values are in the reader's language; codes (ISIC ``0311``,
province ``IR-23``) stay text, so Excel never turns them into numbers; every
text cell, headers included, is made safe as in every file the app writes
(:func:`mapping.export.neutralised_frame`); sheets read right to left in
Persian. Written by :func:`mapping.xlsx_book.write_book`, streaming.

The CSV stays the machine format; this workbook is for people.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from mapping.case_profiles import label_of
from mapping.export import neutralised_frame
from mapping.i18n import N_, Message, gettext
from mapping.international import SECTOR_GROUP_LABELS, TYPE_LABELS
from mapping.localise import localised
from mapping.maps.cluster_map import AT_TOWN_TEXT, PROVINCE_ONLY_TEXT, province_classes
from mapping.programmes import PAPER_CITATION, programme_label
from mapping.view import ExportView
from mapping.xlsx_book import PLAIN, TEXT_CODE, WRAPPED, Sheet, write_book
from mapping.xlsx_book import YEAR as YEAR_STYLE

TEXT = "text"
CODE = "code"  # text that looks like a number: kept as text, Excel's "@" format
NUMBER = "number"
YEAR = "year"
MIN_WIDTH, MAX_WIDTH = 8, 60  # characters
WIDTH_PADDING = 2
WIDTH_SAMPLE_ROWS = 5_000
SHEET_NAMES = {
    "clusters": N_("Clusters"),
    "provinces": N_("Provinces"),
    "places": N_("Places"),
    "countries": N_("Countries"),
    "view": N_("This view"),
    "sources": N_("Sources"),
}


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header (translated), its values, how they are typed."""

    header: str
    values: Sequence[object]
    kind: str = TEXT


def _series(column: Column) -> pd.Series:
    """A column's values typed for the sheet: numbers as numbers, the rest as text."""
    values = pd.Series(list(column.values), dtype=object)
    if column.kind in (NUMBER, YEAR):
        return pd.to_numeric(values, errors="coerce")
    return values.where(values.notna(), "").map(str)


def _width(series: pd.Series, header: str) -> float:
    # The first rows give the width; a long registry need not be measured whole.
    sample = [len(str(v)) for v in series.head(WIDTH_SAMPLE_ROWS).dropna()]
    longest = max([len(header), *sample])
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + WIDTH_PADDING)))


def make_sheet(key: str, columns: Sequence[Column], lang: str, *, wrap: bool = False) -> Sheet:
    """A sheet of ``columns`` in ``lang``: headers translated, text made safe, typed, sized.

    Text cells and headers go through :func:`mapping.export.neutralised_frame`
    (formulas neutralised, characters a cell cannot hold removed); code
    columns get Excel's text format, so ``0311`` stays ``0311``; numbers stay
    numbers; ``wrap`` wraps long text in its cell.
    """
    headers = [gettext(c.header, lang) for c in columns]
    frame = pd.DataFrame({j: _series(c) for j, c in enumerate(columns)})
    frame.columns = headers
    frame = neutralised_frame(frame)
    styles = [
        TEXT_CODE if c.kind == CODE else YEAR_STYLE if c.kind == YEAR else PLAIN for c in columns
    ]
    if wrap:
        styles = [WRAPPED if style == PLAIN else style for style in styles]
    widths = [_width(frame.iloc[:, j], str(frame.columns[j])) for j in range(len(columns))]
    return Sheet(gettext(SHEET_NAMES[key], lang), frame, styles, widths, rtl=lang == "fa")


def _about_rows(view: ExportView) -> list[tuple[str, str]]:
    lang = view.lang
    rows = [(gettext("Title", lang), view.title)]
    if view.filters:
        rows.extend(
            (Message("Filter: {filter}", filter=label).render(lang), values)
            for label, values in view.filters
        )
    else:
        rows.append((gettext("Filters", lang), view.filter_text))
    rows += [
        (
            gettext("Rows shown", lang),
            Message("{n} of {total}", n=view.shown, total=view.total).render(lang),
        ),
        (gettext("Data", lang), view.data),
        (gettext("Exported on", lang), view.exported_text),
        (gettext("Citation", lang), f"{PAPER_CITATION}."),
    ]
    return rows


def _about_sheet(view: ExportView) -> Sheet:
    rows = _about_rows(view)
    columns = [
        Column(N_("Item"), [label for label, _ in rows]),
        Column(N_("Value"), [value for _, value in rows]),
    ]
    return make_sheet("view", columns, view.lang, wrap=True)


def _sources_sheet(view: ExportView) -> Sheet:
    lang = view.lang
    sources = list(view.sources)
    columns = [
        Column(N_("What"), [gettext(s.what, lang) for s in sources]),
        Column(N_("Source"), [gettext(s.source, lang) for s in sources]),
        Column(N_("Licence"), [gettext(s.licence, lang) for s in sources]),
        Column(N_("Address"), [s.address for s in sources]),
    ]
    return make_sheet("sources", columns, lang)


def _book(view: ExportView, first: Sheet, second: Sheet) -> bytes:
    return write_book([first, second, _about_sheet(view), _sources_sheet(view)])


def cluster_columns(clusters: pd.DataFrame, lang: str) -> list[Column]:
    """The clusters sheet's columns in ``lang``: names, places and labels localised."""
    town = localised(clusters, "locality_en", lang)
    town = town.where(town.ne(""), gettext("(province only)", lang))
    yes, no = gettext("yes", lang), gettext("no", lang)
    placement = {
        "locality": gettext(AT_TOWN_TEXT, lang),
        "province": gettext(PROVINCE_ONLY_TEXT, lang),
    }
    return [
        Column(N_("Id"), clusters["cluster_id"].tolist(), CODE),
        Column(N_("Cluster"), localised(clusters, "name_en", lang).tolist()),
        Column(N_("Sector"), localised(clusters, "sector", lang).tolist()),
        Column(N_("ISIC (ours)"), clusters["isic_code"].fillna("").tolist(), CODE),
        Column(N_("ISIC title"), localised(clusters, "isic_title", lang).tolist()),
        Column(N_("Town"), town.tolist()),
        Column(N_("Province"), localised(clusters, "province", lang).tolist()),
        Column(N_("Province code"), clusters["province_code"].tolist(), CODE),
        Column(N_("Programme"), [programme_label(p, lang) for p in clusters["programme"]]),
        Column(
            N_("In national mapping"),
            clusters["in_national_mapping"].map({True: yes, False: no}).tolist(),
        ),
        Column(N_("Placement"), clusters["placement"].map(placement).tolist()),
        Column(N_("Latitude"), clusters["latitude"].tolist(), NUMBER),
        Column(N_("Longitude"), clusters["longitude"].tolist(), NUMBER),
        Column(N_("Location source"), clusters["location_source"].fillna("").tolist()),
        Column(N_("Source"), localised(clusters, "source", lang).tolist()),
        Column(N_("Notes"), localised(clusters, "notes", lang).tolist()),
    ]


def province_columns(provinces: pd.DataFrame, lang: str) -> list[Column]:
    """All provinces with the count the map shades them by, most clusters first."""
    classes = province_classes(provinces["cluster_count"])
    names = provinces["name_fa"] if lang == "fa" else provinces["name_en"]
    table = pd.DataFrame(
        {"code": provinces["iso_code"], "name": names, "count": provinces["cluster_count"]}
    ).sort_values(["count", "name"], ascending=[False, True], kind="stable")

    def class_label(count: int) -> str:
        for lo, hi in classes:
            if lo <= count <= hi:
                return str(lo) if lo == hi else f"{lo}–{hi}"
        return "0"

    return [
        Column(N_("Province code"), table["code"].tolist(), CODE),
        Column(N_("Province"), table["name"].tolist()),
        Column(N_("Clusters shown"), [int(c) for c in table["count"]], NUMBER),
        Column(N_("Map class"), [class_label(int(c)) for c in table["count"]], CODE),
    ]


def cluster_workbook(view: ExportView, clusters: pd.DataFrame, provinces: pd.DataFrame) -> bytes:
    """The national or programme view as an .xlsx workbook in ``view.lang``.

    Parameters
    ----------
    view : ExportView
        Title, filters in words, data and date (:func:`mapping.view.describe_view`).
    clusters : pandas.DataFrame
        The filtered registry rows.
    provinces : pandas.DataFrame
        All 31 provinces with ``cluster_count`` over ``clusters``
        (:func:`mapping.join.summarise_provinces`).

    Returns
    -------
    bytes
        Four sheets: clusters, provinces, this view, sources.
    """
    lang = view.lang
    return _book(
        view,
        make_sheet("clusters", cluster_columns(clusters, lang), lang),
        make_sheet("provinces", province_columns(provinces, lang), lang),
    )


def place_columns(cases: pd.DataFrame, lang: str) -> list[Column]:
    """The places sheet's columns in ``lang``: figures as numbers, years as years."""

    def figure(column: str) -> list[object]:
        return [None if pd.isna(v) else int(v) for v in cases[column]]

    return [
        Column(N_("Id"), cases["place_id"].tolist(), CODE),
        Column(N_("Case study"), localised(cases, "case_name", lang).tolist()),
        Column(N_("Place"), localised(cases, "place", lang).tolist()),
        Column(N_("Country"), localised(cases, "country", lang).tolist()),
        Column(N_("Country code"), cases["country_code"].tolist(), CODE),
        Column(N_("Sector"), localised(cases, "sector", lang).tolist()),
        Column(
            N_("Sector group"),
            [label_of(v, SECTOR_GROUP_LABELS, lang) for v in cases["sector_group"]],
        ),
        Column(N_("Type"), [label_of(v, TYPE_LABELS, lang) for v in cases["type"]]),
        Column(N_("Founded"), figure("founded"), YEAR),
        Column(N_("Firms"), figure("firms"), NUMBER),
        Column(N_("Firms: year"), figure("firms_year"), YEAR),
        Column(N_("Employees"), figure("employees"), NUMBER),
        Column(N_("Employees: year"), figure("employees_year"), YEAR),
        Column(N_("Investment (billion US dollars)"), cases["investment_usd_bn"].tolist(), NUMBER),
        Column(N_("Latitude"), cases["latitude"].tolist(), NUMBER),
        Column(N_("Longitude"), cases["longitude"].tolist(), NUMBER),
        Column(N_("Marker"), cases["placement"].tolist()),
        Column(N_("The paper's wording"), cases["name_in_paper"].tolist()),
        Column(N_("Corrections"), cases["corrections"].tolist()),
        Column(N_("Source"), cases["source"].tolist()),
    ]


def country_columns(cases: pd.DataFrame, lang: str) -> list[Column]:
    """One row per country shown: places and case studies, most first."""
    names = localised(cases, "country", lang)
    table = (
        pd.DataFrame({"code": cases["country_code"], "name": names, "case": cases["case_id"]})
        .groupby(["code", "name"], sort=False)
        .agg(places=("case", "size"), cases=("case", "nunique"))
        .reset_index()
        .sort_values(["places", "name"], ascending=[False, True], kind="stable")
    )
    return [
        Column(N_("Country code"), table["code"].tolist(), CODE),
        Column(N_("Country"), table["name"].tolist()),
        Column(N_("Places shown"), table["places"].astype(int).tolist(), NUMBER),
        Column(N_("Case studies"), table["cases"].astype(int).tolist(), NUMBER),
    ]


def case_workbook(view: ExportView, cases: pd.DataFrame) -> bytes:
    """The international view as an .xlsx workbook in ``view.lang``.

    Parameters
    ----------
    view : ExportView
        Title, filters in words, data and date (``kind="cases"``).
    cases : pandas.DataFrame
        The filtered places (:func:`mapping.international.load_international`).

    Returns
    -------
    bytes
        Four sheets: places, countries, this view, sources.
    """
    lang = view.lang
    return _book(
        view,
        make_sheet("places", place_columns(cases, lang), lang),
        make_sheet("countries", country_columns(cases, lang), lang),
    )
