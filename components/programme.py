"""A programme's page: what the paper reports about its contract, then its clusters.

Every programme with a page (``data/programmes.csv``) has a page file that
calls :func:`programme_page` with its address; the layout is the same for all.
"""

from __future__ import annotations

import streamlit as st

from components import data
from components.dashboard import dashboard
from components.sidebar import cluster_sidebar
from components.widgets import inert, page_start, quotation
from mapping.i18n import Message, _, get_language
from mapping.localise import localised
from mapping.programmes import PAPER_SHORT, PROGRAMME_BY_PATH

LISTED_NAMES = 30


def programme_page(url_path: str) -> None:
    """The page of the programme whose page address is ``url_path``."""
    lang = get_language()
    programme = PROGRAMME_BY_PATH[url_path]
    about = programme.page
    page_start(about.title(lang))
    registry = data.shown()[1]
    f, basemap = cluster_sidebar(registry, fixed={"programme": (programme.code,)})
    ours = localised(registry.loc[registry["programme"].eq(programme.code)], "name_en", lang)
    listed = _(", ").join(inert(n) for n in ours.head(LISTED_NAMES)) or _("none")
    more = len(ours) - LISTED_NAMES
    if more > 0:
        listed += inert(Message(" and {n} more", n=more))
    partner = _("Partner:")
    st.markdown(f"**{inert(partner)}** {inert(about.partner(lang))}.")
    heading = Message("Clusters under this contract in the registry ({n}):", n=len(ours))
    st.markdown(f"**{inert(heading)}** {listed}.")
    quotation(about.quote, about.quote_fa)
    st.caption(
        inert(
            Message(
                "Source: {citation}, section 7. The paper gives no dates, budgets or results "
                "for this contract.",
                citation=_(PAPER_SHORT),
            )
        )
    )
    dashboard(f, basemap, about.title(lang))
