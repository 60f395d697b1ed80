"""The cooperation programmes: one table, ``data/programmes.csv``, describes each.

A row gives the programme's code (as registries write it), its labels in
English and Persian, other spellings a registry may use (``aliases``), its
colour and the letter drawn on its markers, and — for a programme with a page
of its own — the page's path, titles, partner and the paper's words about
its contract (verbatim, spelling kept: "Laljin"). Adding a programme is
adding a row; giving it a page is filling the page columns.

A registry may name any other partner (GIZ, KOICA, a provincial programme).
Such a code is accepted as written and shown like the others: it gets a
colour from :data:`EXTRA_COLOURS` and its own initial, assigned in
alphabetical order of the codes a registry holds, so its colour does not
change as filters change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from mapping.i18n import N_
from mapping.provinces import fold_persian

PROGRAMMES_PATH = Path(__file__).resolve().parent.parent / "data" / "programmes.csv"
PAPER_CITATION = (
    "Mirhosseini, S. V. and Ghanbari, M. (2010). Investigation of Industrial Rated "
    "Clusters in Iran and Other Selected Countries"
)
# The paper in a sentence (translated where shown); the full citation is PAPER_CITATION.
PAPER_SHORT = N_("Mirhosseini & Ghanbari (2010)")
NO_PROGRAMME = "none"
# Paul Tol's "muted" scheme, minus the hues the table already uses: readable
# with colour-vision deficiencies and distinct from the Okabe-Ito colours.
EXTRA_COLOURS = ("#332288", "#88CCEE", "#117733", "#999933", "#882255", "#44AA99", "#AA4499")
ALIAS_SEPARATOR = ";"


@dataclass(frozen=True)
class ProgrammePage:
    """What a programme's own page shows about its contract."""

    url_path: str
    title_en: str
    title_fa: str
    partner_en: str
    partner_fa: str
    quote: str
    quote_fa: str  # our translation of the quote, labelled as such where shown
    source: str

    def title(self, lang: str) -> str:
        return self.title_fa if lang == "fa" else self.title_en

    def partner(self, lang: str) -> str:
        return self.partner_fa if lang == "fa" and self.partner_fa else self.partner_en


@dataclass(frozen=True)
class Programme:
    """A cooperation programme as the map and the tables show it."""

    code: str
    label_en: str
    label_fa: str
    colour: str
    glyph: str
    aliases: tuple[str, ...] = ()
    page: ProgrammePage | None = None
    known: bool = True

    def label(self, lang: str) -> str:
        """The programme's name in ``lang`` (``fa`` or ``en``)."""
        return self.label_fa if lang == "fa" else self.label_en


def _cell(row: pd.Series, column: str) -> str:
    return str(row.get(column, "") or "").strip()


def load_programmes(path: Path = PROGRAMMES_PATH) -> tuple[Programme, ...]:
    """Read the programme table.

    Raises
    ------
    ValueError
        Naming the row, column and value of a missing code or label, a
        repeated code, or a colour that is not ``#rrggbb``.
    """
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    programmes, seen = [], set()
    for index, row in table.iterrows():
        where = f"{path.name}, row {int(index) + 2}"
        for column in ("code", "label_en", "label_fa", "colour", "glyph"):
            if not _cell(row, column):
                raise ValueError(f"{where}, column {column!r}: a value is required")
        code = _cell(row, "code")
        if code in seen:
            raise ValueError(f"{where}, column 'code', value {code!r}: already used")
        colour = _cell(row, "colour")
        if len(colour) != 7 or not colour.startswith("#"):
            raise ValueError(f"{where}, column 'colour', value {colour!r}: expected #rrggbb")
        seen.add(code)
        page = None
        if _cell(row, "page"):
            page = ProgrammePage(
                url_path=_cell(row, "page"),
                title_en=_cell(row, "title_en"),
                title_fa=_cell(row, "title_fa"),
                partner_en=_cell(row, "partner_en"),
                partner_fa=_cell(row, "partner_fa"),
                quote=_cell(row, "quote"),
                quote_fa=_cell(row, "quote_fa"),
                source=_cell(row, "source"),
            )
        aliases = tuple(a.strip() for a in _cell(row, "aliases").split(ALIAS_SEPARATOR))
        programmes.append(
            Programme(
                code=code,
                label_en=_cell(row, "label_en"),
                label_fa=_cell(row, "label_fa"),
                colour=colour,
                glyph=_cell(row, "glyph"),
                aliases=tuple(a for a in aliases if a),
                page=page,
            )
        )
    return tuple(programmes)


PROGRAMMES: tuple[Programme, ...] = load_programmes()
PROGRAMMES_BY_CODE: dict[str, Programme] = {p.code: p for p in PROGRAMMES}
PROGRAMME_PAGES: tuple[Programme, ...] = tuple(p for p in PROGRAMMES if p.page)
PROGRAMME_BY_PATH: dict[str, Programme] = {p.page.url_path: p for p in PROGRAMME_PAGES if p.page}


def _key(text: str) -> str:
    return " ".join(fold_persian(str(text)).casefold().split())


@lru_cache(maxsize=1)
def _alias_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for p in PROGRAMMES:
        for name in (p.code, p.label_en, p.label_fa, *p.aliases):
            index.setdefault(_key(name), p.code)
    return index


def resolve_programme(text: str) -> str:
    """The table's code for a programme however a registry writes it.

    ``"unido"``, ``"یونیدو"`` and ``"United Nations Industrial Development
    Organization"`` all give ``"UNIDO"``; a partner the table does not know
    (``"GIZ"``) is kept as written, without surrounding spaces.
    """
    cleaned = " ".join(str(text).split())
    return _alias_index().get(_key(cleaned), cleaned)


def programme_order(codes: Iterable[str]) -> list[str]:
    """``codes`` in legend order: the table's programmes first, then others A to Z."""
    present = set(codes)
    known = [p.code for p in PROGRAMMES if p.code in present]
    return known + sorted(present - set(PROGRAMMES_BY_CODE))


def programme_styles(codes: Iterable[str]) -> dict[str, Programme]:
    """Every programme in ``codes`` with its labels, colour and letter, in legend order.

    Codes outside the table get the next colour of :data:`EXTRA_COLOURS` in
    alphabetical order (cycling when there are more) and their own initial.

    Parameters
    ----------
    codes : iterable of str
        The programme codes a registry holds (pass the whole registry's, not a
        filtered subset, so that colours stay put when filters change).
    """
    ordered = programme_order(codes)
    styles: dict[str, Programme] = {}
    extras = 0
    for code in ordered:
        if code in PROGRAMMES_BY_CODE:
            styles[code] = PROGRAMMES_BY_CODE[code]
            continue
        styles[code] = Programme(
            code=code,
            label_en=code,
            label_fa=code,
            colour=EXTRA_COLOURS[extras % len(EXTRA_COLOURS)],
            glyph=(code[:1] or "?").upper(),
            known=False,
        )
        extras += 1
    return styles


def programme_label(code: str, lang: str) -> str:
    """A programme's name in ``lang``; a code outside the table is its own name."""
    known = PROGRAMMES_BY_CODE.get(code)
    return known.label(lang) if known else code
