"""Every ``st.session_state`` key the app uses, named once.

Widget keys are built from a prefix and a filter's key (``f_sector``), so the
sidebar, the address and the tests name a widget the same way.
"""

from __future__ import annotations

# Widgets of the cluster filters (``f_<filter key>``) and of the case-study
# filters on the international page (``c_<filter key>``).
CLUSTER_FILTER_PREFIX = "f_"
CASE_FILTER_PREFIX = "c_"
BASEMAP = "f_basemap"  # the online-basemap toggle, shared by both maps
# A link asked for the online basemap; it waits for the reader's consent.
BASEMAP_OFFERED = "_basemap_offered"

# Streamlit forgets a widget's value in a run that does not draw it; each
# filter widget's value is also kept under KEEP_PREFIX + its key.
KEEP_PREFIX = "_keep_"
# What the app last wrote to the address, per selection prefix, so that a
# change made by Back/Forward (or by hand) can be told from our own.
URL_WRITTEN = "_url_written"
URL_WARNINGS = "_url_warnings"
# A new session's first filter values, read from its link (per selection prefix).
URL_DEFAULTS = "_url_defaults"
LAST_PAGE = "_last_page"  # url path of the page the previous run showed
PAGE_PATH = "_page_path"  # url path of the page this run shows (set by app.py)

# Data the reader uploaded (this session only) and the report on the file.
USER_DATA = "user_data"
UPLOAD_REPORT = "upload_report"
UPLOAD_MODE = "upload_mode"
DEMO_BUTTON = "demo_registry_button"
# The reader's employment table (province x ISIC division), for location quotients.
EMPLOYMENT = "employment_table"
EMPLOYMENT_UPLOAD = "employment_upload"
LQ_DIVISION = "lq_division"

# The pipeline and province pages' own widgets.
PIPELINE_BREAKDOWN = "pipeline_breakdown"
PIPELINE_STAGE = "pipeline_stage"
PIPELINE_GROUP = "pipeline_group"
PROVINCE_PICK = "province_pick"
PROVINCE_PREFIX = "province_page"  # the province page's part of the address

# Widgets of the pages' bodies.
CLUSTER_TABLE = "cluster_table"
CLUSTER_MAP = "map"
# What the national map shades provinces by and sizes markers by (kept in the address).
MAP_MEASURE = "map_measure"
MAP_SIZE = "map_size"
MAP_VIEW_PREFIX = "map_view"
WORLD_MAP = "world_map"
CASE_PICK = "case_pick"
# The Export block's download buttons, one per format (``export_png`` ...).
EXPORT_PREFIX = "export_"


def filter_widget(prefix: str, filter_key: str) -> str:
    """The widget key of one filter: ``filter_widget("f_", "sector") == "f_sector"``."""
    return f"{prefix}{filter_key}"


def export_widget(fmt: str) -> str:
    """The key of the Export block's ``fmt`` button: ``export_widget("png") == "export_png"``."""
    return f"{EXPORT_PREFIX}{fmt}"


# The reader's language (``fa`` or ``en``) and its switch.
LANGUAGE = "_language"
LANGUAGE_CHANGED = "_language_changed"  # this run shows another language than the last
LANGUAGE_WIDGET = "language_switch"

# The registry version this session last showed, and whether the database answered.
SHOWN_VERSION = "_shown_version"
SEEN_LATEST = "_seen_latest"  # the latest version the watcher last saw
STORE_DOWN = "_store_down"

# The signed-in editor's session token (from mapping.store), and the draft
# being prepared for publishing (kept if a publish is refused).
EDITOR_TOKEN = "_editor_token"
EDITOR_DRAFT = "_editor_draft"

# The data documentation's container on the About page, per language: its CSS
# class (st-key-<key>) is how static/app/rtl.css sets the Persian one right to left.
DATA_DOCUMENTATION = {"en": "data_doc_en", "fa": "data_doc_fa"}
