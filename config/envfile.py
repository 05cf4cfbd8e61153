"""A developer's `.env`: KEY=VALUE lines that fill in what the environment does not say.

Only `manage.py` reads it (`./tamar` writes it with DEBUG on and a random key, so
`manage.py shell` works on a developer's machine). The WSGI and ASGI applications never
do: a deployment gets exactly the environment it is given, so a `.env` left in a checkout
cannot switch DEBUG on in production.
"""

import os
from pathlib import Path


def load_env_file(path: str) -> None:
    """A variable already in the environment always wins; TAMAR_ENV_FILE= (empty) reads no file."""
    file = Path(path)
    if not path or not file.is_file():
        return
    for line in file.read_text().splitlines():
        key, sep, value = line.partition("=")
        if sep and not key.strip().startswith("#"):
            os.environ.setdefault(key.strip(), value.strip())


def load_developer_env() -> None:
    default = Path(__file__).resolve().parent.parent / ".env"
    load_env_file(os.environ.get("TAMAR_ENV_FILE", str(default)))
