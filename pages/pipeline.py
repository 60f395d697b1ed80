"""The national pipeline: how many clusters stand at each stage of the development cycle."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import data, keys
from components.charts import bar_chart
from components.dashboard import TABLE_ROW_LIMIT
from components.widgets import inert, page_start
from mapping.export import table_frame
from mapping.fields import STAGE_NOT_STATED, STAGES
from mapping.i18n import N_, Message, _, format_number, get_language, gettext, nmessage
from mapping.pipeline import STAGE_ORDER, clusters_at, reference_comparison, stage_counts
from mapping.programmes import programme_label, programme_order
from mapping.province_profile import province_name

BREAKDOWNS = {
    "national": N_("Nationally"),
    "province_code": N_("By province"),
    "programme": N_("By programme"),
}


def stage_labels() -> dict[str, str]:
    """Every stage code's label in the reader's language, "not stated" last."""
    return {**{code: _(label) for code, label in STAGES.items()}, STAGE_NOT_STATED: _("not stated")}


def group_label(by: str, group: str, lang: str) -> str:
    return province_name(group, lang) if by == "province_code" else programme_label(group, lang)


def reference_block(registry: pd.DataFrame) -> None:
    """The June 2015 national figures beside the registry's counts over the same stages."""
    lang = get_language()
    st.subheader(_("For reference: the national figures of June 2015"), anchor=False)
    comparison = reference_comparison(registry)
    table = pd.DataFrame(
        {
            _("Figure"): comparison["label_fa" if lang == "fa" else "label"],
            _("June 2015"): [format_number(int(n), lang) for n in comparison["count"]],
            _("This registry, same stages"): [
                format_number(int(n), lang) for n in comparison["registry"]
            ],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    source = comparison["source_fa" if lang == "fa" else "source"].iloc[0]
    st.caption(
        inert(
            Message(
                "Source: {source} ({url}). The address cannot be checked from here (the app "
                "works offline), and the figures are not the registry's: which of our stages "
                "each figure covers is our reading.",
                source=source,
                url=comparison["url"].iloc[0],
            )
        )
    )
    unstated = int(len(registry) - comparison["stated"].iloc[0])
    if unstated:
        st.caption(
            inert(
                nmessage(
                    "The registry gives no stage for {n} cluster; it counts under "
                    "\u201cnot stated\u201d, not under any stage.",
                    "The registry gives no stage for {n} clusters; they count under "
                    "\u201cnot stated\u201d, not under any stage.",
                    n=unstated,
                )
            )
        )


def cluster_list(clusters: pd.DataFrame) -> None:
    shown = clusters.head(TABLE_ROW_LIMIT)
    st.dataframe(table_frame(shown, get_language()), hide_index=True, width="stretch")
    if len(clusters) > TABLE_ROW_LIMIT:
        st.caption(inert(Message("The table shows the first {limit}.", limit=TABLE_ROW_LIMIT)))


page_start(
    _("The national pipeline"),
    _(
        "How many clusters stand at each stage of the development cycle (identified, "
        "diagnostic study, action plan, implementation, monitoring and evaluation, completed), "
        "nationally, by province and by programme. Choose a stage to list its clusters."
    ),
)
lang = get_language()
registry = data.shown()[1]
labels = stage_labels()
by = st.radio(
    _("Count"),
    list(BREAKDOWNS),
    format_func=lambda b: gettext(BREAKDOWNS[b], lang),
    horizontal=True,
    key=keys.PIPELINE_BREAKDOWN,
)
if by == "national":
    counts = stage_counts(registry)["clusters"]
    bar_chart(counts.rename(index=labels), _("Clusters"), key="pipeline_chart")
    group = None
    grouping = None
else:
    grouping = by
    table = stage_counts(registry, by=by)
    groups = programme_order(table.index) if by == "programme" else sorted(table.index, key=str)
    shown = table.loc[groups].rename(columns=labels)
    shown.index = [group_label(by, g, lang) for g in groups]
    shown = shown.map(lambda n: format_number(int(n), lang))
    st.dataframe(shown, width="stretch")
    group = st.selectbox(
        _("Province") if by == "province_code" else _("Programme"),
        groups,
        format_func=lambda g: group_label(by, g, lang),
        key=keys.PIPELINE_GROUP,
    )
    counts = table.loc[group]
    bar_chart(counts.rename(index=labels), _("Clusters"), key="pipeline_group_chart")
stage = st.selectbox(
    _("Stage"),
    STAGE_ORDER,
    format_func=lambda s: Message("{stage} ({n})", stage=labels[s], n=int(counts[s])).render(lang),
    key=keys.PIPELINE_STAGE,
)
behind = clusters_at(registry, stage, grouping, group)
st.subheader(
    inert(nmessage("{n} cluster at this stage", "{n} clusters at this stage", n=len(behind))),
    anchor=False,
)
if behind.empty:
    st.caption(_("No cluster stands at this stage."))
else:
    cluster_list(behind)
reference_block(registry)
