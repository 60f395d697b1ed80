"""Read an uploaded .xlsx workbook into a table, without trusting anything in it.

A 100 KB workbook can declare a sheet of a billion cells (``<dimension>``),
hold a shared string that expands to gigabytes, or a zip member a thousand
times its compressed size. So the workbook is read with the standard
library's streaming XML parser (expat), not a spreadsheet library:

* the zip directory, the declared member sizes and their compression ratios
  are checked before anything is decompressed (zipfile never inflates past
  the declared size: more data fails the CRC check);
* a document type declaration (the vehicle of entity expansion and external
  entities) is refused; Office files never have one;
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
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from typing import IO
from xml.parsers import expat

from mapping.i18n import Message
from mapping.issues import JoinedMessages, RowNumber
from mapping.registry import REQUIRED_COLUMNS
from mapping.upload_csv import check_header, header_score
from mapping.upload_table import Limits, Table, TableBuilder, UploadError, shown

MAX_XML_BYTES = 256 * 2**20  # all parts read, decompressed
MAX_COMPRESSION_RATIO = 200  # legitimate sheets compress 5 to 50 times
RATIO_CHECKED_ABOVE = 2**20  # small parts may compress as they like
MAX_XML_ELEMENTS = 8_000_000  # about 6 s of parsing on a busy core; 7.4 million for
# 200,000 rows of the 18-column template saved by Excel (shared strings)
MAX_ZIP_DIRECTORY_BYTES = 2**20
MAX_SHEET_COLUMN = 16_384  # XFD, Excel's last column
READ_CHUNK = 2**16
END_OF_DIRECTORY = b"PK\x05\x06"
DEFAULT_WORKBOOK = "xl/workbook.xml"
OFFICE_DOCUMENT = "/officeDocument"
SHARED_STRINGS = "/sharedStrings"
CELL_REFERENCE = re.compile(r"([A-Za-z]{1,3})(\d*)")
INTEGER = re.compile(r"-?\d{1,15}")
DIGITS = "0123456789"


def damaged(reason: Message) -> UploadError:
    return UploadError(Message("the Excel file cannot be opened ({reason})", reason=reason))


class _StopSheet(Exception):
    """Raised from a handler to stop parsing a sheet that has no registry header."""


class _NotXml(Exception):
    """A part that is not well-formed XML: where expat stopped, and why."""

    def __init__(self, part: str, reason: str, line: int, column: int) -> None:
        super().__init__(part, reason, line, column)
        self.part, self.reason, self.line, self.column = part, reason, line, column

    def message(self) -> UploadError:
        return damaged(
            Message(
                "the part {part} is not well-formed XML: {reason} at line {line}, column {column}",
                part=self.part,
                reason=self.reason,
                line=RowNumber(self.line),
                column=RowNumber(self.column),
            )
        )


class _Budget:
    """Bytes decompressed and XML elements parsed so far, against their limits."""

    def __init__(self) -> None:
        self.bytes = 0
        self.elements = 0

    def element(self) -> None:
        self.elements += 1
        if self.elements > MAX_XML_ELEMENTS:
            raise UploadError(
                Message(
                    "the workbook has more than {limit} cells and other XML elements; save "
                    "the sheet as CSV (UTF-8) and upload that, or split it",
                    limit=MAX_XML_ELEMENTS,
                )
            )


def _check_directory(data: bytes) -> None:
    """Refuse a zip whose central directory alone would take much memory to list."""
    at = data.rfind(END_OF_DIRECTORY, max(0, len(data) - 65_558))
    if at < 0 or len(data) < at + 22:
        raise damaged(Message("it is not a complete zip archive"))
    entries, size = struct.unpack("<HI", data[at + 10 : at + 16])
    if size > MAX_ZIP_DIRECTORY_BYTES or entries == 0xFFFF:
        raise damaged(Message("its zip directory is far larger than any workbook's"))


def _member(book: zipfile.ZipFile, name: str, budget: _Budget) -> zipfile.ZipInfo:
    try:
        info = book.getinfo(name)
    except KeyError as exc:
        raise damaged(Message("the part {part} is missing", part=name)) from exc
    if budget.bytes + info.file_size > MAX_XML_BYTES:
        raise UploadError(
            Message(
                "the workbook expands to more than {limit} MB when unpacked; save the sheet as "
                "CSV (UTF-8) and upload that",
                limit=MAX_XML_BYTES // 2**20,
            )
        )
    if info.file_size > RATIO_CHECKED_ABOVE and info.file_size > MAX_COMPRESSION_RATIO * max(
        info.compress_size, 1
    ):
        raise UploadError(
            Message(
                "the part {part} of the workbook is compressed {ratio} times, far more than "
                "any real sheet; it looks like a zip bomb",
                part=name,
                ratio=info.file_size // max(info.compress_size, 1),
            )
        )
    budget.bytes += info.file_size
    return info


_LOCAL: dict[str, str] = {}  # element name as written -> without its namespace prefix


def local_name(tag: str) -> str:
    """``x:row`` -> ``row``; cached, as handlers run once per XML element."""
    name = _LOCAL.get(tag)
    if name is None:
        name = _LOCAL[tag] = tag.rpartition(":")[2]
    return name


class _Handler:
    """Expat handlers for one part. Subclasses count each element against the budget.

    Handlers run once per XML event, millions of times for a big sheet, so
    they do their own counting and name lookups inline rather than through
    a wrapper.
    """

    def __init__(self, budget: _Budget) -> None:
        self.budget = budget
        self.parser: expat.XMLParserType | None = None

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        raise NotImplementedError

    end: Callable[[str], None] | None = None
    text: Callable[[str], None] | None = None


class _Starts(_Handler):
    """Calls ``on_start(local name, attributes)`` for each element of a small part."""

    def __init__(self, budget: _Budget, on_start: Callable[[str, dict[str, str]], None]) -> None:
        super().__init__(budget)
        self.on_start = on_start

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.budget.element()
        self.on_start(local_name(tag), attrs)


def _parse(book: zipfile.ZipFile, name: str, budget: _Budget, handler: _Handler) -> None:
    """Stream one part through expat with ``handler``; a DOCTYPE is refused."""
    info = _member(book, name, budget)
    parser = expat.ParserCreate()
    parser.buffer_text = True
    handler.parser = parser

    def refuse_doctype(*_: object) -> None:
        raise damaged(Message("the part {part} declares a document type", part=name))

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    parser.StartElementHandler = handler.start
    if handler.end is not None:
        parser.EndElementHandler = handler.end
    if handler.text is not None:
        parser.CharacterDataHandler = handler.text
    try:
        with book.open(info) as stream:
            _feed(parser, stream)
    except expat.ExpatError as exc:
        raise _NotXml(name, expat.ErrorString(exc.code), exc.lineno, exc.offset + 1) from exc
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise damaged(
            Message("the part {part} is corrupt: {reason}", part=name, reason=str(exc))
        ) from exc
    except (RuntimeError, NotImplementedError) as exc:  # encrypted, or an unknown compression
        raise damaged(
            Message("the part {part} cannot be unpacked: {reason}", part=name, reason=str(exc))
        ) from exc


def _feed(parser: expat.XMLParserType, stream: IO[bytes]) -> None:
    while chunk := stream.read(READ_CHUNK):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _relationships(book: zipfile.ZipFile, part: str, budget: _Budget) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, target part name) for ``part``."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    found: dict[str, tuple[str, str]] = {}
    if rels_name not in set(book.namelist()):
        return found

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "Relationship" and "Id" in attrs and "Target" in attrs:
            target = attrs["Target"]
            target = target[1:] if target.startswith("/") else posixpath.join(folder, target)
            found[attrs["Id"]] = (attrs.get("Type", ""), posixpath.normpath(target))

    _parse(book, rels_name, budget, _Starts(budget, start))
    return found


def _workbook_part(book: zipfile.ZipFile, budget: _Budget) -> str:
    for kind, target in _relationships(book, "", budget).values():
        if kind.endswith(OFFICE_DOCUMENT):
            return target
    return DEFAULT_WORKBOOK


def _sheets(book: zipfile.ZipFile, workbook: str, budget: _Budget) -> list[tuple[str, str]]:
    """(sheet name, part name) in the workbook's order."""
    listed: list[tuple[str, str]] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "sheet":
            rid = next((v for k, v in attrs.items() if k.rpartition(":")[2] == "id"), "")
            listed.append((attrs.get("name", "?"), rid))

    _parse(book, workbook, budget, _Starts(budget, start))
    rels = _relationships(book, workbook, budget)
    return [(name, rels[rid][1]) for name, rid in listed if rid in rels]


