"""The command line. Thin: parse options, call one library function, print, map errors to exit codes.

Exit codes (CONTRACT section 1): 0 done; 1 gaps found with --fail-on-gaps; 2 bad usage or
invalid config; 3 inputs unreadable or nothing usable in them.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from pathlib import Path

import click

from compliance import __version__
from compliance.calendar.periods import check_as_of, option_date, period_from_options
from compliance.errors import ComplianceError, ConfigError

log = logging.getLogger("compliance")


class _State:
    def __init__(self, config_path: Path, debug: bool):
        self.config_path = config_path
        self.debug = debug

    def config(self):
        from compliance.config import load_config

        return load_config(self.config_path)


def _fail(exc: ComplianceError) -> None:
    click.secho(f"Lỗi: {exc.message}", fg="red", err=True)
    for problem in getattr(exc, "problems", []) or []:
        click.echo(f"  - {problem}", err=True)
    if exc.hint:
        click.echo(f"Cách khắc phục: {exc.hint}", err=True)
    sys.exit(exc.exit_code)


def handle_errors(func):
    """Turn library errors into one plain message and an exit code; a traceback only with --debug."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        ctx = click.get_current_context()
        debug = bool(ctx.find_object(_State) and ctx.find_object(_State).debug)
        try:
            return func(*args, **kwargs)
        except ComplianceError as exc:
            if debug:
                raise
            _fail(exc)
        except KeyboardInterrupt:
            click.echo("Đã dừng theo yêu cầu.", err=True)
            sys.exit(130)
        except Exception as exc:  # noqa: BLE001 - last resort: never a bare traceback
            if debug:
                raise
            click.secho(f"Lỗi không mong đợi: {type(exc).__name__}: {exc}", fg="red", err=True)
            click.echo(
                "Chạy lại với --debug để xem chi tiết và gửi cho bộ phận kỹ thuật.", err=True
            )
            sys.exit(1)

    return wrapper


def period_options(func):
    """--period, or --from/--to, and --as-of."""
    func = click.option(
        "--as-of", "as_of", metavar="DATE", help="Ngày chốt số liệu (mặc định: ngày cuối kỳ)."
    )(func)
    func = click.option(
        "--to", "date_to", metavar="DATE", help="Ngày cuối của kỳ đột xuất (tính cả ngày này)."
    )(func)
    func = click.option(
        "--from", "date_from", metavar="DATE", help="Ngày đầu của kỳ đột xuất (tính cả ngày này)."
    )(func)
    func = click.option(
        "--period",
        "-p",
        metavar="P",
        help="Kỳ báo cáo: YYYY-MM, YYYY-Qn, YYYY-H1, YYYY-H2 hoặc YYYY.",
    )(func)
    return func


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--config",
    "config_path",
    default="config.yaml",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Tệp cấu hình.",
)
@click.option("--debug", is_flag=True, help="Hiện chi tiết kỹ thuật (traceback) khi có lỗi.")
@click.version_option(__version__, prog_name="compliance")
@click.pass_context
def main(ctx: click.Context, config_path: Path, debug: bool) -> None:
    """Kiểm tra việc xin lỗi hồ sơ thủ tục hành chính quá hạn.

    Đọc dữ liệu hồ sơ từ phần mềm một cửa và sổ theo dõi văn bản xin lỗi, phân loại hồ sơ
    (trước hạn, đúng hạn, quá hạn), đối chiếu văn bản xin lỗi, kiểm tra việc đăng tải trên
    trang thông tin điện tử của đơn vị và lập báo cáo.
    """
    ctx.obj = _State(config_path, debug)
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING, format="%(levelname)s: %(message)s"
    )


_FORM_OPTION = click.option(
    "--form",
    type=click.Choice(["auto", "2018", "2025"]),
    default=None,
    help="Mẫu số 04 của văn bản xin lỗi: 2018 (TT 01/2018/TT-VPCP), 2025 (TT 03/2025/TT-VPCP) "
    "hoặc auto (theo ngày văn bản; mặc định: letters.form).",
)


@main.command()
@period_options
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    help="Thư mục kết quả (mặc định: outputs.dir).",
)
@click.option(
    "--no-web", is_flag=True, help="Không kiểm tra trang thông tin điện tử (not_checked)."
)
@click.option(
    "--offline", is_flag=True, help="Chỉ dùng bộ nhớ đệm và bản lưu trang web, không truy cập mạng."
)
@click.option("--fail-on-gaps", is_flag=True, help="Thoát với mã 1 nếu còn thiếu sót.")
@click.option(
    "--mask-names",
    is_flag=True,
    help="Che tên người nộp hồ sơ trong báo cáo và văn bản đôn đốc (văn bản xin lỗi vẫn ghi đủ tên).",
)
@_FORM_OPTION
@click.pass_obj
@handle_errors
def run(
    state: _State,
    period,
    date_from,
    date_to,
    as_of,
    out_dir,
    no_web,
    offline,
    fail_on_gaps,
    mask_names,
    form,
):
    """Chạy kiểm tra cho một kỳ và ghi mọi kết quả vào OUT/<kỳ>/.

    Chạy lại một kỳ thì kết quả mới thay kết quả cũ: dự thảo văn bản của lần chạy trước không
    còn cần (hồ sơ đã có văn bản xin lỗi, đơn vị không còn phải đôn đốc) bị xoá.
    """
    config = state.config()
    result = _run(
        config,
        (period, date_from, date_to, as_of),
        out_dir=out_dir,
        web=not no_web,
        offline=offline,
        mask_names=mask_names or config.outputs.mask_names,
        form=form,
        progress=sys.stderr.isatty(),
    )
    for line in result.warning_lines:
        click.secho(f"Lưu ý: {line}", fg="yellow", err=True)
    if len(result.web_units):
        from compliance.web import format_unit_summary

        click.echo("Trang thông tin điện tử:")
        for line in format_unit_summary(result.web_units):
            click.echo(f"  {line}")
    from compliance.render.sentences import run_lines

    click.echo("\n".join(run_lines(result)))
    if fail_on_gaps and result.has_gaps:
        sys.exit(1)


