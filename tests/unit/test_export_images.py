"""The exported map images: size, province fills, text in the reader's language, Persian shaping."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image
from pypdf import PdfReader

from mapping.filters import ClusterFilter, apply_filter
from mapping.i18n import gettext
from mapping.images import PNG_SIZE_PX, cluster_map_image, world_map_image
from mapping.images.cluster import cluster_map_figure
from mapping.images.frame import MAP_CRS, Page, font, save, text_width, to_map_crs, wrap
from mapping.images.marks import nice_length
from mapping.international import CaseFilter, load_countries, load_international
from mapping.join import clusters_to_points, summarise_provinces
from mapping.maps.cluster_map import class_colour, province_classes
from mapping.maps.style import ZERO_COLOUR
from mapping.programmes import programme_styles
from mapping.view import KIND_CASES, KIND_CLUSTERS, ExportView, describe_view

TITLES = {"en": "Industrial clusters of Iran", "fa": "خوشه‌های صنعتی ایران"}
# A marker this close (in pixels) to a province's sampling point may cover it.
MARKER_CLEARANCE_PX = 40
CHANNEL_TOLERANCE = 2


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


@pytest.fixture(scope="module")
def countries():
    return load_countries()


def cluster_view(registry, f: ClusterFilter, lang: str):
    shown = apply_filter(registry, f)
    return describe_view(TITLES[lang], f, registry, len(shown), lang), shown


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_png_is_an_image_of_the_stated_size(provinces, registry, countries, lang):
    view, shown = cluster_view(registry, ClusterFilter(), lang)
    data = cluster_map_image(view, summarise_provinces(provinces, shown), shown, "png")
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert image.size == PNG_SIZE_PX
    # At least twice the interactive map's 620 px height and a wide screen's width.
    assert image.size[0] >= 2 * 1100 and image.size[1] >= 2 * 620


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_province_fills_are_the_legend_colours(provinces, registry, countries, lang):
    view, shown = cluster_view(registry, ClusterFilter(), lang)
    summary = summarise_provinces(provinces, shown)
    page = cluster_map_figure(
        view,
        summary,
        shown,
        programmes=programme_styles(registry["programme"].unique()),
        countries=countries,
    )
    pixels = np.asarray(Image.open(io.BytesIO(save(page, "png"))).convert("RGB"))
    height = pixels.shape[0]

    def to_pixel(lon, lat):
        x, y = to_map_crs(lon, lat)
        xy = page.map_ax.transData.transform(np.column_stack([x, y]))
        return np.column_stack([xy[:, 0], height - xy[:, 1]])

    points = clusters_to_points(shown, provinces)
    markers = to_pixel(points["map_lon"], points["map_lat"])
    anchors = summary.to_crs("EPSG:4326").representative_point()
    samples = to_pixel(anchors.x, anchors.y)
    classes = province_classes(summary["cluster_count"])
    box = page.map_ax.get_window_extent()
    checked, colours_seen = 0, set()
    for (px, py), count in zip(samples, summary["cluster_count"], strict=True):
        inside = box.x0 + 60 < px < box.x1 - 60 and height - box.y1 + 60 < py < height - box.y0 - 60
        clear = np.hypot(*(markers - [px, py]).T).min() > MARKER_CLEARANCE_PX
        if not (inside and clear):
            continue
        expected = class_colour(int(count), classes)
        patch = pixels[int(py) - 1 : int(py) + 2, int(px) - 1 : int(px) + 2].reshape(-1, 3)
        got = np.median(patch, axis=0)
        assert np.abs(got - hex_rgb(expected)).max() <= CHANNEL_TOLERANCE, (count, expected, got)
        checked += 1
        colours_seen.add(expected)
    assert checked >= 15  # most of the 31 provinces are sampled
    assert len(colours_seen) >= 3  # none, and at least two classes


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_pdf_holds_title_filters_legend_and_credit_in_the_language(provinces, registry, lang):
    f = ClusterFilter(programme=("UNIDO",))
    view, shown = cluster_view(registry, f, lang)
    pdf = cluster_map_image(view, summarise_provinces(provinces, shown), shown, "pdf")
    assert pdf.startswith(b"%PDF") and b"/FontFile2" in pdf  # Vazirmatn embedded, TrueType
    text = pdf_text(pdf)
    expected = [
        TITLES[lang],
        gettext("Clusters per province", lang),
        gettext("Programme", lang),
        gettext("Placement", lang),
        "یونیدو" if lang == "fa" else "UNIDO",
        "OpenStreetMap",
        "GeoNames",
    ]
    # PDF text comes out in visual order for right-to-left lines: compare word by word.
    words = " ".join(text.split())
    for phrase in expected:
        for word in phrase.split():
            assert word in words, (word, phrase, words[:400])
    if lang == "en":
        assert "Filters: Programme: UNIDO" in words
        assert "Clusters per province" in words


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_world_map_image(countries, lang):
    cases = load_international()
    f = CaseFilter(type=("firm network",))
    shown = apply_filter(cases, f)
    view = describe_view("Learning from abroad", f, cases, len(shown), lang, kind=KIND_CASES)
    png = Image.open(io.BytesIO(world_map_image(view, countries, shown, "png")))
    assert png.size == PNG_SIZE_PX
    words = " ".join(pdf_text(world_map_image(view, countries, shown, "pdf")).split())
    for phrase in (
        gettext("Case study type", lang),
        gettext("firm network", lang),
        "Natural Earth",
    ):
        for word in phrase.split():
            assert word in words


def draw_line(text: str, raw: bool, lang: str = "fa") -> np.ndarray:
    """One line of text drawn at 40 pt, as an ink mask cropped to its bounding box."""
    fig = Figure(figsize=(6, 1.2), dpi=100, facecolor="white")
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    if raw:
        fig.text(0.5, 0.3, text, fontproperties=font(40), ha="right", parse_math=False)
    else:
        view = ExportView("t", lang, KIND_CLUSTERS, (), 0, 0, "", dt.date(2026, 1, 1))
        Page(view, fig, ax, ax).text(0.5, 0.3, text, 40, ax=ax)
    fig.canvas.draw()
    ink = np.asarray(fig.canvas.buffer_rgba())[:, :, 0] < 128
    rows, cols = np.nonzero(ink)
    return ink[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]


def overlap(a: np.ndarray, b: np.ndarray) -> float:
    """Intersection over union of two ink masks (0 when their sizes differ much)."""
    h, w = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
    if abs(a.shape[1] - b.shape[1]) > 3 or abs(a.shape[0] - b.shape[0]) > 3:
        return 0.0
    a, b = a[:h, :w], b[:h, :w]
    return float((a & b).sum() / (a | b).sum())


def test_persian_is_drawn_shaped_and_right_to_left():
    """The map's text path joins Persian letters and orders them right to left.

    The reference is the word in the contextual presentation forms that
    arabic_reshaper chooses (logical order; the layout puts them right to
    left). Drawing the word as written through the map's own text path must
    give that picture; isolated letters (no shaping) or a word reversed a
    second time (pre-shaped and reordered by hand, the trap) must not.
    """
    import arabic_reshaper

    word = "خوشه‌های صنعتی"
    drawn = draw_line(word, raw=False)
    shaped = draw_line(arabic_reshaper.reshape(word), raw=True)
    isolated = draw_line("\u200c".join(word), raw=True)
    reversed_twice = draw_line(arabic_reshaper.reshape(word)[::-1], raw=True)
    # Anti-aliasing and kerning differ by a few edge pixels (measured 0.976).
    assert overlap(drawn, shaped) > 0.9
    assert overlap(drawn, isolated) < 0.6
    assert overlap(drawn, reversed_twice) < 0.6


def test_scale_bar_lengths_are_round():
    assert nice_length(437) == 200
    assert nice_length(99) == 50
    assert nice_length(1) == 1
    assert nice_length(7_600) == 5_000


def test_image_rejects_an_unknown_format(provinces, registry):
    view, shown = cluster_view(registry, ClusterFilter(), "en")
    with pytest.raises(ValueError, match="image format must be one of"):
        cluster_map_image(view, summarise_provinces(provinces, shown), shown, "gif")
    assert MAP_CRS == "EPSG:3857"


@pytest.mark.parametrize(
    "text",
    [
        "Sources: Mirhosseini & Ghanbari (2010), section 7 · province outlines © OpenStreetMap "
        "contributors, ODbL · towns: GeoNames, CC BY 4.0 · neighbouring countries: Natural Earth",
        "منابع: Mirhosseini & Ghanbari (2010)، بخش ۷ · مرز استان‌ها © مشارکت‌کنندگان "
        "OpenStreetMap، مجوز ODbL · شهرها: GeoNames، مجوز CC BY 4.0 · کشورهای همسایه",
    ],
)
def test_lines_are_wrapped_to_their_measured_width(text):
    lines = wrap(text, 200, 10, max_lines=10)
    assert len(lines) > 1
    assert all(text_width(line, 10) <= 200 for line in lines)
    assert " ".join(lines) == text  # nothing lost between words
    cut = wrap(text, 200, 10, max_lines=2)
    assert len(cut) == 2 and cut[1].endswith("…") and text_width(cut[1], 10) <= 200


def test_an_empty_selection_draws_the_whole_country_with_grey_provinces(provinces, registry):
    f = ClusterFilter(q="no cluster is called this")
    view, shown = cluster_view(registry, f, "en")
    assert shown.empty
    page = cluster_map_figure(view, summarise_provinces(provinces, shown), shown)
    pixels = np.asarray(Image.open(io.BytesIO(save(page, "png"))).convert("RGB"))
    x0, x1 = page.map_ax.get_xlim()
    (west, east), _ = to_map_crs([44.0, 63.3], [30.0, 30.0])
    assert x0 <= west and x1 >= east  # all of Iran, east to west
    zero = np.all(np.abs(pixels.astype(int) - hex_rgb(ZERO_COLOUR)) <= CHANNEL_TOLERANCE, axis=2)
    assert zero.mean() > 0.15  # a large share of the page is the "no cluster" grey
    assert "Placement" in page.legend_items and "UNIDO" not in page.legend_items
