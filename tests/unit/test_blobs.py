"""The blob store on its own: content addressing, sniffed types, refusals, removal."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from infra.blobs import (
    BlobStore,
    FixityResult,
    UnsafeFileName,
    UploadTooLarge,
    UploadTruncated,
    safe_filename,
    sniff,
)


@pytest.fixture
def store(tmp_path: Path) -> BlobStore:
    return BlobStore(tmp_path / "blobs", max_bytes=4096)


def leftovers(store: BlobStore) -> list[Path]:
    return [p for p in store.root.rglob("*") if p.is_file() and p.name != ".lock"]


class TestContentAddressing:
    def test_kept_under_its_sha256(self, store: BlobStore) -> None:
        """The path is the content's hash; keeping it twice keeps one copy."""
        data = b"%PDF-1.4 hello"
        for _ in range(2):
            store.keep(store.receive([data[:5], data[5:]], filename="a.pdf"))
        sha = hashlib.sha256(data).hexdigest()
        assert store.path(sha).read_bytes() == data
        assert leftovers(store) == [store.path(sha)]

    def test_verify_finds_change_and_absence(self, store: BlobStore) -> None:
        """OK, then MISMATCH after a flipped byte, then MISSING."""
        pending = store.receive([b"abcdef"], filename="x.txt")
        path = store.keep(pending)
        assert store.verify(pending.sha256)[0] is FixityResult.OK
        path.write_bytes(b"abcdeg")
        assert store.verify(pending.sha256)[0] is FixityResult.MISMATCH
        path.unlink()
        assert store.verify(pending.sha256)[0] is FixityResult.MISSING

    def test_removed_only_when_unused(self, store: BlobStore) -> None:
        """remove() asks whether the blob is still used, under the lock."""
        pending = store.receive([b"abc"], filename="x.txt")
        store.keep(pending)
        assert store.remove(pending.sha256, lambda: False) is False
        assert store.exists(pending.sha256)
        assert store.remove(pending.sha256, lambda: True) is True
        assert not store.exists(pending.sha256)


class TestRefusals:
    def test_too_large_by_declaration(self, store: BlobStore) -> None:
        """A declared size over the limit is refused before anything is written."""
        with pytest.raises(UploadTooLarge):
            store.writer("a.pdf", 5000)
        assert leftovers(store) == []

    def test_too_large_while_streaming(self, store: BlobStore) -> None:
        """Past the limit mid-stream: the temporary file is removed."""
        with pytest.raises(UploadTooLarge):
            store.receive([bytes(3000), bytes(3000)], filename="a.pdf")
        assert leftovers(store) == []

    def test_truncated(self, store: BlobStore) -> None:
        """Fewer bytes than declared: refused, nothing kept."""
        with pytest.raises(UploadTruncated):
            store.receive([b"abc"], filename="a.pdf", declared_size=10)
        assert leftovers(store) == []

    @pytest.mark.parametrize("name", ["", ".", "..", "../x", "a/b", "a\\b", "C:x", "a\x00b",
                                      "a\u202eb", "x" * 256])
    def test_path_like_names(self, name: str) -> None:
        """Separators, dots, drive letters, control and bidi characters, over-long names."""
        with pytest.raises(UnsafeFileName):
            safe_filename(name)

    def test_vietnamese_names_are_fine(self) -> None:
        """A Vietnamese name is kept (NFC)."""
        assert safe_filename("Ba\u0301o ca\u0301o.pdf") == "Báo cáo.pdf"


class TestSniffing:
    def test_magic_bytes(self) -> None:
        """PDF, PNG, JPEG, TIFF, text and unknown bytes."""
        assert sniff(b"%PDF-1.7") == "application/pdf"
        assert sniff(b"\x89PNG\r\n\x1a\n....") == "image/png"
        assert sniff(b"\xff\xd8\xff\xe0") == "image/jpeg"
        assert sniff(b"II*\x00") == "image/tiff"
        assert sniff("Văn bản".encode()) == "text/plain; charset=utf-8"
        assert sniff(b"\x00\x01\x02") == "application/octet-stream"

    def test_office_documents(self, tmp_path: Path) -> None:
        """A ZIP holding word/ with [Content_Types].xml is a .docx, whatever its name."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("word/document.xml", "<w:document/>")
        path = tmp_path / "x.bin"
        path.write_bytes(buffer.getvalue())
        assert sniff(path.read_bytes()[:64], path) == (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
