"""Registry rows as the store keeps them: one dict of validated text cells per cluster.

The same cells go in as :func:`mapping.registry.prepare_columns` and
:func:`mapping.registry.validate_registry` leave them and come out typed by
the same code the CSV reader uses, so a version loaded from the database is
exactly the frame its CSV would give (see :mod:`mapping.store.models`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import geopandas as gpd
import pandas as pd

from mapping import registry
from mapping.i18n import Message
from mapping.provinces import UnknownProvinceError, resolve_province
from mapping.store.errors import InvalidRows, StoreError

Cells = dict[str, str]
ID_COLUMN = "cluster_id"


def columns_of(cells: Iterable[Cells]) -> list[str]:
    """The registry's columns, then any other column found in ``cells`` (sorted)."""
    known = list(registry.REGISTRY_COLUMNS)
    extra: set[str] = set()
    for row in cells:
        extra.update(row.keys() - set(known))
    return known + sorted(extra)


def validated_cells(
    rows: pd.DataFrame, provinces: gpd.GeoDataFrame | None, source_name: str = "draft"
) -> list[Cells]:
    """The registry columns of ``rows`` as text cells, after the registry's own validation.

    Parameters
    ----------
    rows : pandas.DataFrame
        Text cells, one row per cluster, as a registry file has them (columns
        the registry does not know are dropped).
    provinces : geopandas.GeoDataFrame, optional
        Province outlines for the point-in-province check.
    source_name : str
        Named in error messages.

    Raises
    ------
    InvalidRows
        Listing every problem, if any row is not valid.
    mapping.registry.RegistryError
        If a required column is missing.
    """
    raw = registry.prepare_columns(rows.copy(), source_name)
    result = registry.validate_registry(raw, provinces, source_name=source_name)
    if result.issues:
        raise InvalidRows(result.issues)
    return raw[list(registry.REGISTRY_COLUMNS)].to_dict("records")


def cells_frame(cells: Sequence[Cells]) -> pd.DataFrame:
    """The text cells as a frame with the registry's columns (missing ones empty).

    A column added to the registry after a version was published reads as
    empty in that version, as a CSV without that optional column would.
    """
    columns = list(registry.REGISTRY_COLUMNS)
    frame = pd.DataFrame.from_records(list(cells), columns=columns)
    if frame.isna().any().any():
        frame = frame.astype(object).fillna("")
    return frame.astype(str)


def typed_frame(raw: pd.DataFrame) -> pd.DataFrame:
    """Stored text cells typed exactly as :func:`mapping.registry.validate_registry` types them.

    Validation is not repeated (the cells were valid when published); only the
    province names are resolved again, once per distinct spelling, so the
    codes follow the current resolver as a CSV read today would.

    Raises
    ------
    StoreError
        If a stored province name no longer resolves (the resolver changed).
    """
    codes_by_name: dict[str, str] = {}
    for name in raw["province"].unique():
        try:
            codes_by_name[name] = resolve_province(name)
        except UnknownProvinceError as exc:
            raise StoreError(
                Message(
                    "The stored province name {name} is no longer recognised; publish the "
                    "registry again with a current name.",
                    name=repr(name),
                )
            ) from exc
    codes = raw["province"].map(codes_by_name)
    # The typing step of validate_registry, shared rather than copied.
    return registry._typed(raw, codes).reset_index(drop=True)


def diff_key(cells: Cells, columns: Sequence[str]) -> tuple[str, ...]:
    """The cells in ``columns`` order, a missing column as empty: equal tuples mean equal rows."""
    return tuple(cells.get(c, "") for c in columns)
