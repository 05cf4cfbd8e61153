"""Writing one row of the audit: always one INSERT, whatever the page (the young person a
record belongs to is found by a subquery inside it)."""

from __future__ import annotations

import ipaddress
from urllib.parse import unquote_plus

from django.apps import apps
from django.conf import settings
from django.db.models import Subquery
from django.http import HttpRequest

from .models import (
    DETAIL_LENGTH,
    PATH_LENGTH,
    URL_NAME_LENGTH,
    USER_AGENT_LENGTH,
    USERNAME_LENGTH,
    AuditEvent,
)
from .pages import YOUNG_PERSON_IDS, YOUNG_PERSON_RECORDS


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from. Behind the TLS proxy (BEHIND_TLS_PROXY: Django is
    told to trust its X-Forwarded-Proto), the address the proxy appended to X-Forwarded-For,
    its last entry: the ones before it are whatever the client sent."""
    address = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and forwarded:
        address = forwarded.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


# Free-text search boxes (the records' lists, Funds4 Care, the admin's search): the words typed
# are often a child's name, and a row of the audit can never be changed, so erasing that child
# could never reach them. The row keeps that a search was made, not what was searched for.
SEARCH_PARAMETERS = frozenset({"q"})
SEARCH_KEPT_AS = "[search]"


def kept_address(request: HttpRequest) -> str:
    """The address with its query, but the words of a search."""
    address, _, query = request.get_full_path().partition("?")
    if not query:
        return address
    pairs = []
    for pair in query.split("&"):
        key = unquote_plus(pair.partition("=")[0])
        pairs.append(f"{key}={SEARCH_KEPT_AS}" if key in SEARCH_PARAMETERS else pair)
    return f"{address}?{'&'.join(pairs)}"


def young_person_named(match) -> int | Subquery | None:
    """The young person a page's URL names: their id, a subquery for the young person of the
    record it names, or None."""
    if match is None:
        return None
    for key, value in match.kwargs.items():
        if key in YOUNG_PERSON_IDS:
            return _int(value)
    for key, value in match.kwargs.items():
        found = YOUNG_PERSON_RECORDS.get((match.view_name, key))
        for namespace in match.namespaces:
            found = found or YOUNG_PERSON_RECORDS.get((namespace, key))
        if found and (pk := _int(value)) is not None:
            model_label, field = found
            if field == "pk":
                return pk
            model = apps.get_model(model_label)
            column = model._meta.get_field(field).attname
            return Subquery(model.objects.filter(pk=pk).values(column)[:1])
    return None


def write(
    kind: str,
    request: HttpRequest | None,
    *,
    user=None,
    username: str = "",
    status_code: int | None = None,
    detail: str = "",
) -> AuditEvent:
    """One row: who (the account, and its username for ever), what, whose and from where."""
    match = getattr(request, "resolver_match", None) if request is not None else None
    meta = request.META if request is not None else {}
    if user is not None and user.is_authenticated:
        username = user.get_username()
    else:
        user = None
    return AuditEvent.objects.create(
        user=user,
        username=username[:USERNAME_LENGTH],
        kind=kind,
        method=(request.method or "")[:10] if request is not None else "",
        url_name=(match.view_name if match else "")[:URL_NAME_LENGTH],
        path=kept_address(request)[:PATH_LENGTH] if request is not None else "",
        status_code=status_code,
        detail=detail[:DETAIL_LENGTH],
        # A contract's pages all take its `pk` (and no other page does).
        contract_pk=_int(match.kwargs.get("pk")) if match is not None else None,
        young_person_pk=young_person_named(match),
        ip_address=client_ip(request) if request is not None else None,
        user_agent=meta.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH],
    )
