"""The report's Vietnamese sentences, in the words of a real monthly report, from the run's counts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from compliance import codes
from compliance.config import LEVELS
from compliance.formatting import vn_date, vn_int
from compliance.model import Counts, RunCounts, RunResult
from compliance.render.labels import LEVEL_NAMES, nn, percent
from compliance.text import clean_text


def _level_breakdown(run: RunCounts, render: Callable[[Counts], str | None]) -> str:
    """' (Cấp tỉnh: …, cấp xã: …)' over the levels for which ``render`` gives text."""
    parts: list[str] = []
    for level in LEVELS:
        text = render(run.level(level))
        if text is None:
            continue
        name = LEVEL_NAMES[level] if not parts else LEVEL_NAMES[level].lower()
        parts.append(f"{name}: {text}")
    return f" ({', '.join(parts)})" if parts else ""


def _cases_by_level(run: RunCounts, key: str) -> str:
    """' (Cấp tỉnh: 3 hồ sơ, cấp xã: 2 hồ sơ)': the figure ``key`` of each level that has any."""
    return _level_breakdown(run, lambda c: f"{vn_int(c[key])} hồ sơ" if c[key] else None)


def _share(part: int, whole: int) -> str:
    """'91.589 hồ sơ, tỷ lệ 38,40%' (no rate when ``whole`` is zero)."""
    rate = percent(part, whole)
    return f"{vn_int(part)} hồ sơ, tỷ lệ {rate}" if rate else f"{vn_int(part)} hồ sơ"


def received_sentence(run: RunCounts) -> str:
    """'Tổng số hồ sơ TTHC tiếp nhận mới trong kỳ: 240.000 (Cấp tỉnh: … hồ sơ, …).'"""
    total = run.level().received
    levels = _cases_by_level(run, "received")
    return f"Tổng số hồ sơ TTHC tiếp nhận mới trong kỳ: {vn_int(total)}{levels}."


def resolved_sentence(run: RunCounts) -> str:
    """'Tổng số hồ sơ TTHC đã giải quyết: 238.512 (Cấp tỉnh: 109.900 hồ sơ, …). Trong đó: …'."""
    totals = run.level()
    levels = _cases_by_level(run, "resolved")
    sentence = f"Tổng số hồ sơ TTHC đã giải quyết: {vn_int(totals.resolved)}{levels}."
    if not totals.resolved:
        return sentence
    whole = totals.resolved
    return (
        f"{sentence} Trong đó: Trước hạn: {_share(totals.resolved_early, whole)}; "
        f"Đúng hạn: {_share(totals.resolved_on_time, whole)}; "
        f"Quá hạn: {_share(totals.resolved_late, whole)}."
    )


def pending_sentence(run: RunCounts) -> str:
    """'Số hồ sơ đang giải quyết: 2.630 (…). Trong đó: Chưa đến hạn: …; Quá hạn: …'."""
    totals = run.level()
    levels = _cases_by_level(run, "pending")
    sentence = f"Số hồ sơ đang giải quyết: {vn_int(totals.pending)}{levels}."
    if not totals.pending:
        return sentence
    return (
        f"{sentence} Trong đó: Chưa đến hạn: {vn_int(totals.pending_in_time)} hồ sơ; "
        f"Quá hạn: {vn_int(totals.pending_overdue)} hồ sơ."
    )


def _done_sentence(run: RunCounts, kind: str, key: str, lead: str) -> str:
    """'<lead>: 135/137 hồ sơ quá hạn (Cấp tỉnh: 127/129 hồ sơ, cấp xã: 8/8 hồ sơ).'

    Levels with no case of ``kind`` are left out.
    """
    block = run.level().of(kind)

    def per_level(counts: Counts) -> str | None:
        c = counts.of(kind)
        return f"{vn_int(c[key])}/{vn_int(c['cases'])} hồ sơ" if c["cases"] else None

    levels = _level_breakdown(run, per_level)
    noun = codes.phrase("overdue_kind", kind)
    return f"{lead}: {vn_int(block[key])}/{vn_int(block.cases)} {noun}{levels}."


def unit_shortfalls(run: RunCounts, kind: str, key: str) -> list[tuple[str, int]]:
    """Units with cases of ``kind`` that lack ``key`` (e.g. published_online): (name, how many).

    Most cases first, then by name.
    """
    out = []
    for unit in run.units:
        block = unit.counts.of(kind)
        missing = block.cases - block[key]
        if missing > 0:
            out.append((clean_text(unit.unit_name or unit.unit_id), missing))
    return sorted(out, key=lambda item: (-item[1], item[0]))


def _shortfall_sentence(run: RunCounts, kind: str, key: str, what: str) -> str | None:
    """'Có 02 hồ sơ trễ hạn chưa <what> của A (01 hồ sơ), B (01 hồ sơ).' (None when none)."""
    units = unit_shortfalls(run, kind, key)
    if not units:
        return None
    total = sum(n for _, n in units)
    noun = "hồ sơ trễ hạn" if kind == "resolved_late" else codes.phrase("overdue_kind", kind)
    if len(units) == 1:
        whose = units[0][0]
    else:
        whose = ", ".join(f"{name} ({nn(n)} hồ sơ)" for name, n in units)
    return f"Có {nn(total)} {noun} {what} của {whose}."


def apology_sentences(run: RunCounts, kind: str = "resolved_late") -> list[str]:
    """The written-apology sentences for ``kind`` (resolved_late or pending_overdue)."""
    block = run.level().of(kind)
    out = [_done_sentence(run, kind, "apology_issued", "Đã có văn bản xin lỗi")]
    undated = block.apology_issued - block.apology_on_time - block.apology_late
    details = []
    if block.apology_late:
        details.append(f"{nn(block.apology_late)} hồ sơ xin lỗi sau thời hạn")
    if undated > 0:
        details.append(f"{nn(undated)} hồ sơ có văn bản xin lỗi không ghi ngày")
    if details:
        out.append(f"Trong đó có {' và '.join(details)}.")
    missing = _shortfall_sentence(run, kind, "apology_issued", "chưa có văn bản xin lỗi")
    return out + ([missing] if missing else [])


def desk_sentences(run: RunCounts, kind: str = "resolved_late") -> list[str]:
    """'Đã niêm yết tại Bộ phận một cửa: …' and the units that have not."""
    out = [_done_sentence(run, kind, "posted_at_desk", "Đã niêm yết tại Bộ phận một cửa")]
    missing = _shortfall_sentence(
        run, kind, "posted_at_desk", "chưa niêm yết văn bản xin lỗi tại Bộ phận một cửa"
    )
    return out + ([missing] if missing else [])


def web_sentences(run: RunCounts, kind: str = "resolved_late") -> list[str]:
    """'Đã đăng tải văn bản xin lỗi lên Trang thông tin điện tử của đơn vị: …' and the shortfalls.

    When no website was checked in this run (``--no-web``), says so instead of counting zeros.
    """
    block = run.level().of(kind)
    checked = sum(
        block[k]
        for k in (
            "published_online",
            "online_not_found",
            "online_unverifiable",
            "online_no_website",
        )
    )
    if block.cases and not checked:
        return [
            "Chưa kiểm tra việc đăng tải văn bản xin lỗi lên Trang thông tin điện tử "
            "của các đơn vị trong lần kiểm tra này."
        ]
    out = [
        _done_sentence(
            run, kind, "published_online",
            "Đã đăng tải văn bản xin lỗi lên Trang thông tin điện tử của đơn vị",
        )
    ]  # fmt: skip
    missing = _shortfall_sentence(
        run, kind, "published_online",
        "chưa đăng tải văn bản xin lỗi lên Trang thông tin điện tử",
    )  # fmt: skip
    if missing:
        out.append(missing)
    reasons = [
        (block.online_unverifiable, "không kiểm tra được do trang lỗi hoặc không truy cập được"),
        (block.online_no_website, "đơn vị chưa có Trang thông tin điện tử"),
    ]
    details = [f"{nn(n)} hồ sơ {why}" for n, why in reasons if n]
    if details:
        out.append(f"Trong đó có {'; '.join(details)}.")
    return out


def overdue_pending_sentence(run: RunCounts) -> str:
    """'Số hồ sơ đang giải quyết đã quá hạn: 3 (Cấp tỉnh: 1 hồ sơ, cấp xã: 2 hồ sơ).'"""
    total = run.level().pending_overdue
    if not total:
        return "Không có hồ sơ đang giải quyết đã quá hạn."
    levels = _cases_by_level(run, "pending_overdue")
    return f"Số hồ sơ đang giải quyết đã quá hạn: {vn_int(total)}{levels}."


def exempt_sentence(run: RunCounts) -> str | None:
    """'Có 01 hồ sơ được miễn trừ …' when the exemption list excused any case."""
    block = run.level().of()
    if not block.exempt:
        return None
    return (
        f"Có {nn(block.exempt)} hồ sơ phần mềm ghi nhận quá hạn nhưng được miễn trừ theo danh sách "
        "miễn trừ (tính là đúng hạn, không tính vào số hồ sơ quá hạn)."
    )


@dataclass
class Paragraph:
    """A titled group of summary sentences."""

    title: str
    sentences: list[str] = field(default_factory=list)


def compliance_sentences(run: RunCounts, kind: str) -> list[str]:
    """Apology, desk and web sentences of one kind of overdue case."""
    return apology_sentences(run, kind) + desk_sentences(run, kind) + web_sentences(run, kind)


def summary_paragraphs(run: RunCounts) -> list[Paragraph]:
    """The whole summary, as a monthly report words it."""
    results = Paragraph(
        "Kết quả giải quyết hồ sơ",
        [received_sentence(run), resolved_sentence(run), pending_sentence(run)],
    )
    late = Paragraph("Việc xin lỗi đối với hồ sơ quá hạn")
    if run.level().of("resolved_late").cases:
        late.sentences = compliance_sentences(run, "resolved_late")
    else:
        late.sentences = ["Không có hồ sơ giải quyết quá hạn trong kỳ."]
    exempt = exempt_sentence(run)
    if exempt:
        late.sentences.append(exempt)
    pending = Paragraph("Hồ sơ đang giải quyết đã quá hạn", [overdue_pending_sentence(run)])
    if run.level().of("pending_overdue").cases:
        pending.sentences += compliance_sentences(run, "pending_overdue")
    return [results, late, pending]


def run_lines(result: RunResult) -> list[str]:
    """The few lines ``compliance run`` prints at its end: period, counts, apologies, where."""
    totals = result.counts.totals
    both = totals.of()
    late = both.cases
    issued = both.apology_issued
    return [
        f"Kỳ {result.period.label}: từ ngày {vn_date(result.period.start)} đến ngày {vn_date(result.period.end)}",
        f"  Hồ sơ tiếp nhận trong kỳ: {vn_int(totals.received)}; đã giải quyết: {vn_int(totals.resolved)}"
        f" (trước hạn {vn_int(totals.resolved_early)}, đúng hạn {vn_int(totals.resolved_on_time)},"
        f" quá hạn {vn_int(totals.resolved_late)}); đang giải quyết: {vn_int(totals.pending)}"
        f" (quá hạn {vn_int(totals.pending_overdue)})",
        f"  Đã có văn bản xin lỗi: {vn_int(issued)}/{vn_int(late)} hồ sơ quá hạn; đã niêm yết: "
        f"{vn_int(both.posted_at_desk)}/{vn_int(late)}; đã đăng tải trên trang web: "
        f"{vn_int(both.published_online)}/{vn_int(late)} (không tìm thấy {vn_int(both.online_not_found)}, "
        f"không kiểm tra được {vn_int(both.online_unverifiable)}, chưa có trang {vn_int(both.online_no_website)})",
        f"  Đơn vị cần đôn đốc: {vn_int(len(result.followups))}; dòng bị loại: {vn_int(len(result.rejects))}",
        f"  Kết quả: {result.out_dir}",
    ]
