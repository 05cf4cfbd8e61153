"""STUB: to be written."""

from django.http import Http404


def mentors(request, pk, **kwargs):
    raise Http404("not yet")


def mentor_add(request, pk, **kwargs):
    raise Http404("not yet")


def mentor_detail(request, pk, **kwargs):
    raise Http404("not yet")


def mentor_edit(request, pk, **kwargs):
    raise Http404("not yet")


def training_record(request, pk, **kwargs):
    raise Http404("not yet")
