"""What a board report may name: pure.

A board report is shared beyond the contract, so none of its words may be ones a person typed.
Its indicators, measures, targets and statuses are the framework's; a breakdown's categories
are the framework's codes too, except localities, which are recorded as text (the import takes
any). `published_figures` regroups each breakdown before the report is suppressed: a category
the framework names keeps its line; a locality keeps its line only if it is on the contract's
list of localities (`Contract.localities`, exactly as listed); every other recorded value (a
locality not on the list, a blank, a child's name typed as a locality) is counted under one
line, "Other or not recorded". A contract with no list yet names no locality at all.

Regrouping adds categories together, so a breakdown that partitions the headline still adds up
to it in every period and the suppression's relations hold as before.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace

from kpis.engine.figures import IndicatorFigures, ReturnFigures
from kpis.engine.indicators import Framework
from kpis.engine.rules import Number

# The key of the one line every unnamed value is counted under: no framework code, and not a
# locality anyone can list (a listed locality is stripped text, never empty).
OTHER = ""
OTHER_LABEL = "Other or not recorded"
# The breakdown whose categories are the contract's list rather than the framework's codes.
LISTED_BREAKDOWN = "locality"


def named_categories(
    framework: Framework, breakdown: str, localities: Collection[str]
) -> frozenset[str]:
    """The categories of a breakdown a board report may name."""
    known = set(framework.category_order(breakdown))
    if breakdown == LISTED_BREAKDOWN:
        known |= {name for name in localities if name}
    return frozenset(known)


def _regrouped(
    breakdowns: Mapping[str, Mapping[str, Number]],
    framework: Framework,
    localities: Collection[str],
) -> dict[str, dict[str, Number]]:
    regrouped: dict[str, dict[str, Number]] = {}
    for name, categories in breakdowns.items():
        named = named_categories(framework, name, localities)
        lines: dict[str, Number] = {}
        for category, value in categories.items():
            key = category if category in named else OTHER
            lines[key] = lines.get(key, 0) + value
        regrouped[name] = lines
    return regrouped


def published_figures(figures: ReturnFigures, *, localities: Collection[str]) -> ReturnFigures:
    """The figures with every breakdown's unnamed categories counted under `OTHER`."""
    framework = figures.framework

    def row_of(row: IndicatorFigures) -> IndicatorFigures:
        by_period = {
            period: replace(figure, breakdown=_regrouped(figure.breakdown, framework, localities))
            for period, figure in row.figures.items()
        }
        # The framework's title, never one frozen with a return.
        return replace(row, figures=by_period, frozen_title=None)

    return replace(figures, rows=tuple(row_of(row) for row in figures.rows))


def category_label(framework: Framework, breakdown: str, category: str) -> str:
    return OTHER_LABEL if category == OTHER else framework.category_label(breakdown, category)


def in_report_order(categories: list[str]) -> list[str]:
    """The categories in the framework's order (categories_present), "Other" last."""
    return [c for c in categories if c != OTHER] + [c for c in categories if c == OTHER]
