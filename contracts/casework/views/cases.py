"""Placeholder: being written."""

from django.http import HttpResponse

from ..access import contract_for_casework


def case_detail(request, pk, case_pk):
    contract_for_casework(request, pk)
    return HttpResponse("Not yet")


def contact_add(request, pk, case_pk):
    contract_for_casework(request, pk)
    return HttpResponse("Not yet")


def contact_edit(request, pk, case_pk, record_pk):
    contract_for_casework(request, pk)
    return HttpResponse("Not yet")


def planned_contact_add(request, pk, case_pk):
    contract_for_casework(request, pk)
    return HttpResponse("Not yet")


def assessment_add(request, pk, case_pk):
    contract_for_casework(request, pk)
    return HttpResponse("Not yet")


def assessment_edit(request, pk, case_pk, record_pk):
    contract_for_casework(request, pk)
    return HttpResponse("Not yet")


def plan_add(request, pk, case_pk):
    contract_for_casework(request, pk)
    return HttpResponse("Not yet")


def plan_review_add(request, pk, case_pk, record_pk):
    contract_for_casework(request, pk)
    return HttpResponse("Not yet")


def case_close(request, pk, case_pk):
    contract_for_casework(request, pk)
    return HttpResponse("Not yet")
