"""The archive application: incoming and outgoing documents, files, access, disposal, content.

One application (sharing the office log with every other context) whose commands are grouped by
concept in ``domain/archive/commands/``.
"""

from __future__ import annotations

from domain.archive.commands.access import AccessCommands
from domain.archive.commands.content import ContentCommands
from domain.archive.commands.disposal import DisposalCommands
from domain.archive.commands.files import FileCommands
from domain.archive.commands.incoming import IncomingCommands, IncomingRegistration
from domain.archive.commands.outgoing import OutgoingCommands

__all__ = ["Archive", "IncomingRegistration"]


class Archive(IncomingCommands, OutgoingCommands, FileCommands, AccessCommands,
              DisposalCommands, ContentCommands):
    """Application service of the archive and the document registers (văn thư, lưu trữ)."""
