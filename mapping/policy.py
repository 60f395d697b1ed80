"""Iran's national cluster policy as the paper states it (``data/policy/*.csv``).

One file per kind of statement, each row naming its source:

* ``plan_points.csv``: the five general points of the cluster development plan;
* ``plan_actions.csv``: what the paper reports done under each point (or for
  the plan as a whole, ``whole-plan``), with its date or "date not given";
* ``objectives.csv``: the six objectives of section 3;
* ``statements.csv``: the basis and rule of the objectives, the two hypotheses
  and the conclusion;
* ``cluster_types.csv``: the types of clusters of section 4, as a glossary;
* ``shortcomings.csv``: the shortcomings of section 6, the seven weaknesses of
  small and medium industries and the three Iran-specific shortcomings of
  section 7, each with the recommendations that answer it (our reading);
* ``references.csv``: the paper's reference list, a study attached to the
  cluster or province it is about.

English text in the ``verbatim`` columns is the paper's, word for word; every
text has a Persian rendering in the column of the same name ending ``_fa``
(our translation). Nothing here scores a cluster: the paper scores none.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from mapping.i18n import Message, nmessage
from mapping.provinces import PROVINCES_BY_CODE
from mapping.recommendations import RECOMMENDATION_BY_NUMBER

POLICY_DIR = Path(__file__).resolve().parent.parent / "data" / "policy"
FIRST_DATA_ROW = 2  # the header is row 1
LIST_SEPARATOR = ";"
PERSIAN_SUFFIX = "_fa"
WHOLE_PLAN = "whole-plan"
DATE_NOT_GIVEN = "date not given"
SHORTCOMING_GROUPS = ("clusters", "sme", "iran")
STATEMENT_KINDS = ("objectives-basis", "objectives-rule", "hypothesis", "conclusion")
PLAN_POINTS = 5
OBJECTIVES = 6


@dataclass(frozen=True)
class TableSpec:
    """The columns of one policy file and what each must hold."""

    name: str
    key: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    verbatim: tuple[str, ...] = ()  # the paper's words, checked against its text by the tests
    translated: tuple[str, ...] = ()  # texts that need a Persian rendering in <column>_fa
    integers: tuple[str, ...] = ()

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def columns(self) -> tuple[str, ...]:
        persian = tuple(c + PERSIAN_SUFFIX for c in self.translated)
        return (*self.required, *self.optional, *persian)


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "plan_points",
            key="point_id",
            required=("point_id", "number", "title", "description", "source"),
            verbatim=("title", "description"),
            translated=("title", "description"),
            integers=("number",),
        ),
        TableSpec(
            "plan_actions",
            key="action_id",
            required=("action_id", "point_id", "quote", "date", "source"),
            optional=("date_quote", "cluster_ids", "notes"),
            verbatim=("quote", "date_quote"),
            translated=("quote", "date", "notes"),
        ),
        TableSpec(
            "objectives",
            key="number",
            required=("number", "objective", "source"),
            verbatim=("objective",),
            translated=("objective",),
            integers=("number",),
        ),
        TableSpec(
            "statements",
            key="statement_id",
            required=("statement_id", "kind", "quote", "source"),
            optional=("number",),
            verbatim=("quote",),
            translated=("quote",),
            integers=("number",),
        ),
        TableSpec(
            "cluster_types",
            key="type_id",
            required=("type_id", "classification", "term", "quote", "source"),
            verbatim=("term", "quote"),
            translated=("classification", "term", "quote"),
        ),
        TableSpec(
            "shortcomings",
            key="shortcoming_id",
            required=("shortcoming_id", "group", "number", "quote", "reading", "source"),
            optional=("recommendations",),
            verbatim=("quote",),
            translated=("quote", "reading"),
            integers=("number",),
        ),
        TableSpec(
            "references",
            key="reference_id",
            required=("reference_id", "number", "authors", "title", "source"),
            optional=("details", "year", "cluster_id", "province_code", "notes"),
            verbatim=("authors", "title", "details", "year"),
            translated=("authors", "title", "details", "notes"),
            integers=("number",),
        ),
    )
}


@dataclass(frozen=True)
class PolicyIssue:
    """One problem in one cell of a policy file."""

    file: str
    row: int
    column: str
    value: str
    expected: Message

    def message(self) -> Message:
        return Message(
            "{file}, row {row}, column '{column}', value '{value}': expected {expected}",
            file=self.file,
            row=self.row,
            column=self.column,
            value=self.value,
            expected=self.expected,
        )

    def __str__(self) -> str:
        return str(self.message())


class PolicyError(ValueError):
    """Policy files that cannot be used; every problem is in ``issues``."""

    def __init__(self, message: Message, issues: list[PolicyIssue] | None = None) -> None:
        self.issues = issues or []
        self.message = message
        lines = "\n".join(f"  {issue}" for issue in self.issues)
        super().__init__(f"{message}\n{lines}" if lines else str(message))


@dataclass(frozen=True)
class Policy:
    """Every policy table, checked; list columns split into tuples."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def split_list(text: str) -> tuple[str, ...]:
    """The items of a ``;``-separated cell, without blanks."""
    return tuple(item.strip() for item in str(text).split(LIST_SEPARATOR) if item.strip())


