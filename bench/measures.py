"""The map with the issue 14 measures against the map as it was, in one run.

Builds a seeded synthetic registry of 10,000 clusters with every tracked
field filled, then times filter + map build + HTML render, alternating:

* **as before**: provinces shaded by cluster count, every marker the same
  size, no province links (``build_cluster_map`` with its defaults, the
  code path the app had before the measures);
* **with measures**: provinces shaded by firms (with the "not stated"
  counts), markers sized by employees, province links to their profiles.

Prints both medians and their ratio; the target is a ratio of at most 1.2::

    python -m bench.measures [--n 10000] [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from mapping.demo import synthetic_registry
from mapping.filters import ClusterFilter, apply_filter
from mapping.join import clusters_to_points, summarise_provinces
from mapping.maps import build_cluster_map
from mapping.measures import province_measure
from mapping.provinces import load_provinces
from mapping.registry import prepare_columns, validate_registry
from mapping.search import with_search_text

SEED = 14
TARGET_RATIO = 1.2
SHOW_ALL = ClusterFilter()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    provinces = load_provinces()
    raw = prepare_columns(synthetic_registry(args.n, SEED, provinces, full=True), "synthetic")
    registry = with_search_text(validate_registry(raw, provinces).valid)

    def before() -> int:
        shown = apply_filter(registry, SHOW_ALL)
        m = build_cluster_map(
            summarise_provinces(provinces, shown), clusters_to_points(shown, provinces)
        )
        return len(m.get_root().render().encode("utf-8"))

    def with_measures() -> int:
        shown = apply_filter(registry, SHOW_ALL)
        summary = province_measure(summarise_provinces(provinces, shown), shown, "firms")
        m = build_cluster_map(
            summary,
            clusters_to_points(shown, provinces),
            measure="firms",
            size_by="employees",
            province_links=True,
        )
        return len(m.get_root().render().encode("utf-8"))

    timings: dict[Callable[[], int], list[float]] = {before: [], with_measures: []}
    sizes = {before(): "before", with_measures(): "measures"}  # warm caches, as a server would
    for _ in range(args.runs):
        for build, times in timings.items():  # alternate, so load on the machine hits both
            start = time.perf_counter()
            build()
            times.append(time.perf_counter() - start)
    before_s = statistics.median(timings[before])
    measures_s = statistics.median(timings[with_measures])
    ratio = measures_s / before_s
    payload = {label: size for size, label in sizes.items()}
    print(f"{args.n:,} synthetic clusters (seed {SEED}), median of {args.runs} runs each")
    print(
        f"as before (count, same-size markers): {before_s * 1000:.0f} ms, "
        f"{payload['before'] / 1e6:.2f} MB of HTML"
    )
    print(
        f"with measures (firms, sized by employees, links): {measures_s * 1000:.0f} ms, "
        f"{payload['measures'] / 1e6:.2f} MB of HTML"
    )
    print(f"ratio {ratio:.2f} (target at most {TARGET_RATIO})")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
