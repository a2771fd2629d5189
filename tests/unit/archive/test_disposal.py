"""Disposal of expired files: the council proposes, the head decides, destruction within 15 days
with minutes; a hold, an unexpired or permanent file, or a file not closed blocks every step; the
tombstone keeps what was destroyed (Thông tư 06/2025/TT-BNV)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.archive.content import BlobUse, fold_blob_use
from domain.archive.disposal import Disposal, DisposalStatus, fold_disposal
from domain.archive.errors import (
    CouncilRequired,
    DateBeforeRegistration,
    DestructionWindowPassed,
    DisposalAlreadyDecided,
    DisposalClosed,
    DisposalDecisionMissing,
    FileNotDisposable,
    LegalHoldBlocksDisposal,
    RetentionNotExpired,
)
from domain.archive.files import ArchiveFile, FileStatus, fold_file
from domain.archive.outgoing import OutgoingDocument, OutgoingStatus, fold_outgoing
from domain.archive.rules import disposal as rules
from domain.errors import InvalidValue, ReasonRequired, RecordNotFound
from domain.events import Event
from tests.unit.archive import support as s

TODAY = s.TODAY
COUNCIL = ["Chủ tịch", "Lưu trữ viên", "Văn phòng"]


def propose(files: dict[UUID, ArchiveFile | None], **values: object) -> list[Event]:
    fields: dict[str, object] = {"file_ids": list(files), "council": COUNCIL,
                                 "proposal_reference": "TTr 3/VP"}
    fields.update(values)
    return rules.propose_disposal(s.ctx(), files, today=TODAY, disposal_id=uuid4(),
                                  **fields)


def destroy(d: Disposal, files: list[ArchiveFile], docs: list[OutgoingDocument] | None = None,
            uses: dict[str, BlobUse | None] | None = None, reason: str | None = "Hết giá trị",
            on: date = date(2026, 2, 25)) -> list[Event]:
    """Destroy, with the files' documents (default: one without content per filed document)."""
    if docs is None:
        docs = [replace(s.registered_out(), id=filed.document_id)
                for f in files for filed in f.documents]
    return rules.destroy(s.ctx(reason), d, files, {x.id: x for x in docs}, uses or {},
                         today=TODAY, minutes_number="BB 1/2026", destroyed_on=on)


class TestDisposable:
    def test_expired_closed_or_archived_files_only(self) -> None:
        """Work ended 2014, 10 years: expired on 1/1/2025; archived files too."""
        files = [s.closed(), s.archived("10N")]
        assert rules.disposable(files, TODAY) == files

    @pytest.mark.parametrize(("file", "error"), [
        (lambda: s.opened(), FileNotDisposable),
        (lambda: replace(s.closed(), status=FileStatus.TRANSFERRED), FileNotDisposable),
        (lambda: s.held(s.closed()), LegalHoldBlocksDisposal),
        (lambda: s.closed("VV"), RetentionNotExpired),
        (lambda: s.closed("20N"), RetentionNotExpired),
    ])
    def test_what_blocks_disposal(self, file: Callable[[], ArchiveFile],
                                  error: type[Exception]) -> None:
        """Open or transferred, held, permanent, not yet expired: refused."""
        with pytest.raises(error):
            rules.disposable([file()], TODAY)

    def test_expiry_is_the_first_day_of_disposal(self) -> None:
        """A file expiring on 1/1/2025 is not disposable on 31/12/2024."""
        with pytest.raises(RetentionNotExpired) as caught:
            rules.disposable([s.closed()], date(2024, 12, 31))
        assert caught.value.details["expires_on"] == "2025-01-01"


class TestProposal:
    def test_a_council_of_three_or_more(self) -> None:
        """Two members (the same name twice counts once) are refused."""
        f = s.closed()
        with pytest.raises(CouncilRequired):
            propose({f.id: f}, council=["A", "B", "A"])

    def test_the_list_is_not_empty_and_every_file_exists(self) -> None:
        """No file, or an id with no file, is refused."""
        with pytest.raises(InvalidValue):
            propose({})
        missing = uuid4()
        with pytest.raises(RecordNotFound):
            propose({missing: None})

    def test_the_proposal_lists_each_file_once(self) -> None:
        """Duplicated ids collapse; the proposal is dated today by default."""
        f = s.closed()
        [event] = propose({f.id: f}, file_ids=[f.id, f.id])
        assert isinstance(event, Disposal.Proposed)
        assert (event.file_ids, event.proposed_on, event.council) == ((f.id,), TODAY,
                                                                      tuple(COUNCIL))

    def test_a_held_file_is_not_proposed(self) -> None:
        """The hold is checked on the day of the proposal."""
        f = s.held(s.closed())
        with pytest.raises(LegalHoldBlocksDisposal):
            propose({f.id: f})


