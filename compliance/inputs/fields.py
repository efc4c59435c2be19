"""The fields of each input (CONTRACT section 2) and the headers that name them."""

from __future__ import annotations

from compliance.read.headers import FieldSpec

CASE_FIELDS = [
    FieldSpec("case_id", ("Mã hồ sơ", "Số hồ sơ", "Mã HS", "Số biên nhận", "Mã số hồ sơ", "Số biên nhận hồ sơ"), True, "Mã hồ sơ"),
    FieldSpec(
        "unit",
        ("Đơn vị giải quyết", "Cơ quan giải quyết", "Cơ quan chủ trì giải quyết", "Đơn vị xử lý", "Đơn vị",
         "Tên đơn vị", "Cơ quan thực hiện", "Đơn vị tiếp nhận"),
        False, "Đơn vị", categorical=True),
    FieldSpec("level", ("Cấp", "Cấp đơn vị", "Cấp hành chính"), False, "Cấp", categorical=True),
    FieldSpec("sector", ("Lĩnh vực", "Tên lĩnh vực"), False, "Lĩnh vực", categorical=True),
    FieldSpec("procedure", ("Tên thủ tục", "Tên thủ tục hành chính", "Thủ tục", "Tên TTHC", "Thủ tục hành chính", "Trích yếu"), False, "Tên thủ tục", categorical=True),
    FieldSpec(
        "applicant",
        ("Chủ hồ sơ", "Người nộp", "Tên cá nhân, tổ chức", "Tổ chức, cá nhân", "Cá nhân, tổ chức", "Người nộp hồ sơ", "Tên người nộp"),
        False, "Chủ hồ sơ",
    ),
    FieldSpec("received_at", ("Ngày tiếp nhận", "Ngày nhận", "Ngày nhận hồ sơ", "Nhận hồ sơ", "Thời gian tiếp nhận"), True, "Ngày tiếp nhận"),
    FieldSpec("due_at", ("Ngày hẹn trả", "Hẹn trả kết quả", "Ngày hẹn trả kết quả", "Hạn xử lý", "Hạn giải quyết", "Ngày hẹn"), True, "Ngày hẹn trả"),
    FieldSpec("resolved_at", ("Ngày có kết quả", "Ngày kết thúc xử lý", "Ngày hoàn thành", "Ngày giải quyết xong", "Ngày xử lý xong"), False, "Ngày có kết quả"),
    FieldSpec("returned_at", ("Ngày trả kết quả", "Ngày trả", "Trả kết quả", "Ngày trả kết quả thực tế"), False, "Ngày trả kết quả"),
    FieldSpec("channel", ("Hình thức nộp", "Kênh nộp", "Hình thức tiếp nhận", "Hình thức nộp hồ sơ", "Kênh tiếp nhận"), False, "Hình thức nộp", categorical=True),
    FieldSpec("status", ("Trạng thái", "Trạng thái hồ sơ", "Tình trạng", "Tình trạng hồ sơ"), False, "Trạng thái", categorical=True),
]  # fmt: skip

LETTER_FIELDS = [
    FieldSpec("case_id", ("Mã hồ sơ", "Số hồ sơ", "Số biên nhận", "Mã HS"), True, "Mã hồ sơ"),
    FieldSpec("letter_no", ("Số văn bản", "Số phiếu", "Số", "Số hiệu", "Số phiếu xin lỗi", "Số văn bản xin lỗi"), False, "Số văn bản"),
    FieldSpec("applicant", ("Chủ hồ sơ", "Người nộp", "Kính gửi", "Tổ chức, cá nhân", "Cá nhân, tổ chức"), False, "Chủ hồ sơ"),
    FieldSpec("issued_on", ("Ngày xin lỗi", "Ngày ban hành", "Ngày văn bản", "Ngày ký", "Ngày phát hành"), False, "Ngày xin lỗi"),
    FieldSpec("unit", ("Đơn vị", "Cơ quan xin lỗi", "Đơn vị xin lỗi", "Cơ quan ban hành"), False, "Đơn vị"),
    FieldSpec("reason", ("Lý do", "Lý do quá hạn", "Nguyên nhân"), False, "Lý do"),
    FieldSpec("new_due_at", ("Ngày hẹn lại", "Ngày hẹn trả mới", "Thời hạn mới", "Hẹn lại ngày trả kết quả"), False, "Ngày hẹn lại"),
    FieldSpec("posted_at_desk_on", ("Ngày niêm yết", "Niêm yết tại Bộ phận một cửa", "Niêm yết"), False, "Ngày niêm yết"),
    FieldSpec("web_url", ("Đường dẫn đăng tải", "Link đăng tải", "URL", "Đường dẫn", "Link"), False, "Đường dẫn đăng tải"),
]  # fmt: skip

EXEMPTION_FIELDS = [
    FieldSpec("case_id", ("Mã hồ sơ", "case_id", "Số hồ sơ", "Mã HS"), True, "Mã hồ sơ"),
    FieldSpec("reason", ("Lý do", "reason", "Lý do miễn trừ", "Ghi chú"), False, "Lý do"),
]

#: the date fields of a case: (field, label, required)
DATE_FIELDS = (
    ("received_at", "Ngày tiếp nhận", True),
    ("due_at", "Ngày hẹn trả", True),
    ("resolved_at", "Ngày có kết quả", False),
    ("returned_at", "Ngày trả kết quả", False),
)
