"""The petition register (sổ tiếp nhận, phân loại, xử lý đơn thư), its deadlines and its reveals.

Pseudonymised: a petitioner appears as a pseudonym label and a keyed match token, never by name.
Deadlines are stored as the events gave them (due date, date met); "overdue" is computed by the
queries for an evaluation date (design invariant 10).
"""

from __future__ import annotations

from typing import Any, ClassVar

from domain.petitions.identity import pseudonym_label
from domain.petitions.model import IdentityAccess, Petition, PetitionStatus
from projections.collation import sort_key
from projections.runner import Batch, LoggedEvent, Projection
from projections.tables import Table

PETITIONS = Table(
    "petition_register",
    key=("petition_id",),
    columns=(
        ("petition_id", "text"), ("book_year", "int"), ("book_number", "int"),
        ("book_no", "text"), ("received_on", "text"), ("entered_on", "text"),
        ("backdated", "bool"), ("channel", "text"), ("postmark_on", "text"),
        ("forwarded_by", "text"), ("petitioner", "text"), ("pseudonym", "text"),
        ("anonymity", "text"), ("summary", "text"), ("summary_sort", "text"),
        ("petition_class", "text"), ("contents", "text"), ("eligible", "bool"),
        ("ineligibility_reason", "text"), ("about_party_member", "bool"), ("queue", "text"),
        ("secrecy", "text"), ("status", "text"), ("handling", "text"), ("decided_on", "text"),
        ("repeat_of", "text"), ("same_content_as", "text"), ("referred_to", "text"),
        ("referrals", "int"), ("referral_urgings", "int"), ("referral_reply_on", "text"),
        ("guided_to", "text"), ("handling_unit", "text"), ("handlers", "text"),
        ("handler_ids", "text"), ("accepted_on", "text"), ("complexity", "text"),
        ("notified_on", "text"), ("extensions", "int"), ("withdrawn_on", "text"),
        ("concluded_on", "text"), ("closed_on", "text"), ("reopenings", "int"),
        ("shredded_on", "text"), ("entered_us", "int"),
    ),
    indexes=(("received_on",), ("status",), ("pseudonym",), ("book_year", "book_number")),
)
DEADLINES = Table(
    "petition_deadlines",
    key=("petition_id", "deadline_key"),
    columns=(
        ("petition_id", "text"), ("deadline_key", "text"), ("rule_code", "text"),
        ("trigger_on", "text"), ("due", "text"), ("done_on", "text"),
    ),
    indexes=(("due",),),
)
REVEALS = Table(
    "petition_identity_access",
    key=("position",),
    columns=(
        ("position", "int"), ("petition_id", "text"), ("recorded_us", "int"),
        ("actor_id", "text"), ("actor_role", "text"), ("actor_unit", "text"),
        ("outcome", "text"), ("as_handler", "bool"), ("flagged", "bool"), ("reason", "text"),
    ),
    indexes=(("petition_id",),),
    temporal=False,
)

_NAMES = (
    "Received", "Registered", "Classified", "SecrecyRaised", "LinkedAsRepeat", "Accepted",
    "Referred", "Guided", "Filed", "Notified", "HandlersAssigned", "Extended", "Suspended",
    "Resumed", "Withdrawn", "Concluded", "Closed", "Reopened", "ReferralUrged", "ReferralReplied",
    "IdentityShredded", "DeadlinesSet",
)
_TYPES = (*(getattr(Petition, n) for n in _NAMES), IdentityAccess.Revealed,
          IdentityAccess.RevealRefused)


