"""Wolverhampton Young Person's Team: the Appendix 2 framework, indicators A2.1-A2.10.

Monitored quarterly and reported six-monthly, so the return shows Q1-Q4, H1, H2 and FY. The
targets are "to be agreed": empty until the commissioner sets them. Everything about the
framework but how each figure is counted (rules.py); the specification's words are copied from
../shared/spec/003_*.txt, Appendix 2 ("Contract Performance Monitoring Framework"), word for
word, its slips included ("lead on", "Quaterly", "cirunstances").
"""

from __future__ import annotations

from contracts.frameworks import record_kinds
from kpis.engine.indicators import (
    Direction,
    Framework,
    Indicator,
    SpecificationTable,
    TextColumn,
    Unit,
    Wording,
)
from kpis.engine.rules import CountOf, ShareOf

from .rules import (
    activities_led,
    activities_supported,
    assessments_led,
    assessments_supported,
    cases_open_in,
    contacts_in,
    entered_care_in,
    in_care_while_worked_with,
    placed_in_residential_care,
    recorded_in_time,
    reviews_in,
    satisfactory,
    worked_with_in,
)

CODE = "wolverhampton_ypt"
TO_BE_AGREED = "To be agreed"
# Appendix 2's columns in the screens' words, the same for every indicator but the last.
PROJECT_OUTPUT = "Project specific: output"
CONTRACT_OUTPUT = "Contract specific: output"
APPENDIX_2 = {
    "data_source": "YPT Management Records",
    "monitoring": "Quarterly",
    "reporting": "Six monthly",
    "target_note": TO_BE_AGREED,
}
REVIEW_FREQUENCY = (
    "Quarterly for the first 6 months of the contract, then at least six-monthly (more often "
    "if circumstances require it)"
)

# The same cells in Appendix 2's own words.
PROJECT_OUTPUT_WORDS = "Project Specific: \u2022 Output"
CONTRACT_OUTPUT_WORDS = "Contract Specific: \u2022 Output"
REVIEW_FREQUENCY_WORDS = (
    "Quaterly for first 6 months of contract then at least 6 monthly but may be more frequent "
    "if cirunstances require it."
)


def _appendix_2(indicator_type: str, measure: str, frequency: str = "") -> Wording:
    return Wording(
        name=measure,
        indicator_type=indicator_type,
        data_source="YPT Management Records",
        monitoring=frequency or "Quarterly",
        reporting=frequency or "Six monthly",
    )


