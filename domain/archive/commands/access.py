"""Commands on access to the archive: reading and loan requests, approval, hand-out, return; and
the access trail of secret items.

Each loads the records it acts on (the request, the item it names and the file that holds it),
lets ``domain.archive.rules.access`` decide, and records the events."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from domain.actors import Secrecy
from domain.application import Receipt
from domain.archive.access import (
    AccessKind,
    AccessRequest,
    access_trail_id,
    fold_access,
    fold_trail,
)
from domain.archive.commands.base import ArchiveBase
from domain.archive.files import ArchiveFile
from domain.archive.rules import access as rules
from domain.archive.rules.access import Item, ItemFacts
from domain.archive.values import ItemKind
from domain.records import Context


class AccessCommands(ArchiveBase):
    def get_access(self, request_id: UUID, *, version: int | None = None) -> AccessRequest:
        return self.load(request_id, fold_access, version=version)

    def _item(self, kind: ItemKind, item_id: UUID) -> tuple[Item, ArchiveFile | None]:
        """An archive item, and the file that holds it if it is a filed document."""
        kind = ItemKind(kind)
        if kind is ItemKind.FILE:
            return self.get_file(item_id), None
        if kind is ItemKind.DIRECTIVE:
            return self.get_directive(item_id), None
        doc = self.document(kind, item_id)
        return doc, self.get_file(doc.file_id) if doc.file_id is not None else None

    def item_facts(self, kind: ItemKind, item_id: UUID) -> ItemFacts:
        """Label, summary, file code and secrecy of an archive item (refused if it is gone)."""
        return rules.item_facts(*self._item(kind, item_id))

    def request_access(
        self, ctx: Context, *, kind: AccessKind, item_kind: ItemKind, item_id: UUID, purpose: str,
        borrower: str | None = None, requested_on: date | None = None,
    ) -> Receipt:
        """Ask to read (in the reading room) or borrow an item; the borrower defaults to the actor."""
        item, holder = self._item(item_kind, item_id)
        request_id = uuid4()
        events = rules.request_access(
            ctx, item, holder, today=self.today(ctx), request_id=request_id, kind=kind,
            item_kind=item_kind, item_id=item_id, purpose=purpose, borrower=borrower,
            requested_on=requested_on,
        )
        return self.record(events, record_id=request_id)

    def approve_access(
        self, ctx: Context, request_id: UUID, expected: int | None, *, due_on: date | None = None,
        approved_on: date | None = None,
    ) -> Receipt:
        """Approve a pending request; a loan is approved with the date it is due back."""
        r = self.current(request_id, fold_access, expected)
        events = rules.approve_access(ctx, r, today=self.today(ctx), due_on=due_on,
                                      approved_on=approved_on)
        return self.record(events, record_id=r.id)

    def refuse_access(
        self, ctx: Context, request_id: UUID, expected: int | None, *,
        refused_on: date | None = None,
    ) -> Receipt:
        r = self.current(request_id, fold_access, expected)
        events = rules.refuse_access(ctx, r, today=self.today(ctx), refused_on=refused_on)
        return self.record(events, record_id=r.id)

    def hand_out(
        self, ctx: Context, request_id: UUID, expected: int | None, *,
        handed_out_on: date | None = None,
    ) -> Receipt:
        """The archive hands the item out on an approved request (an event: this is an access)."""
        r = self.current(request_id, fold_access, expected)
        item, holder = self._item(r.item_kind, r.item_id)
        events = rules.hand_out(ctx, r, item, holder, today=self.today(ctx),
                                handed_out_on=handed_out_on)
        return self.record(events, record_id=r.id)

    def return_item(
        self, ctx: Context, request_id: UUID, expected: int | None, *,
        returned_on: date | None = None, note: str | None = None,
    ) -> Receipt:
        r = self.current(request_id, fold_access, expected)
        events = rules.return_item(ctx, r, today=self.today(ctx), returned_on=returned_on,
                                   note=note)
        return self.record(events, record_id=r.id)

    def record_access(
        self, ctx: Context, *, item_kind: ItemKind, item_id: UUID, secrecy: Secrecy, what: str,
    ) -> Receipt:
        """One access to a secret item (a detail view, a content download): always an event."""
        trail_id = access_trail_id(item_id)

        def attempt() -> Receipt:
            trail = self.find(trail_id, fold_trail)
            events = rules.record_access(ctx, trail, item_kind=item_kind, item_id=item_id,
                                         secrecy=secrecy, what=what)
            return self.record(events, record_id=trail_id)

        return self.retrying(attempt)