def _d(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


class PetitionRegister(Projection):
    name = "petitions"
    tables: ClassVar = (PETITIONS, DEADLINES, REVEALS)
    event_types = _TYPES

    def apply(self, batch: Batch, e: LoggedEvent) -> None:
        ev = e.event
        if isinstance(ev, IdentityAccess.Revealed | IdentityAccess.RevealRefused):
            self._access(batch, e)
            return
        key = (str(e.record_id),)
        table = batch.table(PETITIONS)
        if isinstance(ev, Petition.Received):
            table.put(key, self._received(ev, e), e.position)
            return
        row = table.get(key)
        if row is None:
            return
        if isinstance(ev, Petition.DeadlinesSet):
            self._deadlines(batch, e, ev)
            return
        changes = self._changes(ev, row)
        if changes is None:
            return
        row.update(changes)
        table.put(key, row, e.position)

    @staticmethod
    def _received(ev: Petition.Received, e: LoggedEvent) -> dict[str, Any]:
        pseudonym = ev.identity.pseudonym if ev.identity else None
        return {
            "received_on": _d(ev.received_on), "entered_on": _d(ev.entered_on),
            "backdated": int(ev.backdated), "channel": ev.channel.value,
            "postmark_on": _d(ev.postmark_on), "forwarded_by": ev.forwarded_by,
            "petitioner": pseudonym_label(pseudonym), "pseudonym": pseudonym,
            "anonymity": None if ev.identity else "anonymous", "summary": ev.summary,
            "summary_sort": sort_key(ev.summary), "secrecy": ev.secrecy.value,
            "status": PetitionStatus.RECEIVED.value, "about_party_member": 0, "queue": "office",
            "referrals": 0, "referral_urgings": 0, "extensions": 0, "reopenings": 0,
            "entered_us": e.recorded_us,
        }

    @staticmethod
    def _changes(ev: Any, row: dict[str, Any]) -> dict[str, Any] | None:
        status = PetitionStatus
        if isinstance(ev, Petition.Registered):
            return {"book_year": ev.book_year, "book_number": ev.book_number,
                    "book_no": f"{ev.book_number:02d}/{ev.book_year}",
                    "status": status.REGISTERED.value}
        if isinstance(ev, Petition.Classified):
            return {"petition_class": ev.petition_class.value,
                    "contents": ",".join(c.value for c in ev.contents),
                    "eligible": int(ev.eligible), "ineligibility_reason": ev.ineligibility_reason,
                    "anonymity": ev.anonymity.value,
                    "about_party_member": int(ev.about_party_member),
                    "queue": "inspection" if ev.about_party_member else "office",
                    "same_content_as": str(ev.same_content_as) if ev.same_content_as else None,
                    "secrecy": ev.secrecy.value, "status": status.CLASSIFIED.value}
        if isinstance(ev, Petition.SecrecyRaised):
            return {"secrecy": ev.secrecy.value}
        if isinstance(ev, Petition.LinkedAsRepeat):
            return {"repeat_of": str(ev.earlier_id), "same_content_as": str(ev.earlier_id),
                    "decided_on": _d(ev.linked_on), "status": status.LINKED.value}
        if isinstance(ev, Petition.Accepted):
            return {"handling": "accepted", "decided_on": _d(ev.accepted_on),
                    "accepted_on": _d(ev.accepted_on), "complexity": ev.complexity.value,
                    "handling_unit": ev.handling_unit, "status": status.ACCEPTED.value}
        if isinstance(ev, Petition.Referred):
            return {"handling": "referred", "decided_on": _d(ev.referred_on),
                    "referred_to": ev.to_body, "referrals": row["referrals"] + 1,
                    "status": status.REFERRED.value}
        if isinstance(ev, Petition.Guided):
            return {"handling": "guided", "decided_on": _d(ev.guided_on),
                    "guided_to": ev.guided_to, "status": status.GUIDED.value}
        if isinstance(ev, Petition.Filed):
            return {"handling": "filed", "decided_on": _d(ev.filed_on),
                    "status": status.FILED.value}
        if isinstance(ev, Petition.Notified):
            return {"notified_on": row["notified_on"] or _d(ev.notified_on)}
        if isinstance(ev, Petition.HandlersAssigned):
            return {"handlers": ",".join(h.username for h in ev.handlers),
                    "handler_ids": ",".join(str(h.user_id) for h in ev.handlers),
                    "handling_unit": ev.handling_unit or row["handling_unit"]}
        if isinstance(ev, Petition.Extended):
            return {"extensions": row["extensions"] + 1}
        if isinstance(ev, Petition.Suspended):
            return {"status": status.SUSPENDED.value}
        if isinstance(ev, Petition.Resumed):
            return {"status": status.ACCEPTED.value}
        if isinstance(ev, Petition.Withdrawn):
            return {"withdrawn_on": _d(ev.withdrawn_on), "status": status.WITHDRAWN.value}
        if isinstance(ev, Petition.Concluded):
            return {"concluded_on": _d(ev.concluded_on), "status": status.CONCLUDED.value}
        if isinstance(ev, Petition.Closed):
            return {"closed_on": _d(ev.closed_on), "status": status.CLOSED.value}
        if isinstance(ev, Petition.Reopened):
            return {"accepted_on": _d(ev.reopened_on), "decided_on": _d(ev.reopened_on),
                    "handling": "accepted", "concluded_on": None, "closed_on": None,
                    "withdrawn_on": None, "extensions": 0,
                    "reopenings": row["reopenings"] + 1, "status": status.ACCEPTED.value}
        if isinstance(ev, Petition.ReferralUrged):
            return {"referral_urgings": row["referral_urgings"] + 1}
        if isinstance(ev, Petition.ReferralReplied):
            return {"referral_reply_on": _d(ev.replied_on)}
        if isinstance(ev, Petition.IdentityShredded):
            return {"shredded_on": _d(ev.shredded_on)}
        return None

    @staticmethod
    def _deadlines(batch: Batch, e: LoggedEvent, ev: Petition.DeadlinesSet) -> None:
        table = batch.table(DEADLINES)
        petition_id = str(e.record_id)
        keep = {d.key for d in ev.dues}
        for due in ev.dues:
            row = {"rule_code": due.rule_code, "trigger_on": _d(due.trigger), "due": _d(due.due),
                   "done_on": _d(due.done_on)}
            current = table.get((petition_id, due.key))
            if current is None or any(current[k] != v for k, v in row.items()):
                table.put((petition_id, due.key), row, e.position)
        for stale in ("notify", "accept", "notify_acceptance", "resolve"):
            if stale not in keep and table.get((petition_id, stale)) is not None:
                table.put((petition_id, stale), None, e.position)

    @staticmethod
    def _access(batch: Batch, e: LoggedEvent) -> None:
        ev = e.event
        access = batch.table(REVEALS)
        revealed = isinstance(ev, IdentityAccess.Revealed)
        access.append({
            "position": e.position, "petition_id": str(ev.petition_id), "recorded_us": e.recorded_us,
            "actor_id": str(ev.actor.user_id), "actor_role": ev.actor.role.value,
            "actor_unit": ev.actor.unit, "outcome": "revealed" if revealed else "refused",
            "as_handler": int(getattr(ev, "as_handler", False)),
            "flagged": int(getattr(ev, "flagged_for_review", False) or not revealed),
            "reason": ev.reason,
        })
