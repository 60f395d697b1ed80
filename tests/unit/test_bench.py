"""The benchmark's own logic: when a peer is skipped, what the report says,
and the proxy that counts bytes on the wire."""

from __future__ import annotations

import http.server
import threading
import urllib.request

import pytest

from bench import report
from bench.proxy import CountingProxy
from bench.run import PEERS, Results, skip_reason


@pytest.fixture
def results() -> Results:
    return Results((1_000, 10_000, 100_000, 1_000_000), PEERS)


def test_a_peer_is_skipped_when_its_scaled_build_exceeds_the_cap(results):
    folium = results.cell("folium", 10_000)
    folium.server_s = 8.0  # about 80 s at 100,000
    assert skip_reason(results, PEERS[1], 100_000) == (
        "skipped: about 80 s a build expected (cap 60 s)"
    )
    assert skip_reason(results, PEERS[1], 10_000) is None  # nothing smaller measured


def test_a_peer_is_skipped_over_the_message_limit_or_the_browser_cap(results):
    deck = results.cell("pydeck", 100_000)
    deck.server_s, deck.raw_bytes = 1.0, 30 * 2**20
    assert "a message of about 300 MB expected" in skip_reason(results, PEERS[5], 1_000_000)
    small, slow = results.cell("explore", 1_000), results.cell("explore", 10_000)
    small.server_s, small.nav_s = 0.1, [3.0]
    slow.server_s, slow.nav_s = 0.5, [12.0, 11.0, 13.0]
    # 3 s at 1,000 and 12 s at 10,000: 1 ms a point more, so about 102 s at 100,000.
    assert skip_reason(results, PEERS[2], 100_000) == (
        "skipped: about 102 s to draw expected (cap 90 s)"
    )
    # A map whose drawing time does not grow with its points is not skipped.
    flat = results.cell("st_map", 1_000), results.cell("st_map", 10_000)
    for cell in flat:
        cell.server_s, cell.nav_s = 0.05, [40.0]
    assert skip_reason(results, PEERS[4], 100_000) is None


def test_a_skip_carries_over_to_larger_sizes(results):
    results.cell("folium", 100_000).notes.append("skipped: too slow")
    assert skip_reason(results, PEERS[1], 1_000_000) == "skipped, as at 100,000"


def test_report_has_ratios_and_verdicts(results):
    ours, deck = results.cell("ours", 10_000), results.cell("pydeck", 10_000)
    ours.server_s, ours.cached_s, ours.nav_s, ours.filter_s = 0.1, 0.01, [2.5], [0.4]
    ours.raw_bytes, ours.gzip_bytes, ours.heap_bytes = 90_000, 40_000, 20_000_000
    deck.server_s, deck.nav_s, deck.filter_s, deck.raw_bytes = 0.3, [3.0], [0.8], 900_000
    deck.gzip_bytes = 300_000
    text = report.render(results)
    assert "| 10,000 | 100 / 10 |" in text  # first build / cached, ms
    assert "88 / 39 (9.0 / 4.0)" in text  # KiB and bytes a point
    assert "10,000: navigation → drawn ≤ 2.0 s | 2.50 s | **missed** |" in text
    assert "10,000: filter → repainted ≤ 0.5 s | 0.40 s | met |" in text
    assert "10,000: filter faster than pydeck | 0.40 s vs 0.80 s | met |" in text
    assert "| 10,000 | – | – | – | – | 2.0× |" in text  # filter ratio: pydeck is 2× slower


def test_proxy_counts_what_the_server_sends(tmp_path):
    (tmp_path / "data.bin").write_bytes(b"x" * 100_000)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    proxy = CountingProxy(server.server_address[1])
    try:
        with urllib.request.urlopen(f"{proxy.url}/data.bin", timeout=10) as response:
            assert len(response.read()) == 100_000
        assert 100_000 < proxy.http_bytes < 101_000  # the body and its headers
        assert proxy.websocket_bytes == 0
        proxy.reset()
        assert proxy.http_bytes == 0
    finally:
        proxy.stop()
        server.shutdown()
