"""The national pipeline: how many clusters stand at each stage of the development cycle.

Counted nationally, by province and by programme, with the clusters behind
each count, and set beside the national figures of June 2015
(:func:`mapping.reference.pipeline_2015`). A cluster with no stage counts as
"not stated", never as "identified": the registry does not say.
"""

from __future__ import annotations

import pandas as pd

from mapping.fields import STAGE_NOT_STATED, STAGES
from mapping.reference import pipeline_2015

STAGE_ORDER = [*STAGES, STAGE_NOT_STATED]
GROUP_COLUMNS = ("province_code", "programme")


def stage_codes(clusters: pd.DataFrame) -> pd.Series:
    """Each cluster's stage code, ``not-stated`` where the registry gives none."""
    stage = clusters["stage"].fillna("")
    return stage.where(stage.ne(""), STAGE_NOT_STATED)


def stage_counts(clusters: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Clusters per stage, in cycle order, every stage present (0 where none).

    Parameters
    ----------
    clusters : pandas.DataFrame
        Validated registry rows.
    by : str, optional
        ``province_code`` or ``programme``: one row per group, one column per
        stage. Without it, one row per stage and a ``clusters`` column.

    Returns
    -------
    pandas.DataFrame
        Integer counts.

    Raises
    ------
    ValueError
        If ``by`` is not a column the pipeline groups by.
    """
    codes = stage_codes(clusters)
    if by is None:
        counts = codes.value_counts().reindex(STAGE_ORDER, fill_value=0)
        return counts.rename("clusters").rename_axis("stage").to_frame().astype(int)
    if by not in GROUP_COLUMNS:
        raise ValueError(f"by must be one of {GROUP_COLUMNS} or None, got {by!r}")
    table = pd.crosstab(clusters[by], codes)
    return table.reindex(columns=STAGE_ORDER, fill_value=0).astype(int).rename_axis(None, axis=1)


def clusters_at(
    clusters: pd.DataFrame, stage: str, by: str | None = None, group: str | None = None
) -> pd.DataFrame:
    """The clusters behind one count: those at ``stage`` (and in ``group`` of ``by``).

    Raises
    ------
    ValueError
        If ``stage`` is not a stage code or ``not-stated``.
    """
    if stage not in STAGE_ORDER:
        raise ValueError(f"stage must be one of {STAGE_ORDER}, got {stage!r}")
    keep = stage_codes(clusters).eq(stage)
    if by is not None and group is not None:
        keep &= clusters[by].eq(group)
    return clusters.loc[keep]


def reference_comparison(clusters: pd.DataFrame) -> pd.DataFrame:
    """The June 2015 national figures beside the registry's count over the same stages.

    Returns
    -------
    pandas.DataFrame
        One row per figure of ``national_pipeline_2015.csv``, with
        ``registry`` (clusters of ``clusters`` at any of the figure's stages)
        and ``stated`` (clusters whose stage the registry gives at all).
    """
    reference = pipeline_2015().copy()
    codes = stage_codes(clusters)
    reference["registry"] = [int(codes.isin(stages).sum()) for stages in reference["stage_list"]]
    reference["stated"] = int(codes.ne(STAGE_NOT_STATED).sum())
    return reference
