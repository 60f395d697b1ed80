"""pytest imports test files by basename (rootdir import mode): two test files
with one name in different folders stop the whole run at collection. CI failed
on exactly that once (tests/app and tests/browser both had test_editors.py)."""

from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def test_every_test_file_name_is_unique():
    names = Counter(p.name for p in TESTS.rglob("test_*.py"))
    repeated = sorted(name for name, count in names.items() if count > 1)
    assert repeated == [], f"test files share a name across folders: {repeated}"
