"""The privacy page, the data download and account deletion."""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import privacy
from .i18n import normalize_language


def privacy_page(request):
    return render(
        request,
        "engage/privacy.html",
        {"sections": privacy.privacy_sections(request)},
    )


@login_required
@require_POST
def download_data(request):
    """A POST, so a link on another site cannot make a browser fetch the file."""
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(
        privacy.personal_data_zip(request.user), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.zip"'
    response["Cache-Control"] = "no-store"
    return response


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I understand that my account and my personal data will be erased, "
            "and that this cannot be undone."
        ),
        error_messages={"required": gettext_lazy("Tick the box to confirm.")},
    )


@login_required
def delete_account(request):
    """Residents delete their own account; a staff account's pages, revisions and
    roles are handed over by an administrator first, so it cannot be deleted here."""
    if request.user.is_staff:
        return render(request, "engage/delete_account.html", {"staff": True})
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        language = normalize_language(
            request.user.preferred_language or translation.get_language()
        )
        privacy.delete_account(request.user, language)
        logout(request)
        with translation.override(language):
            messages.success(
                request,
                _(
                    "Your account and your personal data have been deleted. "
                    "A confirmation has been emailed to you."
                ),
            )
            return redirect(f"/{language}/")
    return render(request, "engage/delete_account.html", {"form": form})
