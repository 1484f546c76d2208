"""Business rules of pledges: progress and flags, the template, who may edit, posting
updates, followers and open data. Views, hooks and templates only call these."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Group, Permission
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone, translation
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from engage.i18n import LANGUAGE_CODES, normalize_language

from .models import (
    CommitmentActionItem,
    CommitmentPage,
    CommitmentSurveyQuestion,
    Frequency,
    MayorsOffice,
    PledgeFollower,
    PledgePage,
    Principle,
    ProgressUpdatePage,
    Status,
    UpdateEvidence,
    status_style,
)

APPROVAL_WORKFLOW_NAME = "Pledge update approval"
MODERATORS_GROUP_NAME = "Moderators"
CONFIRM_SALT = "pledges.follow.confirm"
UNSUBSCRIBE_SALT = "pledges.follow.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600


# Progress --------------------------------------------------------------------


@dataclass
class PledgeSummary:
    pledge: PledgePage
    commitments: list
    overall: float | None = None
    without_update: int = 0
    latest_update: datetime.date | None = None
    status_counts: list = field(default_factory=list)
    stale_count: int = 0
    overdue_count: int = 0


def overall_progress(commitments):
    """Weighted mean of the commitments' percentages, as a fraction from 0 to 1.

    A commitment with no published update counts as 0%: silence is not progress."""
    commitments = list(commitments)
    total_weight = sum(c.weight for c in commitments)
    if not total_weight:
        return None
    return sum(c.weight * c.percentage for c in commitments) / (total_weight * 100)


def summarize(pledge, commitments, today=None):
    """Flags every commitment and totals the pledge, without touching the database."""
    today = today or timezone.localdate()
    for commitment in commitments:
        commitment.stale = commitment.is_stale(pledge.date_signed, today)
        commitment.overdue = commitment.is_overdue(today)
        commitment.days_without_update = commitment.days_without_update(
            pledge.date_signed, today
        )
    counts = Counter(c.status for c in commitments)
    dates = [c.latest_update_date for c in commitments if c.latest_update_date]
    return PledgeSummary(
        pledge=pledge,
        commitments=commitments,
        overall=overall_progress(commitments),
        without_update=sum(1 for c in commitments if not c.has_update),
        latest_update=max(dates) if dates else None,
        status_counts=[
            (status_style(status), counts[status])
            for status in Status
            if counts[status]
        ],
        stale_count=sum(1 for c in commitments if c.stale),
        overdue_count=sum(1 for c in commitments if c.overdue),
    )


def pledge_overview(pledge):
    commitments = list(
        CommitmentPage.objects.child_of(pledge)
        .live()
        .with_progress()
        .with_link_counts()
        .order_by("path")
    )
    return {"summary": summarize(pledge, commitments)}


def live_summaries(index_page=None):
    """A summary per live pledge in two queries, whatever the number of pledges."""
    pledges = PledgePage.objects.live().order_by("city")
    commitments = CommitmentPage.objects.live().with_progress().order_by("path")
    if index_page is not None:
        pledges = pledges.child_of(index_page)
        commitments = commitments.descendant_of(index_page)
    by_parent = defaultdict(list)
    for commitment in commitments:
        by_parent[commitment.path[: -commitment.steplen]].append(commitment)
    return [summarize(pledge, by_parent[pledge.path]) for pledge in pledges]


def index_overview(index_page):
    """Rows of the pledge grid: one per city, one column per principle in use."""
    summaries = live_summaries(index_page)
    used = {c.principle for s in summaries for c in s.commitments}
    principles = [(value, label) for value, label in Principle.choices if value in used]
    rows = []
    for summary in summaries:
        cells = defaultdict(list)
        for commitment in summary.commitments:
            cells[commitment.principle].append(commitment)
        rows.append(
            {"summary": summary, "cells": [cells[value] for value, _l in principles]}
        )
    return {"summaries": summaries, "principles": principles, "grid_rows": rows}


@dataclass
class TimelineEntry:
    update: ProgressUpdatePage
    previous_status: str | None
    previous_percentage: int | None
    corrected_by: list

    @property
    def previous_style(self):
        return status_style(self.previous_status) if self.previous_status else None


def commitment_timeline(commitment):
    """Every published update with the status and percentage it replaced, newest
    first; two queries however long the history."""
    updates = list(
        ProgressUpdatePage.objects.live()
        .filter(commitment=commitment)
        .select_related("owner")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=UpdateEvidence.objects.select_related("document").order_by(
                    "sort_order"
                ),
            )
        )
        .order_by("update_date", "first_published_at", "pk")
    )
    by_id = {update.pk: update for update in updates}
    corrected_by = defaultdict(list)
    for update in updates:
        if update.corrects_id:
            corrected_by[update.corrects_id].append(update)
            update.corrected_update = by_id.get(update.corrects_id)
    entries = []
    previous = None
    for update in updates:
        entries.append(
            TimelineEntry(
                update=update,
                previous_status=previous.status if previous else None,
                previous_percentage=previous.percentage if previous else None,
                corrected_by=corrected_by[update.pk],
            )
        )
        previous = update
    return list(reversed(entries))


@dataclass
class RelatedLinks:
    action_items: list
    questions: list

    def __bool__(self):
        return bool(self.action_items or self.questions)


def commitment_links(commitment):
    """The forum action items and survey questions linked to a commitment that the
    public may see: items of published forum summaries, questions of published
    surveys. Two queries however many links."""
    action_items = (
        CommitmentActionItem.objects.filter(
            page=commitment,
            action_item__summary__live=True,
            action_item__summary__forum__live=True,
        )
        .select_related("action_item__summary__forum")
        .order_by("sort_order", "pk")
    )
    questions = (
        CommitmentSurveyQuestion.objects.filter(
            page=commitment, question__page__live=True
        )
        .select_related("question__page")
        .order_by("sort_order", "pk")
    )
    links = RelatedLinks(
        action_items=_unique(link.action_item for link in action_items),
        questions=_unique(link.question for link in questions),
    )
    for question in links.questions:
        survey = question.page
        question.results_path = (
            survey.reverse_subpage("results") if survey.results_public else ""
        )
    return links


def _unique(objects):
    seen = {}
    for obj in objects:
        seen.setdefault(obj.pk, obj)
    return list(seen.values())


def previous_update(update):
    return (
        ProgressUpdatePage.objects.live()
        .filter(commitment_id=update.commitment_id)
        .exclude(pk=update.pk)
        .filter(update_date__lte=update.update_date)
        .order_by("-update_date", "-first_published_at", "-pk")
        .first()
    )


# The template ----------------------------------------------------------------


def set_translations(instance, field_name, values):
    """Write each language's text; languages without one fall back to English."""
    for code in LANGUAGE_CODES:
        setattr(
            instance, build_localized_fieldname(field_name, code), values.get(code, "")
        )


