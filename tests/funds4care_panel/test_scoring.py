"""The panel's scores summed up, worked by hand: weighted averages that leave "does not apply"
out, the panel's average of its members, the spread, and the 2-point disagreement flag."""

from decimal import Decimal

from funds4care.panel.scoring import Disagreement, member_average, summarise

# Three questions weighted 3, 2 and 1.
RUBRIC = {1: ("Help", 3), 2: ("Value", 2), 3: ("Lasting", 1)}
WEIGHTS = {c: weight for c, (_name, weight) in RUBRIC.items()}


def test_it_weights_each_score_by_its_question():
    # (3x4 + 2x2 + 1x5) / 6 = 21 / 6 = 3.5
    assert member_average({1: 4, 2: 2, 3: 5}, WEIGHTS) == Decimal("3.5")


def test_it_leaves_not_applicable_out_of_the_average_rather_than_counting_it_as_0():
    # (3x4 + 1x5) / (3 + 1) = 17 / 4 = 4.25; counted as 0 it would be 17 / 6 = 2.83
    assert member_average({1: 4, 2: None, 3: 5}, WEIGHTS) == Decimal("4.25")


def test_a_member_who_marks_every_question_not_applicable_has_no_average():
    assert member_average({1: None, 2: None, 3: None}, WEIGHTS) is None


def test_the_panel_average_is_the_mean_of_the_members_averages_and_the_spread_their_range():
    sheets = [
        {1: 4, 2: 2, 3: 5},  # 21 / 6 = 3.5
        {1: 5, 2: None, 3: 1},  # (15 + 1) / 4 = 4.0
        {1: 3, 2: 3, 3: 3},  # 3.0
    ]
    summary = summarise(sheets, RUBRIC)
    assert summary.member_averages == (Decimal("3.50"), Decimal("4.00"), Decimal("3.00"))
    # (3.5 + 4 + 3) / 3 = 3.5; pooled it would be (21 + 16 + 18) / (6 + 4 + 6) = 3.44
    assert summary.average == Decimal("3.50")
    assert summary.spread == Decimal("1.00")
    assert summary.submitted == 3


def test_it_rounds_only_what_it_shows():
    # 3.5 and 3.6667 (= 22/6): the mean is 3.58333, shown 3.58 (not the mean of 3.50 and 3.67)
    summary = summarise([{1: 4, 2: 2, 3: 5}, {1: 4, 2: 3, 3: 4}], RUBRIC)
    assert summary.member_averages == (Decimal("3.50"), Decimal("3.67"))
    assert summary.average == Decimal("3.58")
    assert summary.spread == Decimal("0.17")


def test_two_points_apart_on_a_question_is_flagged_and_one_point_is_not():
    sheets = [
        {1: 4, 2: 1, 3: 5},
        {1: 3, 2: 3, 3: 5},  # Help 1 apart: no flag; Value 2 apart: flagged
        {1: 4, 2: 2, 3: None},  # "does not apply" takes no side on Lasting
    ]
    assert summarise(sheets, RUBRIC).flags == (Disagreement("Value", 1, 3),)


def test_not_applicable_beside_a_0_is_no_disagreement():
    sheets = [{1: 0, 2: 2, 3: None}, {1: 0, 2: 2, 3: 5}]
    assert summarise(sheets, RUBRIC).flags == ()


def test_flags_follow_the_rubrics_order():
    sheets = [{1: 0, 2: 5, 3: 0}, {1: 5, 2: 0, 3: 2}]
    assert [flag.criterion for flag in summarise(sheets, RUBRIC).flags] == [
        "Help",
        "Value",
        "Lasting",
    ]


def test_an_application_nobody_has_scored_has_no_average_nor_spread():
    summary = summarise([], RUBRIC, conflicted=1)
    assert (summary.average, summary.spread, summary.flags) == (None, None, ())
    assert summary.conflicted == 1


def test_a_sheet_all_not_applicable_counts_as_submitted_but_not_in_the_average():
    summary = summarise([{1: None, 2: None, 3: None}, {1: 2, 2: 2, 3: 2}], RUBRIC)
    assert (summary.submitted, summary.all_not_applicable) == (2, 1)
    assert (summary.average, summary.spread) == (Decimal("2.00"), Decimal("0.00"))
