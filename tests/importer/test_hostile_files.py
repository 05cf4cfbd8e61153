"""Hostile or unreadable files are refused before any parser sees them, with a clear reason."""

import codecs
import re
import zipfile
from pathlib import Path

import pytest

from contracts.models import KeyWorker
from contracts.safety import RefusedFile, check_file
from importer.plans import Problem
from importer.services import run_import
from importer.sources import open_source

from .conftest import BASE, dump_records, tables_to_workbook

pytestmark = pytest.mark.django_db

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/xl/workbook.xml" ContentType="{main}"/>'
    "</Types>"
)
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def workbook(tmp_path: Path, name: str = "records.xlsx") -> Path:
    return tables_to_workbook(BASE, tmp_path / name)


def rewrite(
    source: Path, target: Path, replace: dict[str, bytes], add: dict[str, bytes] | None = None
) -> Path:
    """A copy of a workbook with some parts replaced or added."""
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy,
    ):
        for entry in original.infolist():
            copy.writestr(entry.filename, replace.get(entry.filename, original.read(entry)))
        for name, data in (add or {}).items():
            copy.writestr(name, data)
    return target


def refusal(path: Path) -> str:
    with pytest.raises(RefusedFile) as refused:
        open_source(path)
    return str(refused.value)


def test_a_real_workbook_passes_the_checks(tmp_path):
    assert check_file(workbook(tmp_path)) == ".xlsx"


NOT_TAKEN = "is not a .xlsx workbook or a .csv file: only those two kinds are imported."


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("records.txt", f"records.txt {NOT_TAKEN}"),
        ("records.xls", f"records.xls {NOT_TAKEN}"),
        ("records.exe", f"records.exe {NOT_TAKEN}"),
        (
            "records.xlsm",
            "records.xlsm is a macro-enabled workbook (.xlsm): save it as an Excel workbook "
            "(.xlsx).",
        ),
    ],
)
def test_only_xlsx_and_csv_files_are_taken(tmp_path, name, reason):
    path = tmp_path / name
    path.write_bytes(b"ref\n")
    assert refusal(path) == reason


def test_a_file_over_the_size_limit_is_refused(settings, tmp_path):
    settings.TAMAR_IMPORT_MAX_FILE_BYTES = 1024
    path = tmp_path / "young_people.csv"
    path.write_text("ref\n" + "Y1\n" * 1000)
    assert refusal(path) == "young_people.csv is 0.0 MB: files larger than 0.0 MB are not imported."


def test_the_size_limit_applies_to_each_csv_of_a_folder(settings, tmp_path):
    settings.TAMAR_IMPORT_MAX_FILE_BYTES = 100
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "contract.csv").write_text("ref\n" + "x" * 200)
    assert "files larger than" in refusal(folder)


def test_a_zip_bomb_is_refused_by_its_compression_ratio(tmp_path):
    bomb = rewrite(
        workbook(tmp_path), tmp_path / "bomb.xlsx", {}, {"xl/media/padding.xml": b"\0" * (8 << 20)}
    )
    assert re.fullmatch(
        r"bomb\.xlsx: the part xl/media/padding\.xml is compressed [\d,]+ to 1; more than 200 to 1 "
        r"is refused \(is it a zip bomb\?\)\.",
        refusal(bomb),
    )


def test_a_zip_bomb_is_refused_by_its_unpacked_size(settings, tmp_path):
    settings.TAMAR_IMPORT_MAX_UNCOMPRESSED_BYTES = 1 << 20
    bomb = rewrite(
        workbook(tmp_path), tmp_path / "bomb.xlsx", {}, {"xl/big.xml": b"<a/>" + b" " * (2 << 20)}
    )
    reason = refusal(bomb)
    assert reason.startswith("bomb.xlsx would unpack to 2.")
    assert reason.endswith("MB; more than 1.0 MB is refused (is it a zip bomb?).")


def test_a_zip_with_too_many_parts_is_refused(settings, tmp_path):
    settings.TAMAR_IMPORT_MAX_ZIP_ENTRIES = 5
    reason = refusal(workbook(tmp_path))
    assert reason.endswith("parts; a workbook with more than 5 is refused.")


