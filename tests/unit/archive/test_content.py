"""Content: attaching stored blobs to live documents, once per content; the use of each blob
recorded with it; downloads of destroyed content refused; fixity runs."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from uuid import uuid4

import pytest

from domain.archive.content import BlobUse, FixityRun, blob_use_id, fold_blob_use
from domain.archive.errors import AttachmentAlreadyThere, DocumentDestroyed, OutgoingDocumentFrozen
from domain.archive.incoming import IncomingDocument, IncomingStatus
from domain.archive.outgoing import OutgoingDocument, OutgoingStatus
from domain.archive.rules import content as rules
from domain.archive.values import Attachment
from domain.errors import InvalidValue, RecordNotFound
from tests.unit.archive import support as s

SHA = "c" * 64


def attachment(sha256: str = SHA, size: int = 2048) -> Attachment:
    return Attachment(sha256, size, "application/pdf", "  to-trinh.pdf ")


class TestAttach:
    def test_the_blobs_use_is_recorded_with_the_attachment(self) -> None:
        """The document's event, then the blob's use at its next version; names are cleaned."""
        doc = s.registered_in()
        use = fold_blob_use(None, [s.ctx().event(BlobUse.Referenced, blob_use_id(SHA), 1,
                                                 sha256=SHA, item_id=uuid4(), size=2048)])
        events = rules.attach(s.ctx(), doc, use, attachment=attachment())
        attached, referenced = events
        assert isinstance(attached, IncomingDocument.Attached)
        assert attached.attachment.filename == "to-trinh.pdf"
        assert isinstance(referenced, BlobUse.Referenced)
        assert (referenced.originator_id, referenced.originator_version, referenced.item_id) \
            == (blob_use_id(SHA), 2, doc.id)

    def test_outgoing_documents_take_their_own_event(self) -> None:
        """An outgoing document's attachment is an OutgoingDocument.Attached."""
        events = rules.attach(s.ctx(), s.registered_out(), None, attachment=attachment())
        assert isinstance(events[0], OutgoingDocument.Attached)
        assert events[1].originator_version == 1

    def test_the_same_content_once(self) -> None:
        """Attaching the same hash twice is refused."""
        with pytest.raises(AttachmentAlreadyThere):
            rules.attach(s.ctx(), s.attached(s.registered_out(), SHA), None,
                         attachment=attachment())

    @pytest.mark.parametrize(("sha", "size"), [("C" * 64, 1), ("c" * 63, 1), (SHA, -1)])
    def test_bad_values_are_refused(self, sha: str, size: int) -> None:
        """A hash that is not 64 lowercase hex digits, a negative size."""
        with pytest.raises(InvalidValue):
            rules.attach(s.ctx(), s.registered_out(), None, attachment=attachment(sha, size))

    def test_destroyed_and_frozen_documents_take_nothing(self) -> None:
        """Destroyed (either kind) first, then a frozen outgoing copy."""
        with pytest.raises(DocumentDestroyed):
            rules.attach(s.ctx(), replace(s.registered_in(), status=IncomingStatus.DESTROYED),
                         None, attachment=attachment("bad"))
        with pytest.raises(OutgoingDocumentFrozen):
            rules.attach(s.ctx(), replace(s.registered_out(), status=OutgoingStatus.RECALLED),
                         None, attachment=attachment())


class TestDownload:
    def test_an_attachment_by_its_hash(self) -> None:
        """Found by hash; another hash is not found; destroyed content is refused."""
        doc = s.attached(s.registered_out(), SHA)
        assert rules.attachment_of(doc, SHA).sha256 == SHA
        with pytest.raises(RecordNotFound):
            rules.attachment_of(doc, "d" * 64)
        with pytest.raises(DocumentDestroyed):
            rules.attachment_of(replace(doc, status=OutgoingStatus.DESTROYED), SHA)


class TestBlobEvents:
    def test_versions_chain_within_one_decision(self) -> None:
        """Two uses of one blob in one decision take consecutive versions."""
        a, b = uuid4(), uuid4()
        events = rules.blob_events(s.ctx(), {}, referenced=[(SHA, a, 1)], released=[(SHA, b)])
        assert [(type(e), e.originator_version) for e in events] \
            == [(BlobUse.Referenced, 1), (BlobUse.Released, 2)]


def test_a_fixity_run_lists_failures_sorted() -> None:
    """Mismatched and missing hashes are kept sorted."""
    [event] = rules.record_fixity(s.ctx(), run_id=uuid4(), started_at=datetime(2026, 3, 1,
                                                                               tzinfo=UTC),
                                  checked=3, bytes_checked=30, mismatched=["f" * 64, "e" * 64],
                                  missing=[])
    assert isinstance(event, FixityRun.FixityChecked)
    assert event.mismatched == ("e" * 64, "f" * 64)
