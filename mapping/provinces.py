"""Iran's 31 provinces: names, name resolution and the geometry file.

Province identity is the current ISO 3166-2 code (``IR-00`` ... ``IR-30``, as
in ``pycountry``, and as OpenStreetMap tags the province boundaries). Natural
Earth still carries the codes from before the 2021 renumbering (Tehran and
Alborz are both ``IR-07`` there), so those old codes are deliberately *not*
accepted as input: they would be ambiguous.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pycountry

PROVINCES_PATH = Path(__file__).resolve().parent.parent / "data" / "iran_provinces.geojson"
PROVINCE_COLUMNS = ["iso_code", "name_en", "name_fa"]
CRS = "EPSG:4326"


@dataclass(frozen=True)
class Province:
    """One province: its current ISO code, display names and accepted spellings."""

    iso_code: str
    name_en: str
    name_fa: str
    aliases: tuple[str, ...] = ()


# English display names follow common usage; Persian names are OpenStreetMap's
# ``name:fa`` without the word استان ("province"), which Natural Earth shares.
# Aliases are the spellings users actually type: OSM's ``name:en``, Natural
# Earth's ``name``/``name_alt``, older transliterations and English forms.
# pycountry's official romanisations are added at lookup time.
PROVINCES: tuple[Province, ...] = (
    Province("IR-00", "Markazi", "مرکزی", ("Central", "Markazi Province")),
    Province("IR-01", "Gilan", "گیلان", ("Guilan", "Gīlān")),
    Province("IR-02", "Mazandaran", "مازندران", ("Mazenderan", "Mazandaran")),
    Province(
        "IR-03",
        "East Azerbaijan",
        "آذربایجان شرقی",
        (
            "East Azarbaijan",
            "East Azarbayejan",
            "Azarbaijan-e Sharqi",
            "Azarbayjan-e Sharqi",
            "Azerbaijan-e Sharqi",
            "Azarbaijan-e Sharghi",
            "Azarbaijan-Sharqi",
            "Azarbayjan-e Khavari",
            "Eastern Azerbaijan",
        ),
    ),
    Province(
        "IR-04",
        "West Azerbaijan",
        "آذربایجان غربی",
        (
            "West Azarbaijan",
            "West Azarbayejan",
            "Azarbaijan-e Gharbi",
            "Azarbayjan-e Gharbi",
            "Azerbaijan-e Gharbi",
            "Azarbayjan-e Bakhtari",
            "Western Azerbaijan",
        ),
    ),
    Province("IR-05", "Kermanshah", "کرمانشاه", ("Bakhtaran", "Kermanshahan")),
    Province("IR-06", "Khuzestan", "خوزستان", ("Khuzistan", "Khouzestan", "Kouzistan")),
    Province("IR-07", "Fars", "فارس", ("Pars",)),
    Province("IR-08", "Kerman", "کرمان", ()),
    Province(
        "IR-09",
        "Razavi Khorasan",
        "خراسان رضوی",
        ("Khorasan-e Razavi", "Khorasan Razavi", "Khorasan Razavi Province"),
    ),
    Province("IR-10", "Isfahan", "اصفهان", ("Esfahan", "Ispahan", "Isfahan")),
    Province(
        "IR-11",
        "Sistan and Baluchestan",
        "سیستان و بلوچستان",
        (
            "Sistan va Baluchestan",
            "Sistan and Baluchistan",
            "Seistan and Baluchistan",
            "Sistan-Baluchestan",
            "Baluchestan va Sistan",
        ),
    ),
    Province("IR-12", "Kurdistan", "کردستان", ("Kordestan", "Kurdestan")),
    Province("IR-13", "Hamadan", "همدان", ("Hamedan",)),
    Province(
        "IR-14",
        "Chaharmahal and Bakhtiari",
        "چهارمحال و بختیاری",
        (
            "Chahar Mahall and Bakhtiari",
            "Chahar Mahal and Bakhtiari",
            "Chaharmahal va Bakhtiari",
            "Chahar Mahal va Bakhtiari",
            "Chaharmahal va Bakhtiyari",
            "Charmahal-Bakhtiyari",
            "Chaharmahal-Bakhtiari",
        ),
    ),
    Province("IR-15", "Lorestan", "لرستان", ("Luristan",)),
    Province("IR-16", "Ilam", "ایلام", ()),
    Province(
        "IR-17",
        "Kohgiluyeh and Boyer-Ahmad",
        "کهگیلویه و بویراحمد",
        (
            "Kohgiluyeh and Buyer Ahmad",
            "Kohgiluyeh and Boyer Ahmad",
            "Kohgiluyeh va Boyer Ahmad",
            "Kohgiluyeh va Bowyer Ahmad",
            "Kohkiluyeh and Boyer Ahmad",
            "Kohgiluye and Boyer Ahmad",
            "Kohgiluye and Buyer Ahmad",
        ),
    ),
    Province("IR-18", "Bushehr", "بوشهر", ("Bushire", "Busheher")),
    Province("IR-19", "Zanjan", "زنجان", ()),
    Province("IR-20", "Semnan", "سمنان", ()),
    Province("IR-21", "Yazd", "یزد", ("Yezd",)),
    Province("IR-22", "Hormozgan", "هرمزگان", ("Hormozgan",)),
    Province("IR-23", "Tehran", "تهران", ("Teheran",)),
    Province("IR-24", "Ardabil", "اردبیل", ("Ardebil",)),
    Province("IR-25", "Qom", "قم", ("Ghom", "Qum")),
    Province("IR-26", "Qazvin", "قزوین", ("Ghazvin",)),
    Province("IR-27", "Golestan", "گلستان", ()),
    Province(
        "IR-28",
        "North Khorasan",
        "خراسان شمالی",
        ("Khorasan-e Shomali", "Khorasan-e Shemali", "Northern Khorasan"),
    ),
    Province(
        "IR-29",
        "South Khorasan",
        "خراسان جنوبی",
        ("Khorasan-e Jonubi", "Khorasan-e Janubi", "Southern Khorasan"),
    ),
    Province("IR-30", "Alborz", "البرز", ()),
)

PROVINCES_BY_CODE: dict[str, Province] = {p.iso_code: p for p in PROVINCES}

# Arabic-script letters that Persian text written on Arabic keyboards uses
# instead of the Persian ones, and invisible marks that do not change a name.
_PERSIAN_FOLD = str.maketrans(
    {
        "\u064a": "\u06cc",  # Arabic yeh -> Persian yeh
        "\u0649": "\u06cc",  # alef maksura -> Persian yeh
        "\u0643": "\u06a9",  # Arabic kaf -> Persian keheh
        "\u0629": "\u0647",  # teh marbuta -> heh
        "\u0623": "\u0627",  # alef with hamza above -> alef
        "\u0625": "\u0627",  # alef with hamza below -> alef
        "\u200c": " ",  # zero-width non-joiner
        "\u200d": None,  # zero-width joiner
        "\u0640": None,  # tatweel
    }
)
_ARABIC_DIACRITICS = re.compile("[\u064b-\u0652\u0670]")
_LATIN_STOPWORDS = {"province", "ostan", "ostane", "e", "ye", "the", "of"}
_PERSIAN_STOPWORDS = {"استان"}


def fold_persian(text: str) -> str:
    """Fold Arabic-keyboard letters and invisible marks to plain Persian.

    Parameters
    ----------
    text : str
        Any text; non-Persian characters pass through unchanged.

    Returns
    -------
    str
        The text with Arabic yeh/kaf replaced by Persian ones, tatweel and
        harakat removed, and zero-width non-joiners turned into spaces.
    """
    return _ARABIC_DIACRITICS.sub("", text.translate(_PERSIAN_FOLD))


def normalise_name(name: str) -> str:
    """Reduce a place name to a comparison key.

    Latin text loses case, diacritics, punctuation, the Persian ezafe ``-e``
    and words such as "province"/"ostan"; ``va`` counts as ``and``. Persian
    text is folded (see :func:`fold_persian`) and loses the word استان.
    Spaces are removed last, so "Chahar Mahal" and "Chaharmahal" meet.

    Parameters
    ----------
    name : str
        A province name as a user wrote it.

    Returns
    -------
    str
        The comparison key (may be empty).
    """
    text = fold_persian(unicodedata.normalize("NFKC", str(name)))
    decomposed = unicodedata.normalize("NFKD", text)
    # Strip combining marks from Latin letters only: Persian letters such as
    # آ decompose into alef + madda, which must survive.
    kept = []
    for ch in decomposed:
        if unicodedata.combining(ch) and kept and kept[-1].isascii():
            continue
        kept.append(ch)
    text = unicodedata.normalize("NFC", "".join(kept)).casefold()
    tokens = re.split(r"[^\w]+", text)
    out = []
    for token in tokens:
        if not token or token in _LATIN_STOPWORDS or token in _PERSIAN_STOPWORDS:
            continue
        out.append("and" if token in {"va", "wa", "&"} else token)
    return "".join(out)


class UnknownProvinceError(ValueError):
    """Raised when a province name cannot be resolved; carries suggestions."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown province {name!r}.{hint}")


