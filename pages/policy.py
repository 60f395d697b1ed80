"""Iran's cluster programme: the national plan and its sources, as the paper states them.

The paper's words are shown in English, as published, as quotations; in
Persian each is followed by our translation, labelled as ours; our own
readings say so. All text from the data is escaped before it reaches the page.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from components.widgets import inert, page_start, quotation
from mapping.i18n import N_, Message, _, digits, format_number, get_language
from mapping.policy import DATE_NOT_GIVEN, WHOLE_PLAN, Policy, in_language, load_policy
from mapping.provinces import province_name
from mapping.recommendations import RECOMMENDATION_BY_NUMBER
from mapping.registry import load_registry

SHORTCOMING_GROUP_TITLES = {
    "clusters": N_("Shortcomings of industrial clusters (section 6)"),
    "sme": N_("Weaknesses of Iran's small and medium industries (section 7)"),
    "iran": N_("Shortcomings of industrial clusters in Iran (section 7)"),
}
LIST_JOINERS = {"fa": "، ", "en": ", "}


@st.cache_data(show_spinner=False)
def policy_and_cluster_names() -> tuple[Policy, dict[str, dict[str, str]]]:
    """The policy tables, checked against the bundled registry, and cluster names by id."""
    registry = load_registry()
    names = {
        "en": dict(zip(registry["cluster_id"], registry["name_en"], strict=True)),
        "fa": dict(zip(registry["cluster_id"], registry["name_fa"], strict=True)),
    }
    return load_policy(cluster_ids=set(registry["cluster_id"])), names


def block(text: str, lang: str, tag: str = "p") -> None:
    """``text`` from the data, escaped, in an element marked with its language and direction."""
    direction = "rtl" if lang == "fa" else "ltr"
    st.markdown(
        f'<{tag} lang="{lang}" dir="{direction}">{html.escape(str(text))}</{tag}>',
        unsafe_allow_html=True,
    )


def ours(row: pd.Series, column: str, lang: str) -> None:
    """A text of our own (a reading, a note), in the reader's language."""
    block(in_language(row, column, lang), lang)


def numbered(number: object, text: str, lang: str) -> str:
    """A heading such as "2. Mapping ...", data text escaped for Markdown, digits localised."""
    return f"{format_number(int(number), lang)}. {inert(text)}"


def bold(text: str) -> None:
    """A short interface label in bold."""
    st.markdown(f"**{inert(text)}**")


def plan_section(policy: Policy, names: dict[str, dict[str, str]], lang: str) -> None:
    st.header(_("The national plan and what was done"))
    actions = policy["plan_actions"]
    st.subheader(_("How the programme began"))
    for _index, action in actions[actions["point_id"].eq(WHOLE_PLAN)].iterrows():
        show_action(action, names, lang)
    for _index, point in policy["plan_points"].sort_values("number").iterrows():
        st.subheader(numbered(point["number"], in_language(point, "title", lang), lang))
        quotation(point["description"], point["description_fa"])
        done = actions[actions["point_id"].eq(point["point_id"])]
        if done.empty:
            st.info(_("The paper reports nothing done under this point."))
            continue
        bold(_("What the paper reports done"))
        for _index, action in done.iterrows():
            show_action(action, names, lang)


def show_action(action: pd.Series, names: dict[str, dict[str, str]], lang: str) -> None:
    quotation(action["quote"], action["quote_fa"])
    date = in_language(action, "date", lang)
    if action["date"] == DATE_NOT_GIVEN:
        st.caption(_("Date: not given by the paper"))
    else:
        st.caption(str(Message("Date: {date}", date=date)))
    if action["cluster_list"]:
        listed = LIST_JOINERS[lang].join(names[lang][c] for c in action["cluster_list"])
        block(str(Message("Clusters: {clusters}", clusters=listed)), lang)
    if action["notes"]:
        ours(action, "notes", lang)


