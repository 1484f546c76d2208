"""The form renderer: Django's own form and widget templates through Jinja2."""

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2


class WidgetRenderer(BaseRenderer):
    """Django's form and widget templates in their Jinja2 versions, which render
    several times faster than the template language: a survey page or an RSVP
    form renders one per field, choice and attribute. Any other template (a
    Wagtail admin widget, our own) renders as before."""

    def __init__(self):
        self.jinja2 = Jinja2()
        self.django = DjangoTemplates()

    def get_template(self, template_name):
        if template_name.startswith("django/forms/"):
            return self.jinja2.get_template(template_name)
        return self.django.get_template(template_name)
