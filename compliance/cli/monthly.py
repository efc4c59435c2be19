"""The monthly commands: run, validate, draft."""

from __future__ import annotations

import sys

import click

from compliance.calendar.periods import (
    check_as_of,
    option_date,
    optional_period,
    period_from_options,
)
from compliance.cli.common import (
    State,
    fail,
    form_option,
    handle_errors,
    history_option,
    out_option,
    period_options,
)
from compliance.errors import ConfigError


@click.command()
@period_options
@out_option
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
@form_option
@history_option
@click.option("--no-history", is_flag=True, help="Không ghi lần chạy này vào lịch sử.")
@click.pass_obj
@handle_errors
def run(
    state: State,
    period,
    date_from,
    date_to,
    as_of,
    out_dir,
    no_web,
    offline,
    fail_on_gaps,
    mask_names,
    history_path,
    no_history,
    form,
):
    """Chạy kiểm tra cho một kỳ và ghi mọi kết quả vào OUT/<kỳ>/.

    Chạy lại một kỳ thì kết quả mới thay kết quả cũ: dự thảo văn bản của lần chạy trước không
    còn cần (hồ sơ đã có văn bản xin lỗi, đơn vị không còn phải đôn đốc) bị xoá. Mỗi lần chạy
    được ghi vào lịch sử (xem 'compliance history'); chạy lại một kỳ thì lịch sử dùng lần mới nhất.
    """
    config = state.config()
    result = _run(
        config,
        (period, date_from, date_to, as_of),
        out_dir=out_dir,
        web=not no_web,
        offline=offline,
        mask_names=mask_names or config.outputs.mask_names,
        progress=sys.stderr.isatty(),
        history=False if no_history else (history_path or True),
        form=form,
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


@click.command()
@period_options
@click.pass_obj
@handle_errors
def validate(state: State, period, date_from, date_to, as_of):
    """Kiểm tra cấu hình và mọi tệp đầu vào; liệt kê từng lỗi (tệp, dòng, cột, giá trị, quy tắc)."""
    from compliance.inputs.validate import validate_inputs

    try:
        config = state.config()
    except ConfigError as exc:
        fail(exc)
        return
    the_period = optional_period(config.period.cutoff_day, period, date_from, date_to)
    report = validate_inputs(config, the_period, as_of=option_date(as_of, "--as-of"))
    click.echo(report.render())
    sys.exit(0 if report.ok else report.exit_code)


@click.command()
@period_options
@click.option(
    "--case", "cases", multiple=True, required=True, metavar="CODE", help="Mã hồ sơ (lặp lại được)."
)
@out_option
@click.option(
    "--mask-names",
    is_flag=True,
    help="Che tên người nộp hồ sơ trong letters/index.csv (văn bản vẫn ghi đủ tên người nhận).",
)
@form_option
@click.pass_obj
@handle_errors
def draft(state: State, period, date_from, date_to, as_of, cases, out_dir, mask_names, form):
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
