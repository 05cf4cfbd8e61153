"""STUB: to be written."""

from django.http import Http404


def referrals(request, pk, **kwargs):
    raise Http404("not yet")


def referral_add(request, pk, **kwargs):
    raise Http404("not yet")


def referral_detail(request, pk, **kwargs):
    raise Http404("not yet")


def referral_match(request, pk, **kwargs):
    raise Http404("not yet")


def referral_withdraw(request, pk, **kwargs):
    raise Http404("not yet")
