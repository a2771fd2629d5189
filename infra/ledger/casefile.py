"""Case files for the inspection commission (docs/verifying.md §7.1): format, seal, offline check.

A case file holds the events of several records (one petition and its access log, a directive and
its assignments, a unit's or a period's records), each proven against one signed checkpoint exactly
as in a record bundle (§7), and beside them what the office derived from them: register rows, the
deadline findings, a readable history and an HTML report. The derived parts cannot be recomputed
by a verifier without our code, so the office **seals** the whole case file: a signed note, by the
same key as the checkpoints, over the SHA-256 of the canonical content and of the report. A case
file verifies when the seal holds, every record's events verify as a bundle, and every readable
history line says what its proven event says (actor, business time, reason, type: the event's
stable name, or its class path in case files issued before events had names).

Standard library and `cryptography` only, like `infra.ledger.verifier`, whose command line checks
case files too: ``python -m infra.ledger.verifier CASE_FILE [--key OFFICE.pub]``.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from infra.ledger.bundle import FORMAT as BUNDLE_FORMAT
from infra.ledger.encoding import b64decode, b64encode
from infra.ledger.note import KeyFormatError, NoteError, VerifierKey, open_checkpoint, open_note
from infra.ledger.note import sign_note as _sign_note
from infra.ledger.topics import history_types
from infra.ledger.verifier import BundleRejected, verify_bundle

FORMAT: Final = "socai-case-file/1"
JSON_NAME: Final = "case-file.json"
REPORT_NAME: Final = "report.html"
PDF_NAME: Final = "report.pdf"

_WRAPPER = frozenset({"format", "content", "report_html", "seal"})
_WRAPPER_WITH_PDF = _WRAPPER | {"report_pdf"}
_CONTENT = frozenset({"origin", "public_key", "subject", "at_position", "as_of", "on",
                      "generated_at", "generated_by", "checkpoint", "tree_size", "records",
                      "registers", "deadlines"})
_RECORD = frozenset({"record_id", "kind", "label", "events", "history"})
#: Optional: how many records of the subject were left out for the reader's clearance.
_LEFT_OUT = frozenset({"records", "reason"})
_CHECKED = ("actor", "business_time", "reason")


class CaseFileRejected(Exception):
    """The case file does not verify; the message says what is wrong and where."""


def canonical(content: Any) -> bytes:
    """The bytes the seal covers: JSON with keys sorted, no insignificant space, UTF-8 text
    unescaped (RFC 8785 for values without floating-point numbers, which content never has)."""
    _no_floats(content)
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def _no_floats(value: Any, where: str = "content") -> None:
    if isinstance(value, float):
        raise ValueError(f"{where}: a case file holds no floating-point number")
    if isinstance(value, Mapping):
        for k, v in value.items():
            _no_floats(v, f"{where}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _no_floats(v, f"{where}[{i}]")


def digest(data: bytes) -> str:
    return b64encode(hashlib.sha256(data).digest())


def seal_text(origin: str, content: Any, report_html: str, report_pdf: bytes | None = None
              ) -> str:
    """The text the office signs: the format, the origin, the digests of content and report,
    and of the report printed to PDF when there is one."""
    text = (f"{FORMAT}\n{origin}\n{digest(canonical(content))}\n"
            f"{digest(report_html.encode('utf-8'))}\n")
    return text if report_pdf is None else text + f"{digest(report_pdf)}\n"


def seal(content: Mapping[str, Any], report_html: str, private_key: Ed25519PrivateKey,
         report_pdf: bytes | None = None) -> dict[str, Any]:
    """The case file: content and report (and its PDF print, if any) sealed with the office key
    (named for the origin)."""
    origin = str(content["origin"])
    note = _sign_note(seal_text(origin, content, report_html, report_pdf), origin, private_key)
    case = {"format": FORMAT, "content": dict(content), "report_html": report_html, "seal": note}
    if report_pdf is not None:
        case["report_pdf"] = b64encode(report_pdf)
    return case


def dump_json(case: Mapping[str, Any]) -> bytes:
    return json.dumps(case, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


def dump_zip(case: Mapping[str, Any]) -> bytes:
    """A zip of the case file (``case-file.json``) and copies of its report (``report.html`` to
    open in a browser, ``report.pdf`` when the office printed one); a verifier checks that the
    copies are the sealed ones."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(JSON_NAME, dump_json(case))
        z.writestr(REPORT_NAME, str(case["report_html"]).encode("utf-8"))
        if "report_pdf" in case:
            z.writestr(PDF_NAME, b64decode(str(case["report_pdf"])))
    return buffer.getvalue()


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise CaseFileRejected("the JSON repeats a key inside one object")
    return obj


