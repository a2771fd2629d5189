"""The ledger's commands: `socai verify`, `checkpoint`, `keys …`, `ledger …`, bundles."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TimeRemainingColumn,
)

from api.actors import system_actor
from api.bootstrap import Office, open_office
from api.cli.common import (
    ActorOption,
    acting,
    err,
    office_session,
    out,
    run_command,
    store_faults_reported,
)
from api.cli.verify_support import (
    UnreadableKey,
    add_statements,
    check_statements,
    no_checkpoint_line,
    pinned_key,
    set_aside_declared,
)
from api.problems import Problem
from domain.errors import DomainError
from domain.records import Context
from infra.ledger.bundle import dump_bundle
from infra.ledger.casefile import is_case_file
from infra.ledger.encoding import b64encode
from infra.ledger.export import export_bundle
from infra.ledger.keys import PUBLIC_KEY_FILE, ensure_key, load_key, read_verifier_key
from infra.ledger.note import KeyFormatError
from infra.ledger.signer import SignedCheckpoint, witness_path
from infra.ledger.verifier import BundleRejected, verify_bundle
from infra.ledger.verify import (
    ExternalCheckpoint,
    Report,
    VerifyUsageError,
    target_for,
    verify_store,
)
from infra.logging import configure_logging
from infra.settings import Settings
from infra.store.backends import open_store
from infra.store.faults import StoreFault

keys_app = typer.Typer(help="Khóa ký điểm kiểm tra (the office's Ed25519 key)", no_args_is_help=True)
ledger_app = typer.Typer(help="Cây Merkle của nhật ký (the log's Merkle tree)", no_args_is_help=True)

SIGNER = "ledger-signer"


def say(text: str, *, end: str = "\n") -> None:
    """Print plain text as is: no markup, no highlighting, no wrapping (notes, keys, paths)."""
    out.print(text, markup=False, highlight=False, soft_wrap=True, end=end)


def signer_context(office: Office, actor: str | None = None) -> Context:
    """The context a checkpoint is signed under: ``--actor``, else the ledger-signer actor."""
    who = acting(office, actor) if actor else system_actor(office, SIGNER)
    return Context(who, office.clock())


def describe(signed: SignedCheckpoint) -> str:
    c = signed.checkpoint
    return (f"điểm kiểm tra {c.size} sự kiện, gốc {b64encode(c.root_hash)} "
            f"(checkpoint of size {c.size}, recorded at position {signed.position})")


# socai checkpoint ----------------------------------------------------------------------------------


def checkpoint(actor: str | None = ActorOption) -> None:
    """Sign a checkpoint of the whole log now, record it, and update the witness file."""
    with office_session() as office:
        who = acting(office, actor) if actor else system_actor(office, SIGNER)
        signed = run_command(office, who, "ledger.sign").body
        say(f"Đã ký điểm kiểm tra {signed['tree_size']} sự kiện, gốc {signed['root_hash']} "
            f"(checkpoint of size {signed['tree_size']}, recorded at position "
            f"{signed['position']})")
        say(signed["note"], end="")


# socai keys ---------------------------------------------------------------------------------------


@keys_app.command("init")
def keys_init() -> None:
    """Create the key pair in SOCAI_KEY_DIR if there is none (safe to run twice)."""
    settings = Settings()
    try:
        key, created = ensure_key(settings.keys_path, settings.ledger_origin)
    except KeyFormatError as exc:
        err.print(f"[red]khóa hỏng[/red] (bad key): {exc}")
        raise typer.Exit(2) from None
    verb = "Đã tạo" if created else "Đã có sẵn"
    say(f"{verb} khóa (key {'created' if created else 'already present'}) in {key.directory}")
    say(key.verifier.to_text())


@keys_app.command("show")
def keys_show() -> None:
    """Print the verifier key (the trust anchor to hand out) and where the files are."""
    settings = Settings()
    try:
        key = load_key(settings.keys_path, settings.ledger_origin)
    except FileNotFoundError:
        err.print(f"chưa có khóa trong {settings.keys_path} (no key yet: run `socai keys init`)")
        raise typer.Exit(2) from None
    except KeyFormatError as exc:
        err.print(f"[red]khóa hỏng[/red] (bad key): {exc}")
        raise typer.Exit(2) from None
    say(key.verifier.to_text())
    say(f"private key: {key.private_path}\nverifier key: {key.public_path}")
    say(key.public_pem(), end="")


@keys_app.command("export")
def keys_export(
    out_file: Path = typer.Option(..., "--out", help="file to write the verifier key line to"),
) -> None:
    """Write the verifier key line to a file (to hand out: verifiers pin it with --key)."""
    settings = Settings()
    try:
        key = load_key(settings.keys_path, settings.ledger_origin)
    except (FileNotFoundError, KeyFormatError) as exc:
        err.print(f"không đọc được khóa (cannot read the key): {exc}")
        raise typer.Exit(2) from None
    out_file.write_text(key.verifier.to_text() + "\n", encoding="utf-8")
    say(f"Đã ghi khóa công khai vào {out_file} ({key.verifier.to_text()})")


# socai ledger -------------------------------------------------------------------------------------


@ledger_app.command("rebuild-tree")
def rebuild_tree() -> None:
    """Drop the stored subtree hashes and recompute them from the leaf hashes."""
    with office_session() as office:
        head = office.tree.log_size()
        with _progress() as progress:
            task = progress.add_task("Dựng lại cây Merkle", total=head or 1)
            size = office.tree.rebuild(
                progress=lambda done, total: progress.update(task, completed=done, total=total)
            )
        out.print(f"Đã dựng lại cây Merkle đến {size} lá (rebuilt the tree to size {size})")


@ledger_app.command("status")
def status() -> None:
    """The log's size, how far the stored tree reaches, and the latest checkpoint."""
    with office_session() as office:
        latest = office.checkpoints.latest()
        out.print(f"log size: {office.tree.log_size()}\nstored tree: {office.tree.size()}")
        if latest is None:
            out.print("no checkpoint yet")
        else:
            out.print(f"latest checkpoint: #{latest.version}, size {latest.tree_size}, "
                      f"signed {latest.signed_at.isoformat()}")


