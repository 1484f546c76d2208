"""One-time invitation codes, and the keyed record of who was emailed one."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InvitationCode(models.Model):
    """A one-time code. It is marked used, with no time, and is never linked to
    the response of an anonymous survey; for such a survey it keeps no address.

    A code keeps no language (the recipient's would say whose it was), its
    rows are created in a random order (see ``services.issue_codes``), and the
    used codes of an anonymous survey are rewritten together whenever a
    response is stored (``surveys.mixing``), so neither ids, row order nor
    PostgreSQL's transaction ids tell when, or after whom, a code was spent."""

    survey = models.ForeignKey(
        "surveys.SurveyPage", on_delete=models.CASCADE, related_name="codes"
    )
    code = models.CharField(_("code"), max_length=16, unique=True)
    email = models.EmailField(_("sent to"), blank=True)
    batch = models.CharField(_("batch"), max_length=100, blank=True)
    issued_on = models.DateField(_("issued on"), default=timezone.localdate)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    used = models.BooleanField(_("used"), default=False)

    class Meta:
        verbose_name = _("invitation code")
        verbose_name_plural = _("invitation codes")
        ordering = ["batch", "code"]

    def __str__(self):
        return self.display_code

    @property
    def display_code(self):
        return f"{self.code[:4]}-{self.code[4:]}"


class CodeRecipient(models.Model):
    """That an address was emailed a code for a survey, kept apart from the codes
    and only as a keyed hash: enough never to send it a second code."""

    survey = models.ForeignKey(
        "surveys.SurveyPage", on_delete=models.CASCADE, related_name="code_recipients"
    )
    email_hash = models.CharField(max_length=64)
    issued_on = models.DateField(default=timezone.localdate)

    class Meta:
        verbose_name = _("code recipient")
        verbose_name_plural = _("code recipients")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "email_hash"], name="surveys_one_code_per_address"
            )
        ]

    def __str__(self):
        return f"{self.survey_id}: {self.email_hash[:12]}"
