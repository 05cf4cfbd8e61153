"""Placeholder: being written."""

from django.http import HttpResponse

from ..access import contract_for_casework


def caseloads(request, pk):
    contract_for_casework(request, pk)
    return HttpResponse("Not yet")


def my_cases(request, pk):
    contract_for_casework(request, pk)
    return HttpResponse("Not yet")
