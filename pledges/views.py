from django.core import signing
from django.core.files.storage import default_storage
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseNotAllowed,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from engage.i18n import ordered_as_shown

from . import share_image as share_images
from .forms import FollowForm
from .models import CommitmentPage, PledgePage
from .services import following
from .services.open_data import (
    HISTORY_FIELDS,
    OPEN_DATA_FIELDS,
    history_records,
    licence,
    open_data_records,
    write_open_data_csv,
)

OPEN_DATA_FORMATS = {"json", "csv"}


def follow(request, pledge_id):
    """Step one of the double opt-in: ask for an address, send it a link."""
    pledge = get_object_or_404(PledgePage.objects.live(), pk=pledge_id)
    if request.method != "POST":
        return redirect(f"{pledge.url}#follow")
    form = FollowForm(request.POST)
    if not form.is_valid():
        return render(
            request, "pledges/follow.html", {"pledge": pledge, "form": form}, status=400
        )
    following.request_follow(pledge, **form.cleaned_data)
    return render(
        request,
        "pledges/follow_sent.html",
        {"pledge": pledge, "email": form.cleaned_data["email"]},
    )


@require_http_methods(["GET", "POST"])
def confirm_follow(request, token):
    """Step two: the link from the email shows a button, so that mail scanners that
    open links do not confirm on the reader's behalf."""
    try:
        follower = following.follower_from_token(
            token, following.CONFIRM_SALT, max_age=following.CONFIRM_MAX_AGE
        )
    except signing.BadSignature:
        follower = None
    if follower is None:
        return render(request, "pledges/follow_invalid.html", status=400)
    if request.method == "POST":
        following.confirm_follow(follower)
        return render(request, "pledges/follow_confirmed.html", {"follower": follower})
    return render(
        request, "pledges/follow_confirm.html", {"follower": follower, "token": token}
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One-click unsubscribe (RFC 8058): a POST from the mail client or from the
    button on this page ends the follow. The signed token is the only credential,
    so the POST carries no CSRF token."""
    try:
        follower = following.follower_from_token(token, following.UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return render(request, "pledges/follow_invalid.html", status=400)
    if request.method == "POST":
        pledge = follower.pledge if follower else None
        if follower is not None:
            following.unsubscribe(follower)
        return render(request, "pledges/unsubscribed.html", {"pledge": pledge})
    if follower is None:
        return render(request, "pledges/unsubscribed.html", {"pledge": None})
    return render(
        request, "pledges/unsubscribe.html", {"follower": follower, "token": token}
    )


def share_image(request, pledge_id):
    """The pledge's picture in the language of the URL."""
    pledge = get_object_or_404(PledgePage.objects.live(), pk=pledge_id)
    return _png(share_images.pledge_image(pledge, translation.get_language()))


def commitment_share_image(request, commitment_id):
    """The commitment's picture in the language of the URL."""
    commitment = get_object_or_404(
        CommitmentPage.objects.live().with_progress(), pk=commitment_id
    )
    pledge = get_object_or_404(
        PledgePage.objects.live(), path=commitment.path[: -commitment.steplen]
    )
    name = share_images.commitment_image(commitment, pledge, translation.get_language())
    return _png(name)


def _png(name):
    response = FileResponse(default_storage.open(name, "rb"), content_type="image/png")
    response["Cache-Control"] = "public, max-age=300"
    return response


def open_data(request, fmt, pledge_id=None):
    """Progress per commitment as JSON or CSV, for anyone to reuse."""
    summaries = PledgePage.objects.live().summaries()
    if pledge_id is not None:
        summaries = [s for s in summaries if s.pledge.pk == pledge_id]
    if not summaries:
        raise Http404
    name = f"pledge-{pledge_id}-progress" if pledge_id else "pledge-progress"
    return open_data_response(
        request,
        fmt,
        name,
        "commitments",
        OPEN_DATA_FIELDS,
        lambda: open_data_records(summaries),
    )


def open_data_history(request, fmt, pledge_id=None):
    """Every published update and amendment, with the original terms, as JSON or
    CSV: enough to work out every public figure again."""
    # By city as the file names it, as the progress file and the index list them.
    pledges = PledgePage.objects.live().order_by(ordered_as_shown("city"), "pk")
    if pledge_id is not None:
        pledges = pledges.filter(pk=pledge_id)
    pledges = list(pledges)
    if not pledges:
        raise Http404
    name = f"pledge-{pledge_id}-history" if pledge_id else "pledge-history"
    return open_data_response(
        request, fmt, name, "history", HISTORY_FIELDS, lambda: history_records(pledges)
    )


def open_data_response(request, fmt, filename, key, fieldnames, build):
    """The records ``build()`` returns as JSON (under ``key``, beside the licence)
    or as formula-safe CSV with the licence on every row; read with GET or HEAD
    only, and built only then. The pledge data and the board's share it."""
    if fmt not in OPEN_DATA_FORMATS:
        raise Http404
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    records = build()
    if fmt == "json":
        response = JsonResponse(
            {"licence": licence(), key: records},
            json_dumps_params={"ensure_ascii": False, "indent": 2},
        )
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")
        write_open_data_csv(response, records, fieldnames)
    response["Content-Disposition"] = f'inline; filename="{filename}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
