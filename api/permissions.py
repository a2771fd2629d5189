"""Who may do what: the table of role × command, and clearance × secrecy.

This table is the single source: routes declare the command they carry out, the API refuses with 403
(writing nothing) when the caller's role is not in the command's row, and ``docs/permissions.md`` is
generated from it (``socai permissions --markdown``) and checked against it by a test.
"""

from __future__ import annotations

from domain.actors import Role, Secrecy

C, S, L, INS, A, D = (Role.CLERK, Role.SPECIALIST, Role.LEADER, Role.INSPECTOR, Role.AUDITOR,
                    Role.ADMIN)
EVERYONE = frozenset({C, S, L, INS, A, D})

#: command → the roles allowed to carry it out (reads are listed too).
PERMISSIONS: dict[str, frozenset[Role]] = {
    # Directives
    "directive.draft": frozenset({S, L}),
    "directive.revise": frozenset({S, L}),
    "directive.appraise": frozenset({L}),
    "directive.issue": frozenset({C, L}),
    "directive.import": frozenset({C}),
    "directive.disseminate": frozenset({S, L}),
    "directive.assign": frozenset({S, L}),
    "directive.inspect": frozenset({INS, L}),
    "directive.review": frozenset({S, L}),
    "directive.close": frozenset({L}),
    "directive.amend": frozenset({L}),
    "directive.supersede": frozenset({L}),
    "directive.revoke": frozenset({L}),
    "assignment.report": frozenset({S, L}),
    "assignment.urge": frozenset({S, L}),
    "assignment.extend": frozenset({L}),
    "assignment.complete": frozenset({S, L}),
    "assignment.cancel": frozenset({L}),
    "directive.read": EVERYONE,
    # Archive and document registers
    "archive.incoming.register": frozenset({C}),
    "archive.incoming.pass_on": frozenset({C, L}),
    "archive.incoming.follow_up": frozenset({C, S, L}),
    "archive.outgoing.register": frozenset({C}),
    "archive.outgoing.dispatch": frozenset({C}),
    "archive.outgoing.correct": frozenset({C, L}),
    "archive.outgoing.replace": frozenset({L}),
    "archive.outgoing.recall": frozenset({L}),
    "archive.attach": frozenset({C, S}),
    "archive.content.read": frozenset({C, S, L, INS, A}),
    "archive.file.manage": frozenset({C, S}),
    "archive.file.keep_back": frozenset({L}),
    "archive.file.hand_over": frozenset({C}),
    "archive.file.declassify": frozenset({L}),
    "archive.file.transfer": frozenset({L}),
    "archive.hold": frozenset({L, INS}),
    "archive.access.request": frozenset({C, S, L, INS, A}),
    "archive.access.decide": frozenset({L}),
    "archive.access.lend": frozenset({C}),
    "archive.disposal.propose": frozenset({C, L}),
    "archive.disposal.decide": frozenset({L}),
    "archive.disposal.destroy": frozenset({C}),
    "archive.retention.change": frozenset({D}),
    "archive.fixity": frozenset(),  # command line only, as the system actor fixity-checker
    "ledger.verification": frozenset(),  # command line only, as the system actor verifier
    "archive.read": EVERYONE,
    # Petitions (đơn thư); reading an identity is checked by the domain (handlers, cleared roles)
    "petition.receive": frozenset({C, S}),
    "petition.register": frozenset({C}),
    "petition.classify": frozenset({S, L, INS}),
    "petition.decide": frozenset({L, INS}),
    "petition.notify": frozenset({C, S}),
    "petition.assign": frozenset({L, INS}),
    "petition.secrecy": frozenset({L, INS}),
    "petition.clock": frozenset({L, INS}),
    "petition.withdraw": frozenset({S, L, INS}),
    "petition.conclude": frozenset({S, L, INS}),
    "petition.close": frozenset({L, INS}),
    "petition.reopen": frozenset({L, INS}),
    "petition.follow_up": frozenset({S, L}),
    "petition.reveal": frozenset({S, L, INS}),
    "petition.shred": frozenset({L, D}),  # command line only (socai shred)
    "petition.read": EVERYONE,
    "petition.audit": frozenset({L, INS, A}),
    "calendar.change": frozenset({D}),
    "calendar.read": EVERYONE,
    # Reference data and users
    "reference.change": frozenset({D}),
    "reference.read": EVERYONE,
    "user.manage": frozenset({D}),
    "user.read": frozenset({D, A, INS}),
    # The log
    "events.read": EVERYONE,
    "records.read": EVERYONE,
    "ledger.read": EVERYONE,
    "ledger.sign": frozenset({D}),
    "inspection.report": frozenset({L, INS, A}),
    "inspection.case_file": frozenset({L, INS, A}),
    # Operations
    "metrics.read": frozenset({A, D}),
}

