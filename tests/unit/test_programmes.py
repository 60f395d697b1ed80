"""The programme table: one row per programme, and partners it does not know."""

from __future__ import annotations

import pandas as pd
import pytest

from mapping.export import table_frame
from mapping.filters import FILTERS_BY_KEY
from mapping.join import clusters_to_points, summarise_provinces
from mapping.maps import build_cluster_map
from mapping.profile import cluster_profile
from mapping.programmes import (
    EXTRA_COLOURS,
    PROGRAMME_BY_PATH,
    PROGRAMMES,
    PROGRAMMES_BY_CODE,
    load_programmes,
    programme_styles,
    resolve_programme,
)
from mapping.registry import prepare_columns, validate_registry
from tests.conftest import good_row
from tests.maphtml import layer_with, legends


@pytest.fixture(scope="module")
def with_partners(provinces, registry):
    """The bundled registry plus a GIZ and a KOICA cluster (in Tabriz and Yazd)."""
    rows = [
        good_row(cluster_id="giz-1", name_en="GIZ cluster", programme="GIZ"),
        good_row(
            cluster_id="koica-1",
            name_en="KOICA cluster",
            programme="KOICA",
            province="Yazd",
            latitude="31.89722",
            longitude="54.3675",
        ),
    ]
    result = validate_registry(prepare_columns(pd.DataFrame(rows), "t"), provinces)
    assert result.issues == []
    return pd.concat([registry, result.valid], ignore_index=True)


def test_table_has_the_paper_programmes_and_three_pages():
    assert [p.code for p in PROGRAMMES] == [
        "UNIDO",
        "IPI",
        "IMM",
        "local experts",
        "internal experts",
        "none",
    ]
    assert sorted(PROGRAMME_BY_PATH) == ["imm", "ipi", "unido"]
    assert "Laljin industrial cluster of Pottery" in PROGRAMME_BY_PATH["unido"].page.quote
    assert all(p.label_fa and p.colour.startswith("#") and p.glyph for p in PROGRAMMES)
    assert len({p.colour for p in PROGRAMMES}) == len(PROGRAMMES)


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("unido", "UNIDO"),
        ("یونیدو", "UNIDO"),
        ("United Nations Industrial Development Organization", "UNIDO"),
        ("Local  Experts", "local experts"),
        ("كارشناسان محلي", "local experts"),  # Arabic keyboard letters
        ("  GIZ ", "GIZ"),
    ],
)
def test_resolve_programme(written, code):
    assert resolve_programme(written) == code


def test_other_partners_get_their_own_colours_in_a_stable_order():
    styles = programme_styles(["none", "KOICA", "UNIDO", "GIZ"])
    assert list(styles) == ["UNIDO", "none", "GIZ", "KOICA"]
    assert styles["GIZ"].colour == EXTRA_COLOURS[0] and styles["KOICA"].colour == EXTRA_COLOURS[1]
    assert styles["GIZ"].label("fa") == "GIZ" and not styles["GIZ"].known
    assert styles["UNIDO"] is PROGRAMMES_BY_CODE["UNIDO"]
    known_colours = {p.colour for p in PROGRAMMES}
    assert not known_colours & set(EXTRA_COLOURS)


def test_other_partners_show_everywhere(provinces, with_partners):
    styles = programme_styles(with_partners["programme"])
    m = build_cluster_map(
        summarise_provinces(provinces, with_partners),
        clusters_to_points(with_partners, provinces),
        programmes=styles,
    )
    html = m.get_root().render()
    markers = {
        f["properties"]["cluster_id"]: f["properties"] for f in layer_with(html, 17)["features"]
    }
    assert markers["giz-1"]["colour"] == styles["GIZ"].colour
    assert markers["koica-1"]["colour"] == styles["KOICA"].colour
    assert "GIZ" in markers["giz-1"]["tooltip"]
    (legend,) = legends(html)
    for code in ("GIZ", "KOICA"):
        glyph = styles[code].glyph  # a letter of its own, for readers without colour
        assert glyph == code[0]
        swatch = f"background:{styles[code].colour}' data-glyph='{glyph}' aria-hidden='true'>"
        assert f"{swatch}</span>{code}</div>" in legend
        assert markers[f"{code.lower()}-1"]["glyph"] == glyph
    # The sidebar's programme filter offers them, after the table's programmes.
    options = FILTERS_BY_KEY["programme"].options(with_partners)
    assert options[-2:] == ["GIZ", "KOICA"]
    # The table and the profile name them.
    table = table_frame(with_partners).set_index("Id")
    assert table.loc["koica-1", "Programme"] == "KOICA"
    row = with_partners.set_index("cluster_id", drop=False).loc["giz-1"]
    assert {f.label: f.value for f in cluster_profile(row)}["Programme"] == "GIZ"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"code": ""}, r"row 2, column 'code': a value is required"),
        ({"colour": "blue"}, r"row 2, column 'colour', value 'blue': expected #rrggbb"),
    ],
)
def test_bad_programme_table_names_row_and_column(tmp_path, change, message):
    from mapping.programmes import PROGRAMMES_PATH

    table = pd.read_csv(PROGRAMMES_PATH, dtype=str, keep_default_na=False)
    for column, value in change.items():
        table.loc[0, column] = value
    path = tmp_path / "programmes.csv"
    table.to_csv(path, index=False)
    with pytest.raises(ValueError, match=message):
        load_programmes(path)
