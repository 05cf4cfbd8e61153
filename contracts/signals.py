"""Signals contracts sends, so the apps above it can follow a change without contracts
importing them (contracts sits at the bottom: it never imports kpis or the others)."""

from django.dispatch import Signal

# A contract's settings were saved and some changed. Sent inside the saving transaction, with
# `contract=` the saved contract (its row locked) and `changed=` the names of the fields that
# changed; a receiver's writes commit or roll back with the save. (kpis moves the due dates of
# returns not yet submitted when "return_due_working_days" is among them.)
contract_settings_changed = Signal()
