"""The tables that stand in for the maps: what a map shows, readable without it.

A screen-reader user, a keyboard user, or anyone copying figures into a
report gets the same numbers the map draws: the clusters (and the chosen
measure) per province, and the case studies per country.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from mapping.i18n import N_, gettext, sort_key
from mapping.localise import localised
from mapping.measures import DEFAULT_MEASURE, MEASURES

NAME_SEPARATOR = "، "  # Persian comma; English uses ", "


def province_table(
    provinces: gpd.GeoDataFrame, lang: str, measure: str | None = None
) -> pd.DataFrame:
    """Clusters shown per province, as the choropleth shades them, every province listed.

    Parameters
    ----------
    provinces : geopandas.GeoDataFrame
        From :func:`mapping.join.summarise_provinces` (``name_en``,
        ``name_fa``, ``cluster_count``), and for a measure other than the
        count, from :func:`mapping.measures.province_measure` too.
    lang : str
        ``en`` or ``fa``: the province names and headers.
    measure : str, optional
        A key of :data:`mapping.measures.MEASURES`; its value and its "not
        stated" count join the table.

    Returns
    -------
    pandas.DataFrame
        Most clusters first, then by name in ``lang``.
    """
    names = provinces["name_fa"] if lang == "fa" else provinces["name_en"]
    table = pd.DataFrame(
        {
            gettext(N_("Province"), lang): names.to_numpy(),
            gettext(N_("Clusters shown"), lang): provinces["cluster_count"].astype(int).to_numpy(),
        }
    )
    if measure and measure != DEFAULT_MEASURE:
        table[gettext(MEASURES[measure].legend, lang)] = provinces["measure_value"].to_numpy()
        table[gettext(N_("Clusters without the figure"), lang)] = provinces[
            "measure_unknown"
        ].to_numpy()
    order = sorted(
        range(len(table)),
        key=lambda i: (-table.iloc[i, 1], sort_key(str(table.iloc[i, 0]), lang)),
    )
    return table.iloc[order].reset_index(drop=True)


def country_table(cases: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The case studies per country, as the world map shades and marks them.

    Parameters
    ----------
    cases : pandas.DataFrame
        Places of the international case studies (``country``,
        ``country_fa``, ``case_id``, ``case_name``, ``case_name_fa``).
    lang : str
        ``en`` or ``fa``.

    Returns
    -------
    pandas.DataFrame
        One row per country: its case studies, counted and named; most first.
    """
    country = localised(cases, "country", lang)
    name = localised(cases, "case_name", lang)
    separator = NAME_SEPARATOR if lang == "fa" else ", "
    frame = pd.DataFrame({"country": country, "case_id": cases["case_id"], "name": name})
    frame = frame.drop_duplicates(["country", "case_id"])
    grouped = frame.groupby("country", sort=False)
    table = pd.DataFrame(
        {
            gettext(N_("Country"), lang): list(grouped.groups),
            gettext(N_("Case studies"), lang): grouped.size().to_numpy(),
            gettext(N_("Names"), lang): grouped["name"].agg(separator.join).to_numpy(),
        }
    )
    order = sorted(
        range(len(table)), key=lambda i: (-table.iloc[i, 1], sort_key(str(table.iloc[i, 0]), lang))
    )
    return table.iloc[order].reset_index(drop=True)
