"""The exported files: the reader's workbook, the GIS files, the CSV and the file names."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import geopandas as gpd
import openpyxl
import pytest

from mapping.cells import FORMULA_START
from mapping.export import clusters_to_csv, export_filename
from mapping.filters import ClusterFilter, apply_filter
from mapping.gis import (
    CASE_ATTRIBUTES,
    CLUSTER_LAYER,
    GEOJSON_TOLERANCE_DEG,
    PROVINCE_LAYER,
    case_layer,
    cluster_gis_layers,
    to_geojson_zip,
    to_geopackage,
)
from mapping.i18n import gettext
from mapping.international import CaseFilter, load_international
from mapping.join import summarise_provinces
from mapping.upload import validate_upload
from mapping.view import KIND_CASES, describe_view, filter_words
from mapping.workbook import case_workbook, cluster_workbook
from tests.conftest import ROOT

DAY = dt.date(2026, 3, 21)  # 1 Farvardin 1405


def with_text_code(registry):
    """The registry with one ISIC code that a spreadsheet would read as the number 311."""
    out = registry.copy()
    out.loc[out["cluster_id"].eq("tehran-leather"), "isic_code"] = "0311"
    return out


def hostile(registry):
    """Two rows whose text a spreadsheet would run as formulas."""
    out = registry.head(2).copy()
    out["name_en"] = ['=HYPERLINK("http://x","y")', "+1+1"]
    out["name_fa"] = ["-2", "@SUM(A1)"]
    out["notes"] = ["=1", "\t=2"]
    return out


def workbook(provinces, clusters, registry, lang, f=None, version=None):
    f = f or ClusterFilter()
    view = describe_view("Title", f, registry, len(clusters), lang, version=version, today=DAY)
    data = cluster_workbook(view, clusters, summarise_provinces(provinces, clusters))
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_workbook_has_four_sheets_in_the_language_and_direction(provinces, registry, lang):
    wb = workbook(provinces, registry, registry, lang)
    names = [gettext(n, lang) for n in ("Clusters", "Provinces", "This view", "Sources")]
    assert wb.sheetnames == names
    for ws in wb.worksheets:
        assert bool(ws.sheet_view.rightToLeft) is (lang == "fa")
        assert ws.freeze_panes == "A2"
        assert all(ws.column_dimensions[c].width >= 8 for c in "AB")
        assert all(cell.font.b for cell in ws[1])  # a bold header row
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
    assert wb.worksheets[2]["B2"].alignment.wrap_text  # the view's long values wrap
    clusters = wb.worksheets[0]
    headers = [c.value for c in clusters[1]]
    assert headers[:3] == [gettext(h, lang) for h in ("Id", "Cluster", "Sector")]
    row = {h: c.value for h, c in zip(headers, clusters[2], strict=True)}
    first = registry.iloc[0]
    assert row[gettext("Cluster", lang)] == (first["name_fa"] if lang == "fa" else first["name_en"])
    assert row[gettext("Programme", lang)] == ("یونیدو" if lang == "fa" else "UNIDO")
    assert clusters.max_row == len(registry) + 1


def test_workbook_keeps_codes_as_text(provinces, registry):
    data = with_text_code(registry)
    ws = workbook(provinces, data, data, "en").worksheets[0]
    headers = [c.value for c in ws[1]]
    for header in ("Id", "ISIC (ours)", "Province code"):
        column = headers.index(header) + 1
        for row in range(2, ws.max_row + 1):
            cell = ws.cell(row=row, column=column)
            assert cell.data_type == "s" and cell.number_format == "@", (header, cell.value)
    isic = headers.index("ISIC (ours)") + 1
    assert "0311" in [ws.cell(row=r, column=isic).value for r in range(2, ws.max_row + 1)]
    latitude = headers.index("Latitude") + 1
    assert isinstance(ws.cell(row=2, column=latitude).value, float)


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_workbook_has_no_formula_cell(provinces, registry, lang):
    rows = hostile(registry)
    wb = workbook(provinces, rows, registry, lang, ClusterFilter(q="=cmd"))
    texts = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts += 1
                    assert not cell.value.startswith(FORMULA_START), (ws.title, cell.value)
    assert texts > 50
    names = [c.value for c in wb.worksheets[0]["B"]]
    assert '\'=HYPERLINK("http://x","y")' in names or "'-2" in names


def test_province_sheet_has_every_province_with_the_map_counts(provinces, registry):
    f = ClusterFilter(programme=("IPI", "UNIDO"))
    shown = apply_filter(registry, f)
    ws = workbook(provinces, shown, registry, "en", f).worksheets[1]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 31
    counts = dict(zip(provinces["iso_code"], [0] * 31, strict=True))
    counts.update(shown["province_code"].value_counts().to_dict())
    assert {code: n for code, _, n, _ in rows} == counts
    assert sum(n for _, _, n, _ in rows) == len(shown)
    assert rows[0][2] == max(counts.values())  # most clusters first


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_view_sheet_states_filters_data_and_dates(provinces, registry, lang):
    f = ClusterFilter(programme=("UNIDO",), province=("IR-23",))
    shown = apply_filter(registry, f)
    ws = workbook(provinces, shown, registry, lang, f, version=7).worksheets[2]
    text = "\n".join(f"{a}: {b}" for a, b in ws.iter_rows(min_row=2, values_only=True))
    if lang == "en":
        assert "Filter: Programme: UNIDO" in text
        assert "Filter: Province: Tehran" in text  # a name, not the sidebar's count label
        assert "registry version 7" in text
        assert "21 March 2026" in text
        assert "1 of 15" in text
    else:
        assert "یونیدو" in text and "تهران" in text
        assert "۱ فروردین ۱۴۰۵ (۲۰۲۶-۰۳-۲۱)" in text  # Solar Hijri, then Gregorian
        assert "۷" in text


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_sources_sheet_names_licences_and_citation(provinces, registry, lang):
    wb = workbook(provinces, registry, registry, lang)
    text = " ".join(str(v) for row in wb.worksheets[3].iter_rows(values_only=True) for v in row)
    for needle in ("OpenStreetMap", "ODbL", "GeoNames", "CC BY 4.0", "Natural Earth"):
        assert needle in text
    assert "Mirhosseini, S. V. and Ghanbari, M. (2010)" in text
    view = " ".join(str(v) for row in wb.worksheets[2].iter_rows(values_only=True) for v in row)
    assert "Investigation of Industrial Rated Clusters in Iran" in view


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_case_workbook(lang):
    cases = load_international()
    f = CaseFilter(type=("traditional manufacturing district",))
    shown = apply_filter(cases, f)
    view = describe_view("Learning", f, cases, len(shown), lang, kind=KIND_CASES, today=DAY)
    wb = openpyxl.load_workbook(io.BytesIO(case_workbook(view, shown)))
    assert len(wb.sheetnames) == 4
    assert all(bool(ws.sheet_view.rightToLeft) is (lang == "fa") for ws in wb.worksheets)
    places, countries = wb.worksheets[0], wb.worksheets[1]
    assert places.max_row == len(shown) + 1
    per_country = {row[0]: row[2] for row in countries.iter_rows(min_row=2, values_only=True)}
    assert per_country == shown["country_code"].value_counts().to_dict()
    years = [c.value for c in places["I"][1:] if c.value is not None]  # Founded
    assert years and all(isinstance(y, int) for y in years)


def gpkg_file(data: bytes, folder) -> str:
    """The GeoPackage written where a reader saves it (GDAL wants the .gpkg extension)."""
    path = folder / "export.gpkg"
    path.write_bytes(data)
    return str(path)


def read_layers(data: bytes, kind: str, folder) -> dict[str, gpd.GeoDataFrame]:
    if kind == "gpkg":
        path = gpkg_file(data, folder)
        return {name: gpd.read_file(path, layer=name) for name in (CLUSTER_LAYER, PROVINCE_LAYER)}
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {
        name: gpd.read_file(io.BytesIO(archive.read(f"{name}.geojson")))
        for name in (CLUSTER_LAYER, PROVINCE_LAYER)
    }


@pytest.mark.parametrize("kind", ["gpkg", "geojson"])
def test_gis_files_read_back_to_the_same_rows_and_geometry(provinces, registry, kind, tmp_path):
    f = ClusterFilter(mapping="yes")
    shown = apply_filter(registry, f)
    layers = cluster_gis_layers(shown, summarise_provinces(provinces, shown))
    view = describe_view("Title", f, registry, len(shown), "fa", today=DAY)
    data = to_geopackage(layers, view) if kind == "gpkg" else to_geojson_zip(layers, view)
    back = read_layers(data, kind, tmp_path)
    for name, layer in layers.items():
        got = back[name]
        assert got.crs.to_epsg() == 4326
        assert list(got.columns) == list(layer.columns)
        assert (
            got.drop(columns="geometry")
            .astype(str)
            .equals(layer.drop(columns="geometry").astype(str))
        )
        tolerance = GEOJSON_TOLERANCE_DEG if kind == "geojson" else 1e-12
        assert got.geometry.geom_equals_exact(layer.geometry, tolerance=tolerance).all()
    clusters, outlines = back[CLUSTER_LAYER], back[PROVINCE_LAYER]
    assert len(clusters) == len(shown) and len(outlines) == 31
    assert clusters["id"].tolist() == shown["cluster_id"].tolist()
    assert outlines["clusters"].sum() == len(shown)
    # A province-level cluster stands inside its province, and says so.
    at_province = clusters.loc[clusters["placement"].eq("province")]
    assert len(at_province)
    shapes = outlines.set_index("prov_code").geometry
    for point, code in zip(at_province.geometry, at_province["prov_code"], strict=True):
        assert shapes[code].contains(point)


def test_geojson_zip_and_geopackage_say_what_they_show(provinces, registry, tmp_path):
    f = ClusterFilter(programme=("IMM",))
    shown = apply_filter(registry, f)
    layers = cluster_gis_layers(shown, summarise_provinces(provinces, shown))
    view = describe_view("Title", f, registry, len(shown), "en", version=2, today=DAY)
    about = zipfile.ZipFile(io.BytesIO(to_geojson_zip(layers, view))).read("about.txt").decode()
    assert "Filters: Programme: IMM (Italian stone association)" in about
    assert "registry version 2" in about and "© OpenStreetMap contributors" in about
    table = gpd.read_file(gpkg_file(to_geopackage(layers, view), tmp_path), layer="about")
    assert "21 March 2026" in table["value"].tolist()


def test_case_layer_reads_back(tmp_path):
    cases = load_international()
    layer = case_layer(cases)
    view = describe_view("L", CaseFilter(), cases, len(cases), "en", kind=KIND_CASES)
    path = gpkg_file(to_geopackage({"case_studies": layer}, view), tmp_path)
    back = gpd.read_file(path, layer="case_studies")
    assert back["id"].tolist() == cases["place_id"].tolist()
    assert back.geometry.geom_equals_exact(layer.geometry, tolerance=1e-9).all()
    assert back["firms"].dropna().astype(int).tolist() == cases["firms"].dropna().tolist()


def gis_section() -> str:
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## GIS downloads\n(.*?)(?=^## )", text, flags=re.S | re.M)
    assert match, "data/README.md has no section 'GIS downloads'"
    return match.group(1)


def test_every_gis_attribute_is_documented(provinces, registry):
    section = gis_section()
    layers = cluster_gis_layers(registry, summarise_provinces(provinces, registry))
    names = {c for layer in layers.values() for c in layer.columns if c != "geometry"}
    names |= set(CASE_ATTRIBUTES)
    undocumented = sorted(n for n in names if f"`{n}`" not in section)
    assert not undocumented


def test_csv_download_uploads_again_with_nothing_rejected(provinces, registry):
    data = with_text_code(registry)
    result = validate_upload("iran-clusters_all.csv", clusters_to_csv(data), provinces)
    assert result.issues == []
    assert len(result.valid) == len(data)
    back = result.valid.set_index("cluster_id")
    assert back.loc["tehran-leather", "isic_code"] == "0311"
    assert back["programme"].to_dict() == data.set_index("cluster_id")["programme"].to_dict()


def test_file_names_carry_the_version_and_the_filters():
    f = ClusterFilter(programme=("UNIDO",), sector=("leather",))
    assert export_filename(f) == "iran-clusters_unido_sector-leather.csv"
    assert export_filename(f, version=3) == "iran-clusters_v3_unido_sector-leather.csv"
    assert export_filename(ClusterFilter(), ext="png", version=12) == "iran-clusters_v12_all.png"
    assert export_filename(ClusterFilter(), ext="geojson.zip") == "iran-clusters_all.geojson.zip"


def test_filter_words(registry):
    f = ClusterFilter(province=("IR-23", "IR-13"), mapping="no", q="  چرم ")
    assert filter_words(f, registry, "en") == [
        ("Province", "Tehran, Hamadan"),
        ("National mapping list", "Not in the list"),
        ("Search names (English or Persian)", "“چرم”"),
    ]
    words = dict(filter_words(f, registry, "fa"))
    assert words[gettext("Province", "fa")] == "تهران، همدان"
    assert filter_words(ClusterFilter(), registry, "en") == []


def test_describe_view_rejects_an_unknown_kind(registry):
    with pytest.raises(ValueError, match="kind must be one of"):
        describe_view("t", ClusterFilter(), registry, 0, "en", kind="planets")