def test_the_ratio_check_judges_what_is_declared_not_trusting_a_small_file(tmp_path):
    """The bomb is built in the test: a few kilobytes on disk that would inflate to 8 MB."""
    bomb = rewrite(
        workbook(tmp_path),
        tmp_path / "bomb.xlsx",
        {},
        {"xl/worksheets/zeros.xml": b"0" * (8 << 20)},
    )
    assert bomb.stat().st_size < 100_000
    assert "zip bomb" in refusal(bomb)


def test_a_macro_enabled_workbook_renamed_xlsx_is_refused(tmp_path):
    original = workbook(tmp_path)
    with zipfile.ZipFile(original) as archive:
        types = archive.read("[Content_Types].xml").decode()
    renamed = rewrite(
        original,
        tmp_path / "macros.xlsx",
        {"[Content_Types].xml": types.replace(XLSX_MAIN, XLSM_MAIN).encode()},
    )
    assert refusal(renamed) == (
        "macros.xlsx is a macro-enabled workbook (.xlsm) renamed .xlsx: save it as an Excel "
        "workbook (.xlsx)."
    )


def test_a_workbook_with_a_vba_project_is_refused(tmp_path):
    with_vba = rewrite(
        workbook(tmp_path), tmp_path / "vba.xlsx", {}, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"}
    )
    assert refusal(with_vba) == (
        "vba.xlsx contains macros (a VBA project): save it as an Excel workbook (.xlsx) "
        "without macros."
    )


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
)


@pytest.mark.parametrize(
    "part", ["xl/workbook.xml", "xl/worksheets/sheet2.xml", "[Content_Types].xml"]
)
def test_xml_with_a_doctype_or_entity_is_refused(tmp_path, part):
    original = workbook(tmp_path)
    with zipfile.ZipFile(original) as archive:
        xml = archive.read(part)
    body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
    hostile = rewrite(original, tmp_path / "entities.xlsx", {part: BILLION_LAUGHS + body})
    assert refusal(hostile) == (
        f"entities.xlsx: the part {part} declares a DOCTYPE or an ENTITY, which a workbook "
        "or document never needs; it is refused as unsafe."
    )


def test_an_external_entity_in_lower_case_is_refused_too(tmp_path):
    original = workbook(tmp_path)
    with zipfile.ZipFile(original) as archive:
        body = archive.read("xl/workbook.xml")
    hostile = rewrite(
        original,
        tmp_path / "xxe.xlsx",
        {"xl/workbook.xml": b'<!doctype x [<!entity xxe SYSTEM "file:///etc/passwd">]>' + body},
    )
    assert "declares a DOCTYPE or an ENTITY" in refusal(hostile)


def test_a_utf16_xml_part_is_refused(tmp_path):
    original = workbook(tmp_path)
    with zipfile.ZipFile(original) as archive:
        xml = archive.read("xl/workbook.xml").decode()
    hostile = rewrite(
        original,
        tmp_path / "utf16.xlsx",
        {
            "xl/workbook.xml": codecs.BOM_UTF16_LE
            + xml.replace("UTF-8", "UTF-16").encode("utf-16-le")
        },
    )
    assert refusal(hostile) == "utf16.xlsx: the part xl/workbook.xml is not UTF-8 XML."


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            b"ref,name\nK1,Key worker\n",
            "fake.xlsx is not a real .xlsx workbook (it is not a zip file).",
        ),
        (
            b"\xd0\xcf\x11\xe0" + b"\0" * 100,
            "fake.xlsx is an old-style .xls or a password-protected workbook: remove the "
            "password and save it as an Excel workbook (.xlsx).",
        ),
    ],
    ids=["text", "ole"],
)
def test_a_file_that_is_not_a_workbook_is_refused(tmp_path, content, reason):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(content)
    assert refusal(path) == reason


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert refusal(path) == "archive.xlsx is a zip file but not an Excel workbook."


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            b"PK\x03\x04rest",
            "contract.csv is a workbook or other binary file renamed .csv: save the table as "
            "CSV UTF-8 (comma delimited).",
        ),
        (b"ref\x00\x01", "contract.csv is not a text file (byte 4 is a NUL)."),
        (
            b"ref,title\n" + b"T-1,x\n" * 1500 + b"T-2,\x00\n",
            "contract.csv is not a text file (byte 9,015 is a NUL).",
        ),
        (
            "ref,title\nT-1,Caf\u00e9\n".encode("latin-1"),
            "contract.csv is not UTF-8 text (byte 18): save it as CSV UTF-8 (comma delimited).",
        ),
        (b"", "contract.csv is empty."),
    ],
    ids=["zip", "binary", "nul-after-the-first-8-kb", "latin-1", "empty"],
)
def test_a_csv_that_is_not_utf8_text_is_refused(tmp_path, content, reason):
    path = tmp_path / "contract.csv"
    path.write_bytes(content)
    assert refusal(path) == reason


