"""The report's words: summary sentences, labels, links and masking (render.labels, .sentences, .view)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from compliance import codes
from compliance.model import Counts, FlagReason, FollowUp, RunCounts, RunWarnings
from compliance.render import labels, sentences, view

NHNN = "Ngân hàng Nhà nước Việt Nam chi nhánh Đắk Lắk"


def _late(cases, issued=None, posted=None, online=None, **extra) -> dict:
    """A compliance block of ``cases`` late cases; unspecified duties all done."""
    block = {
        "cases": cases,
        "apology_issued": cases if issued is None else issued,
        "posted_at_desk": cases if posted is None else posted,
        "published_online": cases if online is None else online,
    }
    block["apology_on_time"] = block["apology_issued"]
    block["apology_missing"] = cases - block["apology_issued"]
    block["online_not_found"] = cases - block["published_online"]
    return {**block, **extra}


#: Summaries as (unit_id, unit_name, level, make_counts keyword arguments) per unit.
SUMMARIES = {
    # The domain's real report: 238.512 resolved, 137 late (129 provincial, 8 communal), 2 not online.
    "real": [
        ("nhnn", NHNN, "province",
         {"received": 50000, "early": 20000, "on_time": 29995, "late": 5, "resolved_late": _late(5, online=3)}),
        ("stp", "Sở Tư pháp", "province",
         {"received": 60000, "early": 22000, "on_time": 37776, "late": 124, "resolved_late": _late(124)}),
        ("xa", "UBND xã Ea Tu", "commune",
         {"received": 128612, "early": 49589, "on_time": 79015, "late": 8, "resolved_late": _late(8)}),
    ],
    "empty": [],
    "nothing_late": [
        ("stp", "Sở Tư pháp", "province", {"received": 10, "early": 4, "on_time": 6, "in_time": 3}),
    ],
    "pending_district": [
        ("stp", "Sở Tư pháp", "province", {"received": 10, "on_time": 10}),
        ("bmt", "UBND thành phố Buôn Ma Thuột", "district",
         {"received": 5, "on_time": 2, "in_time": 1, "overdue": 3,
          "pending_overdue": {"cases": 3, "apology_issued": 1, "apology_on_time": 1, "apology_missing": 2,
                              "posted_at_desk": 1, "published_online": 1, "online_unverifiable": 2}}),
    ],
    "web_not_checked": [
        ("stp", "Sở Tư pháp", "province",
         {"received": 10, "on_time": 8, "late": 2,
          "resolved_late": {"cases": 2, "apology_issued": 2, "apology_on_time": 2, "posted_at_desk": 2}}),
    ],
    "two_units_offline": [
        ("nhnn", NHNN, "province", {"received": 9, "on_time": 7, "late": 2, "resolved_late": _late(2, online=0)}),
        ("xa", "UBND xã Ea Tu", "commune",
         {"received": 20, "on_time": 9, "late": 11,
          "resolved_late": {**_late(11, online=0, issued=10), "online_not_found": 0, "online_no_website": 11,
                            "apology_late": 1, "apology_on_time": 8}}),
    ],
    "district_not_late": [
        ("stp", "Sở Tư pháp", "province", {"received": 5, "on_time": 4, "late": 1, "resolved_late": _late(1)}),
        ("bmt", "UBND thành phố Buôn Ma Thuột", "district", {"received": 7, "on_time": 7}),
    ],
}  # fmt: skip


@pytest.mark.parametrize(
    ("summary", "func", "expected"),
    [
        ("real", sentences.resolved_sentence,
         "Tổng số hồ sơ TTHC đã giải quyết: 238.512 (Cấp tỉnh: 109.900 hồ sơ, cấp xã: 128.612 hồ sơ). "
         "Trong đó: Trước hạn: 91.589 hồ sơ, tỷ lệ 38,40%; Đúng hạn: 146.786 hồ sơ, tỷ lệ 61,54%; "
         "Quá hạn: 137 hồ sơ, tỷ lệ 0,06%."),
        ("real", sentences.received_sentence,
         "Tổng số hồ sơ TTHC tiếp nhận mới trong kỳ: 238.612 (Cấp tỉnh: 110.000 hồ sơ, cấp xã: 128.612 hồ sơ)."),
        ("nothing_late", sentences.pending_sentence,
         "Số hồ sơ đang giải quyết: 3 (Cấp tỉnh: 3 hồ sơ). Trong đó: Chưa đến hạn: 3 hồ sơ; Quá hạn: 0 hồ sơ."),
        ("empty", sentences.resolved_sentence, "Tổng số hồ sơ TTHC đã giải quyết: 0."),
        ("nothing_late", sentences.overdue_pending_sentence, "Không có hồ sơ đang giải quyết đã quá hạn."),
        ("pending_district", sentences.overdue_pending_sentence,
         "Số hồ sơ đang giải quyết đã quá hạn: 3 (Cấp huyện: 3 hồ sơ)."),
    ],
)  # fmt: skip
def test_figure_sentences(summary_of, summary, func, expected):
    assert func(summary_of(SUMMARIES[summary])) == expected


@pytest.mark.parametrize(
    ("summary", "func", "kind", "expected"),
    [
        ("real", sentences.apology_sentences, "resolved_late",
         ["Đã có văn bản xin lỗi: 137/137 hồ sơ quá hạn (Cấp tỉnh: 129/129 hồ sơ, cấp xã: 8/8 hồ sơ)."]),
        ("real", sentences.desk_sentences, "resolved_late",
         ["Đã niêm yết tại Bộ phận một cửa: 137/137 hồ sơ quá hạn (Cấp tỉnh: 129/129 hồ sơ, cấp xã: 8/8 hồ sơ)."]),
        ("real", sentences.web_sentences, "resolved_late",
         ["Đã đăng tải văn bản xin lỗi lên Trang thông tin điện tử của đơn vị: 135/137 hồ sơ quá hạn "
          "(Cấp tỉnh: 127/129 hồ sơ, cấp xã: 8/8 hồ sơ).",
          f"Có 02 hồ sơ trễ hạn chưa đăng tải văn bản xin lỗi lên Trang thông tin điện tử của {NHNN}."]),
        ("two_units_offline", sentences.web_sentences, "resolved_late",
         ["Đã đăng tải văn bản xin lỗi lên Trang thông tin điện tử của đơn vị: 0/13 hồ sơ quá hạn "
          "(Cấp tỉnh: 0/2 hồ sơ, cấp xã: 0/11 hồ sơ).",
          "Có 13 hồ sơ trễ hạn chưa đăng tải văn bản xin lỗi lên Trang thông tin điện tử của "
          f"UBND xã Ea Tu (11 hồ sơ), {NHNN} (02 hồ sơ).",
          "Trong đó có 11 hồ sơ đơn vị chưa có Trang thông tin điện tử."]),
        ("two_units_offline", sentences.apology_sentences, "resolved_late",
         ["Đã có văn bản xin lỗi: 12/13 hồ sơ quá hạn (Cấp tỉnh: 2/2 hồ sơ, cấp xã: 10/11 hồ sơ).",
          "Trong đó có 01 hồ sơ xin lỗi sau thời hạn và 01 hồ sơ có văn bản xin lỗi không ghi ngày.",
          "Có 01 hồ sơ trễ hạn chưa có văn bản xin lỗi của UBND xã Ea Tu."]),
        ("web_not_checked", sentences.web_sentences, "resolved_late",
         ["Chưa kiểm tra việc đăng tải văn bản xin lỗi lên Trang thông tin điện tử của các đơn vị "
          "trong lần kiểm tra này."]),
        ("pending_district", sentences.apology_sentences, "pending_overdue",
         ["Đã có văn bản xin lỗi: 1/3 hồ sơ đang giải quyết quá hạn (Cấp huyện: 1/3 hồ sơ).",
          "Có 02 hồ sơ đang giải quyết quá hạn chưa có văn bản xin lỗi của UBND thành phố Buôn Ma Thuột."]),
        ("pending_district", sentences.web_sentences, "pending_overdue",
         ["Đã đăng tải văn bản xin lỗi lên Trang thông tin điện tử của đơn vị: 1/3 hồ sơ đang giải quyết "
          "quá hạn (Cấp huyện: 1/3 hồ sơ).",
          "Có 02 hồ sơ đang giải quyết quá hạn chưa đăng tải văn bản xin lỗi lên Trang thông tin điện tử "
          "của UBND thành phố Buôn Ma Thuột.",
          "Trong đó có 02 hồ sơ không kiểm tra được do trang lỗi hoặc không truy cập được."]),
    ],
)  # fmt: skip
def test_compliance_sentences(summary_of, summary, func, kind, expected):
    assert func(summary_of(SUMMARIES[summary]), kind) == expected


def test_levels_without_overdue_cases_are_left_out(summary_of):
    """The district level has cases but none late: it is in the totals, not in the apology line."""
    summary = summary_of(SUMMARIES["district_not_late"])
    assert "cấp huyện: 7 hồ sơ" in sentences.resolved_sentence(summary)
    assert sentences.apology_sentences(summary) == [
        "Đã có văn bản xin lỗi: 1/1 hồ sơ quá hạn (Cấp tỉnh: 1/1 hồ sơ)."
    ]


def test_paragraphs_without_overdue_cases(summary_of):
    paragraphs = sentences.summary_paragraphs(summary_of(SUMMARIES["nothing_late"]))
    assert [p.title for p in paragraphs] == [
        "Kết quả giải quyết hồ sơ",
        "Việc xin lỗi đối với hồ sơ quá hạn",
        "Hồ sơ đang giải quyết đã quá hạn",
    ]
    assert paragraphs[1].sentences == ["Không có hồ sơ giải quyết quá hạn trong kỳ."]
    assert paragraphs[2].sentences == ["Không có hồ sơ đang giải quyết đã quá hạn."]


def test_missing_figures_count_as_zero():
    run = RunCounts(totals=Counts(resolved_on_time=3), by_level={}, units=())
    assert run.level("commune") == Counts()
    assert run.level().of("resolved_late").cases == 0
    assert sentences.resolved_sentence(run).startswith("Tổng số hồ sơ TTHC đã giải quyết: 3.")


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (dt.date(2020, 4, 15), dt.date(2020, 5, 14), "Từ ngày 15/4/2020 đến ngày 14/5/2020"),
        (dt.date(2019, 12, 15), dt.date(2020, 1, 14), "Từ ngày 15/12/2019 đến ngày 14/01/2020"),
        (dt.date(2021, 2, 1), dt.date(2021, 2, 5), "Từ ngày 01/02/2021 đến ngày 05/02/2021"),
    ],
)
def test_period_phrase(start, end, expected):
    assert labels.period_phrase(start, end) == expected


@pytest.mark.parametrize(
    ("kind", "end", "expected"),
    [
        ("month", dt.date(2020, 5, 14), "tháng 5 năm 2020"),
        ("quarter", dt.date(2020, 6, 14), "quý II năm 2020"),
        ("half", dt.date(2020, 12, 14), "6 tháng cuối năm 2020"),
        ("year", dt.date(2020, 12, 14), "năm 2020"),
        ("adhoc", dt.date(2020, 5, 3), "đột xuất"),
    ],
)
def test_period_title(kind, end, expected):
    assert labels.period_title(kind, end) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://nhnn.example.gov.vn/a?b=1", "https://nhnn.example.gov.vn/a?b=1"),
        ("HTTP://EXAMPLE.GOV.VN/x", "HTTP://EXAMPLE.GOV.VN/x"),
        ("javascript:alert(1)", None),
        ("data:text/html,<b>x</b>", None),
        ("file:///etc/passwd", None),
        ("snapshots/nhnn.html", None),
        ("https://", None),
        ("https://a.vn/x y", None),
        ("", None),
        (None, None),
    ],
)
def test_only_http_links_are_clickable(url, expected):
    assert labels.safe_link(url) == expected


def test_every_gap_code_has_a_vietnamese_label():
    assert all(codes.label("gap", code) != code for code in codes.GAP_CODES)
    assert labels.gap_labels(("missing_apology", "rescheduled_date_missed")) == [
        "Chưa có văn bản xin lỗi",
        "Trễ cả ngày hẹn trả lại",
    ]
    assert labels.gap_labels(("future_gap",)) == ["future_gap"]
    assert labels.gap_labels(()) == labels.gap_labels(None) == []


def test_followup_worst_first():
    followups = [
        FollowUp("a", "Sở A", "province", (FlagReason("not_published_online", 1),), ("c1",)),
        FollowUp(
            "b",
            "Xã B",
            "commune",
            (FlagReason("missing_apology", 3), FlagReason("not_posted_at_desk", 3)),
            ("c2", "c3", "c4"),
        ),
        FollowUp(
            "c",
            "Xã C",
            "commune",
            (FlagReason("missing_apology", 1), FlagReason("no_website", 1)),
            ("c5",),
        ),
    ]
    items = view.followup_items(followups)
    assert [i.unit_id for i in items] == ["b", "c", "a"]
    assert items[0].reason_texts == [
        "Chưa có văn bản xin lỗi: 03 hồ sơ",
        "Chưa niêm yết tại Bộ phận một cửa: 03 hồ sơ",
    ]
    assert items[0].level == "Cấp xã"


def test_masking_applicants():
    frame = pd.DataFrame({"applicant": ["Nguyễn Văn An", "", None], "case_id": ["a", "b", "c"]})
    masked = labels.mask_applicants(frame)
    assert masked["applicant"].tolist()[:2] == ["Nguyễn V. A.", ""]
    assert frame["applicant"][0] == "Nguyễn Văn An"  # the input is not changed
    warnings = labels.mask_warnings(
        RunWarnings(fuzzy_matches=[{"case_id": "x", "applicant": "Trần Thị Bích"}])
    )
    assert warnings.fuzzy_matches[0]["applicant"] == "Trần T. B."
    review = labels.mask_warnings(
        RunWarnings(
            letters_to_review=[{"applicant": "Nguyễn Văn An", "code_case_applicant": "Lê Thị Cúc"}]
        )
    ).letters_to_review[0]
    assert (review["applicant"], review["code_case_applicant"]) == ("Nguyễn V. A.", "Lê T. C.")


def test_numbers_in_vietnamese_style():
    assert labels.nn(2) == "02"
    assert labels.nn(12) == "12"
    assert labels.nn(1234) == "1.234"


def test_figure_rows_add_up_and_say_what_they_are(result):
    """Under 'Đã có văn bản xin lỗi' the three kinds of letter add up to it; the web rows
    (published, not found, not confirmed) add up to the cases: none reads as part of another."""
    rows = view.figure_rows(result.counts, result.counts.active_levels())
    for title in ("Hồ sơ giải quyết quá hạn", "Hồ sơ đang giải quyết đã quá hạn"):
        start = next(i for i, r in enumerate(rows) if r.label == title)
        block = {r.label: r.values for r in rows[start + 1 : start + 12]}
        issued = block["Đã có văn bản xin lỗi"]
        parts = [
            block[k]
            for k in (
                "Xin lỗi đúng thời hạn",
                "Xin lỗi sau thời hạn",
                "Văn bản xin lỗi không ghi ngày",
            )
        ]
        assert issued == [sum(v) for v in zip(*parts, strict=True)]
        web = [
            block[k]
            for k in (
                "Đã đăng tải lên Trang thông tin điện tử",
                "Chưa đăng tải (không tìm thấy trên trang)",
                "Chưa xác nhận được (không kiểm tra được trang)",
                "Chưa xác nhận được (đơn vị chưa có trang)",
            )
        ]
        assert rows[start].values == [sum(v) for v in zip(*web, strict=True)]
