"""The archive's read-model tables (temporal, like every register)."""

from __future__ import annotations

from projections.tables import Table

INCOMING = Table(
    "incoming_register",
    key=("document_id",),
    columns=(
        ("document_id", "text"), ("year", "int"), ("number", "int"), ("received_on", "text"),
        ("author", "text"), ("author_sort", "text"), ("number_symbol", "text"),
        ("document_date", "text"), ("document_type", "text"), ("summary", "text"),
        ("summary_sort", "text"), ("urgency", "text"), ("secrecy", "text"), ("status", "text"),
        ("to_unit", "text"), ("to_person", "text"), ("passed_on", "text"),
        ("received_by", "text"), ("deadline", "text"), ("progress", "text"),
        ("progress_count", "int"), ("reply_number_symbol", "text"), ("replied_on", "text"),
        ("note", "text"), ("duplicate_of", "text"), ("attachments", "int"), ("file_id", "text"),
    ),
    indexes=(("year", "number"), ("received_on",), ("deadline",), ("author_sort",),
             ("summary_sort",)),
)
OUTGOING = Table(
    "outgoing_register",
    key=("document_id",),
    columns=(
        ("document_id", "text"), ("source", "text"), ("document_type", "text"),
        ("issuer", "text"), ("number", "int"), ("number_symbol", "text"), ("issued_on", "text"),
        ("summary", "text"), ("summary_sort", "text"), ("signer", "text"),
        ("signer_title", "text"), ("recipients", "text"), ("file_copy_unit", "text"),
        ("copies", "int"), ("sent_on", "text"), ("received_by", "text"), ("status", "text"),
        ("secrecy", "text"), ("urgency", "text"), ("note", "text"), ("attachments", "int"),
        ("file_id", "text"),
    ),
    indexes=(("issued_on",), ("summary_sort",), ("number_symbol",)),
)
DIRECTIVE_DRAFTS = Table(
    "archive_directive_drafts",
    key=("directive_id",),
    columns=(("directive_id", "text"), ("document_type", "text"), ("title", "text"),
             ("issuer", "text"), ("secrecy", "text"), ("drafting_unit", "text")),
)
BLOBS = Table(
    "archive_blobs",
    key=("sha256",),
    columns=(("sha256", "text"), ("size", "int"), ("refs", "int")),
    indexes=(("refs",),),
)
FILES = Table(
    "file_catalogue",
    key=("file_id",),
    columns=(
        ("file_id", "text"), ("reference", "text"), ("title", "text"), ("title_sort", "text"),
        ("unit", "text"), ("opened_on", "text"), ("ended_on", "text"), ("status", "text"),
        ("secrecy", "text"), ("retention_class", "text"), ("permanent", "bool"),
        ("retention_years", "int"), ("documents", "int"), ("fonds", "text"),
        ("inventory", "text"), ("box", "text"), ("file_number", "int"),
        ("archival_code", "text"), ("handed_over_on", "text"), ("handover_due", "text"),
        ("kept_back_until", "text"), ("expires_on", "text"), ("holds", "int"),
        ("transferred_on", "text"), ("receiving_archive", "text"), ("disposal_id", "text"),
        ("disposal_status", "text"), ("decision_number", "text"), ("destroyed_on", "text"),
    ),
    indexes=(("title_sort",), ("ended_on",), ("expires_on",), ("status",)),
)
LOANS = Table(
    "loan_register",
    key=("request_id",),
    columns=(
        ("request_id", "text"), ("kind", "text"), ("item_kind", "text"), ("item_id", "text"),
        ("item_label", "text"), ("item_summary", "text"), ("file_code", "text"),
        ("secrecy", "text"), ("borrower", "text"), ("borrower_sort", "text"),
        ("borrower_unit", "text"), ("purpose", "text"), ("requested_on", "text"),
        ("status", "text"), ("approved_by", "text"), ("approved_on", "text"), ("due_on", "text"),
        ("handed_out_on", "text"), ("returned_on", "text"), ("note", "text"),
    ),
    indexes=(("requested_on",), ("borrower_sort",), ("status",)),
)
DISPOSALS = Table(
    "archive_disposals",
    key=("disposal_id",),
    columns=(
        ("disposal_id", "text"), ("status", "text"), ("proposed_on", "text"),
        ("proposal_reference", "text"), ("council", "text"), ("file_ids", "text"),
        ("decision_number", "text"), ("decided_on", "text"), ("decided_by", "text"),
        ("destroyed_on", "text"), ("minutes_number", "text"), ("executed_by", "text"),
        ("content_hashes", "int"),
    ),
)
