from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    MERGED = "merged", _("Merged into another question")


class Topic(models.TextChoices):
    """A few broad topics, so a resident can say what it is about without
    typing anything that could identify them."""

    SAFETY = "safety", _("Safety in my neighborhood")
    TRAFFIC = "traffic", _("Traffic and parking")
    CONDUCT = "conduct", _("Police conduct and accountability")
    YOUTH = "youth", _("Young people and schools")
    SERVICES = "services", _("Programs and services")
    OTHER = "other", _("Something else")
