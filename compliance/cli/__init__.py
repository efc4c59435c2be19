"""The command line (click only): parse options, call one library function, print, map errors.

Exit codes (CONTRACT section 1): 0 done; 1 gaps found with --fail-on-gaps; 2 bad usage or
invalid config; 3 inputs unreadable or nothing usable in them.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from compliance import __version__
from compliance.cli import monthly, tools
from compliance.cli.common import State

log = logging.getLogger("compliance")


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
    ctx.obj = State(config_path, debug)
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING, format="%(levelname)s: %(message)s"
    )


for command in (monthly.run, monthly.validate, monthly.draft, tools.sites, tools.check_table,
                tools.calendar_command, tools.history, tools.export):  # fmt: skip
    main.add_command(command)


def entry() -> None:
    """The ``compliance`` program (console script and ``python -m compliance``).

    Runs :func:`main`, then leaves at once: by then every output is written and closed, and
    tearing down the thousand modules of pandas, pyarrow and the rest would only add 0.2–0.3 s
    to every command. Tests call :func:`main` instead, which returns normally.
    """
    code: str | int | None  # SystemExit's: None and 0 are success
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
