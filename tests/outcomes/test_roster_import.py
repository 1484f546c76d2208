import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from outcomes.models import DepartmentMember, DepartmentUnit
from outcomes.roster_import import import_roster

GOOD_CSV = """name,email,unit,rank,language
Ana Ruiz,ana.ruiz@police.example,Eastside District,Officer,es
Bao Nguyen,BAO@police.example,Eastside District,Sergeant,vi
Chen Wei,chen@police.example,Traffic Unit,Officer,zh-Hans
Dana Brooks,dana@police.example,traffic unit,Lieutenant,
"""


def upload(text, name="roster.csv"):
    return io.BytesIO(text.encode() if isinstance(text, str) else text), name


# Every unit name these files use, as confirmed in the import's preview.
CONFIRMED_UNITS = (
    "Eastside District",
    "Traffic Unit",
    "Youth Services",
    "Eastside",
    "Traffic",
    "East",
)


def run(text, name="roster.csv", **kwargs):
    data, filename = upload(text, name)
    kwargs.setdefault("new_units", CONFIRMED_UNITS)
    return import_roster(data, filename, **kwargs)


def snapshot():
    return sorted(
        DepartmentMember.objects.values_list(
            "email", "name", "unit__name", "role", "preferred_language", "active"
        )
    )


@pytest.mark.django_db
def test_good_file_imports_every_row():
    result = run(GOOD_CSV)
    assert result.ok
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    assert result.units_created == 2  # "traffic unit" is the same unit
    assert snapshot() == [
        (
            "ana.ruiz@police.example",
            "Ana Ruiz",
            "Eastside District",
            "Officer",
            "es",
            True,
        ),
        (
            "bao@police.example",
            "Bao Nguyen",
            "Eastside District",
            "Sergeant",
            "vi",
            True,
        ),
        ("chen@police.example", "Chen Wei", "Traffic Unit", "Officer", "zh-hans", True),
        (
            "dana@police.example",
            "Dana Brooks",
            "Traffic Unit",
            "Lieutenant",
            "en",
            True,
        ),
    ]


@pytest.mark.django_db
def test_reimporting_the_same_file_changes_nothing():
    run(GOOD_CSV)
    before = snapshot()
    stamps = list(DepartmentMember.objects.values_list("updated_at", flat=True))
    result = run(GOOD_CSV)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 4)
    assert snapshot() == before
    assert list(DepartmentMember.objects.values_list("updated_at", flat=True)) == stamps
    assert DepartmentUnit.objects.count() == 2


@pytest.mark.django_db
def test_a_file_with_bad_rows_imports_nothing_and_reports_each_row():
    bad = (
        "Name;Email;Unit;Role;Preferred language\n"
        "Ana Ruiz;ana@police.example;Eastside;Officer;es\n"
        ";nobody@police.example;Eastside;;en\n"
        "Bao;not-an-email;Eastside;;vi\n"
        "Chen;chen@police.example;;;fr\n"
        "\n"
        "Ana Again;ANA@police.example;Traffic;;en\n"
        "Dana;dana@police.example;Traffic;;\x00ko\n"
    )
    result = run(bad)
    assert not result.ok
    assert [(error.row, error.message) for error in result.errors] == [
        (3, "the name is missing"),
        (4, "“not-an-email” is not a valid email address"),
        (
            5,
            "the unit is missing; “fr” is not one of the site's languages "
            "(en, es, zh-hans, vi, ar, ko)",
        ),
        (7, "the email is already on row 2"),
    ]
    assert DepartmentMember.objects.count() == 0
    assert DepartmentUnit.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content, name, message",
    [
        ("", "roster.csv", "The file is empty."),
        ("email,unit\nx@y.example,A\n", "roster.csv", "missing: name"),
        (b"PK\x03\x04 not really a zip", "roster.xlsx", "could not be read"),
        (b"\x00\x01\x02", "roster.pdf", "Upload a CSV or XLSX file."),
        ("name,email,unit\n" + "\x00" * 50, "roster.csv", "lists no members"),
    ],
)
def test_unreadable_files_are_reported_not_crashed(content, name, message):
    result = run(content, name)
    assert not result.ok and result.errors[0].row == 0
    assert message in result.errors[0].message
    assert DepartmentMember.objects.count() == 0


@pytest.mark.django_db
def test_full_roster_import_deactivates_missing_members_and_updates_others():
    run(GOOD_CSV)
    changed = (
        "name,email,unit,rank,language\n"
        "Ana Ruiz,ana.ruiz@police.example,Eastside District,Sergeant,es\n"
        "Chen Wei,chen@police.example,Traffic Unit,Officer,zh-hans\n"
        "Eve Adams,eve@police.example,Youth Services,Officer,ko\n"
    )
    partial = run(changed)
    assert (partial.created, partial.updated, partial.deactivated) == (1, 1, 0)
    assert DepartmentMember.objects.active().count() == 5
    full = run(changed, deactivate_missing=True)
    assert (full.created, full.updated, full.unchanged, full.deactivated) == (
        0,
        0,
        3,
        2,
    )
    assert set(
        DepartmentMember.objects.filter(active=False).values_list("email", flat=True)
    ) == {"bao@police.example", "dana@police.example"}
    # Someone back on the roster is active again.
    assert run(GOOD_CSV).updated == 3  # Ana's rank back, Bao and Dana reactivated
    assert DepartmentMember.objects.active().count() == 5


