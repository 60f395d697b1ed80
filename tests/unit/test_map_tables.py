"""The tables that stand in for the maps, and the maps' keyboard texts (issue 12)."""

from __future__ import annotations

import json

from mapping.i18n import gettext
from mapping.international import load_international
from mapping.join import summarise_provinces
from mapping.map_tables import country_table, province_table
from mapping.maps.access import KEY_HELP, AccessibleMap
from mapping.measures import province_measure


def test_province_table_holds_the_counts_the_choropleth_shades(provinces, registry):
    summary = summarise_provinces(provinces, registry)
    table = province_table(summary, "en")
    assert len(table) == 31  # every province, with or without clusters
    assert table["Clusters shown"].sum() == len(registry)
    assert list(table["Clusters shown"]) == sorted(table["Clusters shown"], reverse=True)
    counts = dict(zip(table["Province"], table["Clusters shown"], strict=True))
    assert counts["Tehran"] == int(registry["province"].eq("Tehran").sum())
    assert counts["Yazd"] == int(registry["province"].eq("Yazd").sum())


def test_province_table_in_persian_with_a_measure(provinces, registry):
    summary = province_measure(summarise_provinces(provinces, registry), registry, "firms")
    table = province_table(summary, "fa", "firms")
    assert list(table.columns[:2]) == ["استان", gettext("Clusters shown", "fa")]
    assert "تهران" in set(table["استان"])
    assert table.shape[1] == 4  # the figure and how many clusters lack it
    assert table.iloc[:, 3].sum() == int(registry["firms"].isna().sum())


def test_country_table_counts_case_studies_once_per_country():
    cases = load_international()
    table = country_table(cases, "en")
    assert len(table) == cases["country_code"].nunique()
    italy = table.set_index("Country").loc["Italy"]
    assert italy["Case studies"] == cases.loc[cases["country"].eq("Italy"), "case_id"].nunique()
    persian = country_table(cases, "fa")
    assert "ایتالیا" in set(persian.iloc[:, 0])


def test_map_keyboard_texts_are_translated_and_script_safe():
    element = AccessibleMap("Map of Iran's industrial clusters", "fa")
    texts = json.loads(str(element.texts_json))
    assert texts["keys"] == gettext(KEY_HELP, "fa") != KEY_HELP
    assert texts["label"] == "نقشه خوشه‌های صنعتی ایران"
    english = str(AccessibleMap("Map of Iran's industrial clusters", "en").texts_json)
    assert "'" not in english and "\\u0027" in english  # no quote can end the script
