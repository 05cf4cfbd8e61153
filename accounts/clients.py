"""Where a request comes from: its address, and the browser and device it names."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

USER_AGENT_LENGTH = 300

# Order matters: Edge and Opera also call themselves Chrome, and Chrome calls itself Safari.
BROWSERS = [
    ("Edg", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
]
SYSTEMS = [
    ("iPhone", "an iPhone"),
    ("iPad", "an iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("CrOS", "ChromeOS"),
    ("Mac OS X", "a Mac"),
    ("Linux", "Linux"),
]


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The address a request came from: the one that connected, or behind Tamar's TLS proxy
    the last one the proxy added to X-Forwarded-For (any before it are the client's own word,
    and would let it pick a new address for each wrong password)."""
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded and (address := _address(forwarded.split(",")[-1])):
            return address
    return _address(request.META.get("REMOTE_ADDR", ""))


def user_agent(request: HttpRequest) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH]


def describe_device(agent: str) -> str:
    """ "Firefox on Windows" from a browser's user agent, in words a person recognises."""
    browser = next((name for mark, name in BROWSERS if mark in agent), None)
    system = next((name for mark, name in SYSTEMS if mark in agent), None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or (f"A browser on {system}" if system else "An unknown browser")
