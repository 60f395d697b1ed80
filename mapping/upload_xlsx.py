"""Read an uploaded .xlsx workbook into a table, without trusting anything in it.

A 100 KB workbook can declare a sheet of a billion cells (``<dimension>``),
hold a shared string that expands to gigabytes, or a zip member a thousand
times its compressed size. So the workbook is read with the standard
library's streaming XML parser (expat), not a spreadsheet library:

* the zip container and every XML part are checked and parsed by
  :mod:`mapping.xlsx_parts` (sizes, ratios, no document type declaration);
* sheets are parsed row by row, ignoring ``<dimension>``: only cells present
  in the file exist, and every XML element counts against a limit;
* cell text goes through :class:`~mapping.upload_table.TableBuilder`, which
  counts the characters read, so a shared string referenced a million times
  is refused, not copied a million times.

Row numbers are the sheet's own (``<row r="5">``), so they match what Excel
shows. Only cached values are read: formulas are not evaluated, and dates
come as Excel's day numbers (the registry has no date columns).
"""

from __future__ import annotations

import io
import re
import zipfile

from mapping.i18n import Message
from mapping.issues import JoinedMessages, RowNumber
from mapping.upload_csv import check_header, current_header, header_score
from mapping.upload_table import Limits, Table, TableBuilder, UploadError, shown
from mapping.xlsx_parts import (
    LOCAL,
    MAX_XML_ELEMENTS,
    Budget,
    Handler,
    NotXml,
    check_directory,
    damaged,
    list_sheets,
    local_name,
    parse_part,
    shared_strings,
    workbook_part,
)

MAX_SHEET_COLUMN = 16_384  # XFD, Excel's last column
CELL_REFERENCE = re.compile(r"([A-Za-z]{1,3})(\d*)")
INTEGER = re.compile(r"-?\d{1,15}")
DIGITS = "0123456789"
_COLUMNS: dict[str, int] = {}  # column letters as written -> 0-based index


class _StopSheet(Exception):
    """Raised from a handler to stop parsing a sheet that has no registry header."""


def column_index(reference: str) -> int | None:
    """0-based column of a cell reference such as ``AB12``; None if it is not one."""
    letters = reference.rstrip(DIGITS)
    index = _COLUMNS.get(letters)
    if index is not None:
        return index
    match = CELL_REFERENCE.fullmatch(reference)
    if not match:
        return None
    index = 0
    for letter in match.group(1).upper():
        index = index * 26 + ord(letter) - 64
    if index > MAX_SHEET_COLUMN:
        return None
    _COLUMNS[letters] = index - 1  # at most 16,384 columns in 8 letter cases
    return index - 1


def _number_text(value: str) -> str:
    """A number as Excel shows it in a General cell: ``34.30158``, ``3100``."""
    if INTEGER.fullmatch(value):
        return value
    try:
        number = float(value)
    except ValueError:
        return value
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)