def _run(config, period_args: tuple, **options):
    """``pipeline.run_period`` for the period named by (--period, --from, --to, --as-of)."""
    from compliance.pipeline import run_period

    period, date_from, date_to, as_of = period_args
    the_period = period_from_options(config.period.cutoff_day, period, date_from, date_to)
    return run_period(
        config, the_period, as_of=check_as_of(option_date(as_of, "--as-of"), the_period), **options
    )


@main.command()
@period_options
@click.pass_obj
@handle_errors
def validate(state: _State, period, date_from, date_to, as_of):
    """Kiểm tra cấu hình và mọi tệp đầu vào; liệt kê từng lỗi (tệp, dòng, cột, giá trị, quy tắc)."""
    from compliance.inputs.validate import validate_inputs

    try:
        config = state.config()
    except ConfigError as exc:
        _fail(exc)
        return
    the_period = period_from_options(
        config.period.cutoff_day, period, date_from, date_to, required=False
    )
    report = validate_inputs(config, the_period, as_of=option_date(as_of, "--as-of"))
    click.echo(report.render())
    sys.exit(0 if report.ok else report.exit_code)


@main.group()
def sites() -> None:
    """Trang thông tin điện tử của các đơn vị."""


@sites.command("test")
@click.argument("unit_ids", nargs=-1, metavar="[UNIT_ID]...")
@click.option(
    "--offline", is_flag=True, help="Chỉ dùng bộ nhớ đệm và bản lưu trang web, không truy cập mạng."
)
@click.pass_obj
@handle_errors
def sites_test(state: _State, unit_ids: tuple[str, ...], offline: bool) -> None:
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


@main.command()
@period_options
@click.option(
    "--case", "cases", multiple=True, required=True, metavar="CODE", help="Mã hồ sơ (lặp lại được)."
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    help="Thư mục kết quả (mặc định: outputs.dir).",
)
@click.option(
    "--mask-names",
    is_flag=True,
    help="Che tên người nộp hồ sơ trong letters/index.csv (văn bản vẫn ghi đủ tên người nhận).",
)
@_FORM_OPTION
@click.pass_obj
@handle_errors
def draft(state: _State, period, date_from, date_to, as_of, cases, out_dir, mask_names, form):
    """Soạn dự thảo văn bản xin lỗi (Mẫu số 04) cho các hồ sơ được nêu.

    Hồ sơ phải là hồ sơ quá hạn của kỳ. Văn bản được ghi vào OUT/<kỳ>/letters/<đơn vị>/<mã hồ sơ>.docx;
    nội dung chưa biết (lý do, ngày hẹn lại…) để trống "…" cho cán bộ điền. Các dự thảo khác đã có
    trong thư mục được giữ nguyên và vẫn có trong letters/index.csv.
    """
    from compliance.pipeline import draft_letters

    config = state.config()
    the_period = period_from_options(config.period.cutoff_day, period, date_from, date_to)
    paths = draft_letters(
        config,
        the_period,
        list(cases),
        as_of=check_as_of(option_date(as_of, "--as-of"), the_period),
        out_dir=out_dir,
        mask_names=mask_names or config.outputs.mask_names,
        form=form,
    )
    for path in paths:
        click.echo(str(path))


def _unit_aliases(state: _State) -> dict[str, str]:
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


@main.command("check-table")
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
def check_table(state: _State, path: Path, against: Path | None, unit: str | None):
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


@main.command("calendar")
@click.argument("year", metavar="YEAR")
@click.pass_obj
@handle_errors
def calendar_command(state: _State, year: str) -> None:
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


def entry() -> None:
    """The ``compliance`` program (console script and ``python -m compliance``).

    Runs :func:`main`, then leaves at once: by then every output is written and closed, and
    tearing down the thousand modules of pandas, pyarrow and the rest would only add 0.2–0.3 s
    to every command. Tests call :func:`main` instead, which returns normally.
    """
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code
    if isinstance(code, str):  # sys.exit("message"): Python prints it and exits with 1
        print(code, file=sys.stderr)
        code = 1
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that went away (| head), a closed stream
            code = code or 1
    os._exit(code or 0)
