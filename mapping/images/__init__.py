"""The maps as images (PNG and PDF), drawn on the server with matplotlib.

``frame`` lays out a page (title, filters, map, legend, scale, north, data
and credit, mirrored right to left in Persian) and draws text; ``cluster``
and ``world`` draw the two maps the pages show from the same data and colours
as the interactive maps. Nothing is fetched from outside: the fonts are the
app's own Vazirmatn files.

Persian text needs shaping (joined letter forms) and right-to-left ordering.
Matplotlib 3.11 lays out text with libraqm (HarfBuzz and FriBidi, inside its
wheel), so text is passed to it as written, never pre-shaped: reshaping it
with ``arabic_reshaper`` and reordering it with ``python-bidi`` first, the
recipe for older matplotlib, would reverse every word a second time. The
tests compare a drawn Persian word with its shaped reference.
"""

from mapping.images.cluster import cluster_map_figure, cluster_map_image
from mapping.images.frame import IMAGE_FORMATS, PNG_DPI, PNG_SIZE_PX
from mapping.images.world import world_map_figure, world_map_image

__all__ = [
    "IMAGE_FORMATS",
    "PNG_DPI",
    "PNG_SIZE_PX",
    "cluster_map_figure",
    "cluster_map_image",
    "world_map_figure",
    "world_map_image",
]
