"""A programme's page: what the paper reports about its contract, then its clusters.

Every programme with a page (``data/programmes.csv``) has a page file that
calls :func:`programme_page` with its address; the layout is the same for all.
"""

from __future__ import annotations

import streamlit as st

from components import data
from components.dashboard import dashboard
from components.sidebar import cluster_sidebar
from components.widgets import inert, page_start
from mapping.programmes import PAPER_CITATION, PROGRAMME_BY_PATH

LISTED_NAMES = 30


def programme_page(url_path: str) -> None:
    """The page of the programme whose page address is ``url_path``."""
    programme = PROGRAMME_BY_PATH[url_path]
    about = programme.page
    page_start(about.title_en, about.title_fa)
    _, registry = data.shown()
    f, basemap = cluster_sidebar(registry, fixed={"programme": (programme.code,)})
    ours = registry.loc[registry["programme"].eq(programme.code), "name_en"].tolist()
    listed = ", ".join(inert(n) for n in ours[:LISTED_NAMES]) if ours else "none"
    more = f" and {len(ours) - LISTED_NAMES:,} more" if len(ours) > LISTED_NAMES else ""
    st.markdown(
        f"**Partner:** {inert(about.partner_en)}.  \n"
        f"**Clusters under this contract in the registry ({len(ours)}):** {listed}{more}."
    )
    st.markdown(f"> {inert(about.quote)}.")
    st.caption(
        f"Source: {PAPER_CITATION}, section 7. The paper gives no dates, budgets or results "
        "for this contract."
    )
    dashboard(f, basemap)
