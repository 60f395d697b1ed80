"""The address keeps the view: filters and view options in the query string.

A copied address reproduces what its sender saw. Each filter reads and
writes its own key (see :data:`mapping.filters.FILTERS`); provinces are
written as ISO codes but read in any spelling the resolver accepts. Values
the data does not know are dropped with a warning, never silently. View
options: ``basemap`` is ``osm`` when the online basemap is on.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

import pandas as pd

from mapping.filters import Selection
from mapping.i18n import Message
from mapping.maps.style import BASEMAPS

BASEMAP_KEY = "basemap"
DEFAULT_BASEMAP = "none"


def filter_from_query(
    params: Mapping[str, Sequence[str]],
    data: pd.DataFrame,
    kind: type[Selection],
    fixed: Collection[str] = (),
) -> tuple[Selection, list[Message]]:
    """Read a selection of type ``kind`` from query parameters.

    Parameters
    ----------
    params : Mapping
        Each key to the list of its values (repeated keys give several).
    data : pandas.DataFrame
        The rows being filtered: the values they hold are the known ones.
    kind : type of Selection
        :class:`mapping.filters.ClusterFilter`, or another selection type.
    fixed : collection of str
        Keys the page sets itself (a programme page's programme); a link
        cannot change them.

    Returns
    -------
    (Selection, list of Message)
        The selection and a warning for each unusable value.
    """
    values: dict[str, Any] = {}
    warnings: list[Message] = []
    for spec in kind.SPECS:
        if spec.key in fixed:
            continue
        value, found = spec.parse(list(params.get(spec.key, [])), data)
        values[spec.key] = value
        warnings.extend(found)
    return kind(**values), warnings


def filter_to_query(f: Selection, fixed: Collection[str] = ()) -> dict[str, list[str] | str]:
    """Query parameters for a selection; parts that restrict nothing (or are fixed) are left out."""
    params: dict[str, list[str] | str] = {}
    for spec in f.SPECS:
        if spec.key in fixed:
            continue
        value = spec.to_query(f[spec.key])
        if value is not None:
            params[spec.key] = value
    return params


def basemap_from_query(params: Mapping[str, Sequence[str]]) -> tuple[str, list[Message]]:
    """The basemap a link asks for, and a warning if it names none we have."""
    values = list(params.get(BASEMAP_KEY, []))
    basemap = values[-1] if values else DEFAULT_BASEMAP
    if basemap not in BASEMAPS:
        warning = Message(
            "Link parameter {key}='{value}' is not a known {key}; ignored.",
            key=BASEMAP_KEY,
            value=basemap,
        )
        return DEFAULT_BASEMAP, [warning]
    return basemap, []


def basemap_to_query(basemap: str) -> dict[str, str]:
    """The basemap as query parameters (nothing for the default)."""
    return {} if basemap == DEFAULT_BASEMAP else {BASEMAP_KEY: basemap}
