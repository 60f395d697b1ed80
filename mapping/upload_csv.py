"""Read an uploaded CSV file (or Excel's tab-separated "Unicode Text") into a table.

Encodings: UTF-8 (with or without a byte-order mark), Windows-1256 (Persian
Excel exports), a mix of the two line by line, and UTF-16 or UTF-32 with or
without a byte-order mark. Separators: comma, semicolon or tab, chosen by
the header. Row numbers are line numbers, blank lines counted, as a text
editor shows them; a quote left open is reported with the line it opens on.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import re
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from mapping.columns import canonical_column
from mapping.i18n import N_, Message
from mapping.issues import RowNumber, ValidationIssue
from mapping.registry import REQUIRED_COLUMNS
from mapping.upload_table import (
    WHOLE_ROW,
    Limits,
    Table,
    TableBuilder,
    UploadError,
    shown,
)

DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": N_("comma"), ";": N_("semicolon"), "\t": N_("tab")}
BINARY_SNIFF_BYTES = 8_192
ENCODING_SNIFF_BYTES = 4_096
# A registry has at most 200,000 rows; more lines than this are blank lines
# or worse, and each costs parsing time.
MAX_LINES = 1_000_000
SNIFF_CHARS = 65_536  # of the first line, to choose the separator
MAX_FIELDS_PER_LINE = 16_384  # Excel's column limit
# UTF-32 marks first: UTF-32-LE's mark begins with UTF-16-LE's.
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
NOT_VALUES = " \t\"',;"  # what a line of separators only is made of
UNEXPECTED_END = "unexpected end of data"  # csv's strict-mode error at an open quote
# A line with its end (CR LF, CR or LF), as csv and text editors count lines.
LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _sniff_wide(sample: bytes) -> tuple[str, str] | None:
    """UTF-16 or UTF-32 without a byte-order mark, from where the zero bytes fall.

    Column names are ASCII, so text starts with characters whose high bytes
    are zero: every other byte (UTF-16) or three bytes in four (UTF-32).
    """
    n = len(sample) // 4 * 4
    if n < 4:
        return None
    sample = sample[:n]
    zeros = [sample[i::4].count(0) / (n // 4) for i in range(4)]
    if zeros[2] == zeros[3] == 1 and zeros[0] < 0.5:
        return "utf-32-le", "UTF-32"
    if zeros[0] == zeros[1] == 1 and zeros[3] < 0.5:
        return "utf-32-be", "UTF-32"
    even, odd = sample[0::2].count(0) / (n // 2), sample[1::2].count(0) / (n // 2)
    if odd > 0.3 and even < 0.05:
        return "utf-16-le", "UTF-16"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be", "UTF-16"
    return None


def _decode_wide(data: bytes, codec: str, label: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode(codec, errors="replace").count("\n") + 1
        raise UploadError(
            Message(
                "the file looks like {encoding} text but cannot be read from line {line} on "
                "(is it damaged or cut short?)",
                encoding=label,
                line=RowNumber(line),
            )
        ) from exc


def _decode_mixed(data: bytes) -> tuple[str, Message | str]:
    """Line by line: UTF-8 where a line is UTF-8, Windows-1256 elsewhere.

    So a file pasted together from a UTF-8 and a Windows-1256 export reads
    right. Windows-1256 maps every byte, so decoding never fails.
    """
    if data.count(b"\n") > MAX_LINES:
        raise too_many_lines()
    decoded, legacy, utf8 = [], 0, 0
    for line in data.split(b"\n"):
        if line.isascii():
            decoded.append(line.decode("ascii"))
            continue
        try:
            decoded.append(line.decode("utf-8-sig"))
            utf8 += 1
        except UnicodeDecodeError:
            decoded.append(line.decode("cp1256", errors="replace"))
            legacy += 1
    text = "\n".join(decoded)
    if not utf8:
        return text, "Windows-1256"
    return text, Message(
        "mixed encodings ({legacy} lines Windows-1256, {utf8} UTF-8)", legacy=legacy, utf8=utf8
    )


def decode_text(data: bytes) -> tuple[str, Message | str]:
    """The text of a CSV file and the name of its encoding.

    Raises
    ------
    UploadError
        For binary data, or a UTF-16/32 file that cannot be decoded.
    """
    for mark, codec, label in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            body = data[len(mark) :]
            if codec == "utf-8":
                break  # UTF-8 may still turn out mixed with Windows-1256
            return _decode_wide(body, codec, label), label
    else:
        wide = _sniff_wide(data[:ENCODING_SNIFF_BYTES])
        if wide:
            return _decode_wide(data, *wide), wide[1]
    if b"\x00" in data[:BINARY_SNIFF_BYTES]:
        raise UploadError(Message("the file holds binary data, not text; is it really a CSV file?"))
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        return _decode_mixed(data)


def too_many_lines() -> UploadError:
    """The refusal of a file with more than ``MAX_LINES`` lines."""
    return UploadError(
        Message(
            "the file has more than {limit} lines; a registry file has one line per cluster "
            "and at most a few blank lines",
            limit=MAX_LINES,
        )
    )


@dataclass(frozen=True)
class HeaderSpec:
    """The columns a table's header must name, and how a header cell reads as a column."""

    required: tuple[str, ...]
    canonical: Callable[[str], str]