# socai verify -------------------------------------------------------------------------------------


def _progress() -> Progress:
    return Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                    TaskProgressColumn(), TimeRemainingColumn(), console=err, transient=False)


def verify(
    key_file: Path | None = typer.Option(None, "--key", help="the office's verifier key file to "
                                         "pin (default: SOCAI_KEY_DIR/ledger-ed25519.pub)"),
    since: int | None = typer.Option(None, "--since", min=0, help="start after a checkpoint of "
                                     "this tree size, verified before (docs/verifying.md §9)"),
    checkpoints: list[Path] = typer.Option([], "--checkpoint", help="a signed checkpoint kept "
                                           "outside (repeatable): it must be covered by the log"),
    jobs: int | None = typer.Option(None, "--jobs", min=1, help="processes (default: CPUs)"),
    record: bool = typer.Option(True, "--record/--no-record", help="record the run in the log, "
                                "as the system actor verifier (--no-record: a read-only copy)"),
) -> None:
    """Check the whole store from its raw rows; exit 0 only if everything holds."""
    started = datetime.now(UTC)
    settings = Settings()
    configure_logging(json=settings.log_format == "json", level="WARNING")
    try:
        key, origin = pinned_key(settings, key_file)
    except UnreadableKey as exc:
        err.print(f"[red]không đọc được khóa tin cậy[/red] ({exc})")
        raise typer.Exit(2) from None
    say(f"Khóa tin cậy (pinned key): {key.to_text() if key else 'none'}")
    say(f"  {origin}")
    external = []
    witness = witness_path(settings.data_dir)
    if witness.exists():
        external.append(ExternalCheckpoint(f"the witness file {witness}", witness.read_bytes()))
    else:
        say(f"  note: no witness file at {witness}")
    for path in checkpoints:
        try:
            external.append(ExternalCheckpoint(f"the checkpoint file {path}", path.read_bytes()))
        except OSError as exc:
            err.print(f"không đọc được {path} (cannot read it): {exc}")
            raise typer.Exit(2) from None
    with store_faults_reported(settings):
        store = open_store(settings)
    try:
        statements = check_statements(store.db, key)
        external, declared = set_aside_declared(external, statements, key)
        with _progress() as progress, store_faults_reported(settings):
            task = progress.add_task("Kiểm tra nhật ký (verifying)", total=None)
            report = verify_store(
                store.db, target_for(settings), key, since=since, external=external, jobs=jobs,
                progress=lambda done, total: progress.update(task, completed=done, total=total),
            )
    except VerifyUsageError as exc:
        err.print(f"[red]không thể kiểm tra[/red] (cannot verify): {exc}")
        raise typer.Exit(2) from None
    finally:
        store.close()
    extra = [*add_statements(report, statements), *declared]
    unsigned = no_checkpoint_line(report)
    print_report(report, [*extra, unsigned] if unsigned else extra)
    if record:
        record_run(settings, report, started)
    raise typer.Exit(0 if report.ok else 1)


