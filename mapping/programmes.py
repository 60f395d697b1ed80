"""What the paper says about each cooperation programme (section 7).

Quotations are verbatim from Mirhosseini & Ghanbari (2010), including the
paper's spelling ("Laljin"); the cluster lists on the pages come from the
registry, so the two can be compared.
"""

from __future__ import annotations

from dataclasses import dataclass

PAPER_CITATION = (
    "Mirhosseini, S. V. and Ghanbari, M. (2010). Investigation of Industrial Rated "
    "Clusters in Iran and Other Selected Countries"
)


@dataclass(frozen=True)
class Programme:
    """A cooperation programme with a page of its own."""

    code: str
    url_path: str
    title: str
    title_fa: str
    partner: str
    quote: str


PROGRAMME_PAGES: tuple[Programme, ...] = (
    Programme(
        code="UNIDO",
        url_path="unido",
        title="UNIDO programme",
        title_fa="همکاری با یونیدو",
        partner="United Nations Industrial Development Organization (UNIDO)",
        quote=(
            "Cooperation contract with the United Nations Industrial Development "
            "Organization (UNIDO) in the field of development: Tehran industrial cluster "
            "of leather; Tabriz industrial cluster of automobile spare parts; Laljin "
            "industrial cluster of Pottery"
        ),
    ),
    Programme(
        code="IPI",
        url_path="ipi",
        title="IPI programme (Italy)",
        title_fa="همکاری با IPI ایتالیا",
        partner="Italian Industrial Development Organization (IPI), as the paper names it",
        quote=(
            "Cooperation contract with the Italian Industrial Development Organization "
            "(IPI) in the field of development: Yazd industrial cluster of textile; Yazd "
            "industrial cluster of ceramic"
        ),
    ),
    Programme(
        code="IMM",
        url_path="imm",
        title="IMM programme (Italian stone association)",
        title_fa="همکاری با انجمن سنگ ایتالیا (IMM)",
        partner="Italian Stone Association (IMM)",
        quote=(
            "Cooperation contract with Italian Stone Association (IMM) in the field of "
            "development: Isfahan industrial cluster of stone"
        ),
    ),
)
PROGRAMME_BY_PATH = {p.url_path: p for p in PROGRAMME_PAGES}
