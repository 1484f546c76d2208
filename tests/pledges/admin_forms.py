"""The admin forms of pledges and commitments as an office or organizer posts
them: every field with its current value, then the test's changes."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from engage.i18n import LANGUAGE_FIELD_SUFFIXES


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def commitment_form(commitment, action="action-publish", **changes):
    data = {
        "title_en": commitment.title_en,
        "slug": commitment.slug,
        "principle": commitment.principle,
        "description_en": commitment.description_en,
        "responsible_office_en": commitment.responsible_office_en or "",
        "target_date": _iso(commitment.target_date),
        "weight": str(commitment.weight),
        "change_reason": "",
        "related_action_items": inline_formset([]),
        "related_questions": inline_formset([]),
        action: "1",
    }
    data.update(changes)
    return nested_form_data(data)


def pledge_form(pledge, action="action-publish", figures=None, **changes):
    """``figures``: the English local figures as (value, what it counts) pairs."""
    figures = figures if figures is not None else _figures(pledge)
    data = {
        "title_en": pledge.title_en,
        "slug": pledge.slug,
        "city_en": pledge.city_en,
        "mayor_name": pledge.mayor_name,
        "date_signed": _iso(pledge.date_signed),
        "change_reason": "",
        action: "1",
    }
    for suffix in LANGUAGE_FIELD_SUFFIXES:
        blocks = []
        if suffix == "en":
            blocks = [
                (
                    "figure",
                    {
                        "value": value,
                        "description": counts,
                        "year": "2025",
                        "source_name": "City records",
                        "source_url": "",
                    },
                )
                for value, counts in figures
            ]
        data[f"local_context_{suffix}"] = streamfield(blocks)
    data.update(changes)
    return nested_form_data(data)


def _figures(pledge):
    return [
        (block.value["value"], block.value["description"])
        for block in pledge.local_context_en or []
        if block.block_type == "figure"
    ]


def _iso(value):
    return value.isoformat() if value else ""


def field_errors(response, field):
    form = response.context["form"]
    return [str(message) for message in form.errors.get(field, [])]
