"""What a spreadsheet cell can hold, and text made safe to write into one.

Shared by the reading side (an uploaded cell holding a control character is
reported) and the writing side (every CSV and Excel file the app writes has
such characters removed and formulas neutralised, headers included).
"""

from __future__ import annotations

import re

# Characters XML 1.0 (so .xlsx) cannot hold and spreadsheets choke on: C0
# controls other than tab, line feed and carriage return, the two
# non-characters, and lone surrogates (which no UTF-8 writer can encode).
SPREADSHEET_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Excel refuses longer cells; longer text is cut when written to .xlsx.
EXCEL_MAX_CELL_CHARS = 32_767
# Text starting with one of these is run as a formula by Excel or LibreOffice.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CONTROL_PICTURES_START = 0x2400  # U+2400 SYMBOL FOR NULL, then one symbol per C0 control
REPLACEMENT = "\ufffd"


def strip_illegal(text: str) -> str:
    """``text`` without the characters a spreadsheet cell cannot hold."""
    return SPREADSHEET_ILLEGAL.sub("", text)


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return chr(CONTROL_PICTURES_START + code) if code < 0x20 else REPLACEMENT


def visible_controls(text: str) -> str:
    """``text`` with each illegal character shown as a visible symbol (␁ for U+0001).

    Used to quote a bad value in a message: the reader sees where the
    character is, and the message itself stays writable anywhere.
    """
    return SPREADSHEET_ILLEGAL.sub(_picture, text)


def neutralise_formula(value: object) -> object:
    """Prefix text that Excel would run as a formula with an apostrophe.

    Numbers are left alone: only strings starting with ``=``, ``+``, ``-``,
    ``@``, tab or carriage return are changed.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_text(value: str) -> str:
    """Text ready for a cell: illegal characters removed, then formulas neutralised.

    The order matters: removing ``\\x01`` from ``\\x01=cmd`` leaves a formula.
    """
    return str(neutralise_formula(strip_illegal(value)))
