"""Demo content for a fictional city, Riverton, in the project's own words.

Each text is a dict keyed by language code. English is the source; the other
languages are written to read naturally, not word for word.
"""

SITE = {
    "organization_name": {
        "en": "Riverton Police–Community Forums",
    },
    "tagline": {
        "en": "Residents and officers, at the same table, every month.",
    },
    "footer_text": {
        "en": "<p>Run by the Riverton Office of Community Engagement. Forums are free and open to everyone; interpretation and childcare are available on request.</p>",
    },
}

HOME = {
    "title": {"en": "Police and residents, at the same table"},
    "intro": {
        "en": "<p>Every month, Riverton residents meet the officers who patrol their neighbourhoods. Come to a forum, tell us what you think in a survey, and follow what the mayor promised and what has been done.</p>",
    },
}

ABOUT = {
    "slug": "about",
    "title": {"en": "About the forums"},
    "intro": {
        "en": "Trust is built in the room, face to face, and kept by doing what was agreed.",
    },
    "body": [
        ("heading", {"en": "Why we meet every month"}),
        (
            "paragraph",
            {
                "en": "<p>The forums bring rank-and-file officers, their supervisors, residents and local organisers together once a month in each part of the city. Anyone can speak. Nobody needs an account, an invitation or a reason to come.</p><p>After each forum we publish what was discussed, the concerns people raised, the answers the department gave and the actions it agreed to take. The summary goes to every member of the department, and it is read at roll call.</p>",
            },
        ),
        (
            "quote",
            {
                "en": "You cannot police a neighbourhood well if you have never listened to it.",
                "attribution": {"en": "A Riverton patrol sergeant"},
            },
        ),
        ("heading", {"en": "Questions people ask"}),
        (
            "faq",
            [
                (
                    {"en": "Do I have to give my name?"},
                    {"en": "<p>No. You can come and speak without signing up. If you sign up we only ask for a name and an email so we can save you a seat and tell you about changes.</p>"},
                ),
                (
                    {"en": "Can I get an interpreter?"},
                    {"en": "<p>Yes. When you sign up, say which language you need. We book interpreters, American Sign Language and childcare from the requests we receive.</p>"},
                ),
                (
                    {"en": "What happens to what I say?"},
                    {"en": "<p>It goes into the forum's public summary, without your name. Actions the department agrees to are tracked until they are done.</p>"},
                ),
            ],
        ),
        (
            "call_to_action",
            {
                "title": {"en": "Have a question or an idea?"},
                "text": {"en": "Write to the engagement office. We answer every message."},
                "button_label": {"en": "Contact us"},
            },
        ),
    ],
}

RESOURCE_INDEX = {
    "slug": "resources",
    "title": {"en": "Help and resources"},
    "intro": {
        "en": "<p>Free and low-cost help with legal questions, your rights, complaints about police conduct, and support after a difficult encounter.</p>",
    },
}