class _SheetReader(Handler):
    """Expat handlers that turn a sheet's XML into rows for a TableBuilder.

    Only start tags are handled (an end handler would double the calls): a
    cell ends where the next cell or row starts, a row where the next row
    starts or the sheet ends (:meth:`finish`). Text is collected only inside
    ``<v>`` and ``<t>``, never in a formula (``<f>``) or after a phonetic
    run (``<rPh>``, which comes last in a cell).
    """

    def __init__(self, budget: Budget, shared: list[str], limits: Limits) -> None:
        super().__init__(budget)
        self.shared = shared
        self.limits = limits
        self.builder: TableBuilder | None = None
        self.first_row: list[str] = []
        self.row = 0
        self.in_row = False
        self.cells: dict[int, str] = {}
        self.column = -1
        self.kind: str | None = None  # the open cell's type; None: no cell open
        self.pieces: list[str] = []
        self.phonetic = False

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        budget = self.budget
        budget.elements += 1
        if budget.elements > MAX_XML_ELEMENTS:
            budget.element()  # raises
        tag = LOCAL.get(tag) or local_name(tag)
        parser = self.parser
        if tag == "c":
            if self.kind is not None:
                self._cell()
            reference = attrs.get("r")
            at = _COLUMNS.get(reference.rstrip(DIGITS)) if reference else None
            if at is None and reference:
                at = column_index(reference)
            self.column = self.column + 1 if at is None else at
            self.kind = attrs.get("t", "n")
            self.phonetic = False
            parser.CharacterDataHandler = None  # type: ignore[union-attr]
        elif tag == "v" or tag == "t":
            if not self.phonetic:
                parser.CharacterDataHandler = self.pieces.append  # type: ignore[union-attr]
        elif tag == "row":
            self.finish()
            number = attrs.get("r", "")
            self.row = int(number) if number.isdigit() else self.row + 1
            self.in_row = True
            self.column = -1
        else:
            self.phonetic = self.phonetic or tag == "rPh"
            parser.CharacterDataHandler = None  # type: ignore[union-attr]

    def finish(self) -> None:
        """Close the open cell and row (at the next row, and at the end of the sheet)."""
        if self.kind is not None:
            self._cell()
        if self.in_row:
            self.in_row = False
            self._row()
            self.cells = {}

    def _cell(self) -> None:
        kind = self.kind
        self.kind = None
        if not self.pieces:
            return
        raw = "".join(self.pieces)
        self.pieces = []
        if kind == "s":
            try:
                value = self.shared[int(raw)]
            except (ValueError, IndexError) as exc:
                raise damaged(
                    Message(
                        "row {row} refers to shared text {index}, which does not exist",
                        row=RowNumber(self.row),
                        index=raw[:20],
                    )
                ) from exc
        elif kind == "b":
            value = "TRUE" if raw.strip() == "1" else "FALSE"
        elif kind == "n" and raw:
            value = _number_text(raw.strip())
        else:
            value = raw
        if value:
            self.cells[self.column] = value

    def _row(self) -> None:
        if not self.cells:
            return
        if self.builder is None:
            width = max(self.cells) + 1
            header = [self.cells.get(j, "") for j in range(width)]
            if not "".join(header).strip():
                return
            self.first_row = header
            if header_score(header) < len(current_header().required):
                raise _StopSheet
            check_header(header)
            self.builder = TableBuilder(header, self.limits, controls_possible=False)
            return
        width = self.builder.width
        cells = [self.cells.get(j, "") for j in range(width)]
        cells += [v for j, v in sorted(self.cells.items()) if j >= width and v.strip()]
        self.builder.add(self.row, cells)


def read_xlsx_table(data: bytes, limits: Limits) -> tuple[Table, list[Message]]:
    """Read the first sheet of a workbook that has a registry header.

    Returns
    -------
    Table, list of Message
        The rows, and notes saying which sheet was read.

    Raises
    ------
    UploadError
        When the workbook is damaged, too large once unpacked, or has no
        sheet with a registry header.
    """
    check_directory(data)
    budget = Budget()
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise damaged(Message("{reason}", reason=str(exc))) from exc
    with book:
        try:
            workbook = workbook_part(book, budget)
            sheets = list_sheets(book, workbook, budget)
            shared = shared_strings(book, workbook, budget, limits)
        except NotXml as exc:
            raise exc.message() from exc
        seen = []
        for position, (name, part) in enumerate(sheets):
            reader = _SheetReader(budget, shared, limits)
            try:
                parse_part(book, part, budget, reader)
                reader.finish()
            except _StopSheet:
                pass
            except NotXml as exc:
                raise damaged(
                    Message(
                        "the sheet {sheet} is not well-formed XML after its row {row}: {reason}",
                        sheet=repr(name),
                        row=RowNumber(reader.row),
                        reason=exc.reason,
                    )
                ) from exc
            if reader.builder is None:
                first = ", ".join(shown(h) for h in reader.first_row[:5] if h)
                seen.append(Message("{sheet} (first row: {cells})", sheet=repr(name), cells=first))
                continue
            notes = [Message("Read the Excel sheet {sheet}.", sheet=repr(name))]
            if position:
                notes.append(
                    Message(
                        "The first sheet, {first}, has no registry header, so the data was "
                        "taken from {sheet}.",
                        first=repr(sheets[0][0]),
                        sheet=repr(name),
                    )
                )
            return reader.builder.finish(), notes
    raise UploadError(
        Message(
            "no sheet has a header naming the columns {required}. Sheets: {sheets}.",
            required=", ".join(current_header().required),
            sheets=JoinedMessages(seen, separator="; ") if seen else Message("none"),
        )
    )
