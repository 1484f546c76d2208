"""Form fields shared by the answering, paper-entry and results forms."""

from django import forms


class IdChoiceField(forms.ModelChoiceField):
    """A model choice that turns away ids the database column cannot hold, which
    would otherwise fail in the database and give a 500."""

    def to_python(self, value):
        if value not in self.empty_values:
            pk = self.queryset.model._meta.pk
            limit = 2**63 if pk.get_internal_type() == "BigAutoField" else 2**31
            try:
                number = int(str(value))
            except ValueError:
                number = None
            if number is None or not 0 < number < limit:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                )
        return super().to_python(value)
