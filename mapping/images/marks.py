"""What a map page carries besides the map: legend, markers, scale bar and north arrow.

Every piece is mirrored for a right-to-left page: legend keys stand right
of their labels, the scale bar and the north arrow swap corners.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from matplotlib.axes import Axes
from matplotlib.patches import Polygon, Rectangle
from matplotlib.transforms import Transform

from mapping.i18n import Message, digits, format_number, gettext
from mapping.images.frame import (
    INK,
    LEGEND_HEAD_PT,
    LEGEND_LINE_PT,
    LEGEND_PT,
    Page,
    font,
    wrap,
)

# Draws a legend key at (x, y), in fractions of the legend's axes.
KeyDrawer = Callable[[Axes, float, float], None]
SCALE_STEPS = (1, 2, 5)
SCALE_FRACTION = 0.2  # the bar is about a fifth of the map's width
NORTH_SIZE_PT = 26.0
MARKER_PT = 9.0
SMALL_MARKER_PT = 5.0
OUTLINE = "#222222"
EARTH_RADIUS_M = 6_378_137  # Web Mercator's sphere


def metres_per_point(ax: Axes) -> float:
    """Map units (projected metres) per typographic point along x, once the view is fitted."""
    x0, x1 = ax.get_xlim()
    width_pt = ax.get_position().width * ax.figure.get_size_inches()[0] * 72
    return (x1 - x0) / width_pt


def _centre_latitude(ax: Axes) -> float:
    y = sum(ax.get_ylim()) / 2
    return math.degrees(2 * math.atan(math.exp(y / EARTH_RADIUS_M)) - math.pi / 2)


def nice_length(km: float) -> float:
    """The largest 1, 2 or 5 × 10^k kilometres not above ``km``."""
    power = 10 ** math.floor(math.log10(km))
    return max(s * power for s in SCALE_STEPS if s * power <= km)


def scale_bar(page: Page) -> None:
    """A bar of a round number of kilometres, true at the map's centre latitude, which it names.

    Web Mercator stretches distances by 1 / cos(latitude); the bar is drawn
    for the latitude at the middle of the map. It stands in the bottom corner
    on the start side, its labels running inwards.
    """
    ax, lang = page.map_ax, page.view.lang
    latitude = _centre_latitude(ax)
    stretch = 1 / math.cos(math.radians(latitude))
    x0, x1 = ax.get_xlim()
    km = nice_length((x1 - x0) * SCALE_FRACTION / stretch / 1000)
    length = km * 1000 * stretch / (x1 - x0)  # fraction of the axes
    start = page.start(0.03)
    left = start - length if page.rtl else start
    bottom, height = 0.05, 0.011
    for i in range(4):
        ax.add_patch(
            Rectangle(
                (left + i * length / 4, bottom),
                length / 4,
                height,
                transform=ax.transAxes,
                facecolor=INK if i % 2 == 0 else "white",
                edgecolor=INK,
                linewidth=0.6,
                zorder=21,
            )
        )
    label = Message("{km} km", km=format_number(km, lang)).render(lang)
    where = Message("scale at latitude {lat}° N", lat=round(latitude)).render(lang)
    end = left if page.rtl else left + length
    for x, y, text, size, ha, va in (
        (start, bottom + height + 0.006, digits("0", lang), LEGEND_PT - 1, "center", "bottom"),
        (end, bottom + height + 0.006, label, LEGEND_PT - 1, "center", "bottom"),
        (start, bottom - 0.008, where, LEGEND_PT - 2, "right" if page.rtl else "left", "top"),
    ):
        ax.text(
            x,
            y,
            page.view.directed(text),
            transform=ax.transAxes,
            ha=ha,
            va=va,
            fontproperties=font(size),
            color=INK,
            parse_math=False,
            zorder=22,
            bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 1.2},
        )


def north_arrow(page: Page) -> None:
    """An arrow pointing up (north in Web Mercator), in the top corner away from the legend."""
    ax = page.map_ax
    x = 0.045 if page.rtl else 0.955
    size = NORTH_SIZE_PT / (ax.get_position().height * ax.figure.get_size_inches()[1] * 72)
    top = 0.955
    half = size * 0.28 * _aspect(ax)
    ax.add_patch(
        Polygon(
            [(x, top), (x - half, top - size), (x, top - size * 0.72), (x + half, top - size)],
            closed=True,
            transform=ax.transAxes,
            facecolor=INK,
            edgecolor="white",
            linewidth=0.8,
            zorder=22,
        )
    )
    ax.text(
        x,
        top - size - 0.008,
        gettext("N", page.view.lang),
        transform=ax.transAxes,
        ha="center",
        va="top",
        fontproperties=font(LEGEND_HEAD_PT, bold=True),
        color=INK,
        parse_math=False,
        zorder=22,
    )


def _aspect(ax: Axes) -> float:
    """Axes height over width on paper, to draw shapes that are not squashed."""
    box = ax.get_position()
    w, h = ax.figure.get_size_inches()
    return (box.height * h) / (box.width * w)


def legend_heading(page: Page, text: str) -> None:
    """A bold heading in the legend, with a little space above it unless it is the first."""
    if page.legend_y:
        page.legend_y += LEGEND_LINE_PT * 0.45
    page.legend_y += LEGEND_LINE_PT
    page.text(0.0, _legend_frac(page), text, LEGEND_HEAD_PT, bold=True, ax=page.legend_ax)
    page.legend_items.append(text)


def legend_row(page: Page, label: str, draw_key: KeyDrawer) -> None:
    """One legend line: a key drawn by ``draw_key(ax, x, y)`` (axes fractions), then the label.

    Long labels wrap onto further lines under the first.
    """
    ax = page.legend_ax
    width_pt = ax.get_position().width * ax.figure.get_size_inches()[0] * 72 * 0.86
    for i, line in enumerate(wrap(label, width_pt, LEGEND_PT)):
        page.legend_y += LEGEND_LINE_PT * (1 if i == 0 else 0.8)
        y = _legend_frac(page)
        if i == 0:
            draw_key(ax, page.start(0.045), y + _pt_to_frac(ax, LEGEND_PT * 0.33))
        page.text(0.12, y, line, LEGEND_PT, ax=ax)
    page.legend_items.append(label)


def _pt_to_frac(ax: Axes, points: float) -> float:
    return points / (ax.get_position().height * ax.figure.get_size_inches()[1] * 72)


def _legend_frac(page: Page) -> float:
    return 1 - _pt_to_frac(page.legend_ax, page.legend_y)


def swatch(colour: str) -> KeyDrawer:
    """A key for :func:`legend_row`: a filled box, as the map fills an area."""

    def draw(ax: Axes, x: float, y: float) -> None:
        w = _pt_to_frac(ax, 14) * _aspect(ax)
        h = _pt_to_frac(ax, 10)
        ax.add_patch(
            Rectangle(
                (x - w / 2, y - h / 2),
                w,
                h,
                transform=ax.transAxes,
                facecolor=colour,
                edgecolor="#999999",
                linewidth=0.6,
            )
        )

    return draw


def marker_key(colour: str, shape: str, *, ring: bool = False) -> KeyDrawer:
    """A key for :func:`legend_row`: a marker as the map draws it (see :func:`draw_markers`)."""

    def draw(ax: Axes, x: float, y: float) -> None:
        draw_markers(ax, [x], [y], [colour], [shape], ring=ring, transform=ax.transAxes)

    return draw


def draw_markers(
    ax: Axes,
    x: Sequence[float],
    y: Sequence[float],
    colours: Sequence[str],
    shapes: Sequence[str],
    *,
    ring: bool = False,
    small: bool = False,
    transform: Transform | None = None,
) -> None:
    """Markers as on the interactive map: ``o`` circles and ``D`` diamonds in ``colours``.

    Full markers have a white rim and a dark outline; ``small`` ones (a large
    selection) are plain dots, and province-level ones ``ring``s (white
    inside, the programme's colour round it), as the canvas layer draws them.
    """
    kwargs = {"transform": transform} if transform is not None else {}
    size = SMALL_MARKER_PT if small else MARKER_PT
    for shape in sorted(set(shapes)):
        idx = [i for i, s in enumerate(shapes) if s == shape]
        xs, ys = [x[i] for i in idx], [y[i] for i in idx]
        fill = [colours[i] for i in idx]
        scale = 0.8 if shape == "D" else 1.0
        if small:
            face, edge = (["white"] * len(idx), fill) if ring else (fill, ["white"] * len(idx))
            ax.scatter(
                xs,
                ys,
                s=(size * scale) ** 2,
                marker=shape,
                c=face,
                edgecolors=edge,
                linewidths=1.0 if ring else 0.3,
                zorder=31,
                **kwargs,
            )
            continue
        ax.scatter(
            xs, ys, s=((size + 2) * scale) ** 2, marker=shape, c=OUTLINE, zorder=30, **kwargs
        )
        ax.scatter(
            xs,
            ys,
            s=(size * scale) ** 2,
            marker=shape,
            c=fill,
            edgecolors="white",
            linewidths=1.3,
            zorder=31,
            **kwargs,
        )
