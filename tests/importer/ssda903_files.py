"""The SSDA903 fixtures (../shared/data/ssda903/, synthetic data from three open-source
projects, read-only) and small helpers for the SSDA903 import's tests."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from contracts.models import Contract, YoungPerson
from importer.ssda903.check import Ssda903Result
from importer.ssda903.write import run_ssda903_import
from tests.examples import SHARED

FIXTURES = SHARED / "data" / "ssda903"
FAKE_DATA = FIXTURES / "csc-validator-be-903_fake_data"
DEMAND = FIXTURES / "cs-demand-model_samples_combined"
LIIA = FIXTURES / "liia-tools_samples"

HEADER_COLUMNS = ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]
EPISODE_COLUMNS = [
    "CHILD",
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
    "HOME_POST",
    "PL_POST",
    "URN",
]


def fixture_pair(name: str) -> tuple[Path, Path]:
    """A fixture set's header and episodes: "fake_data", or a demand-model year ("2017")."""
    if name == "fake_data":
        return FAKE_DATA / "header.csv", FAKE_DATA / "episodes.csv"
    return DEMAND / f"{name}-header.csv", DEMAND / f"{name}-episodes.csv"


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def write_csv(path: Path, columns: list[str], rows: Iterable[Iterable[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(columns)
        writer.writerows(rows)
    return path


def header_for(path: Path, children: Iterable[str]) -> Path:
    """A header for episodes that came without one (liia-tools' samples)."""
    return write_csv(path, ["CHILD"], ([child] for child in dict.fromkeys(children)))


def people(contract: Contract, children: Iterable[str], **fields) -> dict[str, YoungPerson]:
    """A young person of the contract for each council child ID, in one insert."""
    made = YoungPerson.objects.bulk_create(
        YoungPerson(
            contract=contract,
            ref=f"YP-{child}",
            first_name="Young",
            last_name=f"Person {child}",
            date_of_birth=fields.get("date_of_birth", date(2005, 1, 1)),
            gender="female",
            ethnicity="WBRI",
            disability="no",
            locality="East",
            la_child_id=child,
        )
        for child in dict.fromkeys(children)
    )
    return {person.la_child_id: person for person in made}


def import_pair(contract: Contract, header: Path, episodes: Path, **kwargs) -> Ssda903Result:
    return run_ssda903_import(header, episodes, contract=contract, **kwargs)
