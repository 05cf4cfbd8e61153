"""An approved return keeps its figures and its files when a young person it counted is erased:
erasure changes names and words, never the rows the figures count, and never a return."""

import io

import openpyxl
import pytest
from django.urls import reverse

from kpis.models import Return
from kpis.returns.due import open_returns
from kpis.returns.workflow import approve_return, submit_return
from privacy.erasure import erase_young_person
from tests.returns.test_workflow_services import explain_everything

pytestmark = pytest.mark.django_db


def workbook_values(content: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [
        [cell for row in sheet.iter_rows(values_only=True) for cell in row]
        for sheet in book.worksheets
    ]


def test_an_approved_returns_figures_and_workbook_are_the_same_after_erasure(
    client, person, administrator, provider_a_manager, commissioner
):
    open_returns(contract=person.contract)
    q1 = Return.objects.get(contract=person.contract, financial_year=2025, period="Q1")
    explain_everything(q1, provider_a_manager)
    submit_return(ret=q1, by=provider_a_manager)
    approve_return(ret=q1, by=commissioner)
    q1.refresh_from_db()
    figures = q1.frozen_figures
    assert figures  # the person's attendance and feedback in May 2025 are counted
    client.force_login(commissioner)
    url = reverse("reports:return_xlsx", args=[person.contract_id, q1.pk])
    before = workbook_values(client.get(url).content)

    erase_young_person(person=person, by=administrator, reason="Their request")

    q1.refresh_from_db()
    assert (q1.status, q1.frozen_figures) == ("approved", figures)
    assert workbook_values(client.get(url).content) == before
