"""The Export block on every map page, through AppTest."""

from __future__ import annotations

import pytest

from components.keys import export_widget
from mapping.i18n import gettext
from tests.app.test_pages import open_app

MAP_PAGES = [
    "pages/national_map.py",
    "pages/unido.py",
    "pages/ipi.py",
    "pages/imm.py",
    "pages/international.py",
]
FORMATS = ("png", "pdf", "xlsx", "gpkg", "geojson")
LABELS = {
    "png": "Map image (PNG)",
    "pdf": "Map (PDF)",
    "xlsx": "Workbook (Excel)",
    "gpkg": "GeoPackage",
    "geojson": "GeoJSON (zip)",
}


def export_buttons(at) -> dict[str, object]:
    """The page's download buttons by key suffix (the element id ends with the key)."""
    found = {}
    for button in at.get("download_button"):
        for fmt in FORMATS:
            if button.proto.id.endswith(export_widget(fmt)):
                found[fmt] = button.proto
    return found


@pytest.mark.parametrize("lang", ["en", "fa"])
@pytest.mark.parametrize("page", MAP_PAGES)
def test_every_map_page_offers_every_export(page, lang):
    at = open_app(page, lang=lang)
    buttons = export_buttons(at)
    assert sorted(buttons) == sorted(FORMATS)
    for fmt, proto in buttons.items():
        assert proto.label == gettext(LABELS[fmt], lang)
        # Built only when pressed: the page hands over a deferred file, no bytes.
        assert proto.deferred_file_id and not proto.url
    assert any(gettext("Export this view", lang) in m.value for m in at.markdown)


def test_no_export_block_when_nothing_is_shown():
    at = open_app(query={"q": "no cluster is called this"})
    assert export_buttons(at) == {}


def test_buttons_keep_a_small_selection_and_refilter_a_large_one(registry):
    import pandas as pd

    from components.exports import KEEP_ROWS, _rows_source
    from mapping.filters import ClusterFilter, apply_filter

    f = ClusterFilter(programme=("none",))
    small = apply_filter(registry, f)
    assert _rows_source(f, small, registry)() is small
    copies = KEEP_ROWS // len(small) + 1
    big_registry = pd.concat([registry] * copies, ignore_index=True)
    big = apply_filter(big_registry, f)
    assert len(big) > KEEP_ROWS
    source = _rows_source(f, big, big_registry)
    held = [cell.cell_contents for cell in source.__closure__ or ()]
    assert not any(obj is big for obj in held)  # the filtered copy is not kept alive
    assert source().equals(big)