def _shared_strings(
    book: zipfile.ZipFile, workbook: str, budget: _Budget, limits: Limits
) -> list[str]:
    relationships = _relationships(book, workbook, budget).values()
    part = next((t for kind, t in relationships if kind.endswith(SHARED_STRINGS)), None)
    if part is None or part not in set(book.namelist()):
        return []
    reader = _SharedStrings(budget, limits)
    _parse(book, part, budget, reader)
    return reader.strings


class _SharedStrings(_Handler):
    """The texts of ``<si>`` elements, counted as they expand."""

    def __init__(self, budget: _Budget, limits: Limits) -> None:
        super().__init__(budget)
        self.limits = limits
        self.strings: list[str] = []
        self.pieces: list[str] = []
        self.phonetic = 0
        self.chars = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.budget.element()
        tag = _LOCAL.get(tag) or local_name(tag)
        if tag == "si":
            self.pieces = []
        elif tag == "t" and not self.phonetic:
            self.parser.CharacterDataHandler = self.pieces.append  # type: ignore[union-attr]
        elif tag == "rPh":
            self.phonetic += 1

    def end(self, tag: str) -> None:
        tag = _LOCAL.get(tag) or local_name(tag)
        if tag == "t":
            self.parser.CharacterDataHandler = None  # type: ignore[union-attr]
        elif tag == "si":
            value = "".join(self.pieces)
            self.chars += len(value)
            if self.chars > self.limits.max_text_chars:
                raise UploadError(
                    Message(
                        "the workbook's shared text holds more than {limit} characters; "
                        "a registry file this large cannot be read",
                        limit=self.limits.max_text_chars,
                    )
                )
            self.strings.append(value)
        elif tag == "rPh":
            self.phonetic -= 1


