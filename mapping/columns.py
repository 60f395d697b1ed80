"""Column names as people write them: the registry's own, or their Persian headers.

A registry file may name its columns in English (``cluster_id``, ``province``)
or in Persian (``شناسه``, ``استان``); :func:`canonical_column` gives the
registry's name for either (letters folded as for search: Arabic keyboard
forms, zero-width non-joiners, extra spaces). Headers the registry does not
know are kept as written (extra columns are allowed and ignored).
"""

from __future__ import annotations

from functools import lru_cache

from mapping.provinces import fold_persian

# Persian headers -> registry column. The Persian template uses the first of each.
PERSIAN_HEADERS: dict[str, tuple[str, ...]] = {
    "cluster_id": ("شناسه", "شناسه خوشه"),
    "name_en": ("نام انگلیسی", "نام انگلیسی خوشه"),
    "name_fa": ("نام فارسی", "نام خوشه", "نام"),
    "name_in_paper": ("نام در منبع",),
    "sector": ("بخش", "بخش (انگلیسی)"),
    "sector_fa": ("بخش فارسی", "بخش (فارسی)"),
    "isic_code": ("کد آیسیک", "کد ISIC", "آیسیک"),
    "isic_title": ("عنوان آیسیک", "عنوان ISIC"),
    "locality_en": ("شهر (انگلیسی)", "شهر انگلیسی"),
    "locality_fa": ("شهر", "شهر (فارسی)"),
    "province": ("استان",),
    "latitude": ("عرض جغرافیایی", "عرض"),
    "longitude": ("طول جغرافیایی", "طول"),
    "location_source": ("منبع مختصات",),
    "programme": ("برنامه همکاری", "برنامه"),
    "programme_status": ("وضعیت برنامه",),
    "in_national_mapping": ("در فهرست نقشه‌برداری ملی", "فهرست ملی"),
    "source": ("منبع",),
    "notes": ("یادداشت‌ها", "یادداشت"),
}
# Yes and no as a flag column may hold them, in either language.
YES_VALUES = frozenset({"yes", "true", "1", "y", "بله", "آری", "هست"})
NO_VALUES = frozenset({"no", "false", "0", "n", "خیر", "نه", "نیست"})


def _key(name: str) -> str:
    return " ".join(fold_persian(str(name)).strip().lstrip("\ufeff").casefold().split())


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    index = {}
    for column, headers in PERSIAN_HEADERS.items():
        index[_key(column)] = column
        for header in headers:
            index[_key(header)] = column
    return index


def canonical_column(name: str) -> str:
    """The registry's name for a header (English or Persian), or the header as written."""
    cleaned = str(name).strip().lstrip("\ufeff")
    return _index().get(_key(cleaned), cleaned)


def flag_value(text: str) -> str | None:
    """``yes``/``no`` for a flag cell in either language, ``""`` for empty, None if neither."""
    key = _key(text)
    if not key:
        return ""
    if key in YES_VALUES:
        return "yes"
    if key in NO_VALUES:
        return "no"
    return None