INDICATORS = (
    Indicator(
        code="A2.1",
        title="Worked with who enter care",
        description="Percentage of young people worked with that enter care of the local authority",
        unit=Unit.PERCENT,
        indicator_type=PROJECT_OUTPUT,
        direction=Direction.LOWER,
        **APPENDIX_2,
        rule=ShareOf(denominator=worked_with_in, numerator=entered_care_in, kind="young_people"),
        wording=_appendix_2(
            PROJECT_OUTPUT_WORDS,
            "Percentage of young people worked with that enter care of the local authority",
        ),
        same_as=((("denominator",), ("A2.4", "value")),),  # a case open in P
    ),
    Indicator(
        code="A2.2",
        title="In care, then residential placement",
        description="Percentage of young people in care worked with that subsequently have a "
        "residential placement",
        unit=Unit.PERCENT,
        indicator_type=PROJECT_OUTPUT,
        direction=Direction.LOWER,
        **APPENDIX_2,
        rule=ShareOf(
            denominator=in_care_while_worked_with,
            numerator=placed_in_residential_care,
            kind="young_people",
        ),
        wording=_appendix_2(
            PROJECT_OUTPUT_WORDS,
            "Percentage of young people in care worked with that subsequently have a residential "
            "placement",
        ),
    ),
    Indicator(
        code="A2.3",
        title="Cases worked on",
        description="Number of cases worked on",
        unit=Unit.COUNT,
        indicator_type=CONTRACT_OUTPUT,
        **APPENDIX_2,
        rule=CountOf(query=cases_open_in, kind="cases"),
        wording=_appendix_2(CONTRACT_OUTPUT_WORDS, "No. of cases worked on per year"),
    ),
    Indicator(
        code="A2.4",
        title="Young people worked with",
        description="Number of young people worked with",
        unit=Unit.COUNT,
        indicator_type=CONTRACT_OUTPUT,
        **APPENDIX_2,
        rule=CountOf(query=worked_with_in, kind="young_people"),
        wording=_appendix_2(CONTRACT_OUTPUT_WORDS, "No. of young people worked with per year"),
    ),
    Indicator(
        code="A2.5",
        title="Assessments led",
        description="Number of assessments led",
        unit=Unit.COUNT,
        indicator_type=CONTRACT_OUTPUT,
        **APPENDIX_2,
        rule=CountOf(query=assessments_led, kind="assessments"),
        wording=_appendix_2(CONTRACT_OUTPUT_WORDS, "No. of assessments lead on"),
        events=frozenset({"value"}),  # assessments dated in P
    ),
    Indicator(
        code="A2.6",
        title="Assessments supported",
        description="Number of assessments actively supported",
        unit=Unit.COUNT,
        indicator_type=CONTRACT_OUTPUT,
        **APPENDIX_2,
        rule=CountOf(query=assessments_supported, kind="assessments"),
        wording=_appendix_2(CONTRACT_OUTPUT_WORDS, "No. of assessments actively supported"),
        events=frozenset({"value"}),
    ),
    Indicator(
        code="A2.7",
        title="Records updated within timeframe",
        description="Records updated within the agreed timeframe",
        unit=Unit.PERCENT,
        indicator_type=CONTRACT_OUTPUT,
        **APPENDIX_2,
        rule=ShareOf(denominator=contacts_in, numerator=recorded_in_time, kind="contacts"),
        wording=_appendix_2(CONTRACT_OUTPUT_WORDS, "Records updated within agreed timeframe"),
        events=frozenset({"numerator", "denominator"}),  # contacts by contact date
    ),
    Indicator(
        code="A2.8",
        title="Activities led",
        description="Number of activities where the key worker has taken a lead",
        unit=Unit.COUNT,
        indicator_type=CONTRACT_OUTPUT,
        **APPENDIX_2,
        rule=CountOf(query=activities_led, kind="activities"),
        wording=_appendix_2(
            CONTRACT_OUTPUT_WORDS,
            "No. of activities where Key Worker has taken a lead",
        ),
        events=frozenset({"value"}),  # activities dated in P
    ),
    Indicator(
        code="A2.9",
        title="Activities supported",
        description="Number of activities which the key worker has actively supported",
        unit=Unit.COUNT,
        indicator_type=CONTRACT_OUTPUT,
        **APPENDIX_2,
        rule=CountOf(query=activities_supported, kind="activities"),
        wording=_appendix_2(
            CONTRACT_OUTPUT_WORDS,
            "No. of activities which Key Worker has actively supported",
        ),
        events=frozenset({"value"}),
    ),
    Indicator(
        code="A2.10",
        title="Performance assessments satisfactory",
        description="Satisfactory completion of periodic performance assessment",
        unit=Unit.PERCENT,
        indicator_type=CONTRACT_OUTPUT,
        **{**APPENDIX_2, "monitoring": REVIEW_FREQUENCY, "reporting": REVIEW_FREQUENCY},
        rule=ShareOf(
            denominator=reviews_in,
            numerator=satisfactory,
            kind="performance_reviews",
        ),
        wording=_appendix_2(
            CONTRACT_OUTPUT_WORDS,
            "Satisfactory completion of periodic performance assessment",
            REVIEW_FREQUENCY_WORDS,
        ),
        events=frozenset({"numerator", "denominator"}),  # reviews dated in P
    ),
)

FRAMEWORK = Framework(
    code=CODE,
    title="Wolverhampton Young Person's Team (Appendix 2)",
    indicators=INDICATORS,
    columns=tuple((name, name) for name in ("Q1", "Q2", "Q3", "Q4", "H1", "H2", "FY")),
    return_periods=("H1", "H2"),  # reported six-monthly, the quarters of the half beside it
    return_period_noun="half year",
    # Appendix 2's table ("Contract Performance Monitoring Framework").
    table=SpecificationTable(
        sheet_title="Appendix 2",
        title="Performance monitoring",
        text_columns=(
            TextColumn("Indicator Type", "indicator_type", 18),
            TextColumn("Indicator/ Measure", "heading", 50),
            TextColumn("Data Source", "data_source", 18),
            TextColumn("Frequency of monitoring", "monitoring", 18),
            TextColumn("Frequency of reporting", "reporting", 18),
        ),
        target_heading="Target(s)",
        target_width=12,
        figure_width=10,
        comments_heading="Comments",
        comments_width=45,
        frozen_columns=2,
    ),
    records=record_kinds(CODE),
)