def test_a_byte_order_mark_is_tolerated(tmp_path):
    folder = tmp_path / "records"
    folder.mkdir()
    for table, rows in BASE.items():
        header = ",".join(rows[0])
        lines = [header] + [",".join(row.values()) for row in rows]
        (folder / f"{table}.csv").write_bytes(codecs.BOM_UTF8 + "\n".join(lines).encode())
    result = run_import(folder)
    assert result.problems == []
    assert result.counts["young_people"].created == 2


def test_a_refused_file_is_reported_as_one_problem_and_changes_nothing(tmp_path):
    path = tmp_path / "records.xlsm"
    path.write_bytes(b"PK\x03\x04")
    result = run_import(path)
    assert result.problems == [
        Problem(
            "records.xlsm",
            None,
            None,
            "records.xlsm is a macro-enabled workbook (.xlsm): save it as an Excel workbook "
            "(.xlsx).",
        )
    ]
    assert dump_records()["contracts.Contract"] == []


def test_a_sheet_damaged_half_way_is_a_problem_not_a_crash(tmp_path):
    original = workbook(tmp_path)
    with zipfile.ZipFile(original) as archive:
        (part,) = [  # the young_people sheet: the one with a first_name column
            name for name in archive.namelist() if b"<t>first_name</t>" in archive.read(name)
        ]
        sheet = archive.read(part)
    cut = sheet[: sheet.index(b'<row r="3"') + 20]
    damaged = rewrite(original, tmp_path / "damaged.xlsx", {part: cut})
    (damage,) = run_import(damaged).problems
    assert (damage.sheet, damage.row, damage.column) == ("young_people", 3, None)
    assert damage.reason.startswith("the sheet cannot be read past this row (")
    # Y2 was beyond the damage, but the mentor who is Y2 is not reported as pointing at no one:
    # the rows past the damage were never read.
    assert dump_records()["contracts.Contract"] == []


@pytest.mark.parametrize(
    ("text", "row", "reason"),
    [
        (
            'ref,name\nK1,Key worker\nK2,"Two\nK3,Three\nK4,Four\n',
            3,
            'a value in this row opens a quote (") that is never closed, so neither this row '
            "nor the rows after it can be read: close the quote, or remove it",
        ),
        (
            'ref,name\nK1,"Key" worker\nK2,Two\n',
            2,
            'a value in this row has text after its closing quote ("), or a quote opened in '
            "this row closes in a later one: the CSV cannot be read past this row",
        ),
    ],
    ids=["never-closed", "text-after-the-closing-quote"],
)
def test_a_broken_quote_in_a_csv_is_a_problem_at_its_row_not_swallowed_rows(
    files, tmp_path, text, row, reason
):
    """Read leniently, K2's quote would take K3 and K4 into its name and import two workers."""
    folder = files(BASE)
    (folder / "key_workers.csv").write_text(text)
    result = run_import(folder)
    # Cases and reviews name K1, read before the damage; nothing else is reported.
    assert result.problems == [Problem("key_workers", row, None, reason)]
    assert dump_records()["contracts.Contract"] == []


def test_a_quote_inside_an_unquoted_value_is_just_a_character(files):
    folder = files(BASE)
    (folder / "key_workers.csv").write_text('ref,name\nK1,Sam 5" tall\n')
    result = run_import(folder)
    assert result.problems == []
    assert KeyWorker.objects.get(ref="K1").name == 'Sam 5" tall'
