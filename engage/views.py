from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from wagtail import hooks

from .forms import ProfileForm
from .i18n import normalize_language


@login_required
def profile(request):
    """A resident's account: language, email preferences and what they signed up for."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # The form promises the site in the chosen language: carry on in it.
        with translation.override(user.preferred_language):
            messages.success(request, _("Your preferences have been saved."))
            return redirect("account_profile")
    sections = [
        section
        for build_section in hooks.get_hooks("engage_account_sections")
        if (section := build_section(request))
    ]
    return render(
        request, "account/profile.html", {"form": form, "account_sections": sections}
    )


def admin_login(request):
    login_url = reverse("account_login")
    next_url = request.GET.get("next", "/admin/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}
    ):
        next_url = "/admin/"
    return redirect(f"{login_url}?{urlencode({'next': next_url})}")


def staff_only(request):
    """What a signed-in resident sees at /admin/, in their own language: a plain
    refusal instead of being sent to sign in again (which loops, as they are)."""
    with translation.override(normalize_language(request.user.preferred_language)):
        return render(request, "engage/staff_only.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def too_many_requests(request, exception=None, retry_after=60):
    """The friendly 429 page, in the visitor's language, for our own rate limits
    and allauth's sign-in limits (which look up ``handler429`` in the URLconf)."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = str(max(int(retry_after), 1))
    return response


@requires_csrf_token
def server_error(request):
    """Rendered without context processors: the database may be what failed."""
    return HttpResponseServerError(loader.get_template("500.html").render())
