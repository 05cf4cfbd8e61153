"""What a contract's framework counts, for templates below kpis (contracts and funds4care
never import kpis): `{% if contract|uses:"funds4care" %}` shows Funds4 Care's links only on
the contracts whose framework has it."""

from django import template

from contracts.models import Contract

from ..frameworks import framework_for

register = template.Library()


@register.filter
def uses(contract: Contract, records: str) -> bool:
    return framework_for(contract.framework).uses(records)
