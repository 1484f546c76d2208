"""Importing the department roster from a CSV or XLSX file.

Every row is checked before anything is stored; a file with any bad row imports
nothing and every problem is reported with its row number. A cell that a
spreadsheet would run as a formula (``=…``, ``+…``, ``-…``, ``@…``) is such a
problem: it is refused rather than stored to come out live in an export.
Importing the same file again changes nothing, and a full-roster import can
deactivate members who are no longer in the file. ``plan_roster`` says what an
import would change without saving anything; a unit name the roster does not
have yet is only created once the organizer confirms it (a typo is not a unit).
"""

import csv
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from engage.exports import looks_like_formula

from .models import DepartmentMember, DepartmentUnit
from .roster_languages import language_from_label, language_labels

MAX_ROWS = 50_000
MAX_BYTES = 10 * 1024 * 1024
REQUIRED = ("name", "email", "unit")
COLUMN_ALIASES = {
    "name": "name",
    "full_name": "name",
    "email": "email",
    "email_address": "email",
    "unit": "unit",
    "precinct": "unit",
    "unit_precinct": "unit",
    "role": "role",
    "rank": "role",
    "role_or_rank": "role",
    "language": "language",
    "preferred_language": "language",
}
# Compared when deciding whether a member's row changes anything.
MEMBER_FIELDS = ("name", "unit", "role", "preferred_language", "active")


class RosterFileError(Exception):
    """The file as a whole cannot be read (wrong type, no header, too big)."""


@dataclass
class RowError:
    row: int
    message: str


@dataclass
class RosterRow:
    row: int
    name: str
    email: str
    unit: str
    role: str
    language: str


@dataclass
class MemberChange:
    member: DepartmentMember
    row: RosterRow
    fields: list

    @property
    def labels(self):
        """The changed fields as the roster screens name them."""
        meta = DepartmentMember._meta
        return [str(meta.get_field(name).verbose_name) for name in self.fields]


@dataclass
class RosterPlan:
    """What importing the rows would do; nothing is saved to make it."""

    adds: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    unchanged: int = 0
    deactivations: list = field(default_factory=list)
    new_units: list = field(default_factory=list)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    units_created: int = 0
    errors: list = field(default_factory=list)
    rows: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


def _clean_cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).replace("\x00", "").split())


def _is_formula(value):
    if isinstance(value, ArrayFormula | DataTableFormula):
        return True
    # Judged as stored: spaces and tabs around the text are dropped first.
    return isinstance(value, str) and looks_like_formula(_clean_cell(value))


def _header_key(value):
    return "_".join(_clean_cell(value).lower().replace("-", " ").split())


def read_rows(uploaded, filename=""):
    """(row number, list of cells) for each line of a CSV or XLSX file."""
    name = (filename or getattr(uploaded, "name", "") or "").lower()
    data = uploaded.read() if hasattr(uploaded, "read") else uploaded
    if len(data) > MAX_BYTES:
        raise RosterFileError(_("The file is larger than 10 MB."))
    if name.endswith(".xlsx") or data[:2] == b"PK":
        return _xlsx_rows(data)
    if name.endswith(".csv") or not name:
        return _csv_rows(data)
    raise RosterFileError(_("Upload a CSV or XLSX file."))


def _csv_rows(data):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly everything
        raise RosterFileError(_("The CSV file is not in UTF-8."))
    text = text.replace("\x00", "")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [
            (number, row)
            for number, row in enumerate(csv.reader(io.StringIO(text), dialect), 1)
        ]
    except csv.Error as error:
        raise RosterFileError(
            _("The CSV file could not be read: %(error)s") % {"error": error}
        ) from error


