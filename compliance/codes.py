"""The catalogue of the contract's codes: each gap, status and kind once, with its words.

A family is one column's vocabulary in findings.csv (CONTRACT section 5): ``gap``, ``apology``,
``desk``, ``web``, ``overdue_kind``, ``letter_match``; ``web_unit`` (the outcome of one unit's
website check, the ``status`` of the run's web units); and ``reject`` (rejects.csv ``code``: why
a row is not analysed) and ``warning`` (the keys of summary.json ``warnings``). Everything a reader sees of a code (its
label in a table, its phrase in a sentence, what the unit must do) is worded here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

#: ok: the duty was met; info: nothing to judge; warning: a person should look, never flags a
#: unit on its own; error: a duty not met, flags the unit.
SEVERITIES = ("ok", "info", "warning", "error")
#: Whose doing a warning or an error is: the unit's, or the checker's (our check failed, or the
#: configuration lacks what it needs). '' when nothing is wrong.
FAULTS = ("unit", "checker")

_APOLOGY_DUTY = "Nghị định 61/2018/NĐ-CP (từ 1/7/2025: Nghị định 118/2025/NĐ-CP)"
_POSTING_DUTY = "Chỉ thị 18/CT-UBND tỉnh Đắk Lắk (28/12/2016)"
_ASK_LINK = "đề nghị cung cấp đường dẫn đăng tải"


@dataclass(frozen=True)
class Code:
    """One code of the contract and its words."""

    code: str
    #: Vietnamese label, as a report's table shows it
    vi: str
    en: str
    severity: str
    fault: str = ""
    #: lower-case Vietnamese, to read inside a sentence ('<phrase>: 02 hồ sơ')
    phrase: str = ""
    #: what the unit must do about it (follow-up letters)
    action: str = ""
    #: the rule that sets the duty, where one does
    source: str = ""
    #: a checker-fault gap in a follow-up letter is a request, not a reproach: why our check could
    #: not settle it ('<request_phrase>: 02 hồ sơ'), what we ask the unit to send, and that in a
    #: few words for one case (the letter's table)
    request_phrase: str = ""
    request: str = ""
    ask: str = ""

    @property
    def flags_unit(self) -> bool:
        """True when this code alone puts its unit on the follow-up list."""
        return self.severity == "error"


#: CONTRACT section 5, in its order (the order gaps are joined and listed in).
GAPS = (
    Code(
        "missing_apology", "Chưa có văn bản xin lỗi", "No apology letter", "error", "unit",
        "chưa có văn bản xin lỗi",
        "Ban hành văn bản xin lỗi tổ chức, cá nhân đối với các hồ sơ chưa có văn bản xin lỗi, "
        "nêu rõ lý do quá hạn và thời hạn trả kết quả mới",
        _APOLOGY_DUTY,
    ),
    Code(
        "late_apology", "Văn bản xin lỗi ban hành sau thời hạn", "Apology issued too late",
        "error", "unit", "văn bản xin lỗi ban hành muộn",
        "Chấn chỉnh việc ban hành văn bản xin lỗi muộn; bảo đảm văn bản xin lỗi được gửi trước "
        "ngày hẹn trả kết quả theo quy định",
        _APOLOGY_DUTY,
    ),
    Code(
        "undated_apology", "Văn bản xin lỗi không ghi ngày ban hành", "Apology letter undated",
        "error", "unit", "văn bản xin lỗi không ghi ngày ban hành",
        "Bổ sung ngày ban hành của các văn bản xin lỗi vào sổ theo dõi",
    ),
    Code(
        "not_posted_at_desk", "Chưa niêm yết tại Bộ phận một cửa", "Not posted at the desk",
        "error", "unit", "chưa niêm yết tại Bộ phận một cửa",
        "Niêm yết công khai văn bản xin lỗi tại Bộ phận một cửa",
        _POSTING_DUTY,
    ),
    Code(
        "not_published_online", "Chưa đăng tải lên Trang thông tin điện tử",
        "Not published on the website", "error", "unit",
        "chưa đăng tải trên Trang thông tin điện tử",
        "Đăng tải văn bản xin lỗi lên Trang thông tin điện tử của đơn vị",
        _POSTING_DUTY,
    ),
    Code(
        "online_unverifiable", "Không kiểm tra được việc đăng tải trên Trang thông tin điện tử",
        "Website could not be checked", "warning", "checker",
        "chưa kiểm tra được việc đăng tải",
        "Kiểm tra, bảo đảm Trang thông tin điện tử của đơn vị truy cập được và các văn bản xin "
        "lỗi đã đăng tải tra cứu được theo mã hồ sơ",
        request_phrase="trang không phản hồi hoặc chưa đọc được đầy đủ khi kiểm tra",
        request="Đường dẫn (địa chỉ trang cụ thể) đăng tải văn bản xin lỗi trên Trang thông tin "
        "điện tử của đơn vị đối với các hồ sơ chưa kiểm tra được",
        ask=_ASK_LINK,
    ),
    Code(
        "no_website", "Đơn vị chưa có Trang thông tin điện tử", "No website configured",
        "error", "checker", "chưa có Trang thông tin điện tử để đăng tải",
        "Cung cấp địa chỉ Trang thông tin điện tử (chuyên mục) nơi đơn vị đăng tải văn bản xin lỗi",
        request_phrase="chưa có địa chỉ Trang thông tin điện tử của đơn vị để kiểm tra",
        request="Địa chỉ Trang thông tin điện tử (chuyên mục) nơi đơn vị đăng tải văn bản xin lỗi "
        "và đường dẫn đăng tải văn bản xin lỗi của các hồ sơ nêu trên; trường hợp đơn vị chưa có "
        "Trang thông tin điện tử, đề nghị nêu rõ hình thức công khai đã thực hiện",
        ask=_ASK_LINK,
    ),
    Code(
        "rescheduled_date_missed", "Trễ cả ngày hẹn trả lại", "New return date missed too",
        "error", "unit", "không trả kết quả đúng ngày hẹn lại",
        "Trả kết quả đúng ngày đã hẹn lại; trường hợp tiếp tục chậm trễ, báo cáo rõ lý do",
    ),
    Code(
        "multiple_reschedules", "Hẹn lại ngày trả kết quả nhiều lần", "Rescheduled more than once",
        "error", "unit", "hẹn lại ngày trả kết quả nhiều lần",
        "Không hẹn lại ngày trả kết quả quá một lần theo quy định",
    ),
)  # fmt: skip

APOLOGY = (
    Code("on_time", "Xin lỗi đúng thời hạn", "Apologised on time", "ok"),
    Code("late", "Xin lỗi sau thời hạn", "Apologised late", "error", "unit"),
    Code("undated", "Văn bản không ghi ngày", "Letter undated", "error", "unit"),
    Code("missing", "Chưa có văn bản xin lỗi", "No apology letter", "error", "unit"),
    Code("exempt", "Được miễn trừ", "Exempt", "info"),
)  # fmt: skip

DESK = (
    Code("posted", "Đã niêm yết", "Posted", "ok"),
    Code("not_posted", "Chưa niêm yết", "Not posted", "error", "unit"),
)  # fmt: skip

WEB = (
    Code("verified", "Đã đăng tải", "Published", "ok"),
    Code("not_found", "Không tìm thấy trên trang", "Not found on the site", "error", "unit"),
    Code("unverifiable", "Không kiểm tra được", "Could not be checked", "warning", "checker"),
    Code("no_website", "Đơn vị chưa có trang", "No website", "error", "checker"),
    Code("not_checked", "Chưa kiểm tra", "Not checked", "info"),
)  # fmt: skip

#: The outcome of one unit's website check (the ``status`` of the run's web units, web/check.py),
#: and for a unit without a check, why there is none.
WEB_UNIT = (
    Code("ok", "Đã kiểm tra", "Checked", "ok"),
    Code("partial", "Kiểm tra được một phần, có trang lỗi", "Partly checked (some pages failed)",
         "warning", "checker"),
    Code("failed", "Không truy cập được", "Could not be reached", "warning", "checker"),
    Code("no_website", "Chưa khai báo trang", "No website configured", "error", "checker"),
    Code("not_checked", "Chưa kiểm tra", "Not checked", "info"),
)  # fmt: skip

#: ``phrase``: the noun for these cases in the report's sentences
OVERDUE_KINDS = (
    Code("resolved_late", "Đã giải quyết quá hạn", "Resolved late", "error", "unit",
         "hồ sơ quá hạn"),
    Code("pending_overdue", "Đang giải quyết, đã quá hạn", "Pending, overdue", "error", "unit",
         "hồ sơ đang giải quyết quá hạn"),
)  # fmt: skip

LETTER_MATCHES = (
    Code("exact", "Khớp mã hồ sơ", "Case code matched", "ok"),
    Code("normalised", "Khớp mã sau chuẩn hóa", "Case code matched once normalised", "ok"),
    Code("fuzzy", "Khớp gần đúng (cần rà soát)", "Fuzzy match (to review)", "warning", "checker"),
)  # fmt: skip

#: rejects.csv ``code``: why an input row is not analysed. ``phrase`` is the reason as rejects.csv
#: writes it where the reason is always the same (others name the column and value they found).
#: ``fault``: the unit's (its export or register holds it), or the checker's (config.yaml lacks it).
REJECTS = (
    Code("missing_case_id", "Thiếu mã hồ sơ", "Case code missing", "warning", "unit"),
    Code("misplaced_case_id", "Cột mã hồ sơ chứa giá trị khác", "Case code column holds "
         "something else (row shifted?)", "warning", "unit"),
    Code("misplaced_unit", "Cột đơn vị chứa giá trị khác", "Unit column holds something else",
         "warning", "unit"),
    Code("misplaced_status", "Cột trạng thái chứa giá trị khác", "Status column holds something "
         "else", "warning", "unit"),
    Code("excluded_status", "Không tính vào kỳ (từ chối, rút, dừng xử lý)", "Not counted "
         "(refused, withdrawn, stopped)", "info", "", "",
         "", "CONTRACT 2.1: refused, withdrawn and stopped cases are not counted"),
    *(
        entry
        for column, vi, en in (
            ("received_at", "ngày tiếp nhận", "receipt date"),
            ("due_at", "ngày hẹn trả", "due date"),
            ("resolved_at", "ngày có kết quả", "result date"),
            ("returned_at", "ngày trả kết quả", "return date"),
        )
        for entry in (
            Code(f"missing_{column}", f"Thiếu {vi}", f"{en.capitalize()} missing", "warning",
                 "unit"),
            Code(f"misplaced_{column}", f"Cột {vi} chứa giá trị khác", f"{en.capitalize()} "
                 "column holds something else", "warning", "unit"),
            Code(f"bad_{column}", f"Không đọc được {vi}", f"{en.capitalize()} unreadable",
                 "warning", "unit"),
        )
    ),
    Code("result_before_receipt", "Ngày có kết quả trước ngày tiếp nhận", "Result before "
         "receipt", "warning", "unit"),
    Code("due_before_receipt", "Ngày hẹn trả trước ngày tiếp nhận", "Due before receipt",
         "warning", "unit"),
    Code("duplicate_case_id", "Trùng mã hồ sơ", "Duplicated case code", "warning", "unit"),
    Code("unknown_unit", "Không xác định được đơn vị", "Unit unknown", "warning", "checker",
         "không xác định được đơn vị: cột đơn vị trống và mã hồ sơ không có mã đơn vị nào trong "
         "cấu hình (units[].code) — điền tên đơn vị hoặc thêm mã đơn vị vào config.yaml"),
    Code("letter_missing_case_id", "Văn bản xin lỗi thiếu mã hồ sơ", "Letter without case code",
         "warning", "unit", "văn bản xin lỗi thiếu mã hồ sơ — điền mã hồ sơ được xin lỗi"),
    Code("bad_issued_on", "Không đọc được ngày xin lỗi", "Letter date unreadable", "warning",
         "unit"),
    Code("bad_new_due_at", "Không đọc được ngày hẹn lại", "New due date unreadable", "warning",
         "unit"),
    Code("letter_without_case", "Văn bản xin lỗi không khớp hồ sơ nào",
         "Letter matches no case", "warning", "unit",
         "văn bản xin lỗi không khớp với hồ sơ nào trong dữ liệu — kiểm tra lại mã hồ sơ"),
    Code("exemption_missing_case_id", "Dòng miễn trừ thiếu mã hồ sơ",
         "Exemption without case code", "warning", "checker", "dòng miễn trừ thiếu mã hồ sơ"),
    Code("duplicate_exemption", "Dòng miễn trừ lặp", "Exemption repeated", "warning", "checker",
         "mã hồ sơ đã có ở dòng miễn trừ trước — xóa dòng lặp"),
    Code("exemption_without_case", "Mã hồ sơ miễn trừ không có trong dữ liệu",
         "Exempted case not in the data", "warning", "checker",
         "mã hồ sơ miễn trừ không có trong dữ liệu hồ sơ — kiểm tra lại mã"),
)  # fmt: skip

#: summary.json ``warnings``: what a run noticed that is not a reject, key by key.
WARNINGS = (
    Code("unmatched_letters", "Văn bản xin lỗi không khớp hồ sơ", "Letters matching no case",
         "warning", "unit"),
    Code("fuzzy_matches", "Văn bản xin lỗi ghép theo tên người nộp", "Letters matched by "
         "applicant", "warning", "checker"),
    Code("letters_to_review", "Văn bản xin lỗi ghi mã hồ sơ của người khác", "Letters naming "
         "another applicant's case", "warning", "unit"),
    Code("unknown_units", "Đơn vị chưa khai báo", "Units not in the configuration", "warning",
         "checker"),
    Code("unmatched_exemptions", "Mã miễn trừ không có trong dữ liệu", "Exemptions matching no "
         "case", "warning", "checker"),
    Code("rejected_rows", "Dòng bị loại", "Rejected rows", "info"),
    Code("non_case_rows", "Dòng không phải hồ sơ (tổng cộng, chữ ký)", "Non-case rows (totals, "
         "signatures)", "info"),
    Code("extra_cells", "Ô ngoài cột cuối của dòng tiêu đề", "Cells beyond the header",
         "warning", "unit"),
    Code("calendar_years_not_covered", "Năm chưa có lịch nghỉ chính thức", "Years without an "
         "official calendar", "warning", "checker"),
    Code("calendar_provisional_days", "Ngày nghỉ còn tạm tính", "Provisional days off",
         "warning", "checker"),
)  # fmt: skip

FAMILIES: MappingProxyType[str, tuple[Code, ...]] = MappingProxyType(
    {
        "gap": GAPS,
        "apology": APOLOGY,
        "desk": DESK,
        "web": WEB,
        "web_unit": WEB_UNIT,
        "overdue_kind": OVERDUE_KINDS,
        "letter_match": LETTER_MATCHES,
        "reject": REJECTS,
        "warning": WARNINGS,
    }
)
_BY_CODE = {family: {c.code: c for c in entries} for family, entries in FAMILIES.items()}
_LABELS = {family: {c.code: c.vi for c in entries} for family, entries in FAMILIES.items()}

#: The gap codes, in the contract's order.
GAP_CODES = tuple(c.code for c in GAPS)


def codes(family: str) -> tuple[str, ...]:
    """The codes of ``family``, in the catalogue's order."""
    return tuple(c.code for c in FAMILIES[family])


def get(family: str, code: str) -> Code | None:
    """The entry of ``code`` in ``family`` (None when the code is unknown)."""
    return _BY_CODE[family].get(code)


def label(family: str, code: str) -> str:
    """The Vietnamese label of ``code``; an unknown code is shown as it is ('' stays '')."""
    return _LABELS[family].get(code, code)


def phrase(family: str, code: str) -> str:
    """The in-sentence wording of ``code``; an unknown code is shown as it is."""
    entry = _BY_CODE[family].get(code)
    return entry.phrase if entry is not None and entry.phrase else code