@transaction.atomic
def prefill_commitments(pledge, user=None):
    """Add the seven template commitments to a pledge that has none yet.

    They are published with the pledge: at once if it is live, otherwise when it
    is first published."""
    from .pledge_template import COMMITMENTS

    if CommitmentPage.objects.child_of(pledge).exists():
        return []
    created = []
    for spec in COMMITMENTS:
        commitment = CommitmentPage(
            slug=spec["slug"],
            principle=spec["principle"],
            target_date=pledge.date_signed + relativedelta(months=spec["months"]),
            weight=1,
            live=False,
            owner=user,
        )
        set_translations(commitment, "title", spec["title"])
        set_translations(commitment, "description", spec["description"])
        set_translations(commitment, "responsible_office", spec["responsible_office"])
        pledge.add_child(instance=commitment)
        revision = commitment.save_revision(user=user)
        if pledge.live:
            revision.publish(user=user)
        created.append(commitment)
    return created


def publish_template_commitments(pledge):
    """On a pledge's first publication, publish commitments never published yet."""
    for commitment in CommitmentPage.objects.child_of(pledge).filter(
        first_published_at__isnull=True, live=False
    ):
        revision = commitment.latest_revision or commitment.save_revision()
        revision.publish()


# Who may edit ----------------------------------------------------------------


def approval_workflow():
    """The workflow that holds pledge updates until a moderator approves them."""
    workflow, created = Workflow.objects.get_or_create(
        name=APPROVAL_WORKFLOW_NAME, defaults={"active": True}
    )
    if created:
        moderators, _created = Group.objects.get_or_create(name=MODERATORS_GROUP_NAME)
        task = GroupApprovalTask.objects.create(name="Pledge moderator approval")
        task.groups.set([moderators])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def office_group_name(pledge):
    name = f"Mayor's office: {pledge.city}"[:140]
    if Group.objects.filter(name=name).exists():
        name = f"{name} ({pledge.pk})"
    return name


def _create_mayors_office(pledge):
    group = Group.objects.create(name=office_group_name(pledge))
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    root = Collection.get_first_root_node()
    collection = root.add_child(name=f"Pledge evidence: {pledge.city}"[:255])
    for codename in ("add_document", "change_document", "choose_document"):
        GroupCollectionPermission.objects.create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(
                content_type__app_label="wagtaildocs", codename=codename
            ),
        )
    return MayorsOffice.objects.create(
        pledge=pledge, group=group, collection=collection
    )


