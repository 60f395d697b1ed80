"""Exports in a real browser: the workbook downloads from the home page, in Persian."""

from __future__ import annotations

import io

import openpyxl
import pytest
from playwright.sync_api import expect

from mapping.i18n import gettext
from tests.browser.conftest import Visit
from tools.appserver import MAP_FRAME

pytestmark = pytest.mark.browser


def test_workbook_downloads_from_the_home_page_in_persian(server, visit: Visit):
    visit.page.goto(f"{server.url}/?lang=fa&programme=IPI")
    frame = visit.page.locator(MAP_FRAME).last.content_frame
    expect(frame.locator(".leaflet-marker-icon")).to_have_count(2)
    button = visit.page.get_by_role("button", name=gettext("Workbook (Excel)", "fa"))
    with visit.page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "iran-clusters_ipi.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(download.path().read_bytes()))
    assert wb.sheetnames == [
        gettext(n, "fa") for n in ("Clusters", "Provinces", "This view", "Sources")
    ]
    clusters = wb.worksheets[0]
    assert clusters.sheet_view.rightToLeft
    assert [c.value for c in clusters[1]][1] == gettext("Cluster", "fa")
    names = [row[1] for row in clusters.iter_rows(min_row=2, values_only=True)]
    assert names == ["خوشه صنعتی نساجی یزد", "خوشه صنعتی سرامیک یزد"]
    view = " ".join(str(v) for row in wb.worksheets[2].iter_rows(values_only=True) for v in row)
    assert "IPI (ایتالیا)" in view
    # Downloading built the file on the server and left the page as it was.
    expect(frame.locator(".leaflet-marker-icon")).to_have_count(2)
    assert visit.outside_requests() == []
    assert visit.page_errors == []