REGISTRY_HEADER = HeaderSpec(tuple(REQUIRED_COLUMNS), canonical_column)
# The registry's header unless a reader of another table says otherwise
# (mapping.specialisation reads employment tables with these same readers).
_HEADER: ContextVar[HeaderSpec] = ContextVar("upload_header", default=REGISTRY_HEADER)


def current_header() -> HeaderSpec:
    """The header the readers look for now."""
    return _HEADER.get()


@contextlib.contextmanager
def expecting_header(spec: HeaderSpec) -> Iterator[None]:
    """Read tables whose header names ``spec.required`` inside the block."""
    token = _HEADER.set(spec)
    try:
        yield
    finally:
        _HEADER.reset(token)


def header_score(header: list[str]) -> int:
    """How many required column names a header row holds (in English or Persian)."""
    spec = current_header()
    names = {spec.canonical(h) for h in header}
    return sum(c in names for c in spec.required)


def check_header(header: list[str]) -> None:
    """Refuse a first row that does not name every required column."""
    spec = current_header()
    names = {spec.canonical(h) for h in header}
    missing = [c for c in spec.required if c not in names]
    if missing:
        found = ", ".join(repr(shown(h.strip())) for h in header[:8] if h.strip())
        raise UploadError(
            Message(
                "the first row must be a header naming the columns {required}; it is missing "
                "{missing} (found {found}). Download the template to see the expected layout.",
                required=", ".join(spec.required),
                missing=", ".join(missing),
                found=found or Message("nothing"),
            )
        )


class _Lines:
    """The lines of a text, counting the characters handed out.

    A line with more separators than any spreadsheet row has cells is
    refused before the csv module turns it into millions of strings.
    """

    def __init__(self, text: str, delimiter: str) -> None:
        # Slices of the text, one line at a time: io.StringIO would first copy
        # the whole text at four bytes a character.
        self._lines = (match.group() for match in LINE.finditer(text))
        self.delimiter = delimiter
        self.consumed = 0
        self.number = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.consumed += len(line)
        self.number += 1
        if len(line) > MAX_FIELDS_PER_LINE and line.count(self.delimiter) >= MAX_FIELDS_PER_LINE:
            raise UploadError(
                Message(
                    "line {line} has more than {limit} separators; no spreadsheet row has "
                    "that many cells",
                    line=RowNumber(self.number),
                    limit=MAX_FIELDS_PER_LINE,
                )
            )
        return line


def _first_line_with_values(text: str) -> str | None:
    for match in re.finditer(r"[^\r\n]+", text):
        if match.group(0).strip(NOT_VALUES):
            return match.group(0)
    return None


def _choose_delimiter(first: str) -> str:
    sample = first[:SNIFF_CHARS]
    return max(
        DELIMITERS,
        key=lambda d: (header_score(next(csv.reader([sample], delimiter=d), [])), d == ","),
    )


