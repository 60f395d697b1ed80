"""The page every map image is drawn on: layout, text, legend, scale bar, north arrow.

A page is landscape, 12 × 8.5 inches: the title and the filters in words at
the top, the map and its legend side by side, the data, the export date and
the source credit at the bottom. In Persian everything is mirrored: text
starts at the right, the legend stands left of the map, the north arrow and
the scale bar swap corners.

Maps are drawn in Web Mercator (EPSG:3857), the projection of the
interactive map, so the image shows what the screen showed, north is up
everywhere, and the scale bar holds at the latitude it names.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath
from pyproj import Transformer

from mapping.i18n import Message
from mapping.view import ExportView

ROOT = Path(__file__).resolve().parent.parent.parent
FONT_DIR = ROOT / "static" / "fonts" / "vazirmatn"
FONT_FILES = {False: FONT_DIR / "Vazirmatn-Regular.ttf", True: FONT_DIR / "Vazirmatn-Bold.ttf"}
MAP_CRS = "EPSG:3857"
MAX_LAT = 85.0  # Web Mercator's limit

FIGURE_SIZE_IN = (12.0, 8.5)
PNG_DPI = 200  # 2400 × 1700 px: more than twice the map as a screen shows it
PNG_SIZE_PX = (round(FIGURE_SIZE_IN[0] * PNG_DPI), round(FIGURE_SIZE_IN[1] * PNG_DPI))
IMAGE_FORMATS = {"png": "image/png", "pdf": "application/pdf"}
# Save options: fonts embedded as TrueType in PDF (selectable, searchable text).
SAVE_RC = {"pdf.fonttype": 42, "svg.fonttype": "path", "axes.unicode_minus": False}

# Layout, in fractions of the page.
MARGIN = 0.025
TITLE_Y = 0.962
SUBTITLE_Y = 0.918
MAP_BOTTOM, MAP_TOP = 0.095, 0.87
LEGEND_WIDTH = 0.235
GAP = 0.015
FOOTER_TOP, FOOTER_LINE = 0.06, 0.021

SEA = "#e8eef3"  # the interactive map's background
INK = "#222222"
MUTED = "#555555"
FRAME = "#9a9aa8"
TITLE_PT, SUBTITLE_PT, FOOTER_PT = 19.0, 11.0, 8.5
LEGEND_PT, LEGEND_HEAD_PT = 9.5, 10.5
LEGEND_LINE_PT = 17.0  # baseline to baseline
MAX_LINES = 3
FIT_MARGIN_PT = 24.0


@lru_cache(maxsize=2)
def _font_file(bold: bool) -> str:
    path = FONT_FILES[bold]
    if not path.is_file():
        raise FileNotFoundError(f"the map font is missing: {path}")
    return str(path)


def font(size: float, bold: bool = False) -> FontProperties:
    """Vazirmatn (Persian and Latin) at ``size`` points, from the app's own files."""
    return FontProperties(fname=_font_file(bold), size=size)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` drawn at ``size`` points, in points, as matplotlib lays it out."""
    width, _, _ = _measurer().get_text_width_height_descent(text, font(size, bold), ismath=False)
    return float(width)


@lru_cache(maxsize=1)
def _measurer() -> TextToPath:
    return TextToPath()


def wrap(
    text: str, width_pt: float, size: float, max_lines: int = MAX_LINES, bold: bool = False
) -> list[str]:
    """``text`` cut between words into lines that fit ``width_pt`` at ``size`` points.

    Widths are measured with the font, so Persian and English wrap alike;
    past ``max_lines`` the last line ends with "…".
    """
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and text_width(candidate, size, bold) <= width_pt:
            lines[-1] = candidate
        else:
            lines.append(word)
    lines = lines or [""]
    if len(lines) > max_lines:
        last = " ".join(lines[max_lines - 1 :])
        while last and text_width(last + "…", size, bold) > width_pt:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last.rstrip() + "…"]
    return lines


def to_map_crs(lon: Sequence[float], lat: Sequence[float]) -> tuple[list[float], list[float]]:
    """Longitudes and latitudes in the map's projection (metres)."""
    clipped = [max(-MAX_LAT, min(MAX_LAT, float(v))) for v in lat]
    # A transformer per call: sessions draw in parallel threads, and one
    # transformer shared between threads is not safe in every PROJ version.
    transformer = Transformer.from_crs("EPSG:4326", MAP_CRS, always_xy=True)
    x, y = transformer.transform(list(map(float, lon)), clipped)
    return list(x), list(y)


@dataclass
class Page:
    """A map page: the figure, its map and legend axes, and the reader's language."""

    view: ExportView
    fig: Figure
    map_ax: Axes
    legend_ax: Axes
    legend_y: float = 0.0  # the legend's next baseline, in points below its top
    legend_items: list[str] = field(default_factory=list)

    @property
    def rtl(self) -> bool:
        return self.view.lang == "fa"

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float,
        *,
        bold: bool = False,
        color: str = INK,
        ax: Axes | None = None,
        va: str = "baseline",
    ) -> None:
        """One line of text at ``x`` from the start edge (left, or right in Persian).

        ``x`` and ``y`` are fractions of ``ax`` (default: the whole page).
        Text is drawn as written (matplotlib shapes and orders it); maths
        markup is off, so a ``$`` in a name stays a ``$``.
        """
        where = ax if ax is not None else self.fig
        transform = where.transAxes if ax is not None else self.fig.transFigure
        where.text(
            1 - x if self.rtl else x,
            y,
            self.view.directed(text),
            fontproperties=font(size, bold),
            color=color,
            ha="right" if self.rtl else "left",
            va=va,
            transform=transform,
            parse_math=False,
        )

    def start(self, x: float) -> float:
        """``x`` from the start edge as an x coordinate (mirrored in Persian)."""
        return 1 - x if self.rtl else x


def new_page(view: ExportView) -> Page:
    """A blank page for ``view``: header, footer and the map and legend axes placed."""
    fig = Figure(figsize=FIGURE_SIZE_IN, dpi=PNG_DPI, facecolor="white")
    FigureCanvasAgg(fig)
    map_width = 1 - 2 * MARGIN - LEGEND_WIDTH - GAP
    height = MAP_TOP - MAP_BOTTOM
    map_left = MARGIN + LEGEND_WIDTH + GAP if view.lang == "fa" else MARGIN
    legend_left = MARGIN if view.lang == "fa" else MARGIN + map_width + GAP
    map_ax = fig.add_axes((map_left, MAP_BOTTOM, map_width, height))
    legend_ax = fig.add_axes((legend_left, MAP_BOTTOM, LEGEND_WIDTH, height))
    legend_ax.set_axis_off()
    map_ax.set_facecolor(SEA)
    map_ax.set_xticks([])
    map_ax.set_yticks([])
    for spine in map_ax.spines.values():
        spine.set_edgecolor(FRAME)
        spine.set_linewidth(0.8)
    page = Page(view, fig, map_ax, legend_ax)
    _header(page)
    _footer(page)
    return page


def _header(page: Page) -> None:
    view = page.view
    page.text(MARGIN, TITLE_Y, view.title, TITLE_PT, bold=True, va="top")
    line = Message(
        "Filters: {filters} · shown: {n} of {total}",
        filters=view.filter_text,
        n=view.shown,
        total=view.total,
    ).render(view.lang)
    width = FIGURE_SIZE_IN[0] * 72 * (1 - 2 * MARGIN)
    for i, part in enumerate(wrap(line, width, SUBTITLE_PT, max_lines=2)):
        page.text(MARGIN, SUBTITLE_Y - i * 0.026, part, SUBTITLE_PT, color=MUTED, va="top")


def _footer(page: Page) -> None:
    view = page.view
    data = Message("Data: {data} · exported {date}", data=view.data, date=view.exported_text)
    width = FIGURE_SIZE_IN[0] * 72 * (1 - 2 * MARGIN)
    lines = [data.render(view.lang), *wrap(view.credit, width, FOOTER_PT, max_lines=2)]
    for i, line in enumerate(lines):
        y = FOOTER_TOP - i * FOOTER_LINE
        page.text(MARGIN, y, line, FOOTER_PT, color=MUTED)


def fit(ax: Axes, south: float, west: float, north: float, east: float) -> None:
    """Show the box (degrees) in ``ax``, centred, widened to the axes' shape, north up.

    A margin of :data:`FIT_MARGIN_PT` on every side keeps markers on the
    box's edge whole, as the interactive map's padding does.
    """
    (x0, x1), (y0, y1) = to_map_crs([west, east], [south, north])
    box = ax.get_position()
    fig_w, fig_h = ax.figure.get_size_inches()
    width_pt, height_pt = box.width * fig_w * 72, box.height * fig_h * 72
    ratio = width_pt / height_pt
    width, height = x1 - x0, y1 - y0
    if width / height < ratio:
        width = height * ratio
    else:
        height = width / ratio
    width *= width_pt / (width_pt - 2 * FIT_MARGIN_PT)
    height = width / ratio
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    ax.set_xlim(cx - width / 2, cx + width / 2)
    ax.set_ylim(cy - height / 2, cy + height / 2)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel("")
    ax.set_ylabel("")


def save(page: Page, fmt: str) -> bytes:
    """The page as PNG (``PNG_SIZE_PX``) or PDF bytes."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"image format must be one of {sorted(IMAGE_FORMATS)}, got {fmt!r}")
    buffer = io.BytesIO()
    metadata = {"Title": page.view.title, "Creator": "iran-cluster-map"}
    if fmt == "png":
        metadata = {"Title": page.view.title, "Software": "iran-cluster-map"}
    # Set, not set-and-restore: sessions save in parallel threads, and a
    # restore by one (rc_context) could land in the middle of another's save.
    # Nothing else in the app uses matplotlib.
    matplotlib.rcParams.update(SAVE_RC)
    page.fig.savefig(buffer, format=fmt, dpi=PNG_DPI, metadata=metadata)
    return buffer.getvalue()
