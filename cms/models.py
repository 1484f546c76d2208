from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from modeltranslation.utils import build_localized_fieldname
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from engage.fields import INTRO_FEATURES, LanguageListField
from engage.i18n import fallback_attributes, ordered_as_shown
from engage.mail import send_email

from .blocks import BodyBlock
from .contact_form import HoneypotFormBuilder
from .pages import EngagePageMixin
from .routing import live_child, load_page, pages_on_path
from .search import MultilingualSearchField
from .withdrawal import PastWithdrawal  # noqa: F401  (a model of this app)


def translated_search_fields(*names):
    """A SearchField for each language's column, so search works in every language."""
    return [
        MultilingualSearchField(build_localized_fieldname(name, code))
        for name in names
        for code, _label in settings.LANGUAGES
    ]


def translated_related_fields(relation, *names):
    """Search fields for the translated text of related rows (a page's inline items,
    its venue), so that text shown on the page finds the page."""
    return [index.RelatedFields(relation, translated_search_fields(*names))]


class HomePage(EngagePageMixin, Page):
    """The front door: an introduction, then sections other apps contribute."""

    intro = RichTextField(_("introduction"), features=INTRO_FEATURES, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + translated_search_fields(
        "title", "intro", "body"
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.StandardPage",
        "cms.ResourceIndexPage",
        "cms.ContactPage",
        "forums.ForumIndexPage",
        "surveys.SurveyIndexPage",
        "pledges.PledgeIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Find a descendant in one query, however deep it is.

        Wagtail's default walks the tree with two queries per level. Here the pages
        on the path come from ``pages_on_path`` (one query per process and content
        version) and one query loads the target's specific row (with the relations
        its class names in ``route_select_related``, which its page always shows);
        parents are linked so breadcrumbs and view restrictions need no more.
        What is left of the path after the deepest page found goes to that page's
        own ``route`` (routable pages serve sub-paths such as ``results/``).
        A path through a page that routes its own sub-paths takes the default walk.
        """
        if not path_components:
            return super().route(request, path_components)
        chain = pages_on_path(self, path_components)
        if not chain or any(
            page.specific_class.route is not Page.route for page in chain[:-1]
        ):
            return super().route(request, path_components)
        parent = self
        for page in chain:
            page._cached_parent_obj = parent
            parent = page
        found_class = chain[-1].specific_class
        # With the rows the page always shows, in the query that loads it.
        related = getattr(found_class, "route_select_related", ())
        target = load_page(found_class, chain[-1].pk, related)
        if target is None:  # deleted without a word to the site (no signal)
            raise Http404
        target._cached_parent_obj = chain[-2] if len(chain) > 1 else self
        remaining = path_components[len(chain) :]
        if remaining and type(target).route is Page.route:
            raise Http404
        return target.route(request, remaining)

    def section_index(self, request, page_class):
        """This home page's live child of ``page_class`` (the forum or pledge
        index a section links to), read as routing reads pages: kept per
        process and content version, with what a link needs."""
        return live_child(self, page_class)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["home_sections"] = [
            section
            for build_section in hooks.get_hooks("engage_home_sections")
            if (section := build_section(request, self))
        ]
        return context


class StandardPage(EngagePageMixin, Page):
    """About pages, know-your-rights explainers and anything else in prose."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + translated_search_fields(
        "title", "intro", "body"
    )

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class ResourceCategory(models.TextChoices):
    LEGAL_SUPPORT = "legal", _("Legal support")
    KNOW_YOUR_RIGHTS = "rights", _("Know your rights")
    CIVIL_RIGHTS = "civil", _("Civil rights and complaints")
    VICTIM_SUPPORT = "victims", _("Support for victims and families")
    MENTAL_HEALTH = "health", _("Mental health and crisis")
    LANGUAGE_ACCESS = "language", _("Language access")


