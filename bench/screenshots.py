"""Pictures of the map at scale, to look at: ``python -m bench.screenshots``.

For 10,000 and 100,000 seeded synthetic clusters (the benchmark's
registries), the national view (the density view and its legend) and, at
100,000, a view zoomed in far enough for the points to come back. Written to
``bench/screenshots/``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bench.run import hover_target, registry_csv
from tools.appserver import (
    CHROMIUM,
    CHROMIUM_ARGS,
    MAP_FRAME,
    ROOT,
    AppServer,
    wait_for_clusters_drawn,
)

OUT = ROOT / "bench" / "screenshots"
VIEWPORT = {"width": 1400, "height": 1000}
ZOOMED = 9  # around the benchmark's hover target: points, not hexagons


def shoot(browser, n: int, out: Path, zoom_in: bool) -> list[Path]:
    csv = registry_csv(n)
    app = AppServer(env={"CLUSTER_REGISTRY": str(csv)}, ready_timeout=600)
    written = []
    try:
        page = browser.new_page(viewport=VIEWPORT)
        page.goto(app.url)
        wait_for_clusters_drawn(page, n, timeout_ms=300_000)
        frame = page.locator(MAP_FRAME).last
        frame.scroll_into_view_if_needed()
        path = out / f"map-{n // 1000}k-national.png"
        frame.screenshot(path=str(path))
        written.append(path)
        if zoom_in:
            lat, lon = hover_target(csv)
            body = frame.content_frame.locator("body")
            body.evaluate(
                "(_, [lat, lon, z]) => window.map.setView([lat, lon], z, {animate: false})",
                [lat, lon, ZOOMED],
            )
            frame.content_frame.locator("[data-cluster-view]").first.wait_for()
            path = out / f"map-{n // 1000}k-zoom{ZOOMED}.png"
            frame.screenshot(path=str(path))
            written.append(path)
        page.close()
    finally:
        app.stop()
    return written


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUT)
    args = parser.parse_args(argv)
    args.output.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n, zoom_in in ((10_000, False), (100_000, True)):
            for path in shoot(browser, n, args.output, zoom_in):
                print(f"wrote {path}")
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
