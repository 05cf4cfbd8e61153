"""Targets: a commissioner's for the year, else the specification's; every change kept."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from pytest_django.asserts import assertContains

from kpis.engine.periods import FinancialYear
from kpis.engine.targets import TargetError, set_targets, targets_for
from kpis.frameworks import FRAMEWORKS
from kpis.models import INDICATOR_CODES, PERCENT_CODES, Target

pytestmark = pytest.mark.django_db

FY2025 = FinancialYear(2025)


def test_the_specifications_targets_apply_until_one_is_set(ep, ypt):
    cornwall = targets_for(ep, FY2025)
    assert cornwall["1.2"].value == 160
    assert (cornwall["1.5"].value, cornwall["1.5"].label) == (None, "Monitor only")
    assert (cornwall["1.3"].value, cornwall["1.3"].label) == (None, "TBC via tender submission")
    assert (cornwall["1.15"].value, cornwall["1.15"].label) == (None, "No target")
    assert {t.label for t in targets_for(ypt, FY2025).values()} == {"To be agreed"}


def test_a_target_set_for_one_year_holds_for_that_year_only(ep, commissioner):
    set_targets(contract=ep, year=FY2025, values={"1.2": Decimal(150)}, by=commissioner)
    assert targets_for(ep, FY2025)["1.2"].value == 150
    assert targets_for(ep, FinancialYear(2026))["1.2"].value == 160


def test_each_change_is_kept_with_who_made_it(ep, commissioner, administrator):
    changed = set_targets(
        contract=ep, year=FY2025, values={"1.2": Decimal(150), "1.5": Decimal(4)}, by=commissioner
    )
    assert changed == ["1.2", "1.5"]
    set_targets(contract=ep, year=FY2025, values={"1.2": None}, by=administrator)
    history = Target.history.filter(indicator="1.2").order_by("history_date")
    assert [(h.value, h.history_user) for h in history] == [
        (Decimal("150.00"), commissioner),
        (None, administrator),
    ]
    assert targets_for(ep, FY2025)["1.2"].value is None


def test_a_value_already_in_force_writes_nothing(ep, commissioner):
    assert (
        set_targets(contract=ep, year=FY2025, values={"1.2": Decimal(160)}, by=commissioner) == []
    )
    assert not Target.history.exists()


def test_an_indicator_of_another_framework_is_refused(ep, commissioner):
    with pytest.raises(TargetError, match="A2.1"):
        set_targets(contract=ep, year=FY2025, values={"A2.1": Decimal(5)}, by=commissioner)


# ---------------------------------------------------------------------------------------------
# Every door checks a target: the model (admin, shell), the database, and the history survives a
# row that slipped in before.
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "value", "field"),
    [
        ("A2.99", Decimal(5), "indicator"),  # no framework's
        ("A2.1", Decimal(5), "indicator"),  # Wolverhampton's, on a Cornwall contract
        ("1.1", Decimal("100.01"), "value"),  # a percentage over 100
        ("1.2", Decimal(-1), "value"),
    ],
)
def test_the_model_refuses_a_target_the_contract_cannot_have(ep, code, value, field):
    target = Target(contract=ep, financial_year=2025, indicator=code, value=value)
    with pytest.raises(ValidationError) as refused:
        target.full_clean()
    assert set(refused.value.message_dict) == {field}


@pytest.mark.parametrize(("code", "value"), [("1.1", Decimal(100)), ("1.2", Decimal(170))])
def test_the_model_takes_a_percentage_up_to_100_and_a_count_above_it(ep, code, value):
    Target(contract=ep, financial_year=2025, indicator=code, value=value).full_clean()


@pytest.mark.parametrize(
    ("code", "value"),
    [("A2.99", Decimal(5)), ("1.1", Decimal(101)), ("A2.7", Decimal(150)), ("1.2", Decimal(-1))],
)
def test_the_database_refuses_what_it_can_check_without_the_contract(ep, code, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(contract=ep, financial_year=2025, indicator=code, value=value)


def test_every_percentage_code_is_one_framework_s_alone():
    codes = [i.code for f in FRAMEWORKS.values() for i in f.indicators]
    assert len(codes) == len(set(codes)) == len(INDICATOR_CODES)
    assert "1.1" in PERCENT_CODES and "A2.7" in PERCENT_CODES and "1.2" not in PERCENT_CODES


def admin_add(client, ep, code: str, value: str):
    return client.post(
        reverse("admin:kpis_target_add"),
        {"contract": ep.pk, "financial_year": 2025, "indicator": code, "value": value},
    )


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        ("A2.99", "5", "A2.99 is not an indicator of Cornwall Engagement and Participation"),
        ("1.1", "101", "1.1 is a percentage: its target is at most 100."),
    ],
)
def test_the_admin_refuses_a_target_the_contract_cannot_have(
    client, administrator, ep, code, value, message
):
    client.force_login(administrator)
    response = admin_add(client, ep, code, value)
    assert response.status_code == 200
    assertContains(response, message)
    assert not Target.objects.exists()


def test_the_admin_saves_a_good_target(client, administrator, ep):
    client.force_login(administrator)
    assert admin_add(client, ep, "1.2", "170").status_code == 302
    assert Target.objects.get().value == 170


def history_row(ep, code: str, value, kind: str, when: datetime, row_id: int = 9_999):
    """A history row as the admin wrote them before targets were checked."""
    return Target.history.model.objects.create(
        id=row_id,
        contract=ep,
        financial_year=2025,
        indicator=code,
        value=value,
        history_type=kind,
        history_date=when,
    )


def test_the_targets_page_lists_a_code_the_framework_lacks_instead_of_failing(
    client, commissioner, ep
):
    history_row(ep, "A2.99", Decimal(5), "+", datetime(2025, 5, 1, 9, tzinfo=UTC))
    history_row(ep, "A2.99", Decimal(5), "-", datetime(2025, 5, 2, 9, tzinfo=UTC))
    client.force_login(commissioner)
    response = client.get(reverse("kpis:targets", kwargs={"pk": ep.pk, "year": 2025}))
    assert response.status_code == 200
    assertContains(response, "A2.99 (not an indicator of this framework)", count=2)
    assert [(c["code"], c["before"], c["after"]) for c in response.context["changes"]] == [
        ("A2.99", "5", "No target"),
        ("A2.99", "No target", "5"),
    ]


def test_a_deleted_target_puts_the_specifications_back_in_the_history(
    client, commissioner, administrator, ep
):
    with time_machine.travel(datetime(2025, 5, 1, 9, tzinfo=UTC), tick=False):
        set_targets(contract=ep, year=FY2025, values={"1.2": Decimal(170)}, by=commissioner)
    client.force_login(administrator)
    target = Target.objects.get()
    with time_machine.travel(datetime(2025, 6, 1, 9, tzinfo=UTC), tick=False):
        delete = reverse("admin:kpis_target_delete", args=[target.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 302
    assert targets_for(ep, FY2025)["1.2"].value == 160
    response = client.get(reverse("kpis:targets", kwargs={"pk": ep.pk, "year": 2025}))
    changes = [(c["code"], c["who"], c["before"], c["after"]) for c in response.context["changes"]]
    assert changes == [
        ("1.2", administrator, "170", "160 (the specification's)"),
        ("1.2", commissioner, "160 (the specification's)", "170"),
    ]
    assertContains(response, "<td>170</td>\n      <td>160 (the specification&#x27;s)</td>")


# ---------------------------------------------------------------------------------------------
# A POST that lost its fields changes nothing; a field sent empty means "no target".
# ---------------------------------------------------------------------------------------------


def targets_url(contract) -> str:
    return reverse("kpis:targets", kwargs={"pk": contract.pk, "year": 2025})


@pytest.fixture
def set_before(ep, commissioner):
    set_targets(
        contract=ep, year=FY2025, values={"1.2": Decimal(150), "1.5": Decimal(4)}, by=commissioner
    )


@pytest.mark.parametrize("body", [{"csrfmiddlewaretoken": "x"}, {}])
def test_a_post_without_the_forms_fields_changes_nothing_and_says_so(
    client, commissioner, ep, set_before, body
):
    client.force_login(commissioner)
    response = client.post(targets_url(ep), body, follow=True)
    assertContains(response, "The form arrived without its targets: nothing was changed.")
    assert response.redirect_chain == [(targets_url(ep), 302)]
    assert dict(Target.objects.values_list("indicator", "value")) == {
        "1.2": Decimal("150.00"),
        "1.5": Decimal("4.00"),
    }
    assert Target.history.count() == 2


def test_a_field_sent_empty_still_means_no_target(client, commissioner, ep, set_before):
    client.force_login(commissioner)
    response = client.post(targets_url(ep), {"target_1_2": "", "target_1_5": "4"}, follow=True)
    assertContains(response, "saved: 1.2")
    assert targets_for(ep, FY2025)["1.2"].value is None
    assert targets_for(ep, FY2025)["1.5"].value == 4


def test_a_field_not_sent_leaves_its_target_as_it_is(client, commissioner, ep, set_before):
    client.force_login(commissioner)
    client.post(targets_url(ep), {"target_1_5": "7"})
    assert targets_for(ep, FY2025)["1.2"].value == 150
    assert targets_for(ep, FY2025)["1.5"].value == 7
