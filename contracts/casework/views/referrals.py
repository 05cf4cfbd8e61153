"""Placeholder: being written."""

from django.http import HttpResponse

from ..access import contract_for_casework


def referrals(request, pk):
    contract_for_casework(request, pk)
    return HttpResponse("Not yet")


def referral_add(request, pk):
    contract_for_casework(request, pk)
    return HttpResponse("Not yet")


def referral_detail(request, pk, referral_pk):
    contract_for_casework(request, pk)
    return HttpResponse("Not yet")


def referral_allocate(request, pk, referral_pk):
    contract_for_casework(request, pk)
    return HttpResponse("Not yet")
