"""Answers a resident has given to the first pages of a survey, kept until they
send the whole survey, come back to it by their resume link, or it expires."""

import datetime
import hashlib

from django.db import models
from django.utils import timezone

from .responses import random_key

# How long a saved draft can be resumed.
DRAFT_DAYS = 14


def token_hash(token):
    """Drafts are found by a hash of their token: the database alone never
    holds what it takes to open one."""
    return hashlib.sha256(str(token).encode()).hexdigest()


def draft_expiry():
    return timezone.localdate() + datetime.timedelta(days=DRAFT_DAYS)


class SurveyDraftQuerySet(models.QuerySet):
    def expired(self, today=None):
        return self.filter(expires_on__lt=today or timezone.localdate())


class SurveyDraft(models.Model):
    """The typed answers of pages not yet sent, under a random token.

    It holds no account, invitation code, address, or time finer than the day
    it expires, and is deleted in the transaction that stores the response, so
    nothing left behind ties a response to the draft or to a resume link."""

    id = models.BigIntegerField(primary_key=True, default=random_key, editable=False)
    token_hash = models.CharField(max_length=64, unique=True)
    survey = models.ForeignKey(
        "surveys.SurveyPage", on_delete=models.CASCADE, related_name="+"
    )
    data = models.JSONField(default=dict)
    page = models.PositiveSmallIntegerField(default=0)
    expires_on = models.DateField(default=draft_expiry)

    objects = SurveyDraftQuerySet.as_manager()

    def __str__(self):
        return f"{self.survey_id}: {self.token_hash[:12]}"

    def is_expired(self, today=None):
        return self.expires_on < (today or timezone.localdate())
