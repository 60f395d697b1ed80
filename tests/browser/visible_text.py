"""Count the letters a reader sees, by script: how Persian is a page, really?

Every text node that is rendered (not hidden, not script or style) in the
page and in its map iframes is counted, except text inside an element marked
``lang="en"`` (the paper's English quotations, kept as published) and text
with no letters. A Latin-script run is reported as an English string when its
element is not marked as English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TEXTS_JS = """() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode, el = node.parentElement;
        if (!el || !node.textContent.trim()) continue;
        if (el.closest('script, style, noscript, [aria-hidden="true"]')) continue;
        const style = getComputedStyle(el);
        if (style.display === 'none' || style.visibility === 'hidden') continue;
        // The text's own box: text hidden with font-size 0 (replaced in CSS) has none.
        const range = document.createRange();
        range.selectNodeContents(node);
        const box = range.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        const marked = el.closest('[lang]');
        out.push([node.textContent.trim(), marked ? marked.getAttribute('lang') : '']);
    }
    return out;
}"""


def _persian(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff"


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


@dataclass
class LetterCount:
    persian: int = 0
    latin: int = 0
    english_strings: list[str] = field(default_factory=list)

    @property
    def persian_share(self) -> float:
        total = self.persian + self.latin
        return self.persian / total if total else 1.0


def count_letters(page, names: frozenset[str] = frozenset()) -> LetterCount:
    """Letters by script over the page and its frames.

    ``names`` are words with no Persian form (acronyms and proper names such
    as IPI, CSV, OpenStreetMap, the language name "English" on the switch);
    they are not interface text and are not counted.
    """
    count = LetterCount()
    for frame in page.frames:
        for text, lang in frame.evaluate(_TEXTS_JS):
            if lang == "en":
                continue
            rest = " ".join(w for w in re.split(r"[\s,()•:;.]+", text) if w not in names)
            persian = sum(map(_persian, rest))
            latin = sum(map(_latin, rest))
            count.persian += persian
            count.latin += latin
            if latin and not persian:
                count.english_strings.append(text)
    return count
