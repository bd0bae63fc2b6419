"""Free text for ``deskcrm demo``: person and company notes, CV and job templates, close reasons,
and activity bodies by kind (the word lists are in ``words``).

Pure data, no I/O; tuples, so the order (and therefore the demo) never depends on hashing.
"""

from __future__ import annotations

PERSON_NOTES = (
    "Prefers hybrid, max two days in the office.",
    "Open to relocation within the DACH region.",
    "Counter-offered last time; check motivation early.",
    "Only interested in product companies, not agencies.",
    "Wants a four-day week; flexible on salary for it.",
    "Referred by a placed candidate; keep warm.",
    "Strong communicator, interviews very well.",
    "Salary expectations above market; discuss early.",
    "Looking for a team lead step within a year.",
    "Available for contract work between roles.",
    "Prefers early starts; no weekend shifts.",
    "Met at a meetup; very engaged in the community.",
)

COMPANY_NOTES = (
    "Fast feedback loop: two interview rounds, decision within a week.",
    "Prefers candidates who speak German; English-only possible for senior roles.",
    "Hiring manager wants CVs by e-mail, not via portal.",
    "Budget reviews in January; expect new roles then.",
    "Lost two placements to counter-offers; pre-close hard.",
    "Works with two other agencies; we are first call for senior roles.",
)

RESUME_OPENERS = (
    "{headline} with {years} years of experience, most recently at {employer}.",
    "{years} years as {article} {headline}; currently at {employer}.",
    "Experienced {headline} ({years} years) based in {city}.",
)
RESUME_CLOSERS = (
    " Strong in {skills}. Looking for a role with more ownership.",
    " Core skills: {skills}. Open to hybrid roles in {city}.",
    " Hands-on with {skills}; has mentored junior colleagues.",
    " Background in {skills}. Seeks a stable team and clear progression.",
)

JOB_REQUIREMENTS = (
    "{years}+ years as {article} {title}; {skill} essential.",
    "Must have {skill}; {skill2} a plus. German or English fluent.",
    "Proven track record with {skill} and {skill2}; hybrid, two office days.",
    "Hands-on {skill}; reports to the {manager}.",
)

CLOSE_REASONS = {
    "closed_lost": ("Client hired through another agency", "Client filled internally",
                    "Lost to a competitor on fees"),
    "closed_cancelled": ("Budget cut", "Reorganisation; role removed", "Project postponed"),
    "on_hold": ("Hiring freeze until next quarter", "Waiting for budget approval"),
}

# Candidate-side activity bodies by kind.
CANDIDATE_BODIES = {
    "call_talked": (
        "Happy where they are for now; open to hear about senior roles.",
        "Looking actively; wants hybrid and a 10-15% raise.",
        "Discussed notice period and salary expectations.",
        "Interested in the fintech roles; send details.",
        "Not looking until the bonus pays out in spring.",
        "Keen on relocation; asked about visa support.",
        "Prep call: talked through the interview format.",
        "Feedback call after interview; candidate positive.",
        "Wants a shorter commute; only roles in the city centre.",
        "Catch-up: promoted recently, not moving this year.",
    ),
    "call_voicemail": (
        "Left voicemail about a new role.",
        "Left voicemail; will follow up by e-mail.",
        "Voicemail: asked to call back about availability.",
    ),
    "call_no_answer": (
        "No answer.",
        "No answer; try again in the evening.",
        "No answer, phone switched off.",
    ),
    "email": (
        "Sent job description and salary range.",
        "Sent interview confirmation and directions.",
        "Shared three roles matching their profile.",
        "Asked for an updated CV.",
        "Followed up after the call with next steps.",
        "Sent a market update and salary benchmarks.",
    ),
    "meeting": (
        "Coffee meeting: career goals for the next two years.",
        "Video call: registration interview, very strong.",
        "Met at the office; good cultural fit for our clients.",
    ),
    "note": (
        "CV updated with the latest role.",
        "Prefers to be contacted after 5 pm.",
        "Do not submit to competitors of their current employer.",
        "References available on request.",
        "Salary expectations confirmed in writing.",
    ),
}
CANDIDATE_KINDS = (("call_talked", 24), ("call_voicemail", 14), ("call_no_answer", 14), ("email", 30),
                   ("meeting", 6), ("note", 12))
LAST_TOUCH_KINDS = ("call_talked", "call_talked", "email", "email", "meeting", "call_voicemail")

COMPANY_BODIES = {
    "call_talked": (
        "Quarterly catch-up: two new roles expected next quarter.",
        "Discussed feedback on the shortlist.",
        "Talked through the hiring plan for next year.",
        "Client happy with the last placement; asked for more CVs.",
        "Negotiated the fee for the senior role.",
        "Check-in call: team growing, budget approved.",
    ),
    "call_voicemail": ("Left voicemail about new candidates.", "Left voicemail re interview slots."),
    "email": (
        "Sent three CVs for review.",
        "Sent our terms of business.",
        "Sent the quarterly market report.",
        "Confirmed interview slots for next week.",
        "Followed up on outstanding feedback.",
    ),
    "meeting": (
        "On-site meeting with the hiring team.",
        "Lunch with the head of department; strong relationship.",
        "Intake meeting for a new role.",
    ),
    "note": (
        "New hiring manager joining next month.",
        "Prefers candidates with German C1.",
        "Invoice contact changed; see billing contact.",
    ),
}
COMPANY_KINDS = (("call_talked", 30), ("call_voicemail", 10), ("email", 35), ("meeting", 15), ("note", 10))
COMPANY_LAST_KINDS = ("call_talked", "email", "meeting")
BD_BODIES = (
    "Intro call: they hire mostly through their own team today.",
    "Sent a speculative CV of a strong candidate.",
    "Met at a trade fair; interested in our healthcare desk.",
    "Followed up on the terms sent last week.",
)

CHECKIN_BODIES = (
    "Settling in well; happy with the team.",
    "All good; asked about the pension scheme.",
    "Some onboarding hiccups, manager is on it.",
    "Very happy; already recommending friends.",
)
FAIL_REASONS = ("Left during probation", "Role changed after start", "Relocated for family reasons")
FELL_OFF_REASONS = ("Accepted a counter-offer", "Declined after a better offer elsewhere",
                    "Personal circumstances")
