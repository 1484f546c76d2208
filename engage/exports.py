"""The one way the site writes a spreadsheet cell: formula-safe CSV and XLSX.

A spreadsheet program runs a cell whose text starts with ``=``, ``+``, ``-`` or
``@`` (also after leading spaces, and a leading tab or carriage return) as a
formula, so a resident who types ``=HYPERLINK(...)`` into a form could make the
organizer's copy of the export call out or run commands. Every CSV and XLSX the
site produces goes through ``safe_cell``, which follows OWASP's advice: such
text gets a leading apostrophe and is shown as typed. The full-width
``＝ ＋ － ＠`` are treated the same, because some spreadsheet programs fold them
to their ASCII forms. Numbers, dates and booleans are left as they are, so a
negative number stays a number; anything else (lazy translations, model
instances) becomes text first.

Wagtail's own exports (every admin listing's CSV/XLSX buttons, the contact
form's submissions, the site history that names RSVPs) have no hook for this,
so ``protect_wagtail_exports`` routes their cells through ``safe_cell`` too.
"""

import csv
import datetime
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_CHARACTERS = frozenset("=+-@＝＋－＠")
FORMULA_CONTROLS = frozenset("\t\r")
UNCHANGED_TYPES = (
    bool,
    int,
    float,
    Decimal,
    datetime.date,
    datetime.time,
    datetime.timedelta,
)
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def looks_like_formula(text):
    """Would a spreadsheet program read this text as a formula?"""
    return text[:1] in FORMULA_CONTROLS or text.lstrip()[:1] in FORMULA_CHARACTERS


def safe_cell(value):
    """A value ready for a CSV or XLSX cell: text that cannot run as a formula."""
    if value is None or isinstance(value, UNCHANGED_TYPES):
        return value
    # openpyxl refuses control characters; in a CSV they only cause trouble.
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return f"'{text}" if looks_like_formula(text) else text


def safe_row(values):
    return [safe_cell(value) for value in values]


class CsvWriter:
    """``csv.writer`` whose every cell goes through ``safe_cell``."""

    def __init__(self, file, **kwargs):
        self._writer = csv.writer(file, **kwargs)

    def writerow(self, row):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


class CsvDictWriter(csv.DictWriter):
    """``csv.DictWriter`` whose every cell (and heading) goes through ``safe_cell``."""

    def writerow(self, rowdict):
        return super().writerow({key: safe_cell(v) for key, v in rowdict.items()})

    def writerows(self, rowdicts):
        for rowdict in rowdicts:
            self.writerow(rowdict)


class Echo:
    """A file-like object whose write returns the line, to stream a CSV."""

    def write(self, value):
        return value


def stream_csv(rows):
    """Each row as one formula-safe CSV line, for a ``StreamingHttpResponse``."""
    writer = CsvWriter(Echo())
    return (writer.writerow(row) for row in rows)


def _xlsx_cell(value):
    value = safe_cell(value)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.make_naive(value)  # Excel has no time zones
    return value


def write_xlsx(rows, output, title):
    """A one-sheet workbook of formula-safe rows; openpyxl spools them to disk."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(title)[:31])
    for row in rows:
        sheet.append([_xlsx_cell(value) for value in row])
    workbook.save(output)


def protect_wagtail_exports(mixin):
    """Make Wagtail's spreadsheet exports write every cell through ``safe_cell``.

    ``mixin`` is Wagtail's ``SpreadsheetExportMixin``: every Wagtail export
    (model viewsets, form submissions, reports) builds its cells and headings
    with these two methods. Wagtail itself only stops XLSX cells becoming
    formulas; its CSV writes them as typed.
    """
    if getattr(mixin, "formula_safe", False):
        return
    preprocess = mixin.preprocess_field_value
    heading = mixin.get_heading

    def preprocess_field_value(self, field, value, export_format):
        return safe_cell(preprocess(self, field, value, export_format))

    def get_heading(self, queryset, field):
        return safe_cell(heading(self, queryset, field))

    mixin.preprocess_field_value = preprocess_field_value
    mixin.get_heading = get_heading
    mixin.formula_safe = True
