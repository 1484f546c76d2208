"""Which published update is each commitment's latest, kept as updates are
published, so that listings read it by the commitment's key instead of sorting
every commitment's history on every request.

Published updates never change (``ProgressUpdatePage``: append-only), so a row
points to the update rather than copying what it says: the status, percentage
and date shown are always the update's own. ``rebuild_latest_updates`` works
every row out again from the updates, to repair them or, with ``--check``, to
prove them right."""

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

# Which published update of a commitment is its latest: the newest by date, then
# the one published last.
LATEST_FIRST = ("-update_date", "-first_published_at", "-pk")


class LatestUpdateQuerySet(models.QuerySet):
    def _updates(self):
        return self.model._meta.get_field("update").related_model.objects

    def computed(self, commitment_ids=None):
        """{commitment id: its latest published update's id}, worked out from
        the updates: of ``commitment_ids``, or of every commitment."""
        updates = self._updates().filter(live=True, commitment__isnull=False)
        if commitment_ids is not None:
            updates = updates.filter(commitment_id__in=commitment_ids)
        latest = {}
        for commitment_id, update_id in updates.order_by(*LATEST_FIRST).values_list(
            "commitment_id", "pk"
        ):
            latest.setdefault(commitment_id, update_id)
        return latest

    def refresh(self, commitment_id):
        """Point ``commitment_id`` to its latest published update, or to none.

        The commitment's row is locked first: an update published meanwhile in
        another transaction is then either seen here or waits for this one to
        finish, and never has its row written over by an older reading."""
        if commitment_id is None:
            return
        commitments = self.model._meta.get_field("commitment").related_model
        with transaction.atomic():
            locked = commitments._base_manager.select_for_update(of=("self",)).filter(
                pk=commitment_id
            )
            if not locked.values_list("pk", flat=True):
                return
            self._point(commitment_id)

    def _point(self, commitment_id):
        latest = self.computed([commitment_id]).get(commitment_id)
        if latest is None:
            self.filter(commitment_id=commitment_id).delete()
        else:
            self.update_or_create(
                commitment_id=commitment_id, defaults={"update_id": latest}
            )

    def differences(self):
        """(commitment id, stored update id, computed update id) for each
        commitment whose row is missing, stale or should not exist."""
        stored = dict(self.values_list("commitment_id", "update_id"))
        computed = self.computed()
        return sorted(
            (commitment_id, stored.get(commitment_id), computed.get(commitment_id))
            for commitment_id in stored.keys() | computed.keys()
            if stored.get(commitment_id) != computed.get(commitment_id)
        )

    def rebuild(self):
        """Every row worked out again from the updates; the number changed."""
        wrong = self.differences()
        for commitment_id, _stored, _computed in wrong:
            self.refresh(commitment_id)
        return len(wrong)


class LatestUpdate(models.Model):
    """A commitment's latest published update (see the module's docstring)."""

    commitment = models.OneToOneField(
        "pledges.CommitmentPage",
        verbose_name=_("commitment"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="latest_published_update",
    )
    update = models.ForeignKey(
        "pledges.ProgressUpdatePage",
        verbose_name=_("progress update"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    objects = LatestUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("latest update of a commitment")

    def __str__(self):
        return f"{self.commitment_id}: {self.update_id}"
