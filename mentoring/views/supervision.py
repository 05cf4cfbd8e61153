"""STUB: to be written."""

from django.http import Http404


def supervisions(request, pk, **kwargs):
    raise Http404("not yet")


def supervision_add(request, pk, **kwargs):
    raise Http404("not yet")
