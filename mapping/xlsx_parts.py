"""The package layer of an uploaded .xlsx: zip checks, XML parts, shared strings.

Nothing here trusts the file. The zip directory, the declared member sizes
and their compression ratios are checked before anything is decompressed
(zipfile never inflates past the declared size: more data fails the CRC
check); every part is parsed with expat, streaming, with a document type
declaration refused (the vehicle of entity expansion and external entities;
Office files never have one); every XML element counts against one budget
for the whole workbook. :mod:`mapping.upload_xlsx` reads the sheets on top.
"""

from __future__ import annotations

import posixpath
import struct
import zipfile
import zlib
from collections.abc import Callable
from typing import IO
from xml.parsers import expat

from mapping.i18n import Message
from mapping.issues import RowNumber
from mapping.upload_table import Limits, UploadError

MAX_XML_BYTES = 256 * 2**20  # all parts read, decompressed
MAX_COMPRESSION_RATIO = 200  # legitimate sheets compress 5 to 50 times
RATIO_CHECKED_ABOVE = 2**20  # small parts may compress as they like
MAX_XML_ELEMENTS = 8_000_000  # about 6 s of parsing on a busy core; 7.4 million for
# 200,000 rows of the 18-column template saved by Excel (shared strings)
MAX_ZIP_DIRECTORY_BYTES = 2**20
READ_CHUNK = 2**16
END_OF_DIRECTORY = b"PK\x05\x06"
DEFAULT_WORKBOOK = "xl/workbook.xml"
OFFICE_DOCUMENT = "/officeDocument"
SHARED_STRINGS = "/sharedStrings"


def damaged(reason: Message) -> UploadError:
    """The refusal of a workbook that cannot be opened, saying why."""
    return UploadError(Message("the Excel file cannot be opened ({reason})", reason=reason))


class NotXml(Exception):
    """A part that is not well-formed XML: where expat stopped, and why."""

    def __init__(self, part: str, reason: str, line: int, column: int) -> None:
        super().__init__(part, reason, line, column)
        self.part, self.reason, self.line, self.column = part, reason, line, column

    def message(self) -> UploadError:
        """The refusal naming the part and where expat stopped."""
        return damaged(
            Message(
                "the part {part} is not well-formed XML: {reason} at line {line}, column {column}",
                part=self.part,
                reason=self.reason,
                line=RowNumber(self.line),
                column=RowNumber(self.column),
            )
        )


class Budget:
    """Bytes decompressed and XML elements parsed so far, against their limits."""

    def __init__(self) -> None:
        self.bytes = 0
        self.elements = 0

    def element(self) -> None:
        """Count one XML element; refuse the workbook past ``MAX_XML_ELEMENTS``."""
        self.elements += 1
        if self.elements > MAX_XML_ELEMENTS:
            raise UploadError(
                Message(
                    "the workbook has more than {limit} cells and other XML elements; save "
                    "the sheet as CSV (UTF-8) and upload that, or split it",
                    limit=MAX_XML_ELEMENTS,
                )
            )


def check_directory(data: bytes) -> None:
    """Refuse a zip whose central directory alone would take much memory to list."""
    at = data.rfind(END_OF_DIRECTORY, max(0, len(data) - 65_558))
    if at < 0 or len(data) < at + 22:
        raise damaged(Message("it is not a complete zip archive"))
    entries, size = struct.unpack("<HI", data[at + 10 : at + 16])
    if size > MAX_ZIP_DIRECTORY_BYTES or entries == 0xFFFF:
        raise damaged(Message("its zip directory is far larger than any workbook's"))


def _member(book: zipfile.ZipFile, name: str, budget: Budget) -> zipfile.ZipInfo:
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


LOCAL: dict[str, str] = {}  # element name as written -> without its namespace prefix


def local_name(tag: str) -> str:
    """``x:row`` -> ``row``; cached, as handlers run once per XML element."""
    name = LOCAL.get(tag)
    if name is None:
        name = LOCAL[tag] = tag.rpartition(":")[2]
    return name


class Handler:
    """Expat handlers for one part. Subclasses count each element against the budget.

    Handlers run once per XML event, millions of times for a big sheet, so
    they do their own counting and name lookups inline rather than through
    a wrapper.
    """

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.parser: expat.XMLParserType | None = None

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        raise NotImplementedError

    end: Callable[[str], None] | None = None
    text: Callable[[str], None] | None = None


class _Starts(Handler):
    """Calls ``on_start(local name, attributes)`` for each element of a small part."""

    def __init__(self, budget: Budget, on_start: Callable[[str, dict[str, str]], None]) -> None:
        super().__init__(budget)
        self.on_start = on_start

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.budget.element()
        self.on_start(local_name(tag), attrs)


def parse_part(book: zipfile.ZipFile, name: str, budget: Budget, handler: Handler) -> None:
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
        raise NotXml(name, expat.ErrorString(exc.code), exc.lineno, exc.offset + 1) from exc
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


def _relationships(book: zipfile.ZipFile, part: str, budget: Budget) -> dict[str, tuple[str, str]]:
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

    parse_part(book, rels_name, budget, _Starts(budget, start))
    return found


def workbook_part(book: zipfile.ZipFile, budget: Budget) -> str:
    """The name of the workbook part, from the package relationships (or the usual one)."""
    for kind, target in _relationships(book, "", budget).values():
        if kind.endswith(OFFICE_DOCUMENT):
            return target
    return DEFAULT_WORKBOOK


def list_sheets(book: zipfile.ZipFile, workbook: str, budget: Budget) -> list[tuple[str, str]]:
    """(sheet name, part name) in the workbook's order."""
    listed: list[tuple[str, str]] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "sheet":
            rid = next((v for k, v in attrs.items() if k.rpartition(":")[2] == "id"), "")
            listed.append((attrs.get("name", "?"), rid))

    parse_part(book, workbook, budget, _Starts(budget, start))
    rels = _relationships(book, workbook, budget)
    return [(name, rels[rid][1]) for name, rid in listed if rid in rels]


def shared_strings(
    book: zipfile.ZipFile, workbook: str, budget: Budget, limits: Limits
) -> list[str]:
    """The workbook's shared texts in order (``t="s"`` cells index them), counted as read."""
    relationships = _relationships(book, workbook, budget).values()
    part = next((t for kind, t in relationships if kind.endswith(SHARED_STRINGS)), None)
    if part is None or part not in set(book.namelist()):
        return []
    reader = _SharedStrings(budget, limits)
    parse_part(book, part, budget, reader)
    return reader.strings


class _SharedStrings(Handler):
    """The texts of ``<si>`` elements, counted as they expand."""

    def __init__(self, budget: Budget, limits: Limits) -> None:
        super().__init__(budget)
        self.limits = limits
        self.strings: list[str] = []
        self.pieces: list[str] = []
        self.phonetic = 0
        self.chars = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.budget.element()
        tag = LOCAL.get(tag) or local_name(tag)
        if tag == "si":
            self.pieces = []
        elif tag == "t" and not self.phonetic:
            self.parser.CharacterDataHandler = self.pieces.append  # type: ignore[union-attr]
        elif tag == "rPh":
            self.phonetic += 1

    def end(self, tag: str) -> None:
        tag = LOCAL.get(tag) or local_name(tag)
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
