"""Keep the message catalogues in step with the code (Babel's extract and update).

Usage::

    python -m scripts.i18n          # extract, update locales/*/messages.po
    python -m scripts.i18n --check  # exit 1 if a catalogue is stale or untranslated

Strings are extracted from every ``.py`` file of the app (``app.py``,
``pages/``, ``components/``, ``mapping/``) where they are marked with ``_``,
``N_``, ``gettext``, ``Message`` or ``nmessage``. The English catalogue's
translations are the English source text itself, filled in here; the
Persian catalogue is translated by hand. Obsolete messages are dropped.
"""

from __future__ import annotations

import argparse
import io

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po, write_po

from mapping.i18n import DOMAIN, LANGUAGES, ROOT, catalogue_path

SOURCE_DIRS = ("app.py", "pages", "components", "mapping")
KEYWORDS = {
    "_": None,
    "N_": None,
    "gettext": None,
    "Message": None,
    "nmessage": (1, 2),
}
METHODS = [("**.py", "python")]


def extract() -> Catalog:
    """Every marked message of the app, with where it is used."""
    catalog = Catalog(domain=DOMAIN, project="iran-cluster-map", fuzzy=False)
    for source in SOURCE_DIRS:
        path = ROOT / source
        if path.is_file():
            found = (
                (source, *m)
                for m in extract_from_file(
                    "python",
                    path,
                    keywords=KEYWORDS,
                    comment_tags=("TRANSLATORS:",),
                    strip_comment_tags=True,
                )
            )
        else:
            found = (
                (f"{source}/{m[0]}", *m[1:])
                for m in extract_from_dir(
                    path,
                    METHODS,
                    keywords=KEYWORDS,
                    comment_tags=("TRANSLATORS:",),
                    strip_comment_tags=True,
                )
            )
        for filename, lineno, message, comments, context in found:
            catalog.add(
                message, None, [(filename, lineno)], auto_comments=comments, context=context
            )
    return catalog


def _read(lang: str) -> Catalog:
    path = catalogue_path(lang)
    if not path.exists():
        return Catalog(locale=lang, domain=DOMAIN)
    with path.open("rb") as f:
        return read_po(f, locale=lang, domain=DOMAIN)


def _render(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(
        buffer,
        catalog,
        width=100,
        omit_header=False,
        sort_output=True,
        ignore_obsolete=True,
        include_lineno=False,
    )
    return buffer.getvalue()


def updated(lang: str, template: Catalog) -> Catalog:
    """``lang``'s catalogue updated to ``template``: new messages added, obsolete dropped."""
    catalog = _read(lang)
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.revision_date = catalog.creation_date = template.creation_date.replace(
        year=2026, month=1, day=1, hour=0, minute=0, second=0, microsecond=0
    )
    catalog.project = "iran-cluster-map"
    catalog.version = "1"
    catalog.msgid_bugs_address = ""
    catalog.last_translator = "The project"
    catalog.language_team = ""
    catalog.fuzzy = False
    if lang == "en":
        for message in catalog:
            if message.id and not (
                message.string and all(message.string)
                if isinstance(message.string, tuple)
                else message.string
            ):
                message.string = message.id
    return catalog


def untranslated(catalog: Catalog) -> list[str]:
    """Message ids of ``catalog`` without a translation."""
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; report problems")
    args = parser.parse_args(argv)
    template = extract()
    status = 0
    for lang in LANGUAGES:
        catalog = updated(lang, template)
        text = _render(catalog)
        path = catalogue_path(lang)
        if args.check:
            if not path.exists() or path.read_bytes() != text:
                print(f"{path}: out of date; run python -m scripts.i18n")
                status = 1
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text)
        missing = untranslated(catalog)
        if missing:
            status = 1
            print(f"{path}: {len(missing)} untranslated message(s):")
            for msgid in missing:
                print(f"  {msgid!r}")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
