"""Wiring of the petitions context: the legal calendar over recorded base years, the key store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.records import Context
from infra.calendar.holidays_source import HolidaysVNSource
from infra.keystore import FileKeyStore
from infra.store.log_index import OfficeLogIndex

if TYPE_CHECKING:
    from api.bootstrap import Office

#: The named system actor that seeds the rules and records base years (design invariant 9).
CALENDAR_KEEPER = "calendar-keeper"


def wire_petitions(office: Office) -> None:
    """Called by ``open_office`` once the office is built."""
    from api.actors import system_actor  # api.actors imports api.bootstrap

    package = HolidaysVNSource()
    office.legal_calendar.wire(
        package=package, package_label=package.description,
        system_context=lambda: Context(system_actor(office, CALENDAR_KEEPER), office.clock()),
        log_index=OfficeLogIndex(office.store.db),
    )
    office.petitions.wire(
        reference=office.reference, calendar=office.legal_calendar,
        keys=FileKeyStore(office.settings.keys_path), zone=office.settings.zone,
        retention_years=office.settings.petition_retention_years, clearances=office.users,
    )
