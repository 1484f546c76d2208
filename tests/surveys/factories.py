import factory
from wagtail.models import Page

from surveys.models import (
    Audience,
    Choice,
    Question,
    QuestionKind,
    SurveyIndexPage,
    SurveyPage,
)


def add_page(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_index(home):
    return add_page(home, SurveyIndexPage(title="Surveys", slug="surveys"))


_counter = iter(range(1, 100000))


def make_survey(index, questions=(), **fields):
    """A published survey with the given questions: dicts of Question fields,
    with "choices" as a list of (code, {lang: label}) or (code, label)."""
    number = next(_counter)
    fields.setdefault("title", f"Survey {number}")
    fields.setdefault("slug", f"survey-{number}")
    fields.setdefault("audience", Audience.ANYONE)
    page = SurveyPage(**fields)
    built = []
    for order, spec in enumerate(questions):
        spec = dict(spec)
        choices = spec.pop("choices", [])
        text = spec.pop("text", f"Question {order + 1}")
        if isinstance(text, dict):
            spec.update({f"text_{k.replace('-', '_')}": v for k, v in text.items()})
        else:
            spec["text_en"] = text
        question = Question(sort_order=order, **spec)
        items = []
        for position, (code, label) in enumerate(choices):
            labels = label if isinstance(label, dict) else {"en": label}
            item = Choice(sort_order=position, code=code)
            for language, value in labels.items():
                setattr(item, f"label_{language.replace('-', '_')}", value)
            items.append(item)
        question.choices = items
        built.append(question)
    page.questions = built
    add_page(index, page)
    return SurveyPage.objects.get(pk=page.pk)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "engage.User"

    username = factory.Sequence(lambda n: f"resident{n}")
    email = factory.Sequence(lambda n: f"resident{n}@example.org")


def root_page():
    return Page.get_first_root_node()


__all__ = ["QuestionKind", "Audience", "make_index", "make_survey", "UserFactory"]


def add_responses(survey, count, answers, language="en", **fields):
    """``count`` identical responses; ``answers`` maps a question key to a choice
    code (choice questions), a number, or text."""
    from surveys.models import Answer, Response

    questions = {q.key: q for q in survey.questions.prefetch_related("choices")}
    fields.setdefault("submitted_on", fields.pop("on", None) or _today())
    responses = Response.objects.bulk_create(
        Response(survey=survey, language=language, **fields) for _i in range(count)
    )
    rows = []
    for response in responses:
        for key, value in answers.items():
            question = questions[key]
            values = value if isinstance(value, list) else [value]
            for item in values:
                if question.kind in ("single", "multiple"):
                    picked = [c for c in question.choices.all() if c.code == item]
                    rows.append(
                        Answer(
                            response=response,
                            question=question,
                            choice=picked[0] if picked else None,
                            text="" if picked else item,
                        )
                    )
                elif isinstance(item, str):
                    rows.append(Answer(response=response, question=question, text=item))
                else:
                    rows.append(
                        Answer(response=response, question=question, number=item)
                    )
    Answer.objects.bulk_create(rows)
    return responses


def _today():
    from django.utils import timezone

    return timezone.localdate()


def make_forum(home, title="Eastside forum", days_ago=1, **fields):
    """A published forum page under a forum index (made on first use)."""
    import datetime

    from django.utils import timezone

    from forums.models import ForumIndexPage, ForumPage

    index = ForumIndexPage.objects.child_of(home).first()
    if index is None:
        index = add_page(home, ForumIndexPage(title="Forums", slug="forums"))
    number = next(_counter)
    start = timezone.now() - datetime.timedelta(days=days_ago)
    fields.setdefault("title_en", title)
    forum = ForumPage(
        slug=f"forum-{number}",
        start=start,
        end=start + datetime.timedelta(hours=2),
        **fields,
    )
    return add_page(index, forum)


def make_rsvp(forum, email, language="en", attended=True, **fields):
    from django.utils import timezone

    from forums.models import RSVP, RSVPStatus

    fields.setdefault("status", RSVPStatus.CONFIRMED)
    return RSVP.objects.create(
        forum=forum,
        name=email.split("@")[0],
        email=email,
        language=language,
        attended_at=forum.start if attended else None,
        queued_at=timezone.now(),
        **fields,
    )
