"""Every kind of record's fold, found from one of its events (histories, diffs, case files).

A record's history is shown field by field by folding its events one at a time and comparing each
state with the one before: that needs the fold of the record's kind, which its events name.
"""

from __future__ import annotations

from typing import Any

from domain.archive.access import fold_access as fold_archive_access
from domain.archive.access import fold_trail
from domain.archive.content import fold_blob_use, fold_fixity
from domain.archive.disposal import fold_disposal, fold_retention
from domain.archive.files import fold_code_slot, fold_directive_filing, fold_file
from domain.archive.incoming import fold_incoming, fold_incoming_index, fold_incoming_series
from domain.archive.outgoing import fold_outgoing
from domain.directives.model import fold_assignment, fold_directive
from domain.ledger.model import fold_ledger
from domain.ledger.restores import fold_restores
from domain.ledger.verification import fold_verification
from domain.numbering.model import fold_series
from domain.petitions.legal_calendar import fold_base, fold_overrides, fold_rules
from domain.petitions.model import fold_access, fold_book, fold_petition
from domain.records import Fold
from domain.reference.model import fold_document_types, fold_issuers, fold_terms, fold_units
from domain.users.model import fold_user

FOLDS: tuple[Fold[Any], ...] = (
    fold_user, fold_units, fold_issuers, fold_document_types, fold_terms, fold_series,
    fold_directive, fold_assignment, fold_ledger, fold_incoming, fold_incoming_series,
    fold_incoming_index, fold_outgoing, fold_file, fold_code_slot, fold_directive_filing,
    fold_archive_access, fold_trail, fold_blob_use, fold_fixity, fold_retention, fold_disposal,
    fold_petition, fold_book, fold_access, fold_overrides, fold_rules, fold_base, fold_restores,
    fold_verification,
)
_BY_EVENT: dict[type, Fold[Any]] = {t: f for f in FOLDS for t in f.event_types}


def fold_for(event: object) -> Fold[Any] | None:
    """The fold of the record ``event`` belongs to (None: an event no fold knows)."""
    return _BY_EVENT.get(type(event))
