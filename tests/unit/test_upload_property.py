"""Property test: whatever CSV is generated, no row is lost, refusals are clean and
what is written back is safe."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mapping.cells import FORMULA_START, SPREADSHEET_ILLEGAL
from mapping.export import frame_to_csv, frame_to_xlsx
from mapping.registry import REGISTRY_COLUMNS, REQUIRED_COLUMNS, rejected_rows_frame
from mapping.upload import UploadError, validate_upload

CELL = st.one_of(
    st.text(max_size=12),
    st.text(alphabet="\x00\x01\x0b\x1b\"',;\t\r\n=+-@ab", max_size=8),
    st.sampled_from(
        ["Hamadan", "یزد", "IR-13", "UNIDO", "none", "34.3", "۳۴٫۳", "48.8", "", "=1+1"]
    ),
)
# The required columns (so files get past the header and are validated),
# some others, in any order.
OTHER_COLUMNS = [c for c in REGISTRY_COLUMNS if c not in REQUIRED_COLUMNS] + ["extra", "نام", "=x"]
COLUMNS = st.lists(st.sampled_from(OTHER_COLUMNS), max_size=4, unique=True).flatmap(
    lambda others: st.permutations([*REQUIRED_COLUMNS, *others])
)


@st.composite
def tables(draw):
    columns = draw(COLUMNS)
    rows = draw(
        st.lists(st.lists(CELL, min_size=len(columns), max_size=len(columns) + 2), max_size=12)
    )
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(columns)
    writer.writerows(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1256", "utf-16", "utf-32-le"]))
    return out.getvalue().encode(encoding, errors="replace")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=tables())
def test_parser_and_validator_never_lose_a_row(data, provinces):
    try:
        result = validate_upload("generated.csv", data, provinces)
    except UploadError as exc:
        assert str(exc)  # a clear refusal is an allowed outcome
        return
    assert len(result.valid) + len(result.rejected_rows) == result.n_read
    assert set(result.rejected_rows) <= set(result.raw.index)  # rows as the user sees them
    rejected = rejected_rows_frame(result)
    for data in (frame_to_csv(rejected), frame_to_xlsx(rejected)):
        assert data  # writing back never fails, whatever the cells hold
    cells = [
        c
        for row in csv.reader(io.StringIO(frame_to_csv(rejected).decode("utf-8-sig")))
        for c in row
    ]
    assert not [c for c in cells if c.startswith(FORMULA_START) or SPREADSHEET_ILLEGAL.search(c)]
