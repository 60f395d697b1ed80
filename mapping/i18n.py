"""The interface language: message catalogues, lazy messages, numbers and dates.

Every user-facing string is English in the code, marked for extraction, and
translated in a gettext catalogue (``locales/<lang>/LC_MESSAGES/messages.po``)
managed with Babel (``python scripts/i18n.py`` extracts and updates). The
catalogues are read from the ``.po`` files when first needed, so there is no
compile step to forget.

Three ways to mark a string:

* ``_("text")`` translates now, in the current language;
* ``N_("text")`` only marks it (for tables of labels translated later);
* ``Message("row {row}: {problem}", row=3, problem=...)`` keeps the text and
  its parameters and renders them when shown, in the reader's language.
  Validation problems are Messages, so one report reads in Persian or English.

The current language is a context variable: the app sets it at the top of
each script run (each Streamlit session runs in its own thread), tests and
command-line tools use :func:`use_language`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import Iterator
from contextvars import ContextVar
from functools import lru_cache
from numbers import Number
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

ROOT = Path(__file__).resolve().parent.parent
LOCALES_DIR = ROOT / "locales"
DOMAIN = "messages"
LANGUAGES = ("fa", "en")
DEFAULT_LANGUAGE = "fa"
RTL_LANGUAGES = frozenset({"fa"})
LANGUAGE_NAMES = {"fa": "فارسی", "en": "English"}

_current: ContextVar[str] = ContextVar("interface_language", default=DEFAULT_LANGUAGE)

# Persian digits for text in Persian; Babel formats numbers with the
# locale's separators but always with ASCII digits.
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def check_language(lang: str) -> str:
    """Return ``lang`` if the interface has it, else raise ``ValueError``."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown interface language {lang!r}; expected one of {LANGUAGES}")
    return lang


def get_language() -> str:
    """The language of the current script run (or command)."""
    return _current.get()


def set_language(lang: str) -> None:
    """Make ``lang`` the language of everything rendered from now on in this context."""
    _current.set(check_language(lang))


@contextlib.contextmanager
def use_language(lang: str) -> Iterator[None]:
    """Render in ``lang`` inside the block, then restore the previous language."""
    token = _current.set(check_language(lang))
    try:
        yield
    finally:
        _current.reset(token)


def is_rtl(lang: str | None = None) -> bool:
    """True when ``lang`` (default: the current language) reads right to left."""
    return (lang or get_language()) in RTL_LANGUAGES


def catalogue_path(lang: str) -> Path:
    return LOCALES_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=len(LANGUAGES))
def translations(lang: str) -> Translations:
    """The catalogue of ``lang``, compiled in memory from its ``.po`` file."""
    with catalogue_path(check_language(lang)).open("rb") as f:
        catalog = read_po(f, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def gettext(msgid: str, lang: str | None = None) -> str:
    """``msgid`` in ``lang`` (default: the current language)."""
    return translations(lang or get_language()).gettext(msgid)


def ngettext(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    """The singular or plural form of a message for ``n``, in ``lang``."""
    return translations(lang or get_language()).ngettext(singular, plural, n)


_ = gettext


def N_(msgid: str) -> str:
    """Mark ``msgid`` for extraction without translating it (it is translated where shown)."""
    return msgid


def digits(text: str, lang: str | None = None) -> str:
    """ASCII digits in ``text`` as the digits of ``lang`` (Persian digits in Persian)."""
    return text.translate(_PERSIAN_DIGITS) if (lang or get_language()) == "fa" else text


def format_number(value: Number, lang: str | None = None, decimals: int | None = None) -> str:
    """A number with the separators and digits of ``lang``: ``123,456`` or ``۱۲۳٬۴۵۶``.

    Parameters
    ----------
    value : number
        The number to show.
    lang : str, optional
        ``fa`` or ``en``; default the current language.
    decimals : int, optional
        Fixed number of decimals; by default as many as the value needs (up to 3).
    """
    lang = lang or get_language()
    pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    text = format_decimal(value, format=pattern, locale=lang, numbering_system="default")
    return digits(text, lang)


def format_date(day: dt.date, lang: str | None = None) -> str:
    """A date as its reader writes it: Solar Hijri in Persian, Gregorian in English.

    The Persian form carries the Gregorian date after it, in parentheses, so
    a date can be matched against sources of either calendar.
    """
    import jdatetime  # only needed where a date is shown

    lang = lang or get_language()
    if isinstance(day, dt.datetime):
        day = day.date()
    gregorian = f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"
    if lang != "fa":
        return gregorian
    solar = jdatetime.date.fromgregorian(date=day)
    persian = f"{solar.day} {_MONTHS_FA[solar.month - 1]} {solar.year}"
    return digits(f"{persian} ({day.year}-{day.month:02d}-{day.day:02d})", lang)


_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTHS_FA = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)


# The Persian alphabet in dictionary order; Unicode code points put پ چ ژ گ
# after the Arabic letters, which is not how a Persian reader looks them up.
_PERSIAN_ALPHABET = "آاأبپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
_PERSIAN_RANK = {ch: i for i, ch in enumerate(_PERSIAN_ALPHABET)}


def sort_key(text: str, lang: str | None = None) -> tuple:
    """A key that sorts ``text`` alphabetically for a reader of ``lang``."""
    if (lang or get_language()) != "fa":
        return (text.casefold(),)
    return tuple(_PERSIAN_RANK.get(ch, 100 + ord(ch)) for ch in text)


def display(value: object, lang: str | None = None) -> str:
    """A message parameter as text in ``lang``: messages rendered, numbers localised.

    Strings are left exactly as they are: a value quoted from a user's file
    must reach the reader unchanged, digits included.
    """
    lang = lang or get_language()
    if isinstance(value, Message):
        return value.render(lang)
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, Number):
        return format_number(value, lang)
    if isinstance(value, dt.date):
        return format_date(value, lang)
    return str(value)


class Message:
    """A translatable message with named parameters, rendered when shown.

    ``Message("row {row}: expected {what}", row=3, what=Message("a year"))``
    renders as ``row 3: expected a year`` in English and in Persian from the
    catalogue, with the row number in Persian digits. Parameters may be
    Messages themselves; numbers are formatted for the language; strings are
    inserted unchanged.

    For a count, give the plural form too: ``Message("{n} cluster",
    plural="{n} clusters", n=4)`` (the count is the parameter ``n``).
    """

    __slots__ = ("msgid", "params", "plural")

    def __init__(self, msgid: str, /, *, plural: str | None = None, **params: object) -> None:
        self.msgid = msgid
        self.plural = plural
        self.params = params

    def render(self, lang: str | None = None) -> str:
        """The message in ``lang`` (default: the current language)."""
        lang = lang or get_language()
        if self.plural is None:
            text = gettext(self.msgid, lang)
        else:
            text = ngettext(self.msgid, self.plural, int(self.params["n"]), lang)
        if not self.params:
            return text
        return text.format(**{k: display(v, lang) for k, v in self.params.items()})

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"Message({self.msgid!r}, {self.params!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Message):
            return (self.msgid, self.plural, self.params) == (
                other.msgid,
                other.plural,
                other.params,
            )
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.msgid, self.plural, tuple(sorted(map(str, self.params.items())))))


def nmessage(singular: str, plural: str, /, n: int, **params: object) -> Message:
    """A Message for a count: singular or plural form chosen for ``n`` when rendered."""
    return Message(singular, plural=plural, n=n, **params)
