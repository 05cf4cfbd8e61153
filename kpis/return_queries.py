"""Reads about returns: which are due, when, the latest per contract, the overdue ones, the
figures of a return (live for a draft, frozen once submitted) with what has changed since, and
the young people's names found in the provider's words.

`latest_returns_for` and `overdue_returns` are the read API the commissioner's dashboard uses.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Lower

from contracts.models import Contract, YoungPerson
from funds4care.models import Application

from .models import RETURN_PERIODS_OF, Return, ReturnStatus
from .periods import YEAR_TO_DATE, FinancialYear, Period, financial_years_between, today
from .returns import compute_return, figure_json, json_number
from .sql import bank_holidays

# Statuses in which the provider still owes the commissioner something.
AWAITED = (ReturnStatus.DRAFT, ReturnStatus.CHANGES_REQUESTED)
RAG = ("green", "amber", "red")


def add_working_days(day: date, count: int) -> date:
    """The `count`th working day after `day` (weekends and England's bank holidays skipped)."""
    holidays = set(bank_holidays(day.year, day.year + 1))
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            count -= 1
    return day


def due_date_for(contract: Contract, year: FinancialYear, period: str) -> date:
    return add_working_days(year.period(period).end, contract.return_due_working_days)


def periods_ended(contract: Contract, on: date | None = None) -> list[tuple[FinancialYear, str]]:
    """Every reporting period of the contract that has ended by `on` (today unless given) and
    overlaps the contract: the returns the provider owes, oldest first."""
    on = today() if on is None else on
    owed = []
    for year in financial_years_between(contract.start_date, contract.end_date):
        for name in RETURN_PERIODS_OF[contract.framework]:
            period = year.period(name)
            overlaps = period.end >= contract.start_date and period.start <= contract.end_date
            if period.end < on and overlaps:
                owed.append((year, name))
    return owed


def columns_of(ret: Return) -> tuple[str, ...]:
    """The periods a return shows: a quarter alone; a half year beside its two quarters."""
    return {"H1": ("Q1", "Q2", "H1"), "H2": ("Q3", "Q4", "H2")}.get(ret.period, (ret.period,))


# The frameworks whose financial monitoring return reports Funds4 Care (Cornwall's 6.1).
FUNDS4CARE_FRAMEWORKS = frozenset({Contract.Framework.CORNWALL_EP})


def funds4care_awards(contract: Contract, period: Period) -> dict[str, Any]:
    """The Funds4 Care awards of the financial monitoring return: the applications approved
    with a decision dated in the period, their count and the pounds awarded (and how many have
    no amount recorded yet). One aggregate query."""
    totals = Application.objects.filter(
        contract=contract,
        decision="approved",
        decision_date__gte=period.start,
        decision_date__lte=period.end,
    ).aggregate(
        awards=Count("pk"),
        allocated=Coalesce(Sum("amount_awarded"), Value(Decimal("0")), output_field=DecimalField()),
        without_amount=Count("pk", filter=Q(amount_awarded__isnull=True)),
    )
    return {
        "awards": totals["awards"],
        "allocated": json_number(Decimal(totals["allocated"])),
        "without_amount": totals["without_amount"],
    }


def live_figures(ret: Return) -> dict[str, Any]:
    """The return's figures as the records give them now, as the JSON document frozen on
    submission. The status is the year to date's at the end of the period, whatever today is.
    A Cornwall return carries its Funds4 Care awards too ("funds4care")."""
    year = FinancialYear(ret.financial_year)
    period: Period = year.period(ret.period)
    computed = compute_return(
        ret.contract,
        year,
        periods=columns_of(ret),
        today=period.end + timedelta(days=1),
        with_status=True,
    )
    columns = [*columns_of(ret), YEAR_TO_DATE]
    funds4care = (
        funds4care_awards(ret.contract, period)
        if ret.contract.framework in FUNDS4CARE_FRAMEWORKS
        else None
    )
    return {
        "financial_year": ret.financial_year,
        "period": ret.period,
        "columns": columns,
        "quarters_elapsed": computed.quarters_elapsed,
        "funds4care": funds4care,
        "indicators": [
            {
                "code": row.indicator.code,
                "title": row.indicator.title,
                "unit": str(row.indicator.unit),
                "target": json_number(row.target.value),
                "target_note": row.target.label,
                "status": row.status.value if row.status else None,
                "figures": {
                    name: figure_json(row.indicator, row.figures[name])
                    for name in columns
                    if name in row.figures
                },
            }
            for row in computed.rows
        ],
    }


def figures_of(ret: Return) -> dict[str, Any]:
    """What the return's page shows: the frozen figures once submitted, else live ones."""
    if ret.frozen_figures is not None and not ret.is_editable:
        return ret.frozen_figures
    return live_figures(ret)


@dataclass(frozen=True)
class FigureChange:
    code: str
    title: str
    column: str
    approved: Any
    now: Any
    breakdown_changed: bool


def changes_since_frozen(ret: Return) -> list[FigureChange]:
    """The figures the records would now give differently from the frozen ones."""
    if ret.frozen_figures is None:
        return []
    live = live_figures(ret)
    now = {row["code"]: row for row in live["indicators"]}
    changes = []
    for row in ret.frozen_figures["indicators"]:
        current = now.get(row["code"])
        if current is None:
            continue
        for column, frozen in row["figures"].items():
            fresh = current["figures"].get(column)
            if fresh is None or fresh == frozen:
                continue
            changes.append(
                FigureChange(
                    row["code"],
                    row["title"],
                    column,
                    frozen["value"],
                    fresh["value"],
                    frozen["breakdown"] != fresh["breakdown"],
                )
            )
    frozen_funds, fresh_funds = ret.frozen_figures.get("funds4care"), live["funds4care"]
    if frozen_funds is not None and fresh_funds is not None:
        for key, title in (
            ("allocated", "Funds4 Care allocated (£)"),
            ("awards", "Funds4 Care awards"),
        ):
            if frozen_funds[key] != fresh_funds[key]:
                changes.append(
                    FigureChange(
                        "F4C", title, ret.period, frozen_funds[key], fresh_funds[key], False
                    )
                )
    return changes


@dataclass(frozen=True)
class FinancialLine:
    """A line of the financial monitoring return: `kind` is "money", "number" or "text"."""

    label: str
    value: Decimal | int | str | None
    kind: str


def financial_return(ret: Return, figures: Mapping[str, Any]) -> list[FinancialLine]:
    """The financial monitoring return as the page and the exports show it: what the provider
    wrote, and the Funds4 Care awards from `figures` (figures_of(ret): frozen once submitted;
    None when frozen before they were, or for a framework without Funds4 Care)."""

    def label(name: str) -> str:
        text = str(Return._meta.get_field(name).verbose_name)
        return text[:1].upper() + text[1:]

    lines = [
        FinancialLine(label("expenditure"), ret.expenditure, "money"),
        FinancialLine(label("staffing_cost"), ret.staffing_cost, "money"),
        FinancialLine(label("staff_fte"), ret.staff_fte, "number"),
        FinancialLine(label("additional_income"), ret.additional_income, "money"),
    ]
    if ret.contract.framework in FUNDS4CARE_FRAMEWORKS:
        funds = figures.get("funds4care")
        lines += [
            FinancialLine(
                "Funds4 Care allocated (£)",
                None if funds is None else Decimal(str(funds["allocated"])),
                "money",
            ),
            FinancialLine(
                "Funds4 Care awards", None if funds is None else funds["awards"], "number"
            ),
        ]
    lines.append(FinancialLine(label("financial_notes"), ret.financial_notes, "text"))
    return lines


def rag_counts(figures: dict[str, Any] | None) -> dict[str, int] | None:
    """How many indicators are green, amber and red in a figures document (None without one)."""
    if figures is None:
        return None
    counts = dict.fromkeys(RAG, 0)
    for row in figures["indicators"]:
        if row["status"] in counts:
            counts[row["status"]] += 1
    return counts


def frozen_rag_counts(ret: Return) -> dict[str, int] | None:
    """A return's RAG counts as submitted; None while it is the provider's (a draft, or sent
    back: figures frozen before it was sent back are no longer what it says)."""
    return None if ret.is_editable else rag_counts(ret.frozen_figures)


@dataclass(frozen=True)
class LatestReturn:
    """A contract's latest return (None if it has none yet), its status, and the RAG counts of
    its latest submitted return (`submitted`: the latest itself once submitted or approved, an
    earlier one while the latest is the provider's draft, None if none has been submitted).

    The counts are those frozen on submission: a draft's figures are live, and computing them
    for every contract of a dashboard would cost a return's queries each."""

    contract: Contract
    ret: Return | None
    status: str | None
    rag: dict[str, int] | None
    submitted: Return | None = None


NEWEST_PERIOD_FIRST = ("-financial_year", "-period")


def latest_returns_for(contracts: QuerySet[Contract]) -> list[LatestReturn]:
    """Each contract's latest return (by period) and its latest submitted one, in the
    contracts' order. Two queries."""
    latest = Return.objects.filter(contract=OuterRef("pk")).order_by(*NEWEST_PERIOD_FIRST)
    submitted = latest.exclude(status__in=AWAITED)
    listed = list(
        contracts.annotate(
            latest_return_id=Subquery(latest.values("id")[:1]),
            submitted_return_id=Subquery(submitted.values("id")[:1]),
        )
    )
    returns = Return.objects.in_bulk(
        {
            pk
            for contract in listed
            for pk in (contract.latest_return_id, contract.submitted_return_id)
            if pk
        }
    )
    result = []
    for contract in listed:
        ret = returns.get(contract.latest_return_id)
        done = returns.get(contract.submitted_return_id)
        for each in (ret, done):
            if each is not None:
                each.contract = contract
        result.append(
            LatestReturn(
                contract,
                ret,
                ret.status if ret else None,
                frozen_rag_counts(done) if done else None,
                done,
            )
        )
    return result


def overdue_returns(
    on: date | None = None, contracts: QuerySet[Contract] | None = None
) -> QuerySet[Return]:
    """Returns past their due date that the provider has not submitted (a draft, or sent back
    for changes), oldest due first; only those of `contracts` if given (e.g. `visible_to`).

    Returns exist once the period has ended and someone opened the list or the reminder
    command ran (kpis.workflow.open_returns)."""
    on = today() if on is None else on
    overdue = Return.objects.filter(due_date__lt=on, status__in=AWAITED)
    if contracts is not None:
        overdue = overdue.filter(contract__in=contracts)
    return overdue.select_related("contract", "contract__provider").order_by("due_date", "id")


# --- Young people's names in the provider's words --------------------------------------------

# The provider's free text, each with the label a warning names it by.
TEXT_FIELDS = (
    ("service_activity", "service activity"),
    ("inputs_observations", "observations on inputs"),
    ("outputs_observations", "observations on outputs"),
    ("outcomes_observations", "observations on outcomes"),
    ("social_value", "social and added value"),
    ("case_studies", "case studies"),
    ("financial_notes", "notes on the finances"),
)
# A first or last name on its own is looked for from two letters ("Li", "Wu", "Ng" are
# surnames), never one: "Young person A" and an initial are how a text is anonymised.
SHORTEST_NAME = 2
CANDIDATES_PER_QUERY = 10_000  # each is a parameter twice (first and last names)
COMPOUND = re.compile(r"\w+(?:['\u2019\-]\w+)+")


def fold(text: str) -> str:
    """Lower case without accents: "ZOË" and "zoe" fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words_of(text: str) -> list[str]:
    """The words of a text, split at anything that is not a letter or digit: "Morwenna's"
    is "morwenna" and "s", "Morwenna-led" is "morwenna" and "led", "M. Trelawny" is "m" and
    "trelawny"."""
    return re.findall(r"\w+", fold(text))


def texts_of(ret: Return) -> dict[str, str]:
    """Every text the provider wrote in the return: the narrative report, the notes on the
    finances, and each indicator's comment and explanation."""
    texts = {label: getattr(ret, name) or "" for name, label in TEXT_FIELDS}
    for code, note in sorted((ret.indicator_notes or {}).items()):
        for kind in ("comment", "explanation"):
            texts[f"{code} {kind}"] = (note or {}).get(kind) or ""
    return {label: text for label, text in texts.items() if text.strip()}


def _sqlite_lower(text: str) -> str:
    # SQLite's LOWER() lowers ASCII letters only: "Élodie" stays "Élodie".
    return "".join(c.lower() if c.isascii() else c for c in text)


def _candidates(texts: Mapping[str, str]) -> set[str]:
    """What a name recorded in the database may be, lowered, for the text to hold it: each word
    of two letters or more, each pair of neighbouring words ("mary ann"), and each word joined
    by apostrophes or hyphens as written ("o'brien", "smith-jones"); with and without accents,
    and as SQLite lowers a capitalised name ("Émile")."""
    found: set[str] = set()
    for text in texts.values():
        raw = re.findall(r"\w+", text)
        forms = [word for word in raw if len(word) >= SHORTEST_NAME]
        forms += [f"{a} {b}" for a, b in zip(raw, raw[1:], strict=False)]
        forms += [word.replace("\u2019", "'") for word in COMPOUND.findall(text)]
        for form in forms:
            lowered = form.lower()
            found.update({lowered, fold(lowered), _sqlite_lower(form.title())})
    return found


def _holds(haystack: str, words: list[str]) -> bool:
    return bool(words) and f" {' '.join(words)} " in haystack


@dataclass(frozen=True)
class NameFound:
    ref: str
    word: str  # what was found: the full name, or the first or last name alone
    places: tuple[str, ...]  # the labels of the texts it was found in


def names_in(contract: Contract, texts: Mapping[str, str]) -> list[NameFound]:
    """The young people of the contract whose recorded first name, last name or full name
    appears in any of `texts` (label -> text) as whole words, whatever the case and accents.

    A warning, not a rule: a surname that is also a word ("Young", "Hill", "May") is reported
    all the same, and a nickname is not caught. The database finds the candidates in one query
    (a name equal to a word of the texts); the texts are then searched word by word. A name
    recorded with an accent is found when the text has the accent too (the database compares
    lowered names, and lowering keeps accents)."""
    texts = {label: text for label, text in texts.items() if text.strip()}
    if not texts:
        return []
    candidates = sorted(_candidates(texts))
    named = YoungPerson.objects.for_contract(contract).annotate(
        first=Lower("first_name"), last=Lower("last_name")
    )
    people: dict[str, tuple[str, str, str]] = {}
    # One query, unless the texts are long enough (a pasted report) to pass the number of
    # parameters a query may have (SQLite: 32,766): then one per so many words.
    for start in range(0, len(candidates), CANDIDATES_PER_QUERY):
        chunk = candidates[start : start + CANDIDATES_PER_QUERY]
        for row in named.filter(Q(first__in=chunk) | Q(last__in=chunk)).values_list(
            "ref", "first_name", "last_name"
        ):
            people[row[0]] = row
    searched = {label: f" {' '.join(words_of(text))} " for label, text in texts.items()}
    found = []
    for ref, first, last in sorted(people.values(), key=lambda row: (row[2], row[1], row[0])):
        first_words, last_words = words_of(first), words_of(last)
        first_counts = len("".join(first_words)) >= SHORTEST_NAME
        last_counts = len("".join(last_words)) >= SHORTEST_NAME
        whole, parts, places = False, set(), []
        for label, haystack in searched.items():
            here = False
            if _holds(haystack, first_words + last_words):
                whole = here = True
            if first_counts and _holds(haystack, first_words):
                parts.add("first")
                here = True
            if last_counts and _holds(haystack, last_words):
                parts.add("last")
                here = True
            if here:
                places.append(label)
        if not places:
            continue
        if whole:
            word = f"{first} {last}"
        else:
            word = " and ".join(
                name for part, name in (("first", first), ("last", last)) if part in parts
            )
        found.append(NameFound(ref, word, tuple(places)))
    return found


def names_in_return(ret: Return) -> list[NameFound]:
    """The young people named in the provider's words of the return (one query, none if it has
    no words yet)."""
    texts = texts_of(ret)
    return names_in(ret.contract, texts) if texts else []
