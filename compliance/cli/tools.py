"""The other commands: sites test, check-table, calendar, history, export."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from compliance.cli.common import State, handle_errors, history_option
from compliance.errors import ConfigError


@click.group()
def sites() -> None:
    """Trang thông tin điện tử của các đơn vị."""


@sites.command("test")
@click.argument("unit_ids", nargs=-1, metavar="[UNIT_ID]...")
@click.option(
    "--offline", is_flag=True, help="Chỉ dùng bộ nhớ đệm và bản lưu trang web, không truy cập mạng."
)
@click.pass_obj
@handle_errors
def sites_test(state: State, unit_ids: tuple[str, ...], offline: bool) -> None:
    """Đọc thử trang web của các đơn vị (mặc định: mọi đơn vị có khóa website).

    In từng trang đã tải (trạng thái, địa chỉ), các mã hồ sơ tìm thấy và mọi lỗi.
    """
    from compliance.web import format_site_report, run_site_test

    reports = run_site_test(
        state.config(),
        unit_ids,
        offline=offline,
        progress=sys.stderr.isatty(),
        notice=lambda line: click.secho(f"Lưu ý: {line}", fg="yellow", err=True),
    )
    if not reports:
        click.echo("Chưa có đơn vị nào khai báo website trong cấu hình.")
    for report in reports:
        click.echo("\n".join(format_site_report(report)))


def _unit_aliases(state: State) -> dict[str, str]:
    """Unit names and aliases of config.yaml → unit id; none when there is no usable config."""
    if not state.config_path.is_file():
        return {}
    try:
        config = state.config()
    except ConfigError as exc:
        click.echo(f"Lưu ý: không dùng được {state.config_path} ({exc.message}); "
                   "đơn vị chỉ được so theo tên trong resolution_table.csv.", err=True)  # fmt: skip
        return {}
    return {name: unit.id for unit in config.units for name in [unit.name, *unit.aliases]}


@click.command("check-table")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--against",
    "against",
    type=click.Path(path_type=Path),
    metavar="OUT/<kỳ>",
    help="So từng ô với biểu mà lần chạy đã tính từ dữ liệu một cửa (thư mục kết quả của kỳ, "
    "ví dụ out/2020-05).",
)
@click.option(
    "--unit",
    metavar="ĐƠN_VỊ",
    help="Với --against: biểu là của một đơn vị (các dòng là lĩnh vực); so dòng Tổng cộng với "
    "đơn vị này (mã hoặc tên).",
)
@click.pass_obj
@handle_errors
def check_table(state: State, path: Path, against: Path | None, unit: str | None):
    """Kiểm tra biểu kết quả giải quyết hồ sơ của đơn vị: tổng số, và so với dữ liệu một cửa.

    Đọc biểu (Excel, CSV, bảng HTML lưu tên .xls) theo chữ ở dòng tiêu đề cột, có hoặc không có
    dòng số thứ tự cột: mẫu II.06a/VPCP/KSTT (có cột trả trước hạn), biểu 13 cột của báo cáo
    hoặc resolution_table.csv; in dạng biểu đã nhận ra và mọi dòng có tổng số khác tổng các
    thành phần. Với --against OUT/<kỳ>: so từng ô với resolution_table.csv của lần chạy, in mọi
    chỗ khác ("Sở Xây dựng (dòng 12): báo cáo 12 hồ sơ đang giải quyết quá hạn, dữ liệu một cửa
    có 15"), dòng không khớp đơn vị nào và đơn vị có hồ sơ mà biểu thiếu.
    Thoát với mã 1 nếu có chỗ lệch, 0 nếu mọi số liệu khớp.
    """
    from compliance.analyse.tables import check_table_report

    aliases = _unit_aliases(state) if against is not None else None
    report = check_table_report(path, against=against, unit=unit, aliases=aliases)
    click.echo("\n".join(report.lines))
    if not report.ok:
        sys.exit(1)


@click.command("calendar")
@click.argument("year", metavar="YEAR")
@click.pass_obj
@handle_errors
def calendar_command(state: State, year: str) -> None:
    """In lịch nghỉ năm YEAR: mọi ngày nghỉ và ngày làm bù, kèm văn bản nguồn.

    Để đối chiếu với thông báo nghỉ lễ, Tết của năm trước khi chạy. Chạy được cả khi chưa có
    config.yaml; có tệp cấu hình thì áp dụng cả calendar.extra_holidays / extra_working_days.
    """
    from compliance.calendar.working import calendar_year, year_calendar_lines

    number = calendar_year(year)
    config = None
    if state.config_path.exists():
        try:
            config = state.config()
        except ConfigError as exc:
            click.secho(
                f"Lưu ý: {state.config_path} có lỗi ({exc.message}): "
                "không dùng calendar.extra_* của tệp này.",
                fg="yellow",
                err=True,
            )
    click.echo("\n".join(year_calendar_lines(number, config, state.config_path)))


@click.command("history")
@click.option("--unit", metavar="ID", help="Chỉ một đơn vị (mã đơn vị, units[].id).")
@click.option("--last", type=click.IntRange(min=1), metavar="N", help="Chỉ N kỳ gần nhất.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
    show_default=True, help="table: bảng để đọc; csv, json: cho máy.",
)  # fmt: skip
@history_option
@click.option(
    "--repeat", default="3/6", show_default=True, metavar="K/N",
    help="Đơn vị bị nêu nhiều lần: bị nêu ít nhất K trong N kỳ gần nhất.",
)  # fmt: skip
@click.pass_obj
@handle_errors
def history(state: State, unit, last, fmt, history_path, repeat) -> None:
    """Lịch sử các lần kiểm tra: đơn vị bị nêu nhiều lần, và từng kỳ của mỗi đơn vị.

    Mỗi kỳ dùng lần chạy mới nhất của kỳ đó. Với từng đơn vị bị nêu: các kỳ bị nêu và lý do, tỷ
    lệ hồ sơ quá hạn, tỷ lệ hồ sơ quá hạn có văn bản xin lỗi.
    """
    from compliance.history.report import read_history, render, repeat_rule
    from compliance.history.store import history_path as default_history

    if history_path is None:
        config = state.config()
        history_path = default_history(config, config.path(config.outputs.dir))
    view = read_history(history_path, unit=unit, last=last, rule=repeat_rule(repeat))
    click.echo(render(view, fmt), nl=False)


@click.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(["parquet"]), default="parquet", show_default=True,
    help="Định dạng tệp xuất (hiện chỉ có parquet).",
)  # fmt: skip
@history_option
@click.option(
    "--out", "out_dir", type=click.Path(path_type=Path), metavar="DIR",
    help="Thư mục ghi (mặc định: <outputs.dir>/export).",
)  # fmt: skip
@click.pass_obj
@handle_errors
def export(state: State, fmt: str, history_path: Path | None, out_dir: Path | None) -> None:
    """Xuất lịch sử kiểm tra thành tệp Parquet để tổng hợp nhiều tỉnh (DuckDB, Spark).

    Ghi số liệu từng đơn vị (DIR/unit_counts) và hồ sơ quá hạn (DIR/findings) của lần chạy
    mới nhất mỗi kỳ, chia thư mục theo tỉnh và kỳ (province=…/period=…/part-0.parquet).
    Xuất lại thì thay toàn bộ hai thư mục này.
    """
    from compliance.history.export import export_history, export_lines
    from compliance.history.store import history_path as default_history

    if history_path is None or out_dir is None:
        config = state.config()
        outputs = config.path(config.outputs.dir)
        history_path = history_path or default_history(config, outputs)
        out_dir = out_dir or outputs / "export"
    click.echo("\n".join(export_lines(export_history(history_path, out_dir, fmt))))
