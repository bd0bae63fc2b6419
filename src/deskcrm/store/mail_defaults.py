"""The mail templates deskcrm ships (issue 15): written into the data directory the first time mail is
composed, and the user's to edit from then on (``store.mail_templates``). Each starts with its
``Subject:`` line; the rest is the body, a paragraph a line (the reader's mail client wraps it, so a
long company name never leaves a word alone on a line). Fields: see ``store.mail_fields``."""

from __future__ import annotations

from deskcrm.store.privacy_notice import DEFAULT as _ART14



def _unwrapped(text: str, width: int = 70) -> str:
    """The privacy notice (hard-wrapped for a terminal) a paragraph a line, as the other templates:
    a line that long was wrapped, so the next one goes on it; headings and sign-offs are short."""
    lines: list[str] = []
    for line in text.split("\n"):
        if lines and len(lines[-1]) > width and line.strip():
            lines[-1] += " " + line.strip()
        else:
            lines.append(line)
    return "\n".join(lines)


# name -> (what it is, for the picker, the template text)
DEFAULTS: dict[str, tuple[str, str]] = {
    "interview_prep": ("Interview prep (candidate)", """\
Subject: Your interview with {{ company.name }}{% if interview.date %} on {{ interview.date }}{% endif %}

Hi {{ person.first_name }},

Good news: {{ company.name }} would like to meet you for the {{ job.title }} role.

When:  {{ interview.at or "to be confirmed" }}
Where: {{ interview.place or "to be confirmed" }}

A few things that help: read up on {{ company.name }} and the team, have two or three examples ready of work you are proud of, and questions of your own. Call me any time before if anything is unclear, and let me know how it went straight after.

Good luck!

{{ recruiter.signature }}
"""),
    "interview_confirmation": ("Interview confirmation (hiring manager)", """\
Subject: Interview confirmed: {{ person.name }} for {{ job.title }}

Hi {{ contact.first_name }},

Confirming your interview with {{ person.name }} for the {{ job.title }} role:

When:  {{ interview.at or "to be confirmed" }}
Where: {{ interview.place or "to be confirmed" }}

{{ person.first_name }} is looking forward to it. I will call you afterwards for your feedback.

{{ recruiter.signature }}
"""),
    "submittal": ("Submittal (hiring manager)", """\
Subject: {{ job.title }}: {{ candidates|length }} candidate{{ "" if candidates|length == 1 else "s" }} for your review

{% if contact.name %}Dear {{ contact.name }},{% else %}Hello,{% endif %}

Please find {{ candidates|length }} {{ "anonymised " if anonymised else "" }}profile{{ "" if candidates|length == 1 else "s" }} for {{ job.title }} ({{ company.name }}) below{{ ", with their CVs attached" if cvs_attached else "" }}.

{% for c in candidates %}{{ c.summary }}
{% endfor %}
{{ recruiter.signature }}
"""),
    "client_checkin": ("Client check-in", """\
Subject: Checking in from {{ recruiter.name }}

Hi {{ contact.first_name }},

It has been a while since we last spoke, so I wanted to check in: how are things at {{ company.name }}, and is there anything coming up on the hiring side I can help with?

Happy to find a time for a quick call.

{{ recruiter.signature }}
"""),
    "candidate_nurture": ("Candidate nurture", """\
Subject: Keeping in touch

Hi {{ person.first_name }},

It has been a little while, so I wanted to check in. How are things going, and has anything changed in what you are looking for? I have a few roles that might interest you and would be glad to catch up when it suits you.

{{ recruiter.signature }}
"""),
    "placement_checkin": ("Placement start check-in", """\
Subject: How is the new role going?

Hi {{ person.first_name }},

{% if placement.start %}You started at {{ company.name }} on {{ placement.start }}{% else %}You have started at {{ company.name }}{% endif %}: how are you settling in as {{ job.title }}? If anything is not as expected, tell me early and we will sort it out together.

{{ recruiter.signature }}
"""),
    "invoice_chase": ("Invoice reminder (billing contact)", """\
Subject: Our invoice for {{ person.name }}{% if invoice.amount %} ({{ invoice.amount }}){% endif %}

Hi {{ contact.first_name }},

A quick reminder about our invoice{% if invoice.amount %} of {{ invoice.amount }}{% endif %} for placing {{ person.name }}{% if job.title %} as {{ job.title }}{% endif %}{% if invoice.due %}, due on {{ invoice.due }}{% endif %}. I cannot see the payment on our side yet: could you let me know where it stands, or whether you need anything from us?

Thank you,

{{ recruiter.signature }}
"""),
    "art14_notice": ("Art. 14 privacy notice", "Subject: How we hold your details\n\n" + _unwrapped(_ART14).replace(
        "$first_name", "{{ person.first_name }}").replace("$recruiter_email", "{{ recruiter.email }}").replace(
        "$recruiter", "{{ recruiter.name }}").replace("$sourced_on", "{{ notice.sourced_on }}").replace(
        "$source", "{{ notice.source }}").replace("$lawful_basis", "{{ notice.lawful_basis }}")),
}