RESOURCES = [
    {
        "slug": "riverton-legal-aid",
        "category": "legal",
        "title": {"en": "Riverton Legal Aid Society"},
        "summary": {"en": "Free legal advice and representation for people on low incomes, including help after an arrest or a police stop."},
        "who_it_helps": {"en": "Residents on low incomes and their families"},
        "hours": {"en": "Monday to Friday, 9:00 to 17:00"},
        "phone": "555-0110",
        "address": "210 Water Street, Riverton",
        "website": "https://legalaid.example.org",
        "languages": ["en", "es", "vi"],
    },
    {
        "slug": "public-defender",
        "category": "legal",
        "title": {"en": "County Public Defender"},
        "summary": {"en": "Lawyers who represent people charged with a crime who cannot afford to hire one."},
        "who_it_helps": {"en": "Anyone facing criminal charges in the county"},
        "hours": {"en": "Monday to Friday, 8:30 to 16:30"},
        "phone": "555-0121",
        "address": "1 Courthouse Square, Riverton",
        "website": "https://defender.example.org",
        "languages": ["en", "es"],
    },
    {
        "slug": "know-your-rights-stops",
        "category": "rights",
        "title": {"en": "Know your rights: stops and searches"},
        "summary": {"en": "A plain guide to what officers may and may not do when they stop you on foot or in a car, and what you can say."},
        "who_it_helps": {"en": "Everyone, whatever their immigration status"},
        "hours": {"en": "Printed copies at every library branch"},
        "phone": "",
        "address": "",
        "website": "https://rights.example.org",
        "languages": ["en", "es", "zh-hans", "vi", "ar", "ko"],
    },
    {
        "slug": "police-review-board",
        "category": "civil",
        "title": {"en": "Civilian Police Review Board"},
        "summary": {"en": "An independent board that receives and investigates complaints about police conduct, and publishes what it finds."},
        "who_it_helps": {"en": "Anyone who saw or experienced police misconduct"},
        "hours": {"en": "Complaints accepted at any time online; office open weekdays"},
        "phone": "555-0135",
        "address": "City Hall, Room 204, Riverton",
        "website": "https://review.example.org",
        "languages": ["en", "es", "zh-hans", "vi", "ar", "ko"],
    },
    {
        "slug": "civil-rights-commission",
        "category": "civil",
        "title": {"en": "State Civil Rights Commission"},
        "summary": {"en": "Takes complaints of discrimination by public agencies, including police, because of race, religion, disability or national origin."},
        "who_it_helps": {"en": "People treated unfairly because of who they are"},
        "hours": {"en": "Monday to Friday, 9:00 to 16:00"},
        "phone": "555-0142",
        "address": "",
        "website": "https://civilrights.example.org",
        "languages": ["en", "es", "ko"],
    },
    {
        "slug": "families-healing-together",
        "category": "victims",
        "title": {"en": "Families Healing Together"},
        "summary": {"en": "Peer support, counselling referrals and practical help for families who lost someone or were harmed in a police encounter."},
        "who_it_helps": {"en": "Families and friends of people harmed by violence"},
        "hours": {"en": "Support line answered every day, 10:00 to 22:00"},
        "phone": "555-0158",
        "address": "44 Elm Avenue, Riverton",
        "website": "https://healing.example.org",
        "languages": ["en", "es", "ar"],
    },
    {
        "slug": "mobile-crisis-team",
        "category": "health",
        "title": {"en": "Riverton Mobile Crisis Team"},
        "summary": {"en": "Counsellors who come to you during a mental health crisis, so that a call for help does not have to bring a patrol car."},
        "who_it_helps": {"en": "Anyone in a mental health or substance use crisis"},
        "hours": {"en": "Every day, around the clock: call or text 988"},
        "phone": "988",
        "address": "",
        "website": "https://crisis.example.org",
        "languages": ["en", "es", "zh-hans", "vi", "ar", "ko"],
    },
    {
        "slug": "language-access-line",
        "category": "language",
        "title": {"en": "City language access line"},
        "summary": {"en": "Free interpretation by phone for any city service, including the police non-emergency line and the review board."},
        "who_it_helps": {"en": "Residents who prefer a language other than English"},
        "hours": {"en": "Monday to Saturday, 8:00 to 20:00"},
        "phone": "555-0170",
        "address": "",
        "website": "https://language.example.org",
        "languages": ["en", "es", "zh-hans", "vi", "ar", "ko"],
    },
]

CONTACT = {
    "slug": "contact",
    "title": {"en": "Contact the engagement office"},
    "intro": {
        "en": "<p>Ask a question, suggest a topic for a forum, or tell us what we could do better. We reply within three working days.</p>",
    },
    "thank_you_text": {
        "en": "<p>Thank you. Your message has reached the engagement office, and we will reply within three working days.</p>",
    },
    "fields": [
        {"label": {"en": "Your name"}, "field_type": "singleline", "required": True},
        {"label": {"en": "Your email"}, "field_type": "email", "required": True},
        {
            "label": {"en": "Topic"},
            "field_type": "dropdown",
            "required": True,
            "choices": {"en": "A question about forums\nA topic for a future forum\nAccessibility or interpretation\nSomething else"},
        },
        {
            "label": {"en": "Your message"},
            "field_type": "multiline",
            "required": True,
            "help_text": {"en": "Please do not include details of an emergency. Call 911 in an emergency."},
        },
    ],
}
