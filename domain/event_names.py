"""The table of event names: every event class of the domain, its stable name and current version.

This is the one place that says what a stored event is. The mapper writes ``name@version`` (see
`domain.event_registry`) and reads both that and each entry's **aliases**: the Python paths the events
were stored under before they had names (``get_topic`` of each class then, written out literally so
that moving a class later changes nothing here but the class). Aliases read as version 1, forever:
published checkpoints cover the stored topics, and stored bytes are never rewritten.

Adding an event: give it a line here (a test fails for an event class without one). Changing an
event's fields: raise its version and declare the upcaster from the old version beside it (see
docs/architecture.md, "Adding a field to an event, step by step"). Never reuse or rename a name.
"""

from __future__ import annotations

from domain.archive.access import AccessRequest, AccessTrail
from domain.archive.content import BlobUse, FixityRun
from domain.archive.disposal import Disposal, RetentionTable
from domain.archive.files import ArchivalCodeSlot, ArchiveFile, DirectiveFiling
from domain.archive.incoming import IncomingDocument, IncomingIndex, IncomingSeries
from domain.archive.outgoing import OutgoingDocument
from domain.directives.model import Assignment, Directive
from domain.event_registry import EventRegistry, event
from domain.ledger.model import Ledger
from domain.ledger.restores import Restores
from domain.ledger.verification import VerificationRun
from domain.numbering.model import NumberSeries
from domain.petitions.legal_calendar import CalendarOverrides, DeadlineRules, HolidayBase
from domain.petitions.model import IdentityAccess, Petition, PetitionBook
from domain.reference.model import DocumentTypes, Issuers, Terms, Units
from domain.users.model import User