def sync_pledge_access(pledge):
    """Give the city's mayor's office rights on its own pledge only, and hold its
    updates for approval when the pledge asks for it.

    Without approval the office publishes directly; with approval it may only
    submit, and the pledge's workflow sends updates to a moderator."""
    office = MayorsOffice.objects.filter(pledge=pledge).select_related("group").first()
    if office is None:
        office = _create_mayors_office(pledge)
    wanted = {"add_page", "change_page"}
    if not pledge.require_update_approval:
        wanted.add("publish_page")
    current = GroupPagePermission.objects.filter(group=office.group, page=pledge)
    have = set(current.values_list("permission__codename", flat=True))
    current.exclude(permission__codename__in=wanted).delete()
    for codename in wanted - have:
        GroupPagePermission.objects.create(
            group=office.group, page=pledge, permission_type=codename.split("_")[0]
        )
    if pledge.require_update_approval:
        WorkflowPage.objects.get_or_create(
            page=pledge, defaults={"workflow": approval_workflow()}
        )
    else:
        WorkflowPage.objects.filter(
            page=pledge, workflow__name=APPROVAL_WORKFLOW_NAME
        ).delete()
    return office


# Posting updates -------------------------------------------------------------


@dataclass
class Evidence:
    title: str
    url: str = ""
    document: object = None


@transaction.atomic
def post_update(
    commitment,
    *,
    user,
    status,
    percentage,
    explanation,
    update_date=None,
    evidence=(),
    corrects=None,
    publish=True,
):
    """Append an update to a commitment's history, as the admin does.

    ``explanation`` is a string or a dict of texts by language. The update is
    published when ``publish`` is true and the user may publish here; otherwise it
    goes to the pledge's approval workflow, or stays a draft when there is none."""
    permissions = commitment.permissions_for_user(user) if user else None
    if permissions is not None and not permissions.can_add_subpage():
        raise PermissionDenied("This user may not post updates on this commitment.")
    update = ProgressUpdatePage(
        update_date=update_date or timezone.localdate(),
        status=status,
        percentage=percentage,
        corrects=corrects,
        owner=user,
        live=False,
    )
    texts = explanation if isinstance(explanation, dict) else {"en": explanation}
    set_translations(update, "explanation", texts)
    items = []
    for order, item in enumerate(evidence):
        piece = UpdateEvidence(sort_order=order, url=item.url, document=item.document)
        set_translations(
            piece,
            "title",
            item.title if isinstance(item.title, dict) else {"en": item.title},
        )
        items.append(piece)
    update.evidence = items
    commitment.add_child(instance=update)
    revision = update.save_revision(user=user)
    if publish:
        if permissions is None or permissions.can_publish_subpage():
            revision.publish(user=user)
        elif (workflow := update.get_workflow()) is not None:
            workflow.start(update, user)
    update.refresh_from_db()
    return update


def on_update_published(update):
    """First publication of an update: tell followers and redraw the share picture."""
    from .tasks import notify_update_followers, regenerate_share_image

    pledge = PledgePage.objects.ancestor_of(update).first()
    if pledge is None:
        return
    regenerate_share_image.enqueue(pledge.pk)
    notify_update_followers.enqueue(update.pk)


# Followers -------------------------------------------------------------------


def site_root_url():
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else ""


def absolute_url(name, language, **kwargs):
    with translation.override(normalize_language(language)):
        return site_root_url() + reverse(name, kwargs=kwargs)


def make_token(follower, salt):
    return signing.dumps({"id": follower.pk, "email": follower.email}, salt=salt)


def follower_from_token(token, salt, max_age=None):
    """The follower a signed link names, or None when the link is forged, expired or
    the follower is gone."""
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return (
        PledgeFollower.objects.select_related("pledge")
        .filter(pk=data.get("id"), email=data.get("email"))
        .first()
    )


def unsubscribe_headers(follower):
    url = absolute_url(
        "pledges:unsubscribe",
        follower.language,
        token=make_token(follower, UNSUBSCRIBE_SALT),
    )
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }, url