class TestDecision:
    def test_decided_once_after_the_proposal(self) -> None:
        """Not before the proposal; a second decision is refused."""
        f = s.closed()
        d = s.proposed(f)
        with pytest.raises(DateBeforeRegistration):
            s.decided(d, f, on=date(2026, 2, 1))
        with pytest.raises(DisposalAlreadyDecided):
            s.decided(s.decided(d, f), f)

    def test_a_hold_placed_since_the_proposal_blocks_the_decision(self) -> None:
        """The files are checked again on the day of the decision."""
        f = s.closed()
        with pytest.raises(LegalHoldBlocksDisposal):
            s.decided(s.proposed(f), s.held(f))

    def test_a_closed_disposal_takes_nothing(self) -> None:
        """Cancelled (with a reason) or destroyed: no decision, no cancellation."""
        f = s.closed()
        d = s.proposed(f)
        with pytest.raises(ReasonRequired):
            rules.cancel_disposal(s.ctx(), d)
        cancelled = s.after(fold_disposal, d, rules.cancel_disposal(s.ctx("Rút lại"), d))
        assert cancelled.status is DisposalStatus.CANCELLED
        with pytest.raises(DisposalClosed):
            s.decided(cancelled, f)
        with pytest.raises(DisposalClosed):
            rules.cancel_disposal(s.ctx("Lại"), cancelled)


class TestDestruction:
    def test_needs_a_reason_and_a_decision(self) -> None:
        """Without a reason, or before the head decided, refused."""
        f = s.closed()
        d = s.proposed(f)
        with pytest.raises(ReasonRequired):
            destroy(s.decided(d, f), [f], reason=None)
        with pytest.raises(DisposalDecisionMissing):
            destroy(d, [f])

    def test_within_fifteen_days_of_the_decision(self) -> None:
        """Decided 1/2: the 16th is the last day; the 17th needs a new decision."""
        f = s.closed()
        d = s.decided(s.proposed(f, on=date(2026, 1, 20)), f, on=date(2026, 2, 1))
        assert destroy(d, [f], on=date(2026, 2, 16))
        with pytest.raises(DestructionWindowPassed):
            destroy(d, [f], on=date(2026, 2, 17))
        with pytest.raises(DateBeforeRegistration):
            destroy(d, [f], on=date(2026, 1, 31))

    def test_a_hold_placed_since_the_decision_blocks_it(self) -> None:
        """Checked again on the day of destruction."""
        f = s.closed()
        d = s.decided(s.proposed(f), f)
        with pytest.raises(LegalHoldBlocksDisposal):
            destroy(d, [s.held(f)])

    def test_the_tombstone_keeps_what_was_destroyed(self) -> None:
        """Documents marked destroyed with their hashes, a tombstone per file, the disposal's
        minutes with every hash once, the blobs let go — in that order."""
        doc = s.attached(s.attached(s.registered_out(), "b" * 64), "a" * 64)
        f = s.closed(doc=doc)
        d = s.decided(s.proposed(f), f)
        use = fold_blob_use(None, [s.ctx().event(BlobUse.Referenced, uuid4(), 1, sha256="a" * 64,
                                                 item_id=doc.id, size=10)])
        events = destroy(d, [f], [doc], {"a" * 64: use, "b" * 64: None})
        assert [type(e) for e in events] == [OutgoingDocument.Destroyed, ArchiveFile.Destroyed,
                                            Disposal.Destroyed, BlobUse.Released,
                                            BlobUse.Released]
        tombstone = s.after(fold_file, f, events).tombstone
        assert tombstone is not None
        assert (tombstone.decision_number, tombstone.minutes_number, tombstone.executed_by,
                tombstone.content_hashes) == ("12/QĐ-VPTU", "BB 1/2026", "vanthu",
                                              ("a" * 64, "b" * 64))
        assert s.after(fold_outgoing, doc, events).status is OutgoingStatus.DESTROYED
        done = events[2]
        assert isinstance(done, Disposal.Destroyed)
        assert done.content_hashes == ("a" * 64, "b" * 64)
        released = {e.sha256: e.originator_version for e in events[3:]
                    if isinstance(e, BlobUse.Released)}
        assert released == {"a" * 64: 2, "b" * 64: 1}