def record_run(settings: Settings, report: Report, started: datetime) -> None:
    """Record the run as an event of the system actor ``verifier`` (the metrics and the console
    show the last one). A store that takes no write now leaves the run unrecorded, said in one
    line; the exit status is the verification's."""
    fault = report.fault
    body = {"started_at": started, "since": report.start, "tree_size": report.size,
            "checked": report.checked, "checkpoints": report.checkpoints,
            "first_bad_position": fault.position if fault is not None else None,
            "problems": len(report.faults)}
    try:
        office = open_office(settings)
        try:
            done = run_command(office, system_actor(office, "verifier"), "ledger.verification",
                               body=body)
        finally:
            office.close()
    except (StoreFault, DomainError, Problem) as exc:
        err.print(f"  lần kiểm tra chưa được ghi vào nhật ký (the run was not recorded: "
                  f"{type(exc).__name__})", markup=False, highlight=False)
        return
    say(f"  recorded at position {done.body['position']} (as verifier)")


def print_report(report: Report, notes: Sequence[str] = ()) -> None:
    """Print the outcome: the first fault, or what was verified (and ``notes``)."""
    fault = report.fault
    if fault is not None:
        where = f"vị trí {fault.position} (position {fault.position})" if fault.position else \
            "(no position)"
        say(f"LỖI tại {where}: {fault.message}")
        say(f"FAILED at position {fault.position}" if fault.position else "FAILED")
        extra = len(report.faults) - 1
        if extra:
            say(f"  ({extra} more problem(s) found after it)")
        return
    rate = report.checked / report.seconds if report.seconds else 0.0
    first = report.start + 1
    say(f"ĐÃ KIỂM TRA (verified): positions {first}..{report.size} ({report.checked} events) "
        f"in {report.seconds:.2f} s ({rate:,.0f} events/s, {report.jobs} process(es))")
    if report.last_checkpoint is not None:
        c = report.last_checkpoint
        say(f"  checkpoints: {report.checkpoints} verified; the last covers {c.size} events, "
            f"root {b64encode(c.root_hash)}")
    for line in report.external:
        say(f"  covered by the log: {line}")
    for warning in report.warnings:
        say(f"  warning: {warning}")
    for line in notes:
        say(f"  {line}")
    say("OK")


# Bundles ------------------------------------------------------------------------------------------


def export_bundle_command(
    record: UUID = typer.Option(..., "--record", help="the record's id"),
    out_file: Path | None = typer.Option(None, "--out", help="file to write (default: stdout)"),
) -> None:
    """Write one record's offline bundle (events, inclusion proofs, signed checkpoint, key)."""
    with office_session() as office:
        key = office.signing_key()
        bundle = export_bundle(
            db=office.store.db, tree=office.tree, checkpoints=office.checkpoints,
            signer=office.signer, sign_as=lambda: signer_context(office), verifier=key.verifier,
            record_id=record,
        )
    data = dump_bundle(bundle)
    if out_file is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    out_file.write_bytes(data)
    err.print(f"Đã ghi {len(bundle['events'])} sự kiện của hồ sơ {record} vào {out_file}, "
              f"chứng minh theo điểm kiểm tra {bundle['tree_size']} sự kiện")


def verify_bundle_command(
    bundle: Path = typer.Argument(..., help="the bundle JSON file"),
    key_file: Path | None = typer.Option(None, "--key", help="the office's verifier key file "
                                         "(default: the configured one if present)"),
) -> None:
    """Check a bundle (or a case file) offline; exit 0 verified, 1 refused, 2 unreadable input."""
    settings = Settings()
    configured = settings.keys_path / PUBLIC_KEY_FILE
    path = key_file or (configured if configured.exists() else None)
    try:
        data = bundle.read_bytes()
        key = read_verifier_key(path) if path is not None else None
    except (OSError, UnicodeDecodeError, KeyFormatError) as exc:
        err.print(f"error: {exc}")
        raise typer.Exit(2) from None
    if is_case_file(data):  # a case file (docs/verifying.md §7.1) is checked as such
        from api.cli.inspection import check_case_file

        check_case_file(data, key, path, pinned_by_option=key_file is not None)
        return
    try:
        report = verify_bundle(data, key)
    except BundleRejected as exc:
        say(f"REFUSED: {exc}")
        raise typer.Exit(1) from None
    for line in report.lines():
        say(line)
    if path is not None:
        say(f"pinned key from {path}{' (--key)' if key_file else ' (configured)'}")
