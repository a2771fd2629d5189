"""Demo reference data: the units, issuers, document types and terms of a provincial office."""

from __future__ import annotations

from datetime import date

from api.bootstrap import Office
from domain.actors import Role, Secrecy
from domain.records import Context
from domain.reference.model import NumberingSystem

NS = NumberingSystem

UNITS = [
    ("VP", "Văn phòng Tỉnh ủy"),
    ("BTC", "Ban Tổ chức Tỉnh ủy"),
    ("UBKT", "Ủy ban Kiểm tra Tỉnh ủy"),
    ("BTGDV", "Ban Tuyên giáo và Dân vận Tỉnh ủy"),
    ("BNC", "Ban Nội chính Tỉnh ủy"),
    ("BCS-UBND", "Ban cán sự đảng UBND tỉnh"),
    ("DU-CQD", "Đảng ủy các cơ quan Đảng tỉnh"),
    ("DU-UBND", "Đảng ủy UBND tỉnh"),
    ("DU-BDBP", "Đảng ủy Bộ đội Biên phòng tỉnh"),
    ("DU-CA", "Đảng ủy Công an tỉnh"),
    ("DU-PTB", "Đảng ủy phường Tân Bình"),
    ("DU-XHP", "Đảng ủy xã Hòa Phú"),
    ("DU-XSL", "Đảng ủy xã Suối Lư"),
    ("SO-NV", "Sở Nội vụ"),
    ("SO-TC", "Sở Tài chính"),
]

ISSUERS = [
    ("TU", "Tỉnh ủy", NS.PARTY, "TU"),
    ("VPTU", "Văn phòng Tỉnh ủy", NS.PARTY, "VPTU"),
    ("UBKTTU", "Ủy ban Kiểm tra Tỉnh ủy", NS.PARTY, "UBKTTU"),
    ("BTCTU", "Ban Tổ chức Tỉnh ủy", NS.PARTY, "BTCTU"),
    ("UBND", "Ủy ban nhân dân tỉnh", NS.STATE, "UBND"),
]

_ALWAYS = date(2000, 1, 1)

#: code, name, directive?, [(system, symbol, effective from)]
DOCUMENT_TYPES: list[tuple[str, str, bool, list[tuple[NS, str, date]]]] = [
    ("NQ", "Nghị quyết", True, [(NS.PARTY, "NQ", _ALWAYS), (NS.STATE, "NQ", _ALWAYS)]),
    ("CT", "Chỉ thị", True, [(NS.PARTY, "CT", _ALWAYS), (NS.STATE, "CT", _ALWAYS)]),
    ("KL", "Kết luận", True, [(NS.PARTY, "KL", _ALWAYS)]),
    ("QD", "Quyết định", True, [(NS.PARTY, "QĐ", _ALWAYS), (NS.STATE, "QĐ", _ALWAYS)]),
    # Quy định was QĐi in 2018–19 and shares QĐ with quyết định from 2021 (Hướng dẫn 36, 2018).
    ("QDI", "Quy định", True, [(NS.PARTY, "QĐi", date(2018, 1, 1)),
                                (NS.PARTY, "QĐ", date(2021, 1, 1))]),
    ("TT", "Thông tri", True, [(NS.PARTY, "TT", _ALWAYS)]),
    ("HD", "Hướng dẫn", True, [(NS.PARTY, "HD", _ALWAYS), (NS.STATE, "HD", _ALWAYS)]),
    ("TB", "Thông báo", True, [(NS.PARTY, "TB", _ALWAYS), (NS.STATE, "TB", _ALWAYS)]),
    ("KH", "Kế hoạch", True, [(NS.PARTY, "KH", _ALWAYS), (NS.STATE, "KH", _ALWAYS)]),
    ("CTR", "Chương trình", True, [(NS.PARTY, "CTr", _ALWAYS), (NS.STATE, "CTr", _ALWAYS)]),
    ("CV", "Công văn", False, [(NS.PARTY, "CV", _ALWAYS), (NS.STATE, "CV", _ALWAYS)]),
    ("BC", "Báo cáo", False, [(NS.PARTY, "BC", _ALWAYS), (NS.STATE, "BC", _ALWAYS)]),
    ("TTR", "Tờ trình", False, [(NS.PARTY, "TTr", _ALWAYS), (NS.STATE, "TTr", _ALWAYS)]),
    ("GM", "Giấy mời", False, [(NS.PARTY, "GM", _ALWAYS), (NS.STATE, "GM", _ALWAYS)]),
    ("BB", "Biên bản", False, [(NS.PARTY, "BB", _ALWAYS), (NS.STATE, "BB", _ALWAYS)]),
]

TERMS = [
    ("2020-2025", "Nhiệm kỳ 2020–2025", date(2020, 10, 15), date(2025, 10, 14)),
    ("2025-2030", "Nhiệm kỳ 2025–2030", date(2025, 10, 15), date(2030, 10, 14)),
]

#: username, display name, role, unit, clearance
USERS = [
    ("vanthu", "Lò Thị Thu (văn thư)", Role.CLERK, "VP", Secrecy.MAT),
    ("chuyenvien", "Đặng Văn Minh (chuyên viên)", Role.SPECIALIST, "VP", Secrecy.MAT),
    ("lanhdao", "Hoàng Thị Ngọc (Chánh Văn phòng)", Role.LEADER, "VP", Secrecy.TOI_MAT),
    ("kiemtra", "Vàng A Sáng (UBKT)", Role.INSPECTOR, "UBKT", Secrecy.TOI_MAT),
    ("kiemtoan", "Phạm Quốc Bảo (kiểm toán)", Role.AUDITOR, "UBKT", Secrecy.MAT),
    ("quantri", "Trịnh Văn Hải (quản trị)", Role.ADMIN, "VP", Secrecy.NONE),
]


def load_reference(office: Office, ctx: Context) -> None:
    """Define the demo's units, issuers, document types and committee terms."""
    for code, name in UNITS:
        office.reference.define_unit(ctx, code=code, name=name)
    for code, name, system, abbreviation in ISSUERS:
        office.reference.define_issuer(ctx, code=code, name=name, system=system,
                                       abbreviation=abbreviation)
    for code, name, directive, symbols in DOCUMENT_TYPES:
        office.reference.define_document_type(ctx, code=code, name=name, directive=directive,
                                              symbols=symbols)
    for code, name, starts_on, ends_on in TERMS:
        office.reference.define_term(ctx, code=code, name=name, starts_on=starts_on,
                                     ends_on=ends_on)