_COLUMNS: dict[str, int] = {}  # column letters as written -> 0-based index


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


class _SheetReader(_Handler):
    """Expat handlers that turn a sheet's XML into rows for a TableBuilder.

    Only start tags are handled (an end handler would double the calls): a
    cell ends where the next cell or row starts, a row where the next row
    starts or the sheet ends (:meth:`finish`). Text is collected only inside
    ``<v>`` and ``<t>``, never in a formula (``<f>``) or after a phonetic
    run (``<rPh>``, which comes last in a cell).
    """

    def __init__(self, budget: _Budget, shared: list[str], limits: Limits) -> None:
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
        tag = _LOCAL.get(tag) or local_name(tag)
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
            if header_score(header) < len(REQUIRED_COLUMNS):
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
    _check_directory(data)
    budget = _Budget()
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise damaged(Message("{reason}", reason=str(exc))) from exc
    with book:
        try:
            workbook = _workbook_part(book, budget)
            sheets = _sheets(book, workbook, budget)
            shared = _shared_strings(book, workbook, budget, limits)
        except _NotXml as exc:
            raise exc.message() from exc
        seen = []
        for position, (name, part) in enumerate(sheets):
            reader = _SheetReader(budget, shared, limits)
            try:
                _parse(book, part, budget, reader)
                reader.finish()
            except _StopSheet:
                pass
            except _NotXml as exc:
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
            required=", ".join(REQUIRED_COLUMNS),
            sheets=JoinedMessages(seen, separator="; ") if seen else Message("none"),
        )
    )
