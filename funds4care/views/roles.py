"""Young people's roles in running Funds4 Care (1.8), with their training: added and ended from
the young person's page, where they are listed."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from ..access import funds4care_contract
from ..forms import EndRoleForm, RoleForm
from ..models import Funds4CareRole
from ..services import Funds4CareError
from ..services.funds import add_role, end_role
from .common import staff_only, trail


def person_url(contract, person) -> str:
    url = reverse(
        "contracts:young_person_detail", kwargs={"pk": contract.pk, "young_person_pk": person.pk}
    )
    return f"{url}#funds4care"


def _page(request, contract, person, form, title):
    return render(
        request,
        "funds4care/role_form.html",
        {
            "contract": contract,
            "person": person,
            "form": form,
            "title": title,
            "cancel_url": person_url(contract, person),
            "trail": trail(
                contract,
                ("Young people", reverse("contracts:young_people", kwargs={"pk": contract.pk})),
                (person.full_name, person_url(contract, person)),
                (title, None),
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def role_add(request: HttpRequest, pk: int, young_person_pk: int) -> HttpResponse:
    contract = funds4care_contract(request, pk)
    person = get_object_or_404(contract.young_people, pk=young_person_pk)
    staff_only(request, contract, "record roles in running Funds4 Care")
    form = RoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            add_role(young_person=person, by=request.user, role=data["role"],
                     start_date=data["start_date"], training=data["training"])  # fmt: skip
        except Funds4CareError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{person.first_name}'s role, {data['role']}, added.")
            return redirect(person_url(contract, person))
    return _page(request, contract, person, form, f"Add a Funds4 Care role for {person.full_name}")


@require_http_methods(["GET", "POST"])
def role_end(request: HttpRequest, pk: int, young_person_pk: int, role_id: int) -> HttpResponse:
    contract = funds4care_contract(request, pk)
    person = get_object_or_404(contract.young_people, pk=young_person_pk)
    role = get_object_or_404(Funds4CareRole, pk=role_id, young_person=person)
    staff_only(request, contract, "record roles in running Funds4 Care")
    form = EndRoleForm(request.POST or None, initial={"end_date": role.end_date})
    if request.method == "POST" and form.is_valid():
        try:
            end_role(role=role, by=request.user, end_date=form.cleaned_data["end_date"])
        except Funds4CareError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{person.first_name}'s role, {role.role}, ended.")
            return redirect(person_url(contract, person))
    return _page(request, contract, person, form, f"End {person.first_name}'s role: {role}")
