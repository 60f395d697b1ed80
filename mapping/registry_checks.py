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
# Margin (degrees) for a point outside its province's outline. None is needed:
# the OSM outlines keep every GeoNames town at least 1 km inside its province
# and take in the territorial waters, so a coastal town is never on the edge.
PROVINCE_TOLERANCE_DEG = 0.0
# Closest-name suggestions are slow (difflib); beyond this many different
# unknown province names a file is not a registry with typos, and the rest
# are reported without suggestions.
MAX_SUGGESTED_NAMES = 200
HALF_PAIR_PROBLEM = Message(
    "expected a value: latitude and longitude come together, or both stay empty"
)


def duplicate_issues(raw: pd.DataFrame) -> list[ValidationIssue]:
    """One issue per row reusing an id, naming the row that used it first."""
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
        doubles.index.tolist(),
        doubles.tolist(),
        first_row.reindex(doubles.to_numpy()).tolist(),
        strict=True,
    ):
        problem = problems.get(first)
        if problem is None:
            problem = problems[first] = Message(
                "duplicate id: already used on row {row}", row=RowNumber(first)
            )
        issues.append(ValidationIssue(int(row), "cluster_id", cluster_id, problem))
    return issues


# Past the suggestion budget one shared problem serves every unknown name
# (the issue quotes the value anyway): 200,000 different names cost 200,000
# issues, not 200,000 messages as well.
UNKNOWN_UNSUGGESTED = Message(
    "unknown province (the file names too many different unknown provinces to suggest a "
    "name for each)"
)


def _unknown_province(name: str, error: UnknownProvinceError, suggested: bool) -> Message:
    if not suggested:
        return UNKNOWN_UNSUGGESTED
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
    suggested = 0
    for name in names.unique().tolist():
        if not name:
            continue  # already reported as missing
        suggest = suggested < MAX_SUGGESTED_NAMES
        try:
            codes_by_name[name] = resolve_province(name, suggest=suggest)
        except UnknownProvinceError as exc:
            problems[name] = _unknown_province(name, exc, suggest)
            suggested += suggest
    codes = names.map(codes_by_name).astype(object).fillna("")
    unknown = names[names.isin(list(problems))]
    issues = [
        ValidationIssue(row, "province", name, problems[name])
        for row, name in zip(unknown.index.tolist(), unknown.tolist(), strict=True)
    ]
    return codes, issues


def _outside_province_issues(
    raw: pd.DataFrame, rows: pd.Index, codes: pd.Series, provinces: gpd.GeoDataFrame
) -> list[ValidationIssue]:
    """Points not in their row's province, saying where they do lie (one spatial query)."""
    lat = pd.to_numeric(raw.loc[rows, "latitude"]).to_numpy()
    lon = pd.to_numeric(raw.loc[rows, "longitude"]).to_numpy()
    # Each different point is located once (a file may repeat one point).
    unique, position_of = np.unique(np.column_stack([lon, lat]), axis=0, return_inverse=True)
    points = shapely.points(unique[:, 0], unique[:, 1])
    outlines = provinces.geometry.to_numpy()
    point_at, outline_at = shapely.STRtree(outlines).query(points, predicate="intersects")
    # The first province in ISO order wins where outlines touch: write the
    # pairs in reverse order, so the smallest outline index is written last.
    first = np.full(len(points), -1)
    order = np.lexsort((outline_at, point_at))[::-1]
    first[point_at[order]] = outline_at[order]
    names = np.append(provinces["name_en"].to_numpy(dtype=object), None)
    lies_in = names[first[position_of.ravel()]]  # -1 (nowhere) picks the None at the end
    problems: dict[tuple[str, str | None], Message] = {}
    issues = []
    english = {code: p.name_en for code, p in PROVINCES_BY_CODE.items()}
    for position, (row, code, lat_text, lon_text) in enumerate(
        zip(
            rows.tolist(),
            codes[rows].tolist(),
            raw.loc[rows, "latitude"].tolist(),
            raw.loc[rows, "longitude"].tolist(),
            strict=True,
        )
    ):
        expected = english[code]
        actual = lies_in[position]
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
        issues.append(
            ValidationIssue(row, "latitude/longitude", f"{lat_text}, {lon_text}", problem)
        )
    return issues


def coordinate_issues(
    raw: pd.DataFrame, codes: pd.Series, provinces: gpd.GeoDataFrame | None
) -> list[ValidationIssue]:
    """Half coordinate pairs, and points outside the row's province (when outlines are given)."""
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
