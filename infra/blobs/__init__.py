"""Content-addressed storage of attachments (see :mod:`infra.blobs.store`)."""

from infra.blobs.sniff import sniff
from infra.blobs.store import (
    BlobStore,
    BlobWriter,
    FixityResult,
    PendingBlob,
    UnsafeFileName,
    UploadTooLarge,
    UploadTruncated,
    safe_filename,
)

__all__ = [
    "BlobStore",
    "BlobWriter",
    "FixityResult",
    "PendingBlob",
    "UnsafeFileName",
    "UploadTooLarge",
    "UploadTruncated",
    "safe_filename",
    "sniff",
]
