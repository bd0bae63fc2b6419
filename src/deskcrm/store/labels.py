"""The labels a record's values show with: activity kinds, candidate and fee statuses, lawful
bases. Plain constants, nothing else imported — so a command that only prints them (``deskcrm
client``) does not import the due engine or the person record (their frozen dataclasses cost
~0.5–1 ms each to create at start). ``store.due_store`` and ``store.person_record`` re-export them.
"""

from __future__ import annotations

ACTIVITY_KINDS = {
    "call_talked": "Call: talked",
    "call_voicemail": "Call: left voicemail",
    "call_no_answer": "Call: no answer",
    "email": "Email",
    "meeting": "Meeting",
    "note": "Note",
}
CANDIDATE_STATUS = {"active": "active", "passive": "passive", "placed": "placed", "do_not_contact": "do not contact"}
FEE_STATUS = {"not_invoiced": "not invoiced", "invoiced": "invoiced", "paid": "paid", "credited": "credited"}
LAWFUL_BASIS = {"consent": "Consent", "legitimate_interest": "Legitimate interest", "contract": "Contract"}
KIND_LABELS = {**ACTIVITY_KINDS, "stage_change": "Stage change", "system": "System"}