ROLE_ORDER = (C, S, L, INS, A, D)


def allowed(role: Role, command: str) -> bool:
    if role is Role.SYSTEM:
        return True
    return role in PERMISSIONS[command]


def can_read(clearance: Secrecy, secrecy: Secrecy) -> bool:
    """A user sees a record only if their clearance covers its secrecy level."""
    return clearance.covers(secrecy)


def markdown() -> str:
    """``docs/permissions.md``: the two tables, generated from this module."""
    lines = [
        "# Permissions",
        "",
        "Generated from `api/permissions.py` by `socai permissions --markdown`; a test checks that",
        "this page and the code agree, and another walks every cell over HTTP (a refused command is",
        "403 and writes nothing).",
        "",
        "## Role × command",
        "",
        "| command | " + " | ".join(r.value for r in ROLE_ORDER) + " |",
        "|---|" + "---|" * len(ROLE_ORDER),
    ]
    for command in sorted(PERMISSIONS):
        cells = ["✔" if r in PERMISSIONS[command] else "—" for r in ROLE_ORDER]
        lines.append(f"| `{command}` | " + " | ".join(cells) + " |")
    levels = list(Secrecy)
    lines += [
        "",
        "The `system` role (background work and the command line's default actor) may do anything.",
        "",
        "## Clearance × secrecy",
        "",
        "A user reads and acts on a record only if their clearance covers its secrecy level, both",
        "**then** (at the requested `at_position` / `as_of` / `business_as_of`, or at the position",
        "of the event shown) and **now**: time travel never shows what is secret now. A record",
        "with no secrecy of its own takes that of the record it belongs to (an assignment its",
        "directive's, a petition's identity access log the petition's, an archive access request",
        "or access trail its item's).",
        "",
        "- Lists, registers, exports (CSV, XLSX), boards, statistics, inspection reports and",
        "  `GET /petitions/identity-access` leave out what the caller may not see; statistics",
        "  count only what the caller may see.",
        "- A single record, its history and its diff answer **403** `clearance-too-low`.",
        "- `/events` gives every position: an event the caller may not see, or one that names",
        "  another record they may not see (a number allocated to a secret directive), is a",
        "  placeholder with `kind: \"withheld\"` and only its position, leaf index and time. In a",
        "  history such events are withheld lines.",
        "- Case files: a petition or directive the reader may not see is 403; a unit or period",
        "  case file leaves such records out and says how many (`left_out`), never which.",
        "- Everyone who handles a petition is cleared for its secrecy: assigning an uncleared",
        "  handler, or raising the secrecy above a handler's clearance, is **409**",
        "  `handler-not-cleared` (naming the handlers to reassign). Reading an identity always",
        "  needs the clearance, handlers included (**403** `reveal-needs-clearance`, the attempt",
        "  recorded).",
        "",
        "| clearance \\ record | " + " | ".join(f"{s.label} (`{s.value}`)" for s in levels) + " |",
        "|---|" + "---|" * len(levels),
    ]
    for clearance in levels:
        cells = ["✔" if can_read(clearance, s) else "—" for s in levels]
        lines.append(f"| {clearance.label} (`{clearance.value}`) | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