@lru_cache(maxsize=1)
def _alias_index() -> dict[str, str]:
    """Map every normalised spelling to its ISO code."""
    index: dict[str, str] = {}
    official = {s.code: s.name for s in pycountry.subdivisions.get(country_code="IR")}
    for p in PROVINCES:
        names = [p.iso_code, p.name_en, p.name_fa, *p.aliases]
        if p.iso_code in official:
            names.append(official[p.iso_code])
        for n in names:
            key = normalise_name(n)
            other = index.setdefault(key, p.iso_code)
            if other != p.iso_code:  # pragma: no cover - guards the table above
                raise RuntimeError(f"alias {n!r} is claimed by {other} and {p.iso_code}")
    return index


def resolve_province(name: str, suggest: bool = True) -> str:
    """Return the ISO 3166-2 code of the province a user named.

    Accepts English names and common transliterations, pycountry's official
    romanisations, Persian script (with or without استان, with Arabic or
    Persian forms of ی and ک) and current ISO codes such as ``IR-13``.

    Parameters
    ----------
    name : str
        The province as written.
    suggest : bool
        Look for the closest names when nothing matches (the slow part);
        False raises with no suggestions.

    Returns
    -------
    str
        The current ISO 3166-2 code, e.g. ``"IR-13"`` for Hamadan.

    Raises
    ------
    UnknownProvinceError
        If nothing matches; the message suggests the closest province names.
    """
    key = normalise_name(name)
    index = _alias_index()
    if key in index:
        return index[key]
    if not suggest:
        raise UnknownProvinceError(str(name), [])
    close = difflib.get_close_matches(key, list(index), n=6, cutoff=0.6)
    suggestions: list[str] = []
    for k in close:
        english = PROVINCES_BY_CODE[index[k]].name_en
        if english not in suggestions:
            suggestions.append(english)
    raise UnknownProvinceError(str(name), suggestions[:3])


