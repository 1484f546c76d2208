"""What live questions keep: the privacy page's section. Questions are
anonymous, so there is nothing to export or erase for a person."""

from django.utils.translation import gettext as _


def privacy_section(request):
    return {
        "heading": _("Questions sent during a forum"),
        "collected": _(
            "The question you type, the language you wrote it in, the topic if you "
            "choose one, and the minute it arrived, to keep questions in order. No "
            "name, no account, no internet address and no cookie is stored with it, "
            "even if you are signed in."
        ),
        "purpose": _(
            "So that moderators can put questions to the speakers. Approved "
            "questions are shown on the screen in the room and may be quoted in the "
            "forum's published summary."
        ),
        "kept": _(
            "Questions are kept with the forum as the record of what was asked. "
            "Because nothing links a question to you, we cannot find, send you or "
            "delete your own question later: do not write your name or anyone "
            "else's in it."
        ),
        "fields": ["questions.Question.text", "questions.Question.language"],
    }
