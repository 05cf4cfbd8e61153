"""The blank template: every sheet and header in import-format.md order, drop-downs, Notes."""

from io import BytesIO

import openpyxl
import pytest

from contracts.models import YoungPerson
from importer.columns import Code, YesNo
from importer.schema import NOTES_SHEET, TABLES
from importer.services import run_import
from importer.template_workbook import build_template_workbook

from .conftest import BASE

pytestmark = pytest.mark.django_db

# import-format.md, "Tables", as written there: the template must not drift from the spec.
SPEC_HEADERS = {
    "contract": "ref title framework commissioner provider start_date end_date annual_value "
    "record_timeframe_days",
    "young_people": "ref first_name last_name date_of_birth gender ethnicity disability locality "
    "la_child_id",
    "care_status": "young_person_ref status start_date end_date",
    "placements": "young_person_ref placement_code start_date end_date",
    "sessions": "ref date session_type title locality duration_hours coproduction",
    "attendance": "session_ref young_person_ref",
    "information_provided": "young_person_ref date method",
    "outcome_assessments": "young_person_ref date confidence resilience aspirations "
    "physical_health mental_health identity relationships",
    "feedback": "young_person_ref date kind rating comment",
    "initiatives": "ref date title description",
    "accreditations": "young_person_ref award route date",
    "mentors": "ref name young_person_ref left_date",
    "mentor_training": "mentor_ref module completed_date",
    "matches": "ref mentor_ref mentee_ref start_date end_date",
    "supported_appointments": "match_ref date appointment_type",
    "f4c_roles": "young_person_ref role start_date end_date",
    "f4c_applications": "ref young_person_ref submitted_date amount_requested decision "
    "decision_date amount_awarded onward_support",
    "additional_funding": "ref date source amount status",
    "key_workers": "ref name",
    "cases": "ref young_person_ref key_worker_ref referral_date start_date end_date",
    "contacts": "ref case_ref contact_date recorded_date",
    "assessments": "ref case_ref date role",
    "kw_activities": "ref key_worker_ref date role title",
    "performance_reviews": "key_worker_ref date satisfactory",
}


@pytest.fixture(scope="module")
def template() -> openpyxl.Workbook:
    return openpyxl.load_workbook(BytesIO(build_template_workbook()))


def test_it_has_every_sheet_in_the_specs_order_then_notes(template):
    assert template.sheetnames == [*SPEC_HEADERS, NOTES_SHEET]


@pytest.mark.parametrize("table", list(SPEC_HEADERS))
def test_each_sheet_has_the_specs_headers_in_order(template, table):
    headers = [cell.value for cell in template[table][1]]
    assert headers == SPEC_HEADERS[table].split()


@pytest.mark.parametrize("table", TABLES, ids=lambda table: table.name)
def test_code_and_yes_no_columns_have_drop_down_lists(template, table):
    sheet = template[table.name]
    lists = {
        str(validation.sqref).split(":")[0][:-1]: validation.formula1
        for validation in sheet.data_validations.dataValidation
    }
    expected = {}
    for index, column in enumerate(table.columns):
        if isinstance(column.type, Code | YesNo):
            letter = openpyxl.utils.get_column_letter(index + 1)
            expected[letter] = '"' + ",".join(column.type.choices()) + '"'
    assert lists == expected
    assert all(len(formula) <= 255 for formula in lists.values())


def test_the_yes_no_list_offers_yes_and_no(template):
    (validation,) = [
        v for v in template["sessions"].data_validations.dataValidation if "G2" in str(v.sqref)
    ]
    assert (validation.type, validation.formula1) == ("list", '"yes,no"')


def test_notes_explain_every_column(template):
    rows = list(template[NOTES_SHEET].iter_rows(values_only=True))
    assert rows[0][:5] == ("table", "column", "required", "type", "allowed values")
    described = {(row[0], row[1]): row for row in rows[1:] if row and row[1]}
    for table in TABLES:
        for column in table.columns:
            row = described[(table.name, column.name)]
            assert row[2] == ("required" if column.required else "optional")
            assert row[3]  # a type, in words
    assert described[("young_people", "gender")][4] == "female, male, other, not_known"
    assert described[("contract", "record_timeframe_days")][2] == "optional"


def test_the_blank_template_asks_only_for_its_contract_row(tmp_path):
    path = tmp_path / "blank.xlsx"
    path.write_bytes(build_template_workbook())
    result = run_import(path)
    assert [str(problem) for problem in result.problems] == [
        "contract, row 2, column ref: the contract table must have exactly one row; it has 0"
    ]


def test_the_filled_in_template_imports(tmp_path):
    workbook = openpyxl.load_workbook(BytesIO(build_template_workbook()))
    for table, rows in BASE.items():
        for row in rows:
            workbook[table].append([row.get(name) or None for name in SPEC_HEADERS[table].split()])
    path = tmp_path / "filled.xlsx"
    workbook.save(path)
    result = run_import(path)
    assert result.problems == []
    assert YoungPerson.objects.count() == 2