def objectives_section(policy: Policy, lang: str) -> None:
    st.header(_("Objectives of industrial clusters (section 3)"))
    statements = policy["statements"].set_index("statement_id")
    basis = statements.loc["objectives-basis"]
    quotation(basis["quote"], basis["quote_fa"])
    for _index, objective in policy["objectives"].sort_values("number").iterrows():
        bold(format_number(int(objective["number"]), lang) + ".")
        quotation(objective["objective"], objective["objective_fa"])
    bold(_("The paper’s rule"))
    rule = statements.loc["objectives-rule"]
    quotation(rule["quote"], rule["quote_fa"])


def types_section(policy: Policy, lang: str) -> None:
    st.header(_("Types of clusters (section 4)"))
    st.caption(_("The headings group the paper’s types; they are our labels, not the paper’s."))
    types = policy["cluster_types"]
    for _label, group in types.groupby("classification", sort=False):
        first = group.iloc[0]
        with st.expander(inert(in_language(first, "classification", lang))):
            terms = LIST_JOINERS[lang].join(
                in_language(term, "term", lang) for _i, term in group.iterrows()
            )
            block(terms, lang, "strong")
            quotation(first["quote"], first["quote_fa"])


def shortcomings_section(policy: Policy, lang: str) -> None:
    st.header(_("Shortcomings and the recommendations that answer them"))
    st.caption(
        _(
            "Which recommendations answer each shortcoming is our reading of the paper, "
            "not the paper’s; recommendations are quoted from section 9."
        )
    )
    shortcomings = policy["shortcomings"]
    for group, title in SHORTCOMING_GROUP_TITLES.items():
        st.subheader(_(title))
        for _index, row in shortcomings[shortcomings["group"].eq(group)].iterrows():
            quotation(row["quote"], row["quote_fa"])
            with st.expander(_("Recommendations that answer it (our reading)")):
                ours(row, "reading", lang)
                for number in row["recommendation_list"]:
                    recommendation = RECOMMENDATION_BY_NUMBER[number]
                    bold(format_number(number, lang) + ".")
                    quotation(recommendation.text, recommendation.text_fa)


def findings_section(policy: Policy, lang: str) -> None:
    st.header(_("Hypotheses and conclusion"))
    statements = policy["statements"]
    for kind, title in (("hypothesis", _("The two hypotheses")), ("conclusion", _("Conclusion"))):
        st.subheader(title)
        for _index, row in statements[statements["kind"].eq(kind)].sort_values("number").iterrows():
            quotation(row["quote"], row["quote_fa"])


def references_section(policy: Policy, names: dict[str, dict[str, str]], lang: str) -> None:
    st.header(_("References"))
    st.caption(_("As printed in the paper, garbled names included; our notes read them."))
    for _index, ref in policy["references"].sort_values("number").iterrows():
        printed = ". ".join(
            p for p in (ref["authors"], ref["title"], ref["details"], ref["year"]) if p
        )
        year = digits(ref["year"], "fa")
        rendered = ". ".join(
            p for p in (ref["authors_fa"], ref["title_fa"], ref["details_fa"], year) if p
        )
        quotation(printed, rendered)
        if ref["cluster_id"]:
            about = Message("About the cluster: {name}", name=names[lang][ref["cluster_id"]])
            block(str(about), lang)
        if ref["province_code"]:
            province = province_name(ref["province_code"], lang)
            block(str(Message("About the province: {name}", name=province)), lang)
        if ref["notes"]:
            ours(ref, "notes", lang)


LANG = get_language()
page_start(
    _("Iran's cluster programme"),
    inert(
        _(
            "Iran's national cluster policy as Mirhosseini & Ghanbari (2010) state it: the plan, "
            "what was done, the objectives, the types of clusters, the shortcomings and the "
            "paper's sources. The paper's words are quoted in English, as published; each "
            "Persian rendering is our translation. The paper scores no Iranian cluster, and "
            "neither does this page."
        )
    ),
)
st.caption(str(Message("Source: {source}", source="data/policy/*.csv")))
POLICY, NAMES = policy_and_cluster_names()
plan_section(POLICY, NAMES, LANG)
objectives_section(POLICY, LANG)
types_section(POLICY, LANG)
shortcomings_section(POLICY, LANG)
findings_section(POLICY, LANG)
references_section(POLICY, NAMES, LANG)
