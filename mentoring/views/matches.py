"""STUB: to be written."""

from django.http import Http404


def matches(request, pk, **kwargs):
    raise Http404("not yet")


def match_detail(request, pk, **kwargs):
    raise Http404("not yet")


def goal_add(request, pk, **kwargs):
    raise Http404("not yet")


def review_add(request, pk, **kwargs):
    raise Http404("not yet")


def appointment_add(request, pk, **kwargs):
    raise Http404("not yet")


def match_close(request, pk, **kwargs):
    raise Http404("not yet")
