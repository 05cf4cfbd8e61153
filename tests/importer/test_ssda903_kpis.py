"""A2.1 and A2.2 on young people whose care comes from the SSDA903 fixtures, against a count
by hand.

Eleven children of the fixtures, each chosen for what their episodes show, are young people
of a Wolverhampton contract with key-worker cases of our own making; a twelfth (L) is in no
file, and their care status was typed. Both fixture sets are imported, as they are, one after
the other: the second names none of the first's children, so it leaves them alone. The
figures are for financial year 2017 (1 April 2017 to 31 March 2018), the fixtures' year.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.models import CareStatus, Placement
from kpis.engine.periods import FinancialYear
from tests.factories import CareStatusFactory, CaseFactory, PlacementFactory, YoungPersonFactory
from tests.kpis.helpers import figure

from .ssda903_files import fixture_pair, import_pair, people

pytestmark = pytest.mark.django_db

FY2017 = FinancialYear(2017)
PERIODS = {name: FY2017.period(name) for name in ("Q1", "Q2", "Q3", "Q4", "H1", "H2", "FY")}

# The children, their episodes (care only: V3/V4 rows left out) and the key worker's case.
#
# fake_data (csc-validator-be-903):
# A 550084  A5 18/02/2017-, R1 from 05/11/2017, T0 from 19/11/2017 (open)   case 01/10/2017-
# B 476797  A5 16/01/2017-, R1 from 14/05/2017, T1 from 28/02/2018 (open)   case 01/06-31/12/2017
# C 427922  U5 17/09/2016 (L1, then L3 from 17/04/2017), U2 07/07/2017, DEC 23/11/2017;
#           then T3 15/01/2018 to DEC 30/03/2018 (V4 short breaks around it)  case 01/04/2017-
# D 116056  A4 06/11/2016, DEC 28/04/2017 (then a V4 short break);
#           K2 06/08/2017, DEC 17/08/2017                                    case 06/08-30/09/2017
# E 947046  R1 as a V3 short break to 21/07/2017, then R1 (V2, care) open    case 01/04-20/07/2017
# F 638861  R1 28/04/2016, legal status C1 to J2 on 22/12/2017, open         case 01/04/2017-
#           (before the import, a care status from 01/01/2017 and a K2 placement from
#           01/05/2017 were typed by hand: the files replace them)
# G 819792  V4 short breaks only: never in care                              case 01/04/2017-
# H 69112   T0 31/08/2015 and 13/08/2017, then S1 from 28/10/2017, open      case 01/04/2017-
# 2017 demand model (cs-demand-model):
# I 610915  K2 03/07/2017, DEC 18/08/2017 (and, typed, child protection
#           01/05/2017-02/07/2017, which the import keeps)                   case 01/06-30/09/2017
# J 944392  U4 16/07/2015 (legal status L1 to J1 on 14/11/2017), K2 from 06/12/2017, open
#                                                                            case 01/11/2017-
# K 911317  U4 28/01/2017 (V2), DEC 19/07/2017; a V3 short break; U4 from 22/11/2017 (C2) open
#                                                                            case 01/04/2017-
# L (no file) in care from 01/05/2017, typed                                 case 01/04/2017-
CHILDREN = {
    "fake_data": {
        "A": ("550084", date(2017, 10, 1), None),
        "B": ("476797", date(2017, 6, 1), date(2017, 12, 31)),
        "C": ("427922", date(2017, 4, 1), None),
        "D": ("116056", date(2017, 8, 6), date(2017, 9, 30)),
        "E": ("947046", date(2017, 4, 1), date(2017, 7, 20)),
        "F": ("638861", date(2017, 4, 1), None),
        "G": ("819792", date(2017, 4, 1), None),
        "H": ("69112", date(2017, 4, 1), None),
    },
    "2017": {
        "I": ("610915", date(2017, 6, 1), date(2017, 9, 30)),
        "J": ("944392", date(2017, 11, 1), None),
        "K": ("911317", date(2017, 4, 1), None),
    },
}

# What the rules make of them (README, "SSDA903 import"): in_care intervals and placements,
# each ending the day before its last episode's DEC.
EXPECTED_CARE = {
    "A": [(date(2017, 2, 18), None)],
    "B": [(date(2017, 1, 16), None)],
    "C": [(date(2016, 9, 17), date(2017, 11, 22)), (date(2018, 1, 15), date(2018, 3, 29))],
    "D": [(date(2016, 11, 6), date(2017, 4, 27)), (date(2017, 8, 6), date(2017, 8, 16))],
    "E": [(date(2017, 7, 21), None)],
    "F": [(date(2016, 4, 28), None)],
    "G": [],
    "H": [(date(2015, 8, 31), None)],
    "I": [(date(2017, 7, 3), date(2017, 8, 17))],
    "J": [(date(2015, 7, 16), None)],
    "K": [(date(2017, 1, 28), date(2017, 7, 18)), (date(2017, 11, 22), None)],
    "L": [(date(2017, 5, 1), None)],
}
EXPECTED_PLACEMENTS = {
    "A": [
        ("A5", date(2017, 2, 18), date(2017, 11, 4)),
        ("R1", date(2017, 11, 5), date(2017, 11, 18)),
    ],
    "B": [
        ("A5", date(2017, 1, 16), date(2017, 5, 13)),
        ("R1", date(2017, 5, 14), date(2018, 2, 27)),
    ],
    "C": [
        ("U5", date(2016, 9, 17), date(2017, 7, 6)),
        ("U2", date(2017, 7, 7), date(2017, 11, 22)),
    ],
    "D": [
        ("A4", date(2016, 11, 6), date(2017, 4, 27)),
        ("K2", date(2017, 8, 6), date(2017, 8, 16)),
    ],
    "E": [("R1", date(2017, 7, 21), None)],
    "F": [("R1", date(2016, 4, 28), None)],
    "G": [],
    "H": [("S1", date(2017, 10, 28), None)],
    "I": [("K2", date(2017, 7, 3), date(2017, 8, 17))],
    "J": [("U4", date(2015, 7, 16), date(2017, 12, 5)), ("K2", date(2017, 12, 6), None)],
    "K": [("U4", date(2017, 1, 28), date(2017, 7, 18)), ("U4", date(2017, 11, 22), None)],
    "L": [],
}

# The hand count, period by period: (numerator, denominator).
#
# A2.1 denominator, a case open in the period: Q1 B C E F G H I K L (9); Q2 B C D E F G H I K L
# (10); Q3 A B C F G H J K L (9); Q4 A C F G H J K L (8); H1 10; H2 9; FY all 12.
# Entering care (no in_care interval the day before) on a day a case is open: L 01/05/2017
# (Q1); D 06/08/2017, the day its case began, and I 03/07/2017 (Q2; child protection is not
# care); K 22/11/2017 after the V3 break (Q3); C 15/01/2018 after 53 days out (Q4). Not
# counted: E entered 21/07/2017 when its V3 break ended, the day after its case closed; F's
# change of legal status, J's move and A's temporary move continue a period of care.
A2_1 = {"Q1": (1, 9), "Q2": (2, 10), "Q3": (1, 9), "Q4": (1, 8), "H1": (3, 10), "H2": (2, 9)}
A2_1["FY"] = (5, 12)
# A2.2 denominator, in care and a case open on a common day of the period: Q1 B C F H K L (6);
# Q2 B C D F H I K L (8; E's care began the day after its case closed); Q3 A B C F H J K L
# (8); Q4 A C F H J K L (7); H1 8; H2 8; FY 10 (all but E and G).
# A residential placement (K1, K2, R1) begun on a day a case is open: D's K2 06/08/2017 and
# I's K2 03/07/2017 (Q2); A's R1 05/11/2017 and J's K2 06/12/2017 (Q3). Not counted: B's R1
# began 14/05/2017, before its case; E's R1 began after its case closed; F's R1 goes back to
# 2016 (the typed K2 of 01/05/2017 is gone); H's S1 is not residential by default.
A2_2 = {"Q1": (0, 6), "Q2": (2, 8), "Q3": (2, 8), "Q4": (0, 7), "H1": (2, 8), "H2": (2, 8)}
A2_2["FY"] = (4, 10)


@pytest.fixture
def dataset(contract_b):
    ypt = contract_b
    by_letter = {}
    for children in CHILDREN.values():
        made = people(ypt, (child for child, _start, _end in children.values()))
        for letter, (child, start, end) in children.items():
            by_letter[letter] = made[child]
            CaseFactory(
                contract=ypt,
                young_person=made[child],
                referral_date=start,
                start_date=start,
                end_date=end,
            )
    by_letter["L"] = YoungPersonFactory(contract=ypt, ref="YP-L")
    CareStatusFactory(young_person=by_letter["L"], start_date=date(2017, 5, 1))
    CaseFactory(
        contract=ypt,
        young_person=by_letter["L"],
        referral_date=date(2017, 4, 1),
        start_date=date(2017, 4, 1),
    )
    # Typed before the import: F's wrong care and placement, I's child protection.
    CareStatusFactory(young_person=by_letter["F"], start_date=date(2017, 1, 1))
    PlacementFactory(young_person=by_letter["F"], placement_code="K2", start_date=date(2017, 5, 1))
    CareStatusFactory(
        young_person=by_letter["I"],
        status="child_protection",
        start_date=date(2017, 5, 1),
        end_date=date(2017, 7, 2),
    )
    for set_name in CHILDREN:
        result = import_pair(ypt, *fixture_pair(set_name))
        assert result.ok, result.problems[:5]
    return by_letter


def test_the_imported_care_and_placements_are_the_hand_worked_ones(dataset):
    care = {
        letter: list(
            CareStatus.objects.filter(young_person=person, status="in_care").values_list(
                "start_date", "end_date"
            )
        )
        for letter, person in dataset.items()
    }
    placements = {
        letter: list(
            Placement.objects.filter(young_person=person).values_list(
                "placement_code", "start_date", "end_date"
            )
        )
        for letter, person in dataset.items()
    }
    assert care == EXPECTED_CARE
    assert placements == EXPECTED_PLACEMENTS
    assert list(dataset["I"].care_statuses.values_list("status", flat=True)) == [
        "child_protection",
        "in_care",
    ]


@pytest.mark.parametrize("period", list(PERIODS))
def test_a2_1_and_a2_2_equal_the_hand_count(contract_b, dataset, period):
    counted = {
        code: (result.numerator, result.denominator)
        for code in ("A2.1", "A2.2")
        for result in [figure(contract_b, code, PERIODS[period])]
    }
    assert counted == {"A2.1": A2_1[period], "A2.2": A2_2[period]}


def test_the_residential_codes_stay_the_contracts_setting(contract_b, dataset):
    contract_b.residential_placement_codes = ["K1", "K2", "R1", "S1"]
    contract_b.save()
    # H's residential school from 28/10/2017 now counts, its case open (Q3).
    assert figure(contract_b, "A2.2", PERIODS["Q3"]).numerator == 3
