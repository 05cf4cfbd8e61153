"""The team's pages: key workers, their activities and their performance reviews."""

from django.http import HttpResponse
from django.urls import path

from .access import contract_for_casework


def _placeholder(request, pk, **kwargs):
    contract_for_casework(request, pk)
    return HttpResponse("Not yet")


urlpatterns = [
    path("key-workers/", _placeholder, name="key_workers"),
    path("activities/", _placeholder, name="activities"),
]
