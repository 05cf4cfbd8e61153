"""Funds4 Care's writes, free of HTTP: each takes the person acting (`by`), checks what they
may do, raises a `Funds4CareError` whose message a view shows as is, and writes an
application's every move as an `ApplicationEvent` in the same transaction."""

from .common import Funds4CareError, NotPermitted, financial_year_of, is_manager, is_staff

__all__ = ["Funds4CareError", "NotPermitted", "financial_year_of", "is_manager", "is_staff"]
