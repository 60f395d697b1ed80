"""Read one upload the way the Your data page does, in a process of its own.

``python -m tests.upload_corpus.probe FILE`` validates the file, builds the
rejected-rows table and both of its downloads (CSV and Excel), and prints
one JSON line: the outcome, the wall-clock and CPU seconds it took, and the
process's peak resident memory. With ``--baseline`` it only imports the
modules and loads what the page has loaded beforehand (the province outlines
and the file's bytes), so the parent can subtract that peak from the measured
one.

Run it through ``sh`` (``tests/unit/test_upload_limits.py`` does): a process
started directly by a big test process inherits that process's high-water
mark (``ru_maxrss`` survives ``exec`` after ``vfork``), one forked by a
small shell starts clean.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from mapping.export import frame_to_csv, frame_to_xlsx  # noqa: E402
from mapping.i18n import use_language  # noqa: E402
from mapping.provinces import load_provinces  # noqa: E402
from mapping.registry import rejected_rows_frame  # noqa: E402
from mapping.upload import UploadError, validate_upload  # noqa: E402


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--baseline", action="store_true")
    args = parser.parse_args()
    provinces = load_provinces()
    data = args.path.read_bytes()
    if args.baseline:
        print(json.dumps({"baseline": len(data), "peak_mb": peak_mb()}))
        return 0
    started, cpu_started = time.perf_counter(), time.process_time()
    with use_language("en"):
        try:
            result = validate_upload(args.path.name, data, provinces)
            rejected = rejected_rows_frame(result)
            downloads = len(frame_to_csv(rejected)) + len(frame_to_xlsx(rejected, "rejected"))
            outcome = {
                "read": result.n_read,
                "valid": len(result.valid),
                "rejected": len(result.rejected_rows),
                "issues": len(result.issues),
                "first_issue": str(result.issues[0]) if result.issues else None,
                "download_bytes": downloads,
            }
        except UploadError as exc:
            outcome = {"refused": str(exc)}
    outcome["seconds"] = time.perf_counter() - started
    outcome["cpu_seconds"] = time.process_time() - cpu_started
    outcome["peak_mb"] = peak_mb()
    print(json.dumps(outcome, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