EVENT_NAMES = EventRegistry([
    # Directives and their assignments
    event("assignment.assigned", Assignment.Assigned, "domain.directives.model:Assignment.Assigned"),
    event("assignment.cancelled", Assignment.Cancelled, "domain.directives.model:Assignment.Cancelled"),
    event("assignment.completed", Assignment.Completed, "domain.directives.model:Assignment.Completed"),
    event("assignment.deadline_extended", Assignment.DeadlineExtended,
          "domain.directives.model:Assignment.DeadlineExtended"),
    event("assignment.reported", Assignment.Reported, "domain.directives.model:Assignment.Reported"),
    event("assignment.urged", Assignment.Urged, "domain.directives.model:Assignment.Urged"),
    event("directive.amended", Directive.Amended, "domain.directives.model:Directive.Amended"),
    event("directive.appraised", Directive.Appraised, "domain.directives.model:Directive.Appraised"),
    event("directive.closed", Directive.Closed, "domain.directives.model:Directive.Closed"),
    event("directive.disseminated", Directive.Disseminated, "domain.directives.model:Directive.Disseminated"),
    event("directive.drafted", Directive.Drafted, "domain.directives.model:Directive.Drafted"),
    event("directive.final_reviewed", Directive.FinalReviewed,
          "domain.directives.model:Directive.FinalReviewed"),
    event("directive.imported", Directive.Imported, "domain.directives.model:Directive.Imported"),
    event("directive.inspected", Directive.Inspected, "domain.directives.model:Directive.Inspected"),
    event("directive.issued", Directive.Issued, "domain.directives.model:Directive.Issued"),
    event("directive.preliminary_reviewed", Directive.PreliminaryReviewed,
          "domain.directives.model:Directive.PreliminaryReviewed"),
    event("directive.revised", Directive.Revised, "domain.directives.model:Directive.Revised"),
    event("directive.revoked", Directive.Revoked, "domain.directives.model:Directive.Revoked"),
    event("directive.superseded", Directive.Superseded, "domain.directives.model:Directive.Superseded"),
    event("directive.superseded_another", Directive.SupersededAnother,
          "domain.directives.model:Directive.SupersededAnother"),
    event("directive.task_assigned", Directive.TaskAssigned,
          "domain.directives.model:Directive.TaskAssigned"),
    # Numbering series
    event("number_series.number_allocated", NumberSeries.NumberAllocated,
          "domain.numbering.model:NumberSeries.NumberAllocated"),
    event("number_series.number_imported", NumberSeries.NumberImported,
          "domain.numbering.model:NumberSeries.NumberImported"),
    event("number_series.opened", NumberSeries.Opened, "domain.numbering.model:NumberSeries.Opened"),
    # Petitions, their book and identity access logs
    event("identity_access.opened", IdentityAccess.Opened, "domain.petitions.model:IdentityAccess.Opened"),
    event("identity_access.reveal_refused", IdentityAccess.RevealRefused,
          "domain.petitions.model:IdentityAccess.RevealRefused"),
    event("identity_access.revealed", IdentityAccess.Revealed,
          "domain.petitions.model:IdentityAccess.Revealed"),
    event("petition.accepted", Petition.Accepted, "domain.petitions.model:Petition.Accepted"),
    event("petition.classified", Petition.Classified, "domain.petitions.model:Petition.Classified"),
    event("petition.closed", Petition.Closed, "domain.petitions.model:Petition.Closed"),
    event("petition.concluded", Petition.Concluded, "domain.petitions.model:Petition.Concluded"),
    event("petition.deadlines_set", Petition.DeadlinesSet, "domain.petitions.model:Petition.DeadlinesSet"),
    event("petition.extended", Petition.Extended, "domain.petitions.model:Petition.Extended"),
    event("petition.filed", Petition.Filed, "domain.petitions.model:Petition.Filed"),
    event("petition.guided", Petition.Guided, "domain.petitions.model:Petition.Guided"),
    event("petition.handlers_assigned", Petition.HandlersAssigned,
          "domain.petitions.model:Petition.HandlersAssigned"),
    event("petition.identity_shredded", Petition.IdentityShredded,
          "domain.petitions.model:Petition.IdentityShredded"),
    event("petition.linked_as_repeat", Petition.LinkedAsRepeat,
          "domain.petitions.model:Petition.LinkedAsRepeat"),
    event("petition.notified", Petition.Notified, "domain.petitions.model:Petition.Notified"),
    event("petition.received", Petition.Received, "domain.petitions.model:Petition.Received"),
    event("petition.referral_replied", Petition.ReferralReplied,
          "domain.petitions.model:Petition.ReferralReplied"),
    event("petition.referral_urged", Petition.ReferralUrged, "domain.petitions.model:Petition.ReferralUrged"),
    event("petition.referred", Petition.Referred, "domain.petitions.model:Petition.Referred"),
    event("petition.registered", Petition.Registered, "domain.petitions.model:Petition.Registered"),
    event("petition.reopened", Petition.Reopened, "domain.petitions.model:Petition.Reopened"),
    event("petition.resumed", Petition.Resumed, "domain.petitions.model:Petition.Resumed"),
    event("petition.secrecy_raised", Petition.SecrecyRaised),  # stored under its name only
    event("petition.suspended", Petition.Suspended, "domain.petitions.model:Petition.Suspended"),
    event("petition.withdrawn", Petition.Withdrawn, "domain.petitions.model:Petition.Withdrawn"),
    event("petition_book.number_taken", PetitionBook.NumberTaken,
          "domain.petitions.model:PetitionBook.NumberTaken"),
    event("petition_book.opened", PetitionBook.Opened, "domain.petitions.model:PetitionBook.Opened"),
    # The petitions' legal calendar
    event("calendar_overrides.override_recorded", CalendarOverrides.OverrideRecorded,
          "domain.petitions.legal_calendar:CalendarOverrides.OverrideRecorded"),
    event("deadline_rules.rule_recorded", DeadlineRules.RuleRecorded,
          "domain.petitions.legal_calendar:DeadlineRules.RuleRecorded"),
    event("holiday_base.base_year_adopted", HolidayBase.BaseYearAdopted,
          "domain.petitions.legal_calendar:HolidayBase.BaseYearAdopted"),
    # Archive: incoming documents
    event("incoming_document.attached", IncomingDocument.Attached,
          "domain.archive.incoming:IncomingDocument.Attached"),
    event("incoming_document.destroyed", IncomingDocument.Destroyed,
          "domain.archive.incoming:IncomingDocument.Destroyed"),
    event("incoming_document.filed", IncomingDocument.Filed,
          "domain.archive.incoming:IncomingDocument.Filed"),
    event("incoming_document.passed_on", IncomingDocument.PassedOn,
          "domain.archive.incoming:IncomingDocument.PassedOn"),
    event("incoming_document.progress_recorded", IncomingDocument.ProgressRecorded,
          "domain.archive.incoming:IncomingDocument.ProgressRecorded"),
    event("incoming_document.registered", IncomingDocument.Registered,
          "domain.archive.incoming:IncomingDocument.Registered"),
    event("incoming_document.replied", IncomingDocument.Replied,
          "domain.archive.incoming:IncomingDocument.Replied"),
    event("incoming_index.seen", IncomingIndex.Seen, "domain.archive.incoming:IncomingIndex.Seen"),
    event("incoming_series.number_taken", IncomingSeries.NumberTaken,
          "domain.archive.incoming:IncomingSeries.NumberTaken"),
    event("incoming_series.opened", IncomingSeries.Opened, "domain.archive.incoming:IncomingSeries.Opened"),
    # Archive: outgoing documents
    event("outgoing_document.attached", OutgoingDocument.Attached,
          "domain.archive.outgoing:OutgoingDocument.Attached"),
    event("outgoing_document.corrected_by", OutgoingDocument.CorrectedBy,
          "domain.archive.outgoing:OutgoingDocument.CorrectedBy"),
    event("outgoing_document.destroyed", OutgoingDocument.Destroyed,
          "domain.archive.outgoing:OutgoingDocument.Destroyed"),
    event("outgoing_document.dispatched", OutgoingDocument.Dispatched,
          "domain.archive.outgoing:OutgoingDocument.Dispatched"),
    event("outgoing_document.filed", OutgoingDocument.Filed,
          "domain.archive.outgoing:OutgoingDocument.Filed"),
    event("outgoing_document.recalled", OutgoingDocument.Recalled,
          "domain.archive.outgoing:OutgoingDocument.Recalled"),
    event("outgoing_document.registered", OutgoingDocument.Registered,
          "domain.archive.outgoing:OutgoingDocument.Registered"),
    event("outgoing_document.replaced_by", OutgoingDocument.ReplacedBy,
          "domain.archive.outgoing:OutgoingDocument.ReplacedBy"),
    # Archive: files (hồ sơ)
    event("archival_code_slot.assigned", ArchivalCodeSlot.Assigned,
          "domain.archive.files:ArchivalCodeSlot.Assigned"),
    event("archive_file.closed", ArchiveFile.Closed, "domain.archive.files:ArchiveFile.Closed"),
    event("archive_file.declassified", ArchiveFile.Declassified,
          "domain.archive.files:ArchiveFile.Declassified"),
    event("archive_file.destroyed", ArchiveFile.Destroyed, "domain.archive.files:ArchiveFile.Destroyed"),
    event("archive_file.document_added", ArchiveFile.DocumentAdded,
          "domain.archive.files:ArchiveFile.DocumentAdded"),
    event("archive_file.handed_over", ArchiveFile.HandedOver, "domain.archive.files:ArchiveFile.HandedOver"),
    event("archive_file.hold_placed", ArchiveFile.HoldPlaced, "domain.archive.files:ArchiveFile.HoldPlaced"),
    event("archive_file.hold_released", ArchiveFile.HoldReleased,
          "domain.archive.files:ArchiveFile.HoldReleased"),
    event("archive_file.kept_back", ArchiveFile.KeptBack, "domain.archive.files:ArchiveFile.KeptBack"),
    event("archive_file.opened", ArchiveFile.Opened, "domain.archive.files:ArchiveFile.Opened"),
    event("archive_file.transferred", ArchiveFile.Transferred,
          "domain.archive.files:ArchiveFile.Transferred"),
    event("directive_filing.filed", DirectiveFiling.Filed, "domain.archive.files:DirectiveFiling.Filed"),
    # Archive: access to records
    event("access_request.approved", AccessRequest.Approved, "domain.archive.access:AccessRequest.Approved"),
    event("access_request.handed_out", AccessRequest.HandedOut,
          "domain.archive.access:AccessRequest.HandedOut"),
    event("access_request.refused", AccessRequest.Refused, "domain.archive.access:AccessRequest.Refused"),
    event("access_request.requested", AccessRequest.Requested,
          "domain.archive.access:AccessRequest.Requested"),
    event("access_request.returned", AccessRequest.Returned, "domain.archive.access:AccessRequest.Returned"),
    event("access_trail.accessed", AccessTrail.Accessed, "domain.archive.access:AccessTrail.Accessed"),
    # Archive: retention and disposal
    event("disposal.cancelled", Disposal.Cancelled, "domain.archive.disposal:Disposal.Cancelled"),
    event("disposal.decided", Disposal.Decided, "domain.archive.disposal:Disposal.Decided"),
    event("disposal.destroyed", Disposal.Destroyed, "domain.archive.disposal:Disposal.Destroyed"),
    event("disposal.proposed", Disposal.Proposed, "domain.archive.disposal:Disposal.Proposed"),
    event("retention_table.defined", RetentionTable.Defined,
          "domain.archive.disposal:RetentionTable.Defined"),
    # Archive: content and fixity
    event("blob_use.referenced", BlobUse.Referenced, "domain.archive.content:BlobUse.Referenced"),
    event("blob_use.released", BlobUse.Released, "domain.archive.content:BlobUse.Released"),
    event("fixity_run.fixity_checked", FixityRun.FixityChecked,
          "domain.archive.content:FixityRun.FixityChecked"),
    # Reference data
    event("document_types.defined", DocumentTypes.Defined, "domain.reference.model:DocumentTypes.Defined"),
    event("issuers.defined", Issuers.Defined, "domain.reference.model:Issuers.Defined"),
    event("terms.defined", Terms.Defined, "domain.reference.model:Terms.Defined"),
    event("units.defined", Units.Defined, "domain.reference.model:Units.Defined"),
    # Users and tokens
    event("user.changed", User.Changed, "domain.users.model:User.Changed"),
    event("user.deactivated", User.Deactivated, "domain.users.model:User.Deactivated"),
    event("user.registered", User.Registered, "domain.users.model:User.Registered"),
    event("user.token_issued", User.TokenIssued, "domain.users.model:User.TokenIssued"),
    event("user.token_revoked", User.TokenRevoked, "domain.users.model:User.TokenRevoked"),
    # The ledger's signed checkpoints
    event("ledger.checkpoint_signed", Ledger.CheckpointSigned, "domain.ledger.model:Ledger.CheckpointSigned"),
    # Restore statements: a forced restore behind a published checkpoint (docs/verifying.md §10)
    event("restores.fork_declared", Restores.ForkDeclared),
    # Runs of `socai verify`, by the system actor verifier
    event("verification_run.log_checked", VerificationRun.LogChecked),
])
