"""The readable report of a case file (báo cáo hồ sơ kiểm tra): one self-contained HTML page in
Vietnamese, made from the case file's content only, so that what it says is what is sealed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from html import escape
from typing import Any

STATES = {"met": "Đúng hạn", "missed": "Trễ hạn", "overdue": "Quá hạn", "open": "Trong hạn",
          "suspended": "Tạm đình chỉ", "cancelled": "Đã hủy", None: "Không xác định"}
SUBJECTS = {"petition": "Đơn thư", "directive": "Văn bản chỉ đạo", "unit": "Đơn vị",
            "period": "Thời kỳ"}
REGISTERS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "directive_register": ("Sổ theo dõi văn bản chỉ đạo", (
        ("number_symbol", "Số, ký hiệu"), ("issued_on", "Ngày ban hành"), ("title", "Trích yếu"),
        ("status", "Trạng thái"), ("units", "Đơn vị thực hiện"))),
    "assignment_tracker": ("Theo dõi nhiệm vụ", (
        ("number_symbol", "Văn bản"), ("task", "Nhiệm vụ"), ("lead_unit", "Đơn vị chủ trì"),
        ("deadline", "Hạn"), ("extensions", "Số lần gia hạn"), ("status", "Trạng thái"),
        ("completed_on", "Ngày hoàn thành"), ("days_late", "Số ngày trễ"))),
    "petition_register": ("Sổ tiếp nhận, xử lý đơn thư", (
        ("book_no", "Số vào sổ"), ("received_on", "Ngày nhận"), ("entered_on", "Ngày vào sổ"),
        ("petitioner", "Người gửi (bí danh)"), ("summary", "Trích yếu"),
        ("petition_class", "Phân loại"), ("handling_unit", "Đơn vị giải quyết"),
        ("status", "Trạng thái"))),
    "petition_deadlines": ("Thời hạn đơn thư", (
        ("petition_id", "Đơn"), ("deadline_key", "Thời hạn"), ("rule_code", "Quy tắc"),
        ("due", "Hạn"), ("done_on", "Ngày thực hiện"))),
}
STYLE = """body{font-family:"Times New Roman",serif;margin:2em;line-height:1.4}
table{border-collapse:collapse;margin:.5em 0 1.5em;width:100%}th,td{border:1px solid #888;
padding:3px 6px;vertical-align:top;font-size:.92em}th{background:#eee}h1{text-align:center}
.late{color:#a00;font-weight:bold}.note{color:#555;font-size:.9em}"""


def _e(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            pass
    return escape(str(value))


def _when(us: int | None) -> str:
    if us is None:
        return ""
    return datetime.fromtimestamp(us / 1e6, UTC).strftime("%d/%m/%Y %H:%M:%S UTC")


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _who(actor: Mapping[str, Any] | None) -> str:
    if not actor:
        return ""
    return f"{_e(actor.get('username'))} ({_e(actor.get('role'))}, {_e(actor.get('unit'))})"


def _subject(content: Mapping[str, Any]) -> str:
    s = content["subject"]
    if s["kind"] == "period":
        return f"Thời kỳ từ {_e(s['from'])} đến {_e(s['to'])}"
    return f"{SUBJECTS.get(s['kind'], s['kind'])} {_e(s['id'])}"


def _clock(finding: Mapping[str, Any]) -> str:
    parts = [f"Gia hạn đến {_e(x.get('to_due'))}: {_e(x.get('reason'))}"
             for x in finding.get("extensions") or []]
    parts += [f"Tạm đình chỉ từ {_e(p.get('suspended_on'))}"
              + (f" đến {_e(p.get('resumed_on'))}" if p.get("resumed_on") else "")
              + f": {_e(p.get('reason'))}" for p in finding.get("pauses") or []]
    return "<br>".join(parts)


def _findings(findings: Sequence[Mapping[str, Any]]) -> str:
    if not findings:
        return "<p>Không có thời hạn nào trong hồ sơ.</p>"
    rows = []
    for f in findings:
        rule = f.get("rule") or {}
        state = STATES.get(f.get("state"), str(f.get("state")))
        late = f.get("state") in ("missed", "overdue")
        rows.append([
            _e(f["label"]), _e(f["title"]),
            _e(rule.get("name_vi") or rule.get("code")) + (
                f"<br><span class='note'>{_e(rule.get('legal_source'))}</span>" if rule else ""),
            _e(f.get("original_due")), _e(f.get("due")), _e(f.get("done_on")),
            f"<span class='{'late' if late else ''}'>{escape(state)}</span>",
            _e(f.get("days_late") or ""), _clock(f) or _e(f.get("problem")),
        ])
    return _table(("Hồ sơ", "Thời hạn", "Căn cứ", "Hạn ban đầu", "Hạn", "Ngày thực hiện",
                   "Kết quả", "Số ngày trễ", "Gia hạn, tạm đình chỉ (lý do)"), rows)


def _record(rec: Mapping[str, Any]) -> str:
    rows = [[_e(h["position"]), _e(h["version"]), _when(h.get("recorded_time_us")),
             _e(h.get("business_on")), _who(h.get("actor")), _e(h.get("summary")),
             _e(h.get("reason"))] for h in rec["history"]]
    title = f"{_e(rec.get('kind'))} {_e(rec.get('label') or '')} <span class='note'>" \
            f"({_e(rec['record_id'])})</span>"
    return f"<h3>{title}</h3>" + _table(
        ("Vị trí", "Phiên bản", "Thời điểm ghi sổ", "Ngày nghiệp vụ", "Người thực hiện",
         "Nội dung", "Lý do"), rows)


def _registers(registers: Mapping[str, Sequence[Mapping[str, Any]]]) -> str:
    out = []
    for name, (title, columns) in REGISTERS.items():
        rows = registers.get(name) or []
        if rows:
            out.append(f"<h3>{escape(title)}</h3>" + _table(
                [label for _, label in columns],
                [[_e(r.get(k)) for k, _ in columns] for r in rows]))
    return "".join(out) or "<p>Không có dòng sổ nào.</p>"


def _left_out(left_out: Mapping[str, Any] | None) -> str:
    """What the reader's clearance kept out of the case file: a count, never a name."""
    if not left_out:
        return ""
    return (f"<p><b>Lưu ý:</b> {_e(left_out.get('records'))} hồ sơ thuộc phạm vi trích xuất không "
            "được đưa vào hồ sơ kiểm tra này vì vượt quá mức độ mật được tiếp cận của người lập "
            "(tại thời điểm trích xuất hoặc hiện nay).</p>")


def render(content: Mapping[str, Any]) -> str:
    """The report of a case file's content, in Vietnamese."""
    findings = content["deadlines"]
    counts = {k: sum(1 for f in findings if f.get("state") == k) for k in STATES if k}
    events = sum(len(r["events"]) for r in content["records"])
    summary = ", ".join(f"{STATES[k].lower()}: {n}" for k, n in counts.items() if n) or "không có"
    as_of = f" (thời điểm ghi sổ đến {_e(content['as_of'])})" if content.get("as_of") else ""
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Hồ sơ kiểm tra: {_subject(content)}</title>
<style>{STYLE}</style></head><body>
<h1>HỒ SƠ KIỂM TRA</h1>
<p style="text-align:center"><b>{_subject(content)}</b></p>
<p>Trích xuất từ Sổ Cái của <b>{_e(content['origin'])}</b>, dữ liệu tại vị trí nhật ký
<b>{_e(content['at_position'])}</b>{as_of}. Ngày đánh giá thời hạn: <b>{_e(content['on'])}</b>.
Lập lúc {_e(content['generated_at'])} bởi {_e(content['generated_by'])}.</p>
<p>Gồm {len(content['records'])} hồ sơ, {events} sự kiện, mỗi sự kiện có chứng minh thuộc nhật ký
theo điểm kiểm tra đã ký gồm {_e(content['tree_size'])} sự kiện. Thời hạn: {escape(summary)}.</p>
{_left_out(content.get("left_out"))}
<h2>1. Kết quả kiểm tra thời hạn</h2>{_findings(findings)}
<h2>2. Diễn biến từng hồ sơ</h2>{"".join(_record(r) for r in content['records'])}
<h2>3. Sổ sách tại thời điểm trích xuất</h2>{_registers(content['registers'])}
<h2>4. Cách kiểm chứng</h2>
<p>Tệp hồ sơ (<code>case-file.json</code>) được niêm phong bằng khóa của văn phòng. Kiểm chứng
không cần mạng, không cần cơ sở dữ liệu:
<code>socai verify-case-file case-file.json --key ledger-ed25519.pub</code> (hoặc
<code>python -m infra.ledger.verifier</code>), với khóa công khai nhận trực tiếp từ văn phòng.
Định dạng: docs/verifying.md §7.1. Danh tính người gửi đơn không có trong hồ sơ (chỉ bí danh).</p>
<p class="note">Điểm kiểm tra:</p><pre class="note">{escape(content['checkpoint'])}</pre>
</body></html>
"""