def _read(spec: TableSpec, directory: Path) -> pd.DataFrame:
    path = directory / spec.file_name
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError as exc:
        raise PolicyError(Message("{file}: file not found", file=str(path))) from exc
    missing = [c for c in spec.columns if c not in frame.columns]
    if missing:
        raise PolicyError(
            Message(
                "{file}: missing column(s) {columns}",
                file=spec.file_name,
                columns=", ".join(missing),
            )
        )
    return frame


def _cell_issues(spec: TableSpec, frame: pd.DataFrame) -> list[PolicyIssue]:
    """Required values, Persian renderings, whole numbers and unique keys."""
    issues = []

    def issue(index: int, column: str, expected: Message) -> None:
        value = str(frame.at[index, column])
        issues.append(
            PolicyIssue(spec.file_name, int(index) + FIRST_DATA_ROW, column, value, expected)
        )

    seen: dict[str, int] = {}
    for index in frame.index:
        for column in spec.required:
            if not frame.at[index, column].strip():
                issue(index, column, Message("a value (this column is required)"))
        for column in spec.translated:
            persian = column + PERSIAN_SUFFIX
            if frame.at[index, column].strip() and not frame.at[index, persian].strip():
                issue(index, persian, Message("a Persian rendering of {column}", column=column))
        for column in spec.integers:
            value = frame.at[index, column]
            if value and not value.isdigit():
                issue(index, column, Message("a whole number"))
        key = frame.at[index, spec.key]
        if key in seen:
            issue(index, spec.key, Message("a unique id: already used on row {row}", row=seen[key]))
        elif key:
            seen[key] = int(index) + FIRST_DATA_ROW
    return issues


def _each(frame: pd.DataFrame, column: str) -> Iterator[tuple[int, str]]:
    """(index, value) of the non-empty cells of ``column``."""
    return ((i, v) for i, v in frame[column].items() if str(v).strip())