@pytest.mark.django_db
def test_xlsx_roster():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Email", "Unit", "Rank", "Language"])
    sheet.append(["Ana Ruiz", "ana@police.example", "Eastside", "Officer", "es"])
    sheet.append([None, None, None, None, None])
    sheet.append(["Li Na", "li@police.example", "Eastside", 7, "ZH-HANS"])
    sheet.append(["Bad", "bad@", "Eastside", "", "en"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run(buffer.getvalue(), "roster.xlsx")
    assert [(e.row, e.message) for e in result.errors] == [
        (5, "“bad@” is not a valid email address")
    ]
    sheet.delete_rows(5)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run(buffer.getvalue(), "roster.xlsx")
    assert result.ok and result.created == 2
    li = DepartmentMember.objects.get(email="li@police.example")
    assert (li.role, li.preferred_language) == ("7", "zh-hans")


def test_admin_import_view(admin_client):
    url = reverse("outcomes_admin:roster_import")
    assert admin_client.get(url).status_code == 200
    bad = SimpleUploadedFile("roster.csv", b"name,email,unit\nAna,nope,East\n")
    page = admin_client.post(url, {"file": bad}).content.decode()
    assert "Nothing was imported" in page and "nope" in page
    good = SimpleUploadedFile("roster.csv", GOOD_CSV.encode())
    preview = admin_client.post(url, {"file": good, "deactivate_missing": "on"})
    assert preview.status_code == 200 and DepartmentMember.objects.count() == 0
    response = admin_client.post(
        url,
        {
            "preview": preview.context["token"],
            "new_unit": ["Eastside District", "Traffic Unit"],
        },
    )
    assert response.status_code == 302
    assert DepartmentMember.objects.count() == 4
    assert admin_client.post(url, {}).status_code == 200  # no file: form error


def test_roster_listing_filters_and_exports(admin_client):
    run(GOOD_CSV)
    index = reverse("forum_roster:index")
    traffic = DepartmentUnit.objects.get(name="Traffic Unit")
    page = admin_client.get(index, {"unit": traffic.pk}).content.decode()
    assert "Chen Wei" in page and "Ana Ruiz" not in page
    assert "Import a roster file" in page
    found = admin_client.get(index, {"q": "bao"}).content.decode()
    assert "Bao Nguyen" in found and "Chen Wei" not in found
    csv = admin_client.get(index, {"export": "csv"})
    assert b"ana.ruiz@police.example" in b"".join(csv.streaming_content)
    xlsx = admin_client.get(index, {"export": "xlsx"})
    content = b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content
    rows = list(load_workbook(io.BytesIO(content)).active.values)
    assert len(rows) == 5
    for name in ("forum_roster:add", "forum_units:index", "forum_units:add"):
        assert admin_client.get(reverse(name)).status_code == 200
    member = DepartmentMember.objects.get(email="bao@police.example")
    edit = reverse("forum_roster:edit", args=[member.pk])
    assert admin_client.get(edit).status_code == 200


FORMULA_MESSAGE = (
    "the “%s” cell starts with =, +, - or @, which spreadsheets run as a formula"
)


@pytest.mark.django_db
def test_formula_cells_are_refused_row_by_row_and_nothing_is_stored():
    run(GOOD_CSV)
    before = snapshot()
    attack = (
        "Full name,Email,Unit,Rank,Language\n"
        '"=HYPERLINK(""http://evil"",""x"")",ana.ruiz@police.example,East,Officer,es\n'
        "Bao Nguyen,bao@police.example,+1+1,Sergeant,vi\n"
        "Chen Wei,chen@police.example,Traffic Unit,-2+3,zh-hans\n"
        "@SUM(A1),=1+1@police.example,Traffic Unit,Officer,en\n"
        "  =cmd|' /C calc'!A0,eve@police.example,Traffic Unit,,\n"
        "Dana Brooks,dana@police.example,Traffic Unit,Lieutenant,\n"
    )
    result = run(attack, deactivate_missing=True)
    assert [(error.row, error.message) for error in result.errors] == [
        (2, FORMULA_MESSAGE % "Full name"),
        (3, FORMULA_MESSAGE % "Unit"),
        (4, FORMULA_MESSAGE % "Rank"),
        (5, f"{FORMULA_MESSAGE % 'Full name'}; {FORMULA_MESSAGE % 'Email'}"),
        (6, FORMULA_MESSAGE % "Full name"),
    ]
    assert (result.created, result.updated, result.deactivated) == (0, 0, 0)
    assert snapshot() == before
    assert DepartmentUnit.objects.count() == 2


@pytest.mark.django_db
def test_xlsx_formulas_are_refused_not_read_as_their_value():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Email", "Unit"])
    sheet.append(['=HYPERLINK("http://evil","x")', "ana@police.example", "East"])
    sheet.append(["Bao", "bao@police.example", '=CONCAT("Ea","st")'])
    sheet.append(["Chen", "chen@police.example", -7])  # a number, not a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run(buffer.getvalue(), "roster.xlsx")
    assert [(e.row, e.message) for e in result.errors] == [
        (2, FORMULA_MESSAGE % "Name"),
        (3, FORMULA_MESSAGE % "Unit"),
    ]
    assert DepartmentMember.objects.count() == 0


def test_admin_import_lists_formula_rows(admin_client):
    url = reverse("outcomes_admin:roster_import")
    attack = SimpleUploadedFile(
        "roster.csv", b"name,email,unit\n@SUM(A1),ana@police.example,East\n"
    )
    page = admin_client.post(url, {"file": attack}).content.decode()
    assert "Nothing was imported" in page
    assert "spreadsheets run as a formula" in page
    assert DepartmentMember.objects.count() == 0
