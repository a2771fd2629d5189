"""JSON views of a petition: pseudonymised, never the identity (only which fields exist)."""

from __future__ import annotations

import base64
from typing import Any

from domain.petitions.identity import Identity, pseudonym_label
from domain.petitions.model import Petition


def petition_view(p: Petition) -> dict[str, Any]:
    """The petition's state for any reader allowed to see the case."""
    identity = p.identity
    return {
        "id": p.id, "version": p.version, "created_at": p.created_at, "modified_at": p.modified_at,
        "book_no": p.book_no, "book_year": p.book_year, "book_number": p.book_number,
        "status": p.status.value, "status_label": p.status.label, "channel": p.channel.value,
        "channel_label": p.channel.label, "received_on": p.received_on,
        "entered_on": p.entered_on, "backdated": p.backdated, "postmark_on": p.postmark_on,
        "forwarded_by": p.forwarded_by, "summary": p.summary, "secrecy": p.secrecy.value,
        "petitioner": pseudonym_label(identity.pseudonym if identity else None),
        "identity_fields": list(identity.fields) if identity else [],
        "identity_shredded": p.shredded_on is not None,
        "petition_class": p.petition_class.value if p.petition_class else None,
        "contents": [c.value for c in p.contents], "eligible": p.eligible,
        "ineligibility_reason": p.ineligibility_reason,
        "anonymity": p.anonymity.value if p.anonymity else None, "verifiable": p.verifiable,
        "about_party_member": p.about_party_member, "queue": p.queue,
        "same_content_as": p.same_content_as, "repeat_of": p.repeat_of,
        "handling": p.handling.value if p.handling else None, "decided_on": p.decided_on,
        "accepted_on": p.accepted_on, "complexity": p.complexity.value, "remote": p.remote,
        "instance": p.instance.value, "handling_unit": p.handling_unit,
        "referrals": [{"to_body": r.to_body, "referred_on": r.referred_on} for r in p.referrals],
        "referral_urgings": p.referral_urgings, "referral_reply_on": p.referral_reply_on,
        "guided_to": p.guided_to, "notifications": list(p.notifications),
        "handlers": [{"user_id": h.user_id, "username": h.username} for h in p.handlers],
        "extensions": [{"granted_on": x.granted_on, "length": x.length, "reason": x.reason}
                       for x in p.extensions],
        "pauses": [{"suspended_on": x.suspended_on, "resumed_on": x.resumed_on,
                    "reason": x.reason} for x in p.pauses],
        "withdrawn_on": p.withdrawn_on, "concluded_on": p.concluded_on,
        "conclusion": p.conclusion, "closed_on": p.closed_on, "reopenings": p.reopenings,
        "deadlines": [{"key": d.key, "rule_code": d.rule_code, "trigger": d.trigger,
                       "due": d.due, "done_on": d.done_on} for d in p.dues],
    }


def identity_view(identity: Identity) -> dict[str, Any]:
    """The identity in the clear: answered only to a permitted, recorded reveal."""
    return {
        "name": identity.name, "address": identity.address, "id_number": identity.id_number,
        "phone": identity.phone,
        "scans": [{"media_type": s.media_type, "data_base64": base64.b64encode(s.data).decode(),
                   "blob_ref": s.blob_ref} for s in identity.scans],
    }
