"""The shape of the code (README, "Architecture"): apps depend one way, a framework's facts stay
in its own package, and no module grows past what a newcomer can read."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Each app and the apps it may import (itself besides). contracts holds the records; mentoring
# and funds4care build on them; the engine and the returns (kpis) count them; reports turns
# computed returns into files; the importer and the demo loader fill the apps below them.
MAY_IMPORT: dict[str, frozenset[str]] = {
    "contracts": frozenset(),
    "accounts": frozenset({"contracts"}),
    "mentoring": frozenset({"contracts"}),
    "funds4care": frozenset({"contracts"}),
    "kpis": frozenset({"contracts", "mentoring", "funds4care"}),
    "reports": frozenset({"contracts", "mentoring", "funds4care", "kpis"}),
    "importer": frozenset({"contracts", "mentoring", "funds4care"}),
    "demo": frozenset({"contracts", "mentoring", "funds4care", "kpis"}),
    # The audit reads URL names and the records' young people by label, never their modules;
    # it listens to accounts' signals (a wrong two-step code, a change to someone's).
    "audit": frozenset({"contracts", "accounts"}),
    # Backups copy the whole database; they read only the trigger sets, to check them after.
    "backups": frozenset({"contracts"}),
    # Subject access, erasure and retention read every app's records about a young person.
    "privacy": frozenset({"contracts", "mentoring", "funds4care", "kpis", "audit"}),
}
APPS = frozenset(MAY_IMPORT)

# Modules that are mostly data (a specification's words and tables, an import's table
# definitions) may be longer than code a newcomer reads top to bottom.
LONGEST = 400
DATA_MODULES = frozenset(
    {
        "importer/schema.py",
        "kpis/frameworks/cornwall_ep/framework.py",
        # The Wolverhampton demo's referrals, notes, goals and young people's words.
        "demo/wolverhampton_words.py",
    }
)


def python_files(app: str) -> list[Path]:
    return [path for path in sorted((ROOT / app).rglob("*.py")) if "migrations" not in path.parts]


def imported_apps(source: str) -> set[str]:
    """The apps a module imports, at its top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & APPS


def violations(app: str, modules: dict[str, str]) -> list[str]:
    """Each import of an app `app` may not import, as "module imports app"."""
    allowed = MAY_IMPORT[app] | {app}
    return [
        f"{name} imports {other}"
        for name, source in modules.items()
        for other in sorted(imported_apps(source) - allowed)
    ]


def test_the_rule_finds_an_upward_import_wherever_it_is():
    modules = {
        "contracts/views.py": "def edit():\n    from kpis.returns import due\n",
        "contracts/models.py": "import reports.excel\nfrom contracts import codes\n",
        "contracts/dates.py": "from .codes import AGE_BANDS\n",
    }
    assert violations("contracts", modules) == [
        "contracts/views.py imports kpis",
        "contracts/models.py imports reports",
    ]


@pytest.mark.parametrize("app", sorted(APPS))
def test_each_app_imports_only_the_apps_below_it(app):
    modules = {str(path.relative_to(ROOT)): path.read_text() for path in python_files(app)}
    assert modules, f"{app} has no modules"
    assert violations(app, modules) == []


def product_files() -> list[Path]:
    """The product's code and templates, without its tests, migrations and data files."""
    files = [path for app in sorted(APPS) for path in python_files(app)]
    files += sorted((ROOT / "templates").rglob("*.html"))
    return files


def test_only_cornwalls_framework_knows_indicator_1_16():
    """The money indicator is known by its unit everywhere else, never by its code."""
    mentions = [
        str(path.relative_to(ROOT))
        for path in product_files()
        if re.search(r"(?<![\d.])1\.16(?![\d])", path.read_text())
    ]
    assert mentions
    assert all(name.startswith("kpis/frameworks/cornwall_ep/") for name in mentions), mentions


def test_no_code_outside_a_framework_asks_which_framework_it_is():
    """A contract's framework code names it where contracts are made (the model's choices, the
    demo's table of contracts); everything else reads the framework's definition."""
    named = re.compile(r"cornwall_ep|wolverhampton_ypt|CORNWALL_EP|WOLVERHAMPTON_YPT")
    # contracts/frameworks.py is the one place that says which records each framework keeps.
    allowed = ("kpis/frameworks/", "contracts/models/", "contracts/frameworks.py", "demo/data.py")
    asking = [
        str(path.relative_to(ROOT))
        for path in product_files()
        if named.search(path.read_text()) and not str(path.relative_to(ROOT)).startswith(allowed)
    ]
    assert asking == []


def test_no_module_is_longer_than_a_newcomer_can_read():
    long = {
        str(path.relative_to(ROOT)): lines
        for app in sorted(APPS | {"config"})
        for path in python_files(app)
        if (lines := len(path.read_text().splitlines())) > LONGEST
    }
    assert set(long) <= DATA_MODULES, long