def province_name(iso_code: str, lang: str = "en") -> str:
    """Display name of a province by ISO code, in English (``en``) or Persian (``fa``)."""
    p = PROVINCES_BY_CODE[iso_code]
    return p.name_fa if lang == "fa" else p.name_en


def load_provinces(path: Path = PROVINCES_PATH) -> gpd.GeoDataFrame:
    """Read the province geometry file.

    Parameters
    ----------
    path : Path
        A GeoJSON file with one feature per province and the properties
        ``iso_code``, ``name_en`` and ``name_fa``.

    Returns
    -------
    geopandas.GeoDataFrame
        31 rows in EPSG:4326, sorted by ISO code.

    Raises
    ------
    ValueError
        If the file lacks a property or does not hold exactly Iran's 31
        provinces, naming what is wrong.
    """
    gdf = gpd.read_file(path)
    missing = [c for c in PROVINCE_COLUMNS if c not in gdf.columns]
    if missing:
        raise ValueError(f"{path}: missing properties {missing}; expected {PROVINCE_COLUMNS}")
    codes = set(gdf["iso_code"])
    expected = set(PROVINCES_BY_CODE)
    if codes != expected or len(gdf) != len(expected):
        raise ValueError(
            f"{path}: expected one feature per province {sorted(expected)}, "
            f"got {len(gdf)} features; missing {sorted(expected - codes)}, "
            f"unexpected {sorted(codes - expected)}"
        )
    if gdf.crs is None:
        gdf = gdf.set_crs(CRS)
    return gdf.to_crs(CRS).sort_values("iso_code").reset_index(drop=True)
