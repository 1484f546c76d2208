"""Keep residents' personal data out of logs and error reports.

A log line or an error email is read by more people, and kept longer, than the
rows it describes: email addresses and phone numbers are masked in every log
record, and error reports show no submitted form values at all (a survey's
free-text answer cannot be recognised by its shape, so none are shown)."""

import logging
import re

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# A run of 7 to 15 digits, optionally starting with +, split by spaces, dots,
# dashes or brackets: how phone numbers are typed. ISO dates and times are left.
PHONE = re.compile(r"(?<![\w+-])\+?\(?\d[\d\s().-]{5,22}\d(?!\w)")
DATE_OR_TIME = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}")
EMAIL_MASK = "[email]"
PHONE_MASK = "[phone]"
# A survey invitation code in a query string (links sent before codes moved
# after "#"): with the time and address of the request it would tell who
# answered when.
QUERY_CODE = re.compile(r"([?&;]code=)[^&;\s\"']+", re.IGNORECASE)
CODE_MASK = r"\1[code]"


def _mask_phone(match):
    text = match.group(0)
    digits = sum(character.isdigit() for character in text)
    if not 7 <= digits <= 15 or DATE_OR_TIME.search(text):
        return text
    return PHONE_MASK


def redact(text):
    """``text`` with email addresses, phone numbers and invitation codes in
    query strings masked."""
    if not isinstance(text, str):
        return text
    text = QUERY_CODE.sub(CODE_MASK, text)
    return PHONE.sub(_mask_phone, EMAIL.sub(EMAIL_MASK, text))


def _redact_value(value):
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {key: _redact_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_redact_value(item) for item in value)
    # Anything else (a model, an exception, a form) is shown by its str().
    return redact(str(value))


class RedactPersonalData(logging.Filter):
    """Masks emails and phone numbers in the message, its arguments and any
    traceback text, before any handler formats or sends the record."""

    def filter(self, record):
        record.msg = _redact_value(record.msg)
        if record.args:
            record.args = _redact_value(record.args)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports (the 500 email to admins) without anything a resident typed.

    Every POST value is hidden, every local variable that is not a plain number is
    hidden, and the settings list hides anything that looks like an address or
    key as well as Django's usual secrets."""

    hidden_settings = re.compile(
        "API|AUTH|COOKIE|CREDENTIAL|DATABASE|EMAIL|KEY|PASS|PRIVATE|SECRET|"
        "SIGNATURE|TOKEN|ANYMAIL|ADMINS|MANAGERS",
        flags=re.IGNORECASE,
    )

    def get_post_parameters(self, request):
        if request is None:
            return {}
        if not self.is_active(request):
            return request.POST
        cleansed = request.POST.copy()
        for name in cleansed:
            cleansed[name] = self.cleansed_substitute
        return cleansed

    def get_traceback_frame_variables(self, request, tb_frame):
        variables = super().get_traceback_frame_variables(request, tb_frame)
        if not self.is_active(request):
            return variables
        return [
            (
                name,
                value
                if isinstance(value, (int, float, bool)) or value is None
                else self.cleansed_substitute,
            )
            for name, value in variables
        ]


class PrivateExceptionReporter(ExceptionReporter):
    """Masks emails and phone numbers in the rest of the report too: the
    exception message (a database error quotes the values it refused), the URL
    and its query string."""

    def _active(self):
        return self.filter.is_active(self.request)

    def get_traceback_text(self):
        text = super().get_traceback_text()
        return redact(text) if self._active() else text

    def get_traceback_html(self):
        html = super().get_traceback_html()
        return redact(html) if self._active() else html
