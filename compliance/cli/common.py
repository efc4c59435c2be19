"""What every command shares: the config it names, plain error messages, the period options."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from compliance.errors import ComplianceError


class State:
    def __init__(self, config_path: Path, debug: bool):
        self.config_path = config_path
        self.debug = debug

    def config(self):
        from compliance.config import load_config

        return load_config(self.config_path)


def fail(exc: ComplianceError) -> None:
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
        debug = bool(ctx.find_object(State) and ctx.find_object(State).debug)
        try:
            return func(*args, **kwargs)
        except ComplianceError as exc:
            if debug:
                raise
            fail(exc)
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


def history_option(func):
    """--history PATH: the run history database."""
    return click.option(
        "--history",
        "history_path",
        type=click.Path(path_type=Path),
        help="Cơ sở dữ liệu lịch sử (mặc định: outputs.history, hoặc OUT/history.sqlite).",
    )(func)


def form_option(func):
    """--form: which Mẫu số 04 the apology drafts follow."""
    return click.option(
        "--form",
        type=click.Choice(["auto", "2018", "2025"]),
        default=None,
        help="Mẫu số 04 của văn bản xin lỗi: 2018 (TT 01/2018/TT-VPCP), 2025 (TT 03/2025/TT-VPCP) "
        "hoặc auto (theo ngày văn bản; mặc định: letters.form).",
    )(func)


def out_option(func):
    """--out DIR: where the period's folder goes."""
    return click.option(
        "--out",
        "out_dir",
        type=click.Path(path_type=Path),
        help="Thư mục kết quả (mặc định: outputs.dir).",
    )(func)
