"""Rows of an uploaded file, checked as they arrive and stored compactly.

The CSV and Excel readers hand each non-blank row to a :class:`TableBuilder`
with the row number the user sees. The builder squares it to the header,
reports what a spreadsheet could not hold (control characters, cells longer
than ``max_cell_chars``, cells beyond the header) by row and column, enforces
the limits, and keeps the cells as Arrow string columns, a few bytes per
cell instead of a Python object each.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa

from mapping.cells import SPREADSHEET_ILLEGAL, strip_illegal, visible_controls
from mapping.i18n import Message
from mapping.issues import JoinedMessages, RowNumber, ValidationIssue

CHUNK_ROWS = 8_192  # rows kept as Python lists before they become Arrow columns
VALUE_SHOWN = 80  # characters of a long value quoted in a message
MAX_HEADER_CHARS = 1_000
BIG_ROW_CHARS = 65_536  # above this, rows are checked cell by cell instead of joined
WHOLE_ROW = "(whole row)"
OVERFLOW_COLUMN = "(cells beyond the header)"


class UploadError(ValueError):
    """A file that cannot be read as a registry; the message says why.

    ``message`` is a translatable Message (or plain text); ``str(exc)``
    renders it in the current language.
    """

    def __init__(self, message: Message | str) -> None:
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class Limits:
    """What one upload may hold; every reader refuses a file beyond them."""

    max_rows: int
    max_columns: int
    max_cell_chars: int
    max_text_chars: int  # all cells together, as read (an .xlsx may expand)
    max_issues: int


@dataclass
class Table:
    """Text cells indexed by row number, problems found while reading, and notes."""

    frame: pd.DataFrame
    issues: list[ValidationIssue] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)


def shown(value: str) -> str:
    """A value as quoted in a message: control characters visible, long text cut."""
    if len(value) <= VALUE_SHOWN:
        return visible_controls(value)
    return visible_controls(value[:VALUE_SHOWN]) + "…"


def too_many_rows(limit: int) -> UploadError:
    """The refusal of a file with more than ``limit`` data rows."""
    return UploadError(
        Message("the file has more than {limit} rows; split it into smaller files", limit=limit)
    )


class TableBuilder:
    """Collect rows under a header, checking each one.

    Parameters
    ----------
    header : list of str
        The header cells as read; blank cells at the end are dropped.
    limits : Limits
        The upload's limits.
    controls_possible : bool
        False when the source cannot hold control characters (XML), which
        skips the per-row search.
    """

    def __init__(self, header: list[str], limits: Limits, controls_possible: bool = True) -> None:
        header = list(header)
        while header and not header[-1].strip():
            header.pop()
        if len(header) > limits.max_columns:
            raise UploadError(
                Message(
                    "the header has {n} columns; a registry file may have at most {limit}",
                    n=len(header),
                    limit=limits.max_columns,
                )
            )
        self.notes: list[Message] = []
        names = []
        for j, cell in enumerate(header):
            if len(cell) > MAX_HEADER_CHARS:
                raise UploadError(
                    Message(
                        "column {column} of the header is {length} characters long; "
                        "a column name may have at most {limit}",
                        column=j + 1,
                        length=len(cell),
                        limit=MAX_HEADER_CHARS,
                    )
                )
            if SPREADSHEET_ILLEGAL.search(cell):
                self.notes.append(
                    Message(
                        "Column {column} of the header, {name}, held control characters; "
                        "they were removed.",
                        column=j + 1,
                        name=repr(shown(cell)),
                    )
                )
                cell = strip_illegal(cell)
            names.append(cell.strip().lstrip("\ufeff") or f"(unnamed column {j + 1})")
        self.names = names
        self.width = len(names)
        self.limits = limits
        self.controls_possible = controls_possible
        self.issues: list[ValidationIssue] = []
        self.rows: list[int] = []
        self.overflow: dict[int, str] = {}  # position -> cells beyond the header
        self.text_chars = 0
        self._pending: list[list[str]] = []
        self._chunks: list[list[pa.Array]] = [[] for _ in names]

    def add_issue(self, issue: ValidationIssue) -> None:
        """Record a problem found while reading; refuse the file past ``max_issues``."""
        self.issues.append(issue)
        if len(self.issues) > self.limits.max_issues:
            raise UploadError(
                Message(
                    "the file has more than {limit} problems before it is even checked "
                    "(the first: {first}); is it a cluster registry laid out like the template?",
                    limit=self.limits.max_issues,
                    first=JoinedMessages(self.issues[:1]),
                )
            )

    def add(self, row: int, cells: list[str]) -> bool:
        """Add one row as read; blank rows are skipped. True if the row was kept."""
        size = sum(map(len, cells))
        if size < BIG_ROW_CHARS:
            if not "".join(cells).strip():
                return False
        elif not any(cell.strip() for cell in cells):  # no copy of a huge row
            return False
        if len(self.rows) >= self.limits.max_rows:
            raise too_many_rows(self.limits.max_rows)
        width = self.width
        if len(cells) > width:
            extra = [cell for cell in cells[width:] if cell.strip()]
            if extra:
                self.overflow[len(self.rows)] = "; ".join(extra)
                self.add_issue(
                    ValidationIssue(
                        row,
                        WHOLE_ROW,
                        shown("; ".join(extra)),
                        Message(
                            "expected at most {width} cells, as in the header; this row has "
                            "{count} (a separator inside an unquoted value?)",
                            width=width,
                            count=len(cells),
                        ),
                    )
                )
            cells = cells[:width]
        elif len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        self._check_cells(row, cells, size)
        self._pending.append(cells)
        self.rows.append(row)
        if len(self._pending) >= CHUNK_ROWS:
            self._flush()
        return True

    def _check_cells(self, row: int, cells: list[str], size: int) -> None:
        self.text_chars += size
        if self.text_chars > self.limits.max_text_chars:
            raise UploadError(
                Message(
                    "the cells hold more than {limit} characters in all (by row {row}); "
                    "a registry file this large cannot be read",
                    limit=self.limits.max_text_chars,
                    row=RowNumber(row),
                )
            )
        if size > self.limits.max_cell_chars:
            for j, cell in enumerate(cells):
                if len(cell) > self.limits.max_cell_chars:
                    self.add_issue(
                        ValidationIssue(
                            row,
                            self.names[j],
                            shown(cell),
                            Message(
                                "the cell holds {length} characters, more than the {limit} "
                                "a cell may hold",
                                length=len(cell),
                                limit=self.limits.max_cell_chars,
                            ),
                        )
                    )
        if not self.controls_possible:
            return
        if size < BIG_ROW_CHARS:
            suspect = SPREADSHEET_ILLEGAL.search("\n".join(cells)) is not None
        else:
            suspect = any(SPREADSHEET_ILLEGAL.search(cell) for cell in cells)
        if suspect:
            for j, cell in enumerate(cells):
                found = sorted(set(SPREADSHEET_ILLEGAL.findall(cell)))
                if found:
                    self.add_issue(
                        ValidationIssue(
                            row,
                            self.names[j],
                            shown(cell),
                            Message(
                                "the cell holds control characters ({characters}) that "
                                "spreadsheets cannot store; remove them",
                                characters=", ".join(f"U+{ord(c):04X}" for c in found),
                            ),
                        )
                    )

    def _flush(self) -> None:
        if not self._pending:
            return
        for j, column in enumerate(zip(*self._pending, strict=True)):
            self._chunks[j].append(pa.array(column, type=pa.string()))
        self._pending = []

    def finish(self) -> Table:
        """The rows as a frame of text cells indexed by row number."""
        self._flush()
        columns = {
            j: pd.Series(pa.chunked_array(chunks, type=pa.string()), dtype="str")
            for j, chunks in enumerate(self._chunks)
        }
        frame = pd.DataFrame(columns)
        frame.columns = self.names
        if self.overflow:
            frame[OVERFLOW_COLUMN] = [self.overflow.get(i, "") for i in range(len(self.rows))]
        frame.index = pd.Index(self.rows, dtype="int64", name="row")
        return Table(frame, self.issues, self.notes)