def load(data: bytes) -> Mapping[str, Any]:
    """The case file from its JSON bytes, or from a zip holding ``case-file.json``; a zip's copies
    of the report must be the ones inside the case file (which the seal covers), and it holds
    nothing else."""
    copies: dict[str, bytes] = {}
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = z.namelist()
                if len(set(names)) != len(names):
                    raise CaseFileRejected("the zip holds two members of the same name")
                extra = sorted(set(names) - {JSON_NAME, REPORT_NAME, PDF_NAME})
                if extra:
                    raise CaseFileRejected(f"the zip holds files that are not part of a case "
                                           f"file: {extra}")
                data = z.read(JSON_NAME)
                copies = {n: z.read(n) for n in (REPORT_NAME, PDF_NAME) if n in names}
        except (zipfile.BadZipFile, KeyError, OSError) as exc:
            raise CaseFileRejected(f"not a case-file zip: {exc}") from None
    try:
        obj = json.loads(data.decode("utf-8"), object_pairs_hook=_reject_duplicate_keys)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CaseFileRejected(f"not a UTF-8 JSON document: {exc}") from None
    if not isinstance(obj, Mapping):
        raise CaseFileRejected("a case file is a JSON object")
    _check_copies(obj, copies)
    return obj


def _check_copies(obj: Mapping[str, Any], copies: Mapping[str, bytes]) -> None:
    """The zip's ``report.html`` and ``report.pdf`` are the case file's own (what a reader opens
    is what the seal covers)."""
    if REPORT_NAME in copies:
        html = obj.get("report_html")
        if not isinstance(html, str) or copies[REPORT_NAME] != html.encode("utf-8"):
            raise CaseFileRejected(f"{REPORT_NAME} in the zip is not the case file's report: it "
                                   "was altered or replaced")
    pdf = obj.get("report_pdf")
    if PDF_NAME in copies:
        try:
            same = isinstance(pdf, str) and copies[PDF_NAME] == b64decode(pdf)
        except ValueError:
            same = False
        if not same:
            raise CaseFileRejected(f"{PDF_NAME} in the zip is not the case file's PDF report: it "
                                   "was altered, replaced or added")


def is_case_file(data: bytes) -> bool:
    """Whether the bytes hold a case file (not a record bundle): a zip, or JSON of this format."""
    try:
        return load(data).get("format") == FORMAT
    except CaseFileRejected:
        return False


def _fields(obj: Any, required: frozenset[str], where: str) -> Mapping[str, Any]:
    if not isinstance(obj, Mapping):
        raise CaseFileRejected(f"{where} is not an object")
    if set(obj) != required:
        missing, unknown = sorted(required - set(obj)), sorted(set(obj) - required)
        raise CaseFileRejected(f"{where}: missing {missing}, unknown {unknown}")
    return obj


def _typed(obj: Mapping[str, Any], name: str, kind: type, where: str) -> Any:
    value = obj[name]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise CaseFileRejected(f"{where}: {name!r} must be of type {kind.__name__}")
    return value


@dataclass(frozen=True)
class CaseFileReport:
    """What a verified case file proves."""

    origin: str
    subject: Mapping[str, Any]
    at_position: int
    tree_size: int
    records: int
    events: int
    key: VerifierKey
    key_pinned: bool
    pdf: bool = False

    def lines(self) -> list[str]:
        s = self.subject
        what = s.get("id") or f"{s.get('from')}..{s.get('to')}"
        out = [
            f"verified: case file on {s.get('kind')} {what} as of position {self.at_position}",
            f"{self.events} events of {self.records} records, each proven against the checkpoint "
            f"of {self.origin} of size {self.tree_size}",
            "registers, deadline findings and report" + (" (HTML and PDF)" if self.pdf else "")
            + ": sealed by the office key, unchanged",
            f"key: {self.key.to_text()}",
        ]
        if not self.key_pinned:
            out.append("WARNING: the key was NOT pinned: it came inside the case file, so this "
                       "shows only that it is self-consistent. Pass the office's key with --key.")
        return out


