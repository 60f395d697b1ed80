"""Filters in the URL query string, so a copied address reproduces the view.

Keys: ``sector``, ``programme`` and ``province`` may repeat; ``mapping`` is
``yes`` or ``no``; ``q`` is the search text; ``basemap`` is ``osm`` when the
online basemap is on. Provinces are written as ISO codes but read in any
spelling the resolver accepts. Values the registry does not know are dropped
with a warning, never silently.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from mapping.filters import MAPPING_CHOICES, ClusterFilter
from mapping.map_builder import BASEMAPS
from mapping.provinces import UnknownProvinceError, resolve_province

QUERY_KEYS = ("sector", "programme", "province", "mapping", "q", "basemap")


@dataclass
class QueryState:
    """What a query string asked for, and what in it could not be used."""

    filter: ClusterFilter = field(default_factory=ClusterFilter)
    basemap: str = "none"
    warnings: list[str] = field(default_factory=list)


def _keep_known(
    values: Sequence[str], known: Collection[str], key: str, warnings: list[str]
) -> tuple:
    kept = []
    for v in values:
        if v in known:
            if v not in kept:
                kept.append(v)
        else:
            warnings.append(f"Link parameter {key}={v!r} is not a known {key}; ignored.")
    return tuple(kept)


def _basemap(params: Mapping[str, Sequence[str]], warnings: list[str]) -> str:
    values = list(params.get("basemap", []))
    basemap = values[-1] if values else "none"
    if basemap not in BASEMAPS:
        warnings.append(f"Link parameter basemap={basemap!r} is not a known basemap; ignored.")
        basemap = "none"
    return basemap


def filter_from_query(
    params: Mapping[str, Sequence[str]],
    sectors: Collection[str],
    programmes: Collection[str],
) -> QueryState:
    """Read a filter from query parameters.

    Parameters
    ----------
    params : Mapping
        Each key to the list of its values (repeated keys give several).
    sectors, programmes : Collection of str
        The values the registry knows.

    Returns
    -------
    QueryState
        The filter, the basemap, and a warning for each unusable value.
    """
    warnings: list[str] = []
    chosen_sectors = _keep_known(params.get("sector", []), sectors, "sector", warnings)
    chosen_programmes = _keep_known(params.get("programme", []), programmes, "programme", warnings)
    provinces: list[str] = []
    for name in params.get("province", []):
        try:
            code = resolve_province(name)
        except UnknownProvinceError as exc:
            warnings.append(f"Link parameter province={name!r}: {exc}; ignored.")
            continue
        if code not in provinces:
            provinces.append(code)
    mapping_values = list(params.get("mapping", []))
    national_mapping = mapping_values[-1] if mapping_values else "all"
    if national_mapping not in MAPPING_CHOICES:
        warnings.append(
            f"Link parameter mapping={national_mapping!r} should be yes or no; ignored."
        )
        national_mapping = "all"
    text_values = list(params.get("q", []))
    basemap = _basemap(params, warnings)
    f = ClusterFilter(
        sectors=chosen_sectors,
        programmes=chosen_programmes,
        provinces=tuple(provinces),
        national_mapping=national_mapping,
        text=text_values[-1][:200] if text_values else "",
    )
    return QueryState(f, basemap, warnings)


def filter_to_query(f: ClusterFilter, basemap: str = "none") -> dict[str, list[str] | str]:
    """Query parameters for a filter; empty parts are left out."""
    params: dict[str, list[str] | str] = {}
    if f.sectors:
        params["sector"] = list(f.sectors)
    if f.programmes:
        params["programme"] = list(f.programmes)
    if f.provinces:
        params["province"] = list(f.provinces)
    if f.national_mapping != "all":
        params["mapping"] = f.national_mapping
    if f.text.strip():
        params["q"] = f.text.strip()
    if basemap != "none":
        params["basemap"] = basemap
    return params


CASE_QUERY_KEYS = ("country", "sector_group", "type", "basemap")


def case_filter_from_query(
    params: Mapping[str, Sequence[str]],
    countries: Collection[str],
    sector_groups: Collection[str],
    types: Collection[str],
) -> QueryState:
    """Read the international page's filter (countries as ISO alpha-2 codes)."""
    from mapping.international import CaseFilter

    warnings: list[str] = []
    f = CaseFilter(
        countries=_keep_known(params.get("country", []), countries, "country", warnings),
        sector_groups=_keep_known(
            params.get("sector_group", []), sector_groups, "sector_group", warnings
        ),
        types=_keep_known(params.get("type", []), types, "type", warnings),
    )
    basemap = _basemap(params, warnings)
    return QueryState(f, basemap, warnings)


def case_filter_to_query(f, basemap: str = "none") -> dict[str, list[str] | str]:
    """Query parameters for the international page; empty parts are left out."""
    params: dict[str, list[str] | str] = {}
    if f.countries:
        params["country"] = list(f.countries)
    if f.sector_groups:
        params["sector_group"] = list(f.sector_groups)
    if f.types:
        params["type"] = list(f.types)
    if basemap != "none":
        params["basemap"] = basemap
    return params
