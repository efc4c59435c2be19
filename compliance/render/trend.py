"""The report's "Diễn biến qua các kỳ": rates over the last periods as small SVG charts and rows."""

from __future__ import annotations

from dataclasses import dataclass

from compliance.formatting import vn_int
from compliance.history.records import Trend, TrendLine
from compliance.render.labels import level_name

#: the charts' drawing area, in px
WIDTH, HEIGHT, PAD = 220, 56, 6


@dataclass(frozen=True)
class TrendRow:
    """One level or unit: its rates per period as text, and its chart (SVG geometry)."""

    name: str
    kind: str  #: 'level' or 'unit'
    late: list[str]
    apology: list[str]
    flagged: list[bool]
    late_path: str  #: SVG path data, one segment per run of known values
    apology_path: str
    late_points: list[tuple[float, float]]
    apology_points: list[tuple[float, float]]
    description: str  #: the chart in words (for screen readers)


def rate_text(rate: float | None) -> str:
    """'12,5%' — one decimal, Vietnamese style; '–' when there was nothing to count."""
    if rate is None:
        return "–"
    text = f"{100 * rate:.1f}".replace(".", ",")
    return (text[:-2] if text.endswith(",0") else text) + "%"


def _geometry(rates: tuple[float | None, ...]) -> tuple[str, list[tuple[float, float]]]:
    """The polyline of ``rates`` (0 at the bottom, 100% at the top), broken where unknown."""
    step = (WIDTH - 2 * PAD) / max(len(rates) - 1, 1)
    points: list[tuple[float, float] | None] = [
        None
        if r is None
        else (round(PAD + i * step, 1), round(PAD + (1 - r) * (HEIGHT - 2 * PAD), 1))
        for i, r in enumerate(rates)
    ]
    path, drawing = [], False
    for point in points:
        if point is None:
            drawing = False
            continue
        path.append(f"{'L' if drawing else 'M'}{point[0]},{point[1]}")
        drawing = True
    return " ".join(path), [p for p in points if p is not None]


def trend_row(line: TrendLine, periods: tuple[str, ...], kind: str) -> TrendRow:
    late_path, late_points = _geometry(line.late_rate)
    apology_path, apology_points = _geometry(line.apology_rate)
    name = level_name(line.key) if kind == "level" else line.name
    late = [rate_text(r) for r in line.late_rate]
    apology = [rate_text(r) for r in line.apology_rate]
    words = "; ".join(
        f"{p}: quá hạn {a}, có văn bản xin lỗi {b}"
        for p, a, b in zip(periods, late, apology, strict=True)
    )
    return TrendRow(
        name=name,
        kind=kind,
        late=late,
        apology=apology,
        flagged=list(line.flagged) or [False] * len(periods),
        late_path=late_path,
        apology_path=apology_path,
        late_points=late_points,
        apology_points=apology_points,
        description=f"{name}: {words}",
    )


def trend_context(trend: Trend | None) -> dict[str, object] | None:
    """What the section shows; None when the history has no period before this run's."""
    if trend is None:
        return None
    return {
        "periods": list(trend.periods),
        "rows": [trend_row(line, trend.periods, "level") for line in trend.levels]
        + [trend_row(line, trend.periods, "unit") for line in trend.units],
        "repeat": {"flagged": trend.repeat[0], "window": trend.repeat[1]},
        "offenders": [
            {
                "unit_name": o["unit_name"],
                "level": level_name(o["level"]),
                "flagged_periods": vn_int(o["flagged_periods"]),
                "periods": str(o["periods"]).replace(";", ", "),
                "overdue_cases": vn_int(o["overdue_cases"]),
            }
            for o in trend.offenders.to_dict("records")
        ],
        "heeded": [
            {
                "period": h["period_label"],
                "followup_period": h["followup_period"],
                "cases_listed": vn_int(h["cases_listed"]),
                "resolved_since": vn_int(h["resolved_since"]),
                "still_open": vn_int(h["still_open"]),
            }
            for h in trend.heeded.to_dict("records")
        ],
        "width": WIDTH,
        "height": HEIGHT,
    }
