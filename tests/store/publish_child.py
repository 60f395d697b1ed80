"""A child process for the kill test: publish N synthetic rows, stop halfway, wait to be killed.

Usage: ``python tests/store/publish_child.py DATABASE_URL N``. It prints
``ready`` once the rows are built, ``halfway`` once at least half the rows
are written inside the publishing transaction, and then blocks on stdin, so
the parent kills it while the transaction is surely open.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.synthetic import synthetic_registry
from mapping.store import Console, Store


def main() -> None:
    url, n = sys.argv[1], int(sys.argv[2])
    store = Store.open(url)
    rows = synthetic_registry(n, seed=11, provinces=store.provinces)
    print("ready", flush=True)

    def progress(done: int, total: int) -> None:
        if 2 * done >= total:
            print("halfway", done, total, flush=True)
            sys.stdin.readline()  # the parent kills us here, mid-transaction

    store.publish(
        Console("child"),
        rows,
        mode="replace",
        base_version=store.latest_version_number(),
        note="never committed",
        on_progress=progress,
    )
    print("committed", flush=True)  # must never be reached


if __name__ == "__main__":
    main()
