"""Registry checks across columns and against the province geometry.

Duplicate ids, province names and coordinate pairs, each checked on whole
columns: a province spelling is resolved once however many rows use it,
points are tested in one spatial query, and a kind of problem shared by many
rows is one Message object. :mod:`mapping.registry` runs them after the
column-by-column schema.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from mapping.i18n import Message
from mapping.issues import JoinedMessages, RowNumber, ValidationIssue
from mapping.provinces import PROVINCES_BY_CODE, UnknownProvinceError, resolve_province

# Iran's extent with a margin, for the cheap first coordinate check.
LAT_RANGE = (24.0, 40.5)
LON_RANGE = (43.5, 64.0)
# Towns may sit a little outside a simplified province outline; this margin
# (degrees, about 5 km) keeps border towns valid without hiding real mistakes.
PROVINCE_TOLERANCE_DEG = 0.05
# Closest-name suggestions are slow (difflib); beyond this many different
# unknown province names a file is not a registry with typos, and the rest
# are reported without suggestions.
MAX_SUGGESTED_NAMES = 1_000
HALF_PAIR_PROBLEM = Message(
    "expected a value: latitude and longitude come together, or both stay empty"
)


def duplicate_issues(raw: pd.DataFrame) -> list[ValidationIssue]:
    ids = raw["cluster_id"]
    filled = ids.ne("")
    repeated = ids.duplicated()
    doubles = ids[repeated & filled]
    if doubles.empty:
        return []
    firsts = ids[filled & ~repeated]
    first_row = pd.Series(firsts.index, index=firsts.to_numpy())
    problems: dict[int, Message] = {}
    issues = []
    for row, cluster_id, first in zip(
        doubles.index, doubles, first_row.reindex(doubles.to_numpy()).to_numpy(), strict=True
    ):
        problem = problems.get(first)
        if problem is None:
            problem = problems[first] = Message(
                "duplicate id: already used on row {row}", row=RowNumber(first)
            )
        issues.append(ValidationIssue(int(row), "cluster_id", cluster_id, problem))
    return issues


def _unknown_province(name: str, error: UnknownProvinceError, suggested: bool) -> Message:
    if not suggested:
        return Message(
            "unknown province {name} (the file names too many different unknown provinces "
            "to suggest a name for each)",
            name=repr(name),
        )
    if error.suggestions:
        return Message(
            "unknown province {name}. Did you mean: {suggestions}?",
            name=repr(name),
            suggestions=", ".join(error.suggestions),
        )
    return Message("unknown province {name}.", name=repr(name))


def province_issues(raw: pd.DataFrame) -> tuple[pd.Series, list[ValidationIssue]]:
    """ISO codes per row ("" where unknown) and one issue per unknown province.

    Each different spelling is resolved once, however many rows use it.
    """
    names = raw["province"]
    codes_by_name: dict[str, str] = {}
    problems: dict[str, Message] = {}
    for name in names.unique():
        if not name:
            continue  # already reported as missing
        suggest = len(problems) < MAX_SUGGESTED_NAMES
        try:
            codes_by_name[name] = resolve_province(name, suggest=suggest)
        except UnknownProvinceError as exc:
            problems[name] = _unknown_province(name, exc, suggest)
    codes = names.map(codes_by_name).astype(object).fillna("")
    unknown = names[names.isin(list(problems))]
    issues = [
        ValidationIssue(int(row), "province", name, problems[name]) for row, name in unknown.items()
    ]
    return codes, issues


def _outside_province_issues(
    raw: pd.DataFrame, rows: pd.Index, codes: pd.Series, provinces: gpd.GeoDataFrame
) -> list[ValidationIssue]:
    """Points not in their row's province, saying where they do lie (one spatial query)."""
    lat = pd.to_numeric(raw.loc[rows, "latitude"]).to_numpy()
    lon = pd.to_numeric(raw.loc[rows, "longitude"]).to_numpy()
    points = shapely.points(lon, lat)
    outlines = provinces.geometry.to_numpy()
    point_at, outline_at = shapely.STRtree(outlines).query(points, predicate="intersects")
    order = np.lexsort((outline_at, point_at))  # the first province in ISO order wins
    lies_in: dict[int, str] = {}
    names = provinces["name_en"].to_numpy()
    for p, g in zip(point_at[order], outline_at[order], strict=True):
        lies_in.setdefault(int(p), names[g])
    problems: dict[tuple[str, str | None], Message] = {}
    issues = []
    for position, row in enumerate(rows):
        expected = PROVINCES_BY_CODE[codes[row]].name_en
        actual = lies_in.get(position)
        problem = problems.get((expected, actual))
        if problem is None:
            if actual is None:
                problem = Message(
                    "expected a point in {province}, the row's province; "
                    "the point lies outside Iran",
                    province=expected,
                )
            else:
                problem = Message(
                    "expected a point in {province}, the row's province; "
                    "the point lies in {actual}",
                    province=expected,
                    actual=actual,
                )
            problems[(expected, actual)] = problem
        value = f"{raw.at[row, 'latitude']}, {raw.at[row, 'longitude']}"
        issues.append(ValidationIssue(int(row), "latitude/longitude", value, problem))
    return issues


def coordinate_issues(
    raw: pd.DataFrame, codes: pd.Series, provinces: gpd.GeoDataFrame | None
) -> list[ValidationIssue]:
    lat = pd.to_numeric(raw["latitude"], errors="coerce")
    lon = pd.to_numeric(raw["longitude"], errors="coerce")
    has_lat, has_lon = raw["latitude"].ne(""), raw["longitude"].ne("")
    issues = [
        ValidationIssue(
            int(row), "longitude" if has_lat[row] else "latitude", "", HALF_PAIR_PROBLEM
        )
        for row in raw.index[has_lat ^ has_lon]
    ]
    if provinces is None:
        return issues
    in_range = lat.between(*LAT_RANGE) & lon.between(*LON_RANGE) & codes.ne("")
    if not in_range.any():
        return issues
    shapes = provinces.set_index("iso_code").geometry
    points = shapely.points(lon[in_range].to_numpy(), lat[in_range].to_numpy())
    outlines = shapes.reindex(codes[in_range]).to_numpy()
    inside = shapely.dwithin(outlines, points, PROVINCE_TOLERANCE_DEG)
    outside = raw.index[in_range][~inside]
    if len(outside):
        issues += _outside_province_issues(raw, outside, codes, provinces)
    return issues


def _column_count(column: str, count: int) -> Message:
    return Message("{column} ({count})", column=column, count=count)


def too_many_issues(n: int, limit: int, per_column: dict[str, int]) -> Message:
    """The refusal of a file with more problems than can be listed, naming where they are."""
    top = sorted(per_column.items(), key=lambda item: (-item[1], item[0]))[:5]
    return Message(
        "the file has {n} problems, more than the {limit} that can be listed; most are in "
        "the columns {columns}. Is it a cluster registry laid out like the template?",
        n=n,
        limit=limit,
        columns=JoinedMessages([_column_count(c, count) for c, count in top]),
    )