@transaction.atomic
def request_follow(pledge, email, frequency, language):
    """Record an unconfirmed follow and send the confirmation link.

    Someone who already confirmed gets no new email, so the form cannot be used
    to change another person's choices."""
    from engage.mail import send_email

    follower, _created = PledgeFollower.objects.select_for_update().get_or_create(
        pledge=pledge,
        email=email,
        defaults={"frequency": frequency, "language": language},
    )
    if follower.confirmed_at:
        return follower
    follower.frequency = frequency
    follower.language = normalize_language(language)
    follower.save(update_fields=["frequency", "language"])
    confirm_url = absolute_url(
        "pledges:confirm_follow",
        follower.language,
        token=make_token(follower, CONFIRM_SALT),
    )
    send_email(
        "pledges/email/follow_confirm",
        {"pledge": pledge, "follower": follower, "confirm_url": confirm_url},
        follower.email,
        language=follower.language,
    )
    return follower


def confirm_follow(follower):
    if not follower.confirmed_at:
        follower.confirmed_at = timezone.now()
        follower.last_digest_at = follower.confirmed_at
        follower.save(update_fields=["confirmed_at", "last_digest_at"])
    return follower


def unsubscribe(follower):
    """Forget the follower entirely: nothing about them is kept."""
    follower.delete()


def send_update_email(follower, update, commitment, pledge, previous):
    from engage.mail import send_email

    headers, unsubscribe_url = unsubscribe_headers(follower)
    with translation.override(normalize_language(follower.language)):
        commitment_url = site_root_url() + commitment.url + f"#update-{update.pk}"
    send_email(
        "pledges/email/update",
        {
            "pledge": pledge,
            "commitment": commitment,
            "update": update,
            "previous": previous,
            "commitment_url": commitment_url,
            "unsubscribe_url": unsubscribe_url,
        },
        follower.email,
        language=follower.language,
        headers=headers,
    )


def notify_followers(update):
    """One email per confirmed follower who wants every update, in their language."""
    commitment = CommitmentPage.objects.get(pk=update.commitment_id)
    pledge = PledgePage.objects.get(path=commitment.path[: -commitment.steplen])
    previous = previous_update(update)
    followers = pledge.followers.confirmed().filter(frequency=Frequency.EACH_UPDATE)
    for follower in followers:
        send_update_email(follower, update, commitment, pledge, previous)
    return len(followers)


def send_weekly_digests(now=None):
    """Send each weekly follower the updates published since their last digest.

    Safe to run more often than weekly: nobody gets two digests within six days."""
    from engage.mail import send_email

    now = now or timezone.now()
    sent = 0
    followers = (
        PledgeFollower.objects.confirmed()
        .filter(frequency=Frequency.WEEKLY)
        .select_related("pledge")
    )
    for follower in followers:
        since = follower.last_digest_at or follower.confirmed_at
        if since > now - datetime.timedelta(days=6):
            continue
        updates = list(
            ProgressUpdatePage.objects.live()
            .descendant_of(follower.pledge)
            .filter(first_published_at__gt=since, first_published_at__lte=now)
            .select_related("commitment")
            .order_by("first_published_at")
        )
        if updates:
            headers, unsubscribe_url = unsubscribe_headers(follower)
            with translation.override(normalize_language(follower.language)):
                pledge_url = site_root_url() + follower.pledge.url
            send_email(
                "pledges/email/digest",
                {
                    "pledge": follower.pledge,
                    "updates": updates,
                    "pledge_url": pledge_url,
                    "unsubscribe_url": unsubscribe_url,
                },
                follower.email,
                language=follower.language,
                headers=headers,
            )
            sent += 1
        follower.last_digest_at = now
        follower.save(update_fields=["last_digest_at"])
    return sent


# Open data -------------------------------------------------------------------

OPEN_DATA_FIELDS = [
    "city",
    "pledge_url",
    "commitment_id",
    "commitment",
    "principle",
    "responsible_office",
    "weight",
    "status",
    "percentage",
    "target_date",
    "first_update_date",
    "latest_update_date",
    "number_of_updates",
    "stale",
    "overdue",
]


def open_data(summaries):
    """One record per commitment, with dates as ISO strings and codes, not labels."""
    records = []
    for summary in summaries:
        pledge_url = summary.pledge.url
        for c in summary.commitments:
            records.append(
                {
                    "city": summary.pledge.city,
                    "pledge_url": pledge_url,
                    "commitment_id": c.pk,
                    "commitment": c.title,
                    "principle": c.principle,
                    "responsible_office": c.responsible_office,
                    "weight": c.weight,
                    "status": c.status,
                    "percentage": c.percentage,
                    "target_date": _iso(c.target_date),
                    "first_update_date": _iso(c.first_update_date),
                    "latest_update_date": _iso(c.latest_update_date),
                    "number_of_updates": c.number_of_updates,
                    "stale": c.stale,
                    "overdue": c.overdue,
                }
            )
    return records


def _iso(value):
    return value.isoformat() if value else None
