"""What a path id names: the kinds of record the API acts on, how each is loaded, how secret it is.

Every by-id route — a command (``api/commands``) or a read (``api/reading.py``) — declares the kind
its path id names. Loading through the kind refuses an id of another kind with 404
``record-not-found`` (the fold refuses another kind's events, ``domain.records.Fold``), and the kind
says which secrecy levels a reader must hold: a record's own level, or its parent's (an assignment
takes its directive's; a disposal every level of its files). ``at`` is a log position: the levels as
they stood then (parents included).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast
from uuid import UUID

from api.bootstrap import Office
from domain.actors import Secrecy
from domain.archive.disposal import Disposal
from domain.directives.model import Assignment
from domain.errors import RecordNotFound
from domain.records import Record
from domain.users.model import fold_user, user_id_for
from projections.query import record_version_at

#: (office, id, version or None for now) → the record, or RecordNotFound.
Loader = Callable[[Office, Any, int | None], Record]
#: (office, record, log position or None for now) → the levels a reader must hold.
Levels = Callable[[Office, Record, int | None], Iterable[Secrecy]]


def version_at(office: Office, record_id: UUID, at: int | None) -> int | None:
    """The version to fold up to for a read at log position ``at`` (None: now); a record that did
    not exist yet then is not found."""
    if at is None:
        return None
    version = record_version_at(office.store.db, record_id, at)
    if version == 0:
        msg = f"hồ sơ {record_id} chưa tồn tại tại vị trí {at} (did not exist at that position)"
        raise RecordNotFound(msg, record_id=str(record_id))
    return version


def _own_level(office: Office, record: Record, at: int | None) -> Iterable[Secrecy]:
    return (getattr(record, "secrecy", Secrecy.NONE),)


def _directive_level(office: Office, record: Record, at: int | None) -> Iterable[Secrecy]:
    parent = cast(Assignment, record).directive_id
    return (office.directives.get(parent, version=version_at(office, parent, at)).secrecy,)


def _files_levels(office: Office, record: Record, at: int | None) -> Iterable[Secrecy]:
    return tuple(office.archive.get_file(f, version=version_at(office, f, at)).secrecy
                 for f in cast(Disposal, record).file_ids)


@dataclass(frozen=True)
class RecordKind:
    """One kind of record a path id can name."""

    name: str  # in the OpenAPI as x-target-kind
    label: str  # Vietnamese, for messages
    load: Loader
    levels: Levels = _own_level
    id_type: type = UUID  # UUID, or str for users (named by username)

    def at(self, office: Office, record_id: Any, at: int | None = None) -> Record:
        """The record as it stood at log position ``at`` (None: now)."""
        if self.id_type is UUID:
            return self.load(office, record_id, version_at(office, record_id, at))
        return self.load(office, record_id, None)


DIRECTIVE = RecordKind("directive", "văn bản chỉ đạo",
                       lambda o, i, v: o.directives.get(i, version=v))
ASSIGNMENT = RecordKind("assignment", "nhiệm vụ",
                        lambda o, i, v: o.directives.get_assignment(i, version=v),
                        levels=_directive_level)
PETITION = RecordKind("petition", "đơn thư", lambda o, i, v: o.petitions.get(i, version=v))
INCOMING = RecordKind("incoming", "văn bản đến",
                      lambda o, i, v: o.archive.get_incoming(i, version=v))
OUTGOING = RecordKind("outgoing", "văn bản đi",
                      lambda o, i, v: o.archive.get_outgoing(i, version=v))
FILE = RecordKind("file", "hồ sơ lưu trữ", lambda o, i, v: o.archive.get_file(i, version=v))
ACCESS_REQUEST = RecordKind("access-request", "yêu cầu khai thác",
                            lambda o, i, v: o.archive.get_access(i, version=v))
DISPOSAL = RecordKind("disposal", "đợt hủy tài liệu",
                      lambda o, i, v: o.archive.get_disposal(i, version=v), levels=_files_levels)
USER = RecordKind("user", "người dùng",
                  lambda o, name, v: o.users.load(user_id_for(str(name).strip()), fold_user,
                                                  version=v),
                  id_type=str)

KINDS: tuple[RecordKind, ...] = (DIRECTIVE, ASSIGNMENT, PETITION, INCOMING, OUTGOING, FILE,
                                 ACCESS_REQUEST, DISPOSAL, USER)


@dataclass(frozen=True)
class KindChoice:
    """The kind is chosen by another path parameter (``/archive/uploads/{kind}/{document_id}``)."""

    param: str
    kinds: Mapping[str, RecordKind]

    @property
    def name(self) -> str:
        return "|".join(k.name for k in self.kinds.values())

    def of(self, params: Mapping[str, Any]) -> RecordKind:
        return self.kinds[str(params[self.param])]


#: What a route's path id names: one kind, or one chosen by another path parameter.
Target = RecordKind | KindChoice


def kind_of(target: Target, params: Mapping[str, Any]) -> RecordKind:
    return target.of(params) if isinstance(target, KindChoice) else target


DOCUMENT = KindChoice("kind", {"incoming": INCOMING, "outgoing": OUTGOING})