def _xlsx_rows(data):
    """Formulas are read as written (``=…``), not as their last computed value,
    so that they are refused."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise RosterFileError(_("The XLSX file could not be read.")) from error
    try:
        sheet = workbook.worksheets[0]
        return [
            (number, list(row))
            for number, row in enumerate(sheet.iter_rows(values_only=True), 1)
        ]
    finally:
        workbook.close()


def parse_rows(numbered_rows):
    """Checked rows and every error found; nothing is stored here."""
    numbered_rows = list(numbered_rows)
    raw_cells = dict(numbered_rows)
    rows = [(n, [_clean_cell(c) for c in cells]) for n, cells in numbered_rows]
    rows = [(n, cells) for n, cells in rows if any(cells)]
    if not rows:
        raise RosterFileError(_("The file is empty."))
    header_number, header = rows[0]
    columns = {}
    for position, cell in enumerate(header):
        key = COLUMN_ALIASES.get(_header_key(cell))
        if key and key not in columns:
            columns[key] = position
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise RosterFileError(
            _("The first row must name the columns; missing: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    if len(rows) == 1:
        raise RosterFileError(_("The file names the columns but lists no members."))
    if len(rows) - 1 > MAX_ROWS:
        raise RosterFileError(
            _("The file has more than %(max)s rows.") % {"max": MAX_ROWS}
        )

    def cell(cells, key):
        position = columns.get(key)
        return cells[position] if position is not None and position < len(cells) else ""

    parsed, errors, seen = [], [], {}
    languages = language_labels()
    for number, cells in rows[1:]:
        row = RosterRow(
            row=number,
            name=cell(cells, "name")[:200],
            email=cell(cells, "email").lower(),
            unit=cell(cells, "unit")[:200],
            role=cell(cells, "role")[:120],
            language=cell(cells, "language"),
        )
        problems = [
            _(
                "the “%(column)s” cell starts with =, +, - or @, which "
                "spreadsheets run as a formula"
            )
            % {"column": header[position]}
            for position in sorted(columns.values())
            if position < len(raw_cells[number])
            and _is_formula(raw_cells[number][position])
        ]
        if not row.name:
            problems.append(_("the name is missing"))
        if not row.email:
            problems.append(_("the email is missing"))
        else:
            try:
                validate_email(row.email)
            except ValidationError:
                problems.append(
                    _("“%(email)s” is not a valid email address") % {"email": row.email}
                )
            if len(row.email) > 254:
                problems.append(_("the email is too long"))
        if not row.unit:
            problems.append(_("the unit is missing"))
        language = language_from_label(row.language, languages)
        if row.language and language is None:
            problems.append(
                _("“%(language)s” is not one of the site's languages (%(codes)s)")
                % {
                    "language": row.language,
                    "codes": ", ".join(code for code, _name in settings.LANGUAGES),
                }
            )
        if row.email and row.email in seen:
            problems.append(
                _("the email is already on row %(row)s") % {"row": seen[row.email]}
            )
        seen.setdefault(row.email, number)
        if problems:
            errors.append(RowError(number, "; ".join(problems)))
        else:
            row.language = language or settings.LANGUAGE_CODE
            parsed.append(row)
    return parsed, errors


def import_roster(
    uploaded, filename="", deactivate_missing=False, dry_run=False, new_units=()
):
    """Check the whole file, then apply it (see ``apply_roster``) unless ``dry_run``.

    A dry run returns the checked rows in ``result.rows`` for ``plan_roster``.
    """
    result = ImportResult()
    try:
        rows, errors = parse_rows(read_rows(uploaded, filename))
    except RosterFileError as error:
        result.errors = [RowError(0, str(error))]
        return result
    if errors:
        result.errors = errors
        return result
    if dry_run:
        result.rows = rows
        return result
    return apply_roster(rows, deactivate_missing, new_units)


def _changed_fields(member, row, unit_names):
    current = {
        "name": member.name,
        "unit": unit_names.get(member.unit_id, "").lower(),
        "role": member.role,
        "preferred_language": member.preferred_language,
        "active": member.active,
    }
    wanted = {
        "name": row.name,
        "unit": row.unit.lower(),
        "role": row.role,
        "preferred_language": row.language,
        "active": True,
    }
    return [name for name in MEMBER_FIELDS if current[name] != wanted[name]]


def plan_roster(rows, deactivate_missing=False):
    """Members added, updated and deactivated, and unit names not yet known."""
    plan = RosterPlan()
    units = dict(DepartmentUnit.objects.values_list("pk", "name"))
    known = {name.lower() for name in units.values()}
    existing = {member.email: member for member in DepartmentMember.objects.all()}
    for row in rows:
        if row.unit.lower() not in known:
            known.add(row.unit.lower())
            plan.new_units.append(row.unit)
        member = existing.get(row.email)
        if member is None:
            plan.adds.append(row)
        elif changed := _changed_fields(member, row, units):
            plan.updates.append(MemberChange(member, row, changed))
        else:
            plan.unchanged += 1
    if deactivate_missing:
        in_file = {row.email for row in rows}
        plan.deactivations = [
            member
            for email, member in sorted(existing.items())
            if member.active and email not in in_file
        ]
    return plan


def apply_roster(rows, deactivate_missing=False, new_units=()):
    """Create, update and deactivate in one transaction.

    A unit name not in the roster is created only if it is in ``new_units`` (as
    confirmed in the preview); otherwise nothing is saved and its rows are listed.
    """
    result = ImportResult()
    confirmed = {name.lower() for name in new_units}
    with transaction.atomic():
        units = {
            unit.name.lower(): unit
            for unit in DepartmentUnit.objects.select_for_update()
        }
        result.errors = [
            RowError(
                row.row,
                _(
                    "“%(unit)s” is a new unit: confirm it in the preview, or "
                    "correct its name in the file"
                )
                % {"unit": row.unit},
            )
            for row in rows
            if row.unit.lower() not in units and row.unit.lower() not in confirmed
        ]
        if result.errors:
            return result
        for row in rows:
            if row.unit.lower() not in units:
                units[row.unit.lower()] = DepartmentUnit.objects.create(name=row.unit)
                result.units_created += 1
        existing = {
            member.email: member
            for member in DepartmentMember.objects.select_for_update()
        }
        for row in rows:
            unit = units[row.unit.lower()]
            values = {
                "name": row.name,
                "unit_id": unit.pk,
                "role": row.role,
                "preferred_language": row.language,
                "active": True,
            }
            member = existing.get(row.email)
            if member is None:
                DepartmentMember.objects.create(email=row.email, **values)
                result.created += 1
            elif any(getattr(member, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(member, key, value)
                member.save()
                result.updated += 1
            else:
                result.unchanged += 1
        if deactivate_missing:
            in_file = {row.email for row in rows}
            gone = [
                member.pk
                for email, member in existing.items()
                if member.active and email not in in_file
            ]
            for start in range(0, len(gone), 500):
                result.deactivated += DepartmentMember.objects.filter(
                    pk__in=gone[start : start + 500]
                ).update(active=False)
    return result