def verify_case_file(case: Mapping[str, Any] | bytes, pinned_key: VerifierKey | None
                     ) -> CaseFileReport:
    """Check a case file (docs/verifying.md §7.1); raise `CaseFileRejected` naming the fault."""
    obj = load(case) if isinstance(case, bytes) else case
    if not isinstance(obj, Mapping) or obj.get("format") != FORMAT:
        raise CaseFileRejected(f"format is not {FORMAT!r}")
    wrapper = _fields(obj, _WRAPPER_WITH_PDF if "report_pdf" in obj else _WRAPPER, "case file")
    raw_content = wrapper["content"]
    optional = _CONTENT | {"left_out"} if isinstance(raw_content, Mapping) and \
        "left_out" in raw_content else _CONTENT
    content = _fields(raw_content, optional, "content")
    if "left_out" in content:
        left_out = _fields(content["left_out"], _LEFT_OUT, "content.left_out")
        if _typed(left_out, "records", int, "content.left_out") < 1:
            raise CaseFileRejected("content.left_out: 'records' must be at least 1")
        _typed(left_out, "reason", str, "content.left_out")
    report_html = _typed(wrapper, "report_html", str, "case file")
    report_pdf = None
    if "report_pdf" in wrapper:
        try:
            report_pdf = b64decode(_typed(wrapper, "report_pdf", str, "case file"))
        except ValueError:
            raise CaseFileRejected("case file: 'report_pdf' is not base64") from None
    origin = _typed(content, "origin", str, "content")
    try:
        embedded = VerifierKey.parse(_typed(content, "public_key", str, "content"))
    except KeyFormatError as exc:
        raise CaseFileRejected(f"content: public_key: {exc}") from None
    key = pinned_key or embedded
    if key.name != origin:
        raise CaseFileRejected(f"the case file's origin {origin!r} is not the key's name "
                               f"{key.name!r}")
    tree_size = _typed(content, "tree_size", int, "content")
    at = _typed(content, "at_position", int, "content")
    try:
        checkpoint = open_checkpoint(_typed(content, "checkpoint", str, "content"), key)
    except NoteError as exc:
        raise CaseFileRejected(f"checkpoint: {exc}") from None
    if checkpoint.size != tree_size:
        raise CaseFileRejected(f"tree_size {tree_size} is not the checkpoint's {checkpoint.size}")
    records = _typed(content, "records", list, "content")
    if not records:
        raise CaseFileRejected("the case file holds no record")
    seen: set[str] = set()
    events = 0
    for i, raw in enumerate(records):
        rec = _fields(raw, _RECORD, f"records[{i}]")
        rid = _typed(rec, "record_id", str, f"records[{i}]")
        if rid in seen:
            raise CaseFileRejected(f"record {rid} appears twice")
        seen.add(rid)
        events += _check_record(rec, rid, content, key, at)
    # Last, what only the office could have written: registers, findings, report.
    _check_seal(_typed(wrapper, "seal", str, "case file"), key, origin, content, report_html,
                report_pdf)
    return CaseFileReport(origin, _typed(content, "subject", dict, "content"), at, tree_size,
                          len(records), events, key, pinned_key is not None,
                          report_pdf is not None)


def _check_seal(note: str, key: VerifierKey, origin: str, content: Mapping[str, Any],
                report_html: str, report_pdf: bytes | None) -> None:
    try:
        text = open_note(note, key)
    except NoteError as exc:
        raise CaseFileRejected(f"seal: {exc}") from None
    try:
        expected = seal_text(origin, content, report_html, report_pdf)
    except ValueError as exc:
        raise CaseFileRejected(str(exc)) from None
    if text == expected:
        return
    got, want = text.split("\n"), expected.split("\n")
    what = {0: "format", 1: "origin", 2: "content (records, registers, findings)",
            3: "report", 4: "PDF report"}
    for i, name in what.items():
        if i == 2 and len(got) != len(want):  # five lines with a PDF, four without
            raise CaseFileRejected("seal: the PDF report was removed or added after the office "
                                   "sealed the case file")
        if i < len(want) and (i >= len(got) or got[i] != want[i]):
            raise CaseFileRejected(f"seal: the {name} was altered after the office sealed it "
                                   "(its digest differs)")
    raise CaseFileRejected("seal: the sealed text is not a case-file seal")


def _check_record(rec: Mapping[str, Any], rid: str, content: Mapping[str, Any],
                  key: VerifierKey, at: int) -> int:
    events = _typed(rec, "events", list, f"record {rid}")
    history = _typed(rec, "history", list, f"record {rid}")
    bundle = {"format": BUNDLE_FORMAT, "origin": content["origin"],
              "public_key": content["public_key"], "record_id": rid,
              "checkpoint": content["checkpoint"], "tree_size": content["tree_size"],
              "events": events}
    try:
        verify_bundle(bundle, key)
    except BundleRejected as exc:
        raise CaseFileRejected(f"record {rid}: {exc}") from None
    if len(history) != len(events):
        raise CaseFileRejected(f"record {rid}: {len(history)} history lines for {len(events)} "
                               "events")
    for event, line in zip(events, history, strict=True):
        _check_line(rid, event, line, at)
    return len(events)


def _check_line(rid: str, event: Mapping[str, Any], line: Any, at: int) -> None:
    """A readable history line says what its (proven) event says."""
    position = event["position"]
    where = f"record {rid}, event at position {position}"
    if position > at:
        raise CaseFileRejected(f"{where}: after the case file's position {at}")
    if not isinstance(line, Mapping) or line.get("position") != position or \
            line.get("version") != event["version"]:
        raise CaseFileRejected(f"{where}: the history line is for another event")
    try:
        payload = json.loads(b64decode(event["payload"]).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise CaseFileRejected(f"{where}: the payload is not JSON") from None
    if line.get("type") not in history_types(str(event["topic"])):
        raise CaseFileRejected(f"{where}: the history line's type is not the event's topic")
    for name in _CHECKED:
        if line.get(name) != payload.get(name):
            raise CaseFileRejected(f"{where}: the history line's {name} differs from the event")