def _quote_issue(
    record: list[str], first: int, last: int, builder: TableBuilder, delimiter: str
) -> ValidationIssue | None:
    """A quote that swallowed the lines after it, if this multi-line row looks like one.

    A quoted value may hold line breaks; it is taken for a quote left open
    when the merged row has more cells than the header, or when one of the
    swallowed lines looks like a whole row (as many separators as the header).
    """
    width = builder.width
    at = next((j for j, cell in enumerate(record) if "\n" in cell or "\r" in cell), None)
    if at is None:
        return None
    too_long = len(record) > width and any(c.strip() for c in record[width:])
    looks_like_rows = width > 2 and any(
        line.count(delimiter) >= width - 1 for line in record[at].splitlines()[1:]
    )
    if not (too_long or looks_like_rows):
        return None
    return ValidationIssue(
        first,
        builder.names[at] if at < width else WHOLE_ROW,
        shown(record[at].splitlines()[0] if record[at].strip() else record[at]),
        Message(
            "a quote opens on line {line} and is only closed on line {end}, so lines {line} "
            "to {end} are read as one row; close the quote where the value ends, or remove it",
            line=RowNumber(first),
            end=RowNumber(last),
        ),
    )


def _open_at_end(text: str, start: int, delimiter: str) -> bool:
    """True if the text from ``start`` (the last row) ends inside a quote.

    An even number of quote characters cannot leave one open; otherwise
    csv's strict mode says whether the row ends inside a quoted value.
    """
    if text.count('"', start) % 2 == 0:
        return False
    lines = (match.group() for match in LINE.finditer(text, start))
    try:
        for _ in csv.reader(lines, delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        return UNEXPECTED_END in str(exc)
    return False


def read_csv_table(data: bytes, limits: Limits) -> Table:
    """Read CSV bytes into a table of text cells, one row per non-blank line.

    Raises
    ------
    UploadError
        When the file cannot be used at all; problems in single rows become
        issues instead.
    """
    text, encoding = decode_text(data)
    text = text.removeprefix("\ufeff")
    if max(text.count("\n"), text.count("\r")) > MAX_LINES:
        raise too_many_lines()
    first = _first_line_with_values(text)
    if first is None:
        if text.strip():
            raise UploadError(Message("the file holds only separators and blank lines, no values"))
        raise UploadError(Message("the file is empty"))
    delimiter = _choose_delimiter(first)
    # The module-wide field limit (131,072 characters) would turn one long
    # cell into an error for the whole file; long cells are reported by row
    # and column instead. Only ever raised, so other readers are unaffected.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    lines = _Lines(text, delimiter)
    reader = csv.reader(lines, delimiter=delimiter)
    builder: TableBuilder | None = None
    last_line = consumed = 0
    record: list[str] = []
    record_start = first_line = 0
    try:
        for record in reader:
            first_line, last_line = last_line + 1, reader.line_num
            record_start, consumed = consumed, lines.consumed
            if builder is None:
                if any(cell.strip() for cell in record):
                    check_header(record)
                    builder = TableBuilder([h.lstrip("\ufeff") for h in record], limits)
                continue
            kept = builder.add(first_line, record)
            if kept and last_line > first_line:
                issue = _quote_issue(record, first_line, last_line, builder, delimiter)
                if issue:
                    builder.add_issue(issue)
    except csv.Error as exc:  # not expected with these settings; reported, never raised
        raise UploadError(
            Message(
                "the CSV cannot be read at line {line}: {reason}",
                line=RowNumber(lines.number),
                reason=str(exc),
            )
        ) from exc
    if builder is None:  # the values were all inside one open quote
        raise UploadError(Message("the file holds only separators and blank lines, no values"))
    last_kept = builder.rows[-1] if builder.rows else None
    if last_kept == first_line and _open_at_end(text, record_start, delimiter):
        at = len(record) - 1
        if last_line > first_line:
            problem = Message(
                "a quote opens on line {line} and is never closed, so the rest of the file "
                "(lines {line} to {end}) is read as one row; close the quote where the "
                "value ends, or remove it",
                line=RowNumber(first_line),
                end=RowNumber(last_line),
            )
        else:
            problem = Message(
                "a quote opens on line {line} and is never closed; close the quote where the "
                "value ends, or remove it",
                line=RowNumber(first_line),
            )
        column = builder.names[at] if at < builder.width else WHOLE_ROW
        builder.add_issue(
            ValidationIssue(first_line, column, shown(record[at].splitlines()[0]), problem)
        )
    table = builder.finish()
    table.notes = [
        Message(
            "Read as {encoding} text, {delimiter}-separated.",
            encoding=encoding,
            delimiter=Message(DELIMITER_NAMES[delimiter]),
        ),
        *table.notes,
    ]
    return table
