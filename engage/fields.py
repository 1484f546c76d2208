from django import forms
from django.conf import settings
from django.db import models

# The few inline styles an introduction or a short message may use.
INTRO_FEATURES = ["bold", "italic", "link"]


class LanguageListField(models.CharField):
    """A set of language codes stored as ``,es,vi,`` so one ``contains`` finds a code.

    Forums and resources filter by language offered; a join table would cost a
    query per listing for six fixed codes.
    """

    def __init__(self, *args, language_choices=None, **kwargs):
        self.language_choices = language_choices
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key, default in (("max_length", 200), ("blank", True), ("default", "")):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        return name, path, args, kwargs

    def get_choices_list(self):
        return list(self.language_choices or settings.LANGUAGES)

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return [code for code in (value or "").split(",") if code]

    def get_prep_value(self, value):
        codes = self.to_python(value)
        return f",{','.join(codes)}," if codes else ""

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.get_choices_list(),
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )

    @staticmethod
    def lookup_value(code):
        """The value to pass to ``__contains`` to find one code."""
        return f",{code},"
