"""One record of every kind the API names by id (the wrong-kind tests call each route with the
others' ids)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from api.bootstrap import Office
from domain.archive.access import AccessKind
from domain.archive.values import ItemKind
from tests.support.archive import CLERK, closed_file, open_file, register_in, register_out
from tests.support.archive import seed_retention as seed_archive_retention
from tests.support.office import Clock, ctx_for, issued_directive
from tests.support.petitions import LEADER, receive

COUNCIL = ["Chánh Văn phòng (Chủ tịch)", "Trưởng phòng Lưu trữ", "Trưởng phòng Tổng hợp"]


def one_of_each(office: Office, clock: Clock) -> dict[str, UUID]:
    """Record kind (as ``api.kinds`` names it) → the id of one record of that kind."""
    directive = issued_directive(office, LEADER)
    assigned = office.directives.assign(
        ctx_for(office, LEADER), directive, 3, task="Báo cáo hằng quý", lead_unit="VP",
        assigned_on=date(2026, 3, 2), deadline=date(2026, 6, 30))
    incoming = register_in(office).receipt.record_id
    assert assigned.record_id is not None
    assert incoming is not None
    seed_archive_retention(office)
    request = office.archive.request_access(
        ctx_for(office, CLERK), kind=AccessKind.READING, item_kind=ItemKind.INCOMING,
        item_id=incoming, purpose="Nghiên cứu")
    disposal = office.archive.propose_disposal(
        ctx_for(office, CLERK), file_ids=[closed_file(office, "05N", reference="VP-99")],
        council=COUNCIL, proposal_reference="TTr 3/HĐ", proposed_on=date(2026, 2, 10))
    assert request.record_id is not None
    assert disposal.record_id is not None
    return {
        "directive": directive, "assignment": assigned.record_id,
        "petition": receive(office, clock, date(2026, 3, 2)), "incoming": incoming,
        "outgoing": register_out(office), "file": open_file(office), "access-request":
        request.record_id, "disposal": disposal.record_id,
    }
