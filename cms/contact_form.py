"""The contact page's form: Wagtail's form builder, with a field people never
see (bots that fill it are turned away), and the organizers' labels, help
texts and choices marked as English where they are shown untranslated."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import FormBuilder

from engage.i18n import FALLBACK_ATTRIBUTES, fallback_attributes, marked_text


class HoneypotFormBuilder(FormBuilder):
    """Wagtail's builder, with the honeypot and the language marks described
    above, and each field's browser hints (autocomplete, input mode)."""

    def get_field_options(self, field):
        """A label or help text shown in English because it is not translated
        says so, for screen readers. The organizers' email names the fields
        from the English column (``ContactPage.send_mail``), not from these."""
        options = super().get_field_options(field)
        options["label"] = marked_text(field, "label")
        if field.help_text:
            options["help_text"] = marked_text(field, "help_text")
        return options

    def get_formatted_field_choices(self, field):
        """Untranslated choices marked as English: the list's options through
        their list (``create_dropdown_field``), other choices one by one."""
        choices = super().get_formatted_field_choices(field)
        attributes = fallback_attributes(field, "choices")
        if not attributes or field.field_type in ("dropdown", "multiselect"):
            return choices
        return [
            (value, format_html("<span{}>{}</span>", attributes, label))
            for value, label in choices
        ]

    def create_dropdown_field(self, field, options):
        return self._marked_list(field, super().create_dropdown_field(field, options))

    def create_multiselect_field(self, field, options):
        form_field = super().create_multiselect_field(field, options)
        return self._marked_list(field, form_field)

    def _marked_list(self, field, form_field):
        if fallback_attributes(field, "choices"):
            form_field.widget.attrs.update(FALLBACK_ATTRIBUTES)
        return form_field

    def create_multiline_field(self, field, options):
        # A message is read by a person: a page-long pasted dump is refused, not
        # stored and emailed.
        options.setdefault("max_length", 5000)
        return super().create_multiline_field(field, options)

    def create_singleline_field(self, field, options):
        form_field = super().create_singleline_field(field, options)
        if "name" in field.clean_name.split("_"):
            form_field.widget.attrs["autocomplete"] = "name"
        return form_field

    def create_email_field(self, field, options):
        form_field = super().create_email_field(field, options)
        form_field.widget.attrs["autocomplete"] = "email"
        return form_field

    def create_number_field(self, field, options):
        # A text box, not type="number", which refuses Arabic-Indic digits.
        options["widget"] = forms.TextInput(attrs={"inputmode": "decimal"})
        return super().create_number_field(field, options)

    def get_form_class(self):
        form_class = super().get_form_class()

        def clean_website(form):
            if form.cleaned_data.get("website"):
                raise ValidationError(_("Leave this field empty."))
            return ""

        form_class.base_fields["website"] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        form_class.clean_website = clean_website
        return form_class