def _cross_issues(
    frames: dict[str, pd.DataFrame], cluster_ids: Collection[str] | None
) -> list[PolicyIssue]:
    """Values that must name something: points, recommendations, clusters, provinces."""
    issues = []

    def issue(name: str, index: int, column: str, value: str, expected: Message) -> None:
        row = int(index) + FIRST_DATA_ROW
        issues.append(PolicyIssue(TABLES[name].file_name, row, column, value, expected))

    points = set(frames["plan_points"]["point_id"])
    actions = frames["plan_actions"]
    for index, value in _each(actions, "point_id"):
        if value not in points | {WHOLE_PLAN}:
            expected = Message("a point_id of plan_points.csv or {whole}", whole=WHOLE_PLAN)
            issue("plan_actions", index, "point_id", value, expected)
    for index, value in _each(actions, "date"):
        if value != DATE_NOT_GIVEN and not actions.at[index, "date_quote"].strip():
            expected = Message(
                "'{not_given}', or a date with the passage that gives it in date_quote",
                not_given=DATE_NOT_GIVEN,
            )
            issue("plan_actions", index, "date", value, expected)
    for name, column in (("plan_actions", "cluster_ids"), ("references", "cluster_id")):
        if cluster_ids is None:
            continue
        for index, value in _each(frames[name], column):
            for cluster_id in split_list(value):
                if cluster_id not in cluster_ids:
                    expected = Message("a cluster_id of the cluster registry")
                    issue(name, index, column, cluster_id, expected)
    for index, value in _each(frames["shortcomings"], "recommendations"):
        for number in split_list(value):
            if not number.isdigit() or int(number) not in RECOMMENDATION_BY_NUMBER:
                expected = Message("recommendation numbers from 1 to 15, separated by ;")
                issue("shortcomings", index, "recommendations", number, expected)
    for name, column, choices in (
        ("shortcomings", "group", SHORTCOMING_GROUPS),
        ("statements", "kind", STATEMENT_KINDS),
    ):
        for index, value in _each(frames[name], column):
            if value not in choices:
                expected = Message("one of {choices}", choices=", ".join(choices))
                issue(name, index, column, value, expected)
    for index, value in _each(frames["references"], "province_code"):
        if value not in PROVINCES_BY_CODE:
            expected = Message("the ISO 3166-2 code of a province (IR-00 to IR-30)")
            issue("references", index, "province_code", value, expected)
    for name, count in (("plan_points", PLAN_POINTS), ("objectives", OBJECTIVES)):
        numbers = frames[name]["number"]
        if sorted(numbers) != [str(n) for n in range(1, count + 1)]:
            expected = Message("the numbers 1 to {count}, once each", count=count)
            issue(name, numbers.index[-1], "number", ", ".join(numbers), expected)
    return issues


def _typed(spec: TableSpec, frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in spec.integers:
        out[column] = pd.to_numeric(out[column].replace("", None)).astype("Int64")
    return out


def load_policy(directory: Path = POLICY_DIR, cluster_ids: Collection[str] | None = None) -> Policy:
    """Read and check every policy file.

    Parameters
    ----------
    directory : Path
        The folder holding the seven ``.csv`` files.
    cluster_ids : collection of str, optional
        The registry's cluster ids; when given, every cluster a row names must
        be one of them.

    Returns
    -------
    Policy
        The tables by name, integer columns typed; ``plan_actions`` gains
        ``cluster_list`` and ``shortcomings`` ``recommendation_list`` (tuples).

    Raises
    ------
    PolicyError
        A file or column is missing, or cells are wrong: every problem is
        listed with its file, row, column and value.
    """
    frames = {name: _read(spec, directory) for name, spec in TABLES.items()}
    issues = [i for name, spec in TABLES.items() for i in _cell_issues(spec, frames[name])]
    issues += _cross_issues(frames, cluster_ids)
    if issues:
        issues.sort(key=lambda i: (i.file, i.row, i.column))
        summary = nmessage(
            "{directory}: {n} problem",
            "{directory}: {n} problems",
            len(issues),
            directory=str(directory),
        )
        raise PolicyError(summary, issues)
    tables = {name: _typed(spec, frames[name]) for name, spec in TABLES.items()}
    tables["plan_actions"]["cluster_list"] = tables["plan_actions"]["cluster_ids"].map(split_list)
    tables["shortcomings"]["recommendation_list"] = tables["shortcomings"]["recommendations"].map(
        lambda text: tuple(int(n) for n in split_list(text))
    )
    return Policy(tables)


def in_language(row: pd.Series, column: str, lang: str) -> str:
    """Our own text (a reading, a label, a date) in ``lang``: the ``_fa`` column in Persian."""
    if lang == "fa":
        return str(row.get(column + PERSIAN_SUFFIX, "") or row[column])
    return str(row[column])
