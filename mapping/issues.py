"""Problems found in a registry file, and the outcome of validating one.

A :class:`ValidationIssue` names the row, column and value of one problem and
says what was expected; its ``problem`` is a translatable
:class:`~mapping.i18n.Message`, so one report reads in Persian or English.
Row numbers are the ones the user sees: the line of a CSV file or the row of
an Excel sheet, blank lines counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from mapping.i18n import Message, digits, display, format_number, get_language

REJECTED_LEADING_COLUMNS = ["row", "problems"]


class RowNumber(Message):
    """A row or line number as a spreadsheet shows it: no thousands separator.

    A Message parameter, so it is written in the reader's digits (Persian
    digits in Persian) when the message is rendered.
    """

    __slots__ = ()

    def __init__(self, n: int) -> None:
        super().__init__("", n=int(n))

    def render(self, lang: str | None = None) -> str:
        return digits(str(self.params["n"]), lang or get_language())


class Quantity(Message):
    """A number with a fixed count of decimals (``21.3`` MB), in the reader's digits."""

    __slots__ = ()

    def __init__(self, value: float, decimals: int) -> None:
        super().__init__("", value=value, decimals=decimals)

    def render(self, lang: str | None = None) -> str:
        return format_number(self.params["value"], lang, decimals=self.params["decimals"])


class JoinedMessages(Message):
    """Several Messages (or issues) rendered one after another with a separator.

    The separator is ``, `` (the Persian comma in Persian) unless given.
    """

    __slots__ = ()

    def __init__(self, items: list[object], separator: str | None = None) -> None:
        super().__init__("", items=tuple(items), separator=separator)

    def render(self, lang: str | None = None) -> str:
        lang = lang or get_language()
        separator = self.params["separator"]
        if separator is None:
            separator = "، " if lang == "fa" else ", "
        return separator.join(
            item.render(lang) if hasattr(item, "render") else display(item, lang)
            for item in self.params["items"]
        )


@dataclass(frozen=True, slots=True)
class ValidationIssue:
    """One problem in one cell of a registry file.

    ``row`` is the row the user sees (the header is usually row 1);
    ``problem`` says what was expected, as a Message rendered when shown.
    """

    row: int
    column: str
    value: str
    problem: Message

    def render(self, lang: str | None = None) -> str:
        """``row 3, column 'province', value 'Yazdd': unknown province ...`` in ``lang``."""
        return Message(
            "row {row}, column {column}, value {value}: {problem}",
            row=RowNumber(self.row),
            column=repr(self.column),
            value=repr(self.value),
            problem=self.problem,
        ).render(lang)

    def __str__(self) -> str:
        return self.render()


@dataclass
class ValidationResult:
    """The outcome of validating a registry table.

    ``valid`` holds the clean, typed rows; ``issues`` every problem found;
    ``rejected_rows`` the row numbers with at least one issue. Every row read
    is either valid or rejected. ``raw`` is indexed by row number.
    """

    source_name: str
    n_read: int
    valid: pd.DataFrame
    issues: list[ValidationIssue] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)
    raw: pd.DataFrame | None = None  # the text cells as read, for the rejected-rows file

    @property
    def rejected_rows(self) -> list[int]:
        """Row numbers with at least one issue, in order."""
        return sorted({i.row for i in self.issues})

    def summary(self) -> Message:
        """``clusters.csv: 6 rows read, 4 valid, 2 rejected``, rendered when shown."""
        return Message(
            "{source}: {read} rows read, {valid} valid, {rejected} rejected",
            source=self.source_name,
            read=self.n_read,
            valid=len(self.valid),
            rejected=len(self.rejected_rows),
        )


class RegistryError(ValueError):
    """A registry file that cannot be used; the message says why and where.

    ``problem`` is the reason (a Message, or plain text from elsewhere);
    ``source``, when given, names the file and prefixes the rendered text.
    """

    def __init__(
        self,
        problem: Message | str,
        issues: list[ValidationIssue] | None = None,
        *,
        source: str | None = None,
    ) -> None:
        self.problem = problem
        self.source = source
        self.issues = issues or []
        super().__init__(problem)

    def __str__(self) -> str:
        if self.source is None:
            return str(self.problem)
        return Message("{source}: {problem}", source=self.source, problem=self.problem).render()


def issue_problems_text(issues: list[ValidationIssue], lang: str | None = None) -> dict[int, str]:
    """Each rejected row's problems as one line of text, in ``lang``.

    Problems are shared Message objects (one per kind of problem), so each
    is rendered once, however many rows it concerns.
    """
    lang = lang or get_language()
    rendered: dict[int, str] = {}
    by_row: dict[int, str] = {}
    for issue in issues:
        key = id(issue.problem)
        text = rendered.get(key)
        if text is None:
            text = rendered[key] = issue.problem.render(lang)
        line = f"{issue.column} = {issue.value!r}: {text}"
        earlier = by_row.get(issue.row)
        by_row[issue.row] = line if earlier is None else f"{earlier} | {line}"
    return by_row


def rejected_rows_frame(result: ValidationResult, lang: str | None = None) -> pd.DataFrame:
    """The rejected rows as read, with their row number and every problem.

    Meant to be downloaded, fixed and uploaded again: the original columns
    (extra ones included) follow ``row`` and ``problems``. The problems are
    written in ``lang`` (default: the current language).
    """
    if result.raw is None or not result.issues:
        return pd.DataFrame(columns=REJECTED_LEADING_COLUMNS)
    problems = issue_problems_text(result.issues, lang)
    rows = sorted(problems)
    # A report uploaded again after fixing carries the old row and problems
    # columns: they are replaced by the new ones, not doubled.
    # The optional columns the file lacked (added empty for validation) stay out.
    added = result.raw.attrs.get("added_columns", [])
    out = result.raw.loc[rows].drop(columns=[*REJECTED_LEADING_COLUMNS, *added], errors="ignore")
    out.insert(0, "problems", [problems[r] for r in rows])
    out.insert(0, "row", rows)
    return out.reset_index(drop=True)


def issues_frame(issues: list[ValidationIssue], lang: str | None = None) -> pd.DataFrame:
    """The problems as a table of text (row, column, value, problem), for display."""
    lang = lang or get_language()
    rendered: dict[int, str] = {}
    problems = []
    for issue in issues:
        key = id(issue.problem)
        if key not in rendered:
            rendered[key] = issue.problem.render(lang)
        problems.append(rendered[key])
    return pd.DataFrame(
        {
            "row": [i.row for i in issues],
            "column": [i.column for i in issues],
            "value": [i.value for i in issues],
            "problem": problems,
        }
    )
