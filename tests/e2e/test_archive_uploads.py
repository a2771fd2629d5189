"""Uploads: stored by hash and served back; refused cleanly (nothing stored) when too large,
truncated, or named like a path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.bootstrap import Office
from tests.e2e.conftest import Api
from tests.support.office import event_count

OUTGOING = {"document_type": "BC", "issuer": "VPTU", "issued_on": "2026-03-02",
            "summary": "Báo cáo kết quả công tác quý I", "signer": "Nguyễn Văn An",
            "signer_title": "Chánh Văn phòng", "recipients": ["Thường trực Tỉnh ủy"],
            "file_copy_unit": "VP"}
PDF = b"%PDF-1.7\n" + b"Bao cao quy I " * 200


def stored_files(office: Office) -> list[Path]:
    """Every file under the blob root except the lock: blobs and temporary uploads."""
    return [p for p in office.blobs.root.rglob("*") if p.is_file() and p.name != ".lock"]


@pytest.fixture
def document(api: Api) -> str:
    r = api.post("clerk", "/archive/outgoing", OUTGOING)
    assert r.status_code == 201
    return str(r.json()["id"])


def upload(api: Api, document: str, content: Any, filename: str = "bao-cao.pdf",
           **headers: str) -> Any:
    return api.client.post(
        f"/archive/uploads/outgoing/{document}", params={"filename": filename},
        content=content, headers=api.headers("clerk", **{"If-Match": '"1"', **headers}))


class TestUpload:
    def test_stored_by_hash_and_served_back(self, api: Api, office: Office,
                                            document: str) -> None:
        """The upload answers its SHA-256 and sniffed type; the download streams it back."""
        r = upload(api, document, PDF, filename="Báo cáo quý I.pdf")
        assert r.status_code == 201, r.text
        body = r.json()
        assert body["media_type"] == "application/pdf"
        assert office.blobs.exists(body["sha256"])
        got = api.get("auditor", f"/archive/outgoing/{document}/attachments/{body['sha256']}")
        assert got.status_code == 200
        assert got.content == PDF
        assert "filename*=UTF-8''B%C3%A1o" in got.headers["content-disposition"]

    def test_larger_than_the_json_limit_is_fine(self, api: Api, office: Office,
                                                document: str) -> None:
        """Upload paths are exempt from the 1 MiB JSON body limit."""
        big = b"%PDF-1.7\n" + bytes(office.settings.max_body_bytes + 10)
        assert upload(api, document, big).status_code == 201


class TestRefusedUploads:
    def test_over_the_size_limit(self, api: Api, office: Office, document: str) -> None:
        """Over the attachment limit: 413, no blob, no temporary file, no event."""
        office.blobs.max_bytes = 2048
        before = event_count(office)
        r = upload(api, document, PDF + bytes(4096))
        assert r.status_code == 413
        assert r.json()["type"] == "/problems/upload-too-large"
        assert stored_files(office) == []
        assert event_count(office) == before

    def test_over_the_limit_without_a_length(self, api: Api, office: Office,
                                             document: str) -> None:
        """A chunked upload with no Content-Length is cut off at the limit all the same."""
        office.blobs.max_bytes = 2048

        def chunks() -> Iterator[bytes]:
            for _ in range(8):
                yield bytes(1024)

        before = event_count(office)
        assert upload(api, document, chunks()).status_code == 413
        assert stored_files(office) == []
        assert event_count(office) == before

    def test_truncated(self, api: Api, office: Office, document: str) -> None:
        """The body ends before its Content-Length: 400, nothing stored."""

        def short() -> Iterator[bytes]:
            yield PDF[:100]

        before = event_count(office)
        r = upload(api, document, short(), **{"Content-Length": str(len(PDF))})
        assert r.status_code == 400
        assert r.json()["type"] == "/problems/upload-truncated"
        assert stored_files(office) == []
        assert event_count(office) == before

    @pytest.mark.parametrize("name", ["../../etc/passwd", "a/b.pdf", "C:\\x.pdf", "..",
                                      "bad\x00name.pdf"])
    def test_a_path_like_name(self, api: Api, office: Office, document: str, name: str) -> None:
        """A name with a path, a separator or a control character: 422, nothing stored."""
        before = event_count(office)
        r = upload(api, document, PDF, filename=name)
        assert r.status_code == 422, r.text
        assert stored_files(office) == []
        assert event_count(office) == before

    def test_a_refused_command_keeps_nothing(self, api: Api, office: Office,
                                             document: str) -> None:
        """A stale If-Match refuses the attachment after the upload: the content is discarded."""
        before = event_count(office)
        r = upload(api, document, PDF, **{"If-Match": '"9"'})
        assert r.status_code == 412
        assert stored_files(office) == []
        assert event_count(office) == before
