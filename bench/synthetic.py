"""Seeded synthetic cluster registries, for benchmarks and scale tests (command line).

The generator lives in :mod:`mapping.demo` (the app's demonstration registry
uses it too); this module writes one to a CSV file::

    python -m bench.synthetic 100000 /tmp/clusters-100k.csv [--seed 0] [--full]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from mapping.demo import synthetic_registry

# The sizes bench/run.py compares the map at (issue 17: 1k to 1M).
BENCH_SIZES = (1_000, 10_000, 100_000, 1_000_000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic registry CSV.")
    parser.add_argument("n", type=int)
    parser.add_argument("output", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--full", action="store_true", help="fill every tracked field too")
    args = parser.parse_args(argv)
    synthetic_registry(args.n, args.seed, full=args.full).to_csv(args.output, index=False)
    print(f"wrote {args.n} clusters to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
