"""The media type of some content, from its first bytes (magic numbers), not from its name.

Standard library only: the formats a Party office archive receives are few and well known (PDF,
scans as TIFF/JPEG/PNG, Word and Excel files old and new, OpenDocument, RTF, XML, plain text, ZIP),
and ``zipfile`` is enough to tell the OOXML and ODF formats apart. That keeps libmagic (a C library)
and a new dependency out of the install.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

OCTET_STREAM = "application/octet-stream"

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"{\\rtf", "application/rtf"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (b"\x1f\x8b", "application/gzip"),
    (b"ID3", "audio/mpeg"),
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_OOXML = (
    ("word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("ppt/", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
)

#: How many leading bytes :func:`sniff` needs.
HEAD_BYTES = 8192


def sniff(head: bytes, path: Path | None = None) -> str:
    """The media type of content starting with ``head`` (``path``: the whole file, for ZIPs)."""
    for magic, media_type in _MAGIC:
        if head.startswith(magic):
            return media_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp":
        return "video/mp4"
    if head.startswith(_OLE2):
        if "WordDocument".encode("utf-16-le") in head:
            return "application/msword"
        if "Workbook".encode("utf-16-le") in head or "Book".encode("utf-16-le") in head:
            return "application/vnd.ms-excel"
        return "application/x-ole-storage"
    if head.startswith(_ZIP):
        return _zip_type(path) if path is not None else "application/zip"
    body = head.removeprefix(b"\xef\xbb\xbf")
    if body.lstrip().startswith(b"<?xml"):
        return "application/xml"
    if _is_text(body):
        return "text/plain; charset=utf-8"
    return OCTET_STREAM


def _zip_type(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if names and names[0] == "mimetype":
                declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if declared.startswith("application/vnd.oasis.opendocument."):
                    return declared
            if "[Content_Types].xml" in names:
                for prefix, media_type in _OOXML:
                    if any(n.startswith(prefix) for n in names):
                        return media_type
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return OCTET_STREAM
    return "application/zip"


def _is_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the head is still text.
        return exc.start >= len(head) - 3 and exc.reason == "unexpected end of data"
    return True
