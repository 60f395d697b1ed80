"""Home: the national cluster map."""

from components import data
from components.dashboard import dashboard
from components.sidebar import cluster_sidebar
from components.widgets import page_start
from mapping.i18n import _

TITLE = _("Industrial clusters of Iran")
page_start(
    TITLE,
    _(
        "The clusters identified by Iran's national mapping of industrial clusters, as reported "
        "by Mirhosseini & Ghanbari (2010), with the cooperation programme that develops each. "
        "Filter in the sidebar; the address bar keeps the filters, so the link shares this view."
    ),
)
registry = data.shown()[1]
f, basemap = cluster_sidebar(registry)
dashboard(f, basemap, TITLE)