class ResourceIndexPage(EngagePageMixin, Page):
    intro = RichTextField(_("introduction"), features=INTRO_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + translated_search_fields("title", "intro")

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ResourcePage"]

    class Meta:
        verbose_name = _("resource hub")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        resources = (
            ResourcePage.objects.child_of(self)
            .live()
            .order_by(ordered_as_shown("title"), "pk")
        )
        category = request.GET.get("category", "")
        if category in ResourceCategory.values:
            resources = resources.filter(category=category)
        else:
            category = ""
        language = request.GET.get("language", "")
        if language in dict(settings.LANGUAGES):
            resources = resources.filter(
                languages_served__contains=LanguageListField.lookup_value(language)
            )
        else:
            language = ""
        context.update(
            resources=resources,
            categories=ResourceCategory.choices,
            selected_category=category,
            selected_language=language,
        )
        return context


class ResourcePage(EngagePageMixin, Page):
    """A place residents can turn to: legal aid, rights information, support."""

    category = models.CharField(
        _("category"), max_length=20, choices=ResourceCategory.choices
    )
    summary = models.TextField(_("summary"), max_length=500)
    who_it_helps = models.CharField(_("who it helps"), max_length=255, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("details"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    hours = models.CharField(_("opening hours"), max_length=255, blank=True)
    website = models.URLField(_("website"), blank=True)
    languages_served = LanguageListField(_("languages served"))

    content_panels = Page.content_panels + [
        FieldPanel("category"),
        FieldPanel("summary"),
        FieldPanel("who_it_helps"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("phone"), FieldPanel("website")]),
                FieldPanel("address"),
                FieldPanel("hours"),
                FieldPanel("languages_served"),
            ],
            heading=_("How to reach it"),
        ),
    ]
    search_fields = Page.search_fields + translated_search_fields(
        "title", "summary", "who_it_helps", "body", "hours"
    )

    parent_page_types = ["cms.ResourceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("resource")


class ContactFormField(AbstractFormField):
    page = ParentalKey(
        "ContactPage", on_delete=models.CASCADE, related_name="form_fields"
    )


class ContactPage(EngagePageMixin, AbstractEmailForm):
    """Wagtail's form builder; submissions are stored and emailed to organizers."""

    intro = RichTextField(_("introduction"), features=INTRO_FEATURES, blank=True)
    thank_you_text = RichTextField(
        _("thank-you message"), features=INTRO_FEATURES, blank=True
    )

    form_builder = HoneypotFormBuilder

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldPanel("to_address"),
                FieldPanel("from_address"),
                FieldPanel("subject"),
            ],
            heading=_("Email to organizers"),
        ),
    ]
    search_fields = Page.search_fields + translated_search_fields("title", "intro")

    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("contact page")

    def process_form_submission(self, form):
        form.cleaned_data.pop("website", None)
        return super().process_form_submission(form)

    def send_mail(self, form):
        """Email the organizers in their language (settings.LANGUAGE_CODE), with
        the field labels in that language and the resident's language named."""
        label_column = build_localized_fieldname("label", settings.LANGUAGE_CODE)
        labels = {
            field.clean_name: getattr(field, label_column) or field.label
            for field in self.get_form_fields()
        }
        fields = [
            (labels.get(name, field.label), form.cleaned_data.get(name))
            for name, field in form.fields.items()
            if name != "website"
        ]
        addresses = [a.strip() for a in self.to_address.split(",") if a.strip()]
        # Organizers answer the resident by replying to the notification.
        reply_to = [
            form.cleaned_data[field.clean_name]
            for field in self.get_form_fields()
            if field.field_type == "email" and form.cleaned_data.get(field.clean_name)
        ][:1]
        send_email(
            "cms/email/contact_submission",
            {
                "page": self,
                "fields": fields,
                "subject": self.subject,
                "resident_language": translation.get_language(),
            },
            addresses,
            language=settings.LANGUAGE_CODE,
            from_email=self.from_address or None,
            reply_to=reply_to,
        )


@register_setting(icon="list-ul")
class NavigationSettings(ClusterableModel, BaseSiteSetting):
    panels = [InlinePanel("menu_items", label=_("Menu items"))]

    class Meta:
        verbose_name = _("navigation menu")


class MenuItem(Orderable):
    settings = ParentalKey(
        NavigationSettings, on_delete=models.CASCADE, related_name="menu_items"
    )
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    link_url = models.CharField(_("or a web address"), max_length=500, blank=True)
    label = models.CharField(
        _("label"),
        max_length=80,
        blank=True,
        help_text=_("Leave empty to use the page's title."),
    )

    panels = [
        PageChooserPanel("link_page"),
        FieldPanel("link_url"),
        FieldPanel("label"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("menu item")

    def clean(self):
        if not self.link_page and not self.link_url:
            raise ValidationError(_("Choose a page or enter a web address."))

    def url_for(self, request):
        """The link, made with the request's site and its root paths."""
        return self.link_page.get_url(request) if self.link_page else self.link_url

    @property
    def text(self):
        return self.label or (self.link_page.title if self.link_page else self.link_url)

    def text_attributes(self):
        """` lang="en" dir="ltr"` for the link when ``text`` is shown in English
        because its label or page title is not translated, else ""."""
        if self.label:
            return fallback_attributes(self, "label")
        return fallback_attributes(self.link_page, "title")
