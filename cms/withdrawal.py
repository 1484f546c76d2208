"""Taking down what the public has read, never silently: a page that withdraws
something (a forum summary, a survey's results) keeps a dated notice with the
reason its organizer gave while it is down, and each withdrawal that ended
stays on the record (``PastWithdrawal``) once it is published again."""

import functools

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from engage.compiled import KEY_PLACEHOLDER, CompiledQuery

# Long enough to explain; short enough to read on a phone.
MAX_REASON_LENGTH = 1000

WITHDRAWAL_FIELDS = ("withdrawn_at", "withdrawal_reason", "withdrawal_language")


class WithdrawalNotice(models.Model):
    """The notice of the current withdrawal, mixed into a page model before its
    other bases. Written only by the code that withdraws and restores, never by
    a form or a revision."""

    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, editable=False)
    # Why, as the organizer who withdrew it wrote it, and the language they
    # wrote it in.
    withdrawal_reason = models.TextField(
        _("reason for withdrawal"),
        blank=True,
        editable=False,
        max_length=MAX_REASON_LENGTH,
    )
    withdrawal_language = models.CharField(
        _("language of the reason"), max_length=16, blank=True, editable=False
    )

    class Meta:
        abstract = True

    def with_content_json(self, content):
        """The notice belongs to the page, not to a revision: publishing one
        saved before the withdrawal would otherwise write over it unread. It is
        read as stored, not as this copy of the page last saw it."""
        page = super().with_content_json(content)
        for name, value in self.stored(*WITHDRAWAL_FIELDS).items():
            setattr(page, name, value)
        return page

    def stored(self, *fields):
        """``fields`` of this page as the database holds them now."""
        rows = type(self).objects.filter(pk=self.pk).values(*fields)
        return rows.first() or {}


class PastWithdrawal(models.Model):
    """A withdrawal that ended when what was withdrawn was published again, as
    its notice showed it: written once, as the notice is cleared, and never
    changed, so what was taken down and put back does not hide that it was."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="past_withdrawals",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"))
    republished_at = models.DateTimeField(_("published again at"))
    reason = models.TextField(
        _("reason for withdrawal"), blank=True, max_length=MAX_REASON_LENGTH
    )
    language = models.CharField(_("language of the reason"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("past withdrawal")
        verbose_name_plural = _("past withdrawals")
        ordering = ["withdrawn_at", "pk"]

    def __str__(self):
        return f"{self.page_id}: {self.withdrawn_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("A past withdrawal is never changed once recorded.")
        return super().save(*args, **kwargs)

    @classmethod
    def end(cls, model, pk, now, **changes):
        """Keep the notice of the page ``pk`` of ``model`` as a past withdrawal
        ended at ``now``, and clear it, writing ``changes`` to the page with it.
        Nothing for a page with no notice."""
        pages = model.objects.filter(pk=pk)
        with transaction.atomic():
            notice = (
                pages.select_for_update()
                .filter(withdrawn_at__isnull=False)
                .values(*WITHDRAWAL_FIELDS)
                .first()
            )
            if notice is None:
                return
            cls.objects.create(
                page_id=pk,
                withdrawn_at=notice["withdrawn_at"],
                republished_at=now,
                reason=notice["withdrawal_reason"],
                language=notice["withdrawal_language"],
            )
            pages.update(
                withdrawn_at=None,
                withdrawal_reason="",
                withdrawal_language="",
                **changes,
            )


@functools.cache
def _past_withdrawals_query():
    return CompiledQuery(PastWithdrawal.objects.filter(page_id=KEY_PLACEHOLDER))


def past_withdrawals_of(page):
    """``page``'s past withdrawals, oldest first, by a query compiled once: built
    for each request, it cost a survey's results page a thirtieth of its time.
    An empty list for a page not yet saved (a preview)."""
    if page.pk is None:
        return []
    return _past_withdrawals_query().rows(page.pk)
