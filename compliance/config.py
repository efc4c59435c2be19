"""config.yaml: the schema (CONTRACT section 3), validated at load.

Unknown keys are rejected and every problem is reported as ``key.path: message``.
Relative paths are resolved against the folder that holds the config file.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails

from compliance.errors import ConfigError

LEVELS = ("province", "district", "commune")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Organisation(_Strict):
    province: str = "Đắk Lắk"
    authority: str = "Văn phòng UBND tỉnh Đắk Lắk"
    #: place name printed in letters ("Đắk Lắk, ngày …"); defaults to the province
    place: str | None = None
    #: who signs the follow-up letters, e.g. "KT. CHÁNH VĂN PHÒNG / PHÓ CHÁNH VĂN PHÒNG"
    signer_title: str | None = None
    signer_name: str | None = None
    #: body above the authority in the letter header, e.g. "UBND TỈNH ĐẮK LẮK"
    parent_body: str | None = None


class PeriodRules(_Strict):
    cutoff_day: int = Field(15, ge=1, le=28)


class CalendarConfig(_Strict):
    extra_holidays: list[dt.date] = []
    extra_working_days: list[dt.date] = []


class Inputs(_Strict):
    cases: list[str] = Field(min_length=1)
    letters: list[str] = []
    exemptions: list[str] = []

    @field_validator("cases", "letters", "exemptions", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        if value is None:
            return []
        if isinstance(value, str):
            return [value]
        return value


class Rules(_Strict):
    result_date: Literal["resolved", "returned"] = "resolved"
    apology_lead_working_days: int = Field(1, ge=0, le=30)
    early_min_working_days: int = Field(1, ge=1, le=30)
    #: minimum rapidfuzz score (0–100) of the applicant name for a fuzzy letter match
    fuzzy_threshold: int = Field(90, ge=50, le=100)


class Outputs(_Strict):
    dir: str = "out"
    #: mask applicants' names in every human-facing output (also ``run --mask-names``)
    mask_names: bool = False
    #: the run history database (one for every output folder that names it); default
    #: ``<dir>/history.sqlite`` (also ``run --history PATH``, ``--no-history``)
    history: str | None = None


class LettersConfig(_Strict):
    #: Mẫu số 04 of the apology drafts: "auto" picks it by the letter's date (Thông tư
    #: 01/2018/TT-VPCP before 15/9/2025, Thông tư 03/2025/TT-VPCP from then on); "2018" or
    #: "2025" uses that form whatever the date (also ``run --form`` / ``draft --form``).
    form: Literal["auto", "2018", "2025"] = "auto"

    @field_validator("form", mode="before")
    @classmethod
    def _year_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class FollowupConfig(_Strict):
    """The follow-up letters (công văn đôn đốc) to units that fell short."""

    #: the unit reports back "trước ngày …": this many working days after the letter's date, on
    #: the tool's working-day calendar (never a weekend, Tết or a holiday)
    deadline_working_days: int = Field(5, ge=1, le=60)


class WebConfig(_Strict):
    timeout_s: float = Field(20, gt=0)
    retries: int = Field(2, ge=0, le=10)
    min_interval_s: float = Field(1.0, ge=0)
    max_pages: int = Field(50, ge=1)
    respect_robots: bool = True
    user_agent: str | None = None
    cache_dir: str = ".cache/http"
    #: how long a cached page is used without asking the site again; then a conditional GET
    cache_ttl_s: int = Field(43200, ge=0)
    #: hosts visited at the same time (one request in flight per host)
    parallel_hosts: int = Field(8, ge=1, le=64)
    #: largest response body read, in bytes
    max_bytes: int = Field(20_000_000, ge=1024)
    #: TLS verification; a path to a CA bundle (PEM) adds the missing intermediate certificates
    verify_tls: bool = True
    ca_bundle: str | None = None


class Website(_Strict):
    urls: list[str] = Field(min_length=1)
    next: str | None = None
    follow: str | None = None
    max_pages: int | None = Field(None, ge=1)

    @field_validator("urls", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value


class Unit(_Strict):
    id: str
    name: str
    aliases: list[str] = []
    level: Literal["province", "district", "commune"] = "province"
    parent: str | None = None
    code: str | None = None
    website: Website | None = None
    #: unit id that took this unit over (2025 reform); its cases are still reported under this unit
    succeeded_by: str | None = None
    #: letter header and signature values for this unit's drafts
    parent_body: str | None = None
    signer_title: str | None = None
    signer_name: str | None = None
    place: str | None = None

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _SLUG.match(value):
            raise ValueError(
                "phải viết thường, không dấu, chỉ gồm chữ, số, '.', '_', '-' (ví dụ ubnd-xa-ea-tu)"
            )
        return value


class Config(_Strict):
    organisation: Organisation = Organisation()
    period: PeriodRules = PeriodRules()
    calendar: CalendarConfig = CalendarConfig()
    inputs: Inputs
    rules: Rules = Rules()
    outputs: Outputs = Outputs()
    letters: LettersConfig = LettersConfig()
    followup: FollowupConfig = FollowupConfig()
    web: WebConfig = WebConfig()
    units: list[Unit] = []

    #: folder of the config file; relative paths are resolved against it (not a YAML key)
    base_dir: Path = Field(default_factory=Path.cwd, exclude=True)

    @model_validator(mode="after")
    def _check_units(self) -> Config:
        ids = [u.id for u in self.units]
        seen: set[str] = set()
        for i, uid in enumerate(ids):
            if uid in seen:
                raise ValueError(
                    f"units[{i}].id: '{uid}' trùng với một đơn vị khác; id phải là duy nhất"
                )
            seen.add(uid)
        for i, unit in enumerate(self.units):
            for key in ("parent", "succeeded_by"):
                ref = getattr(unit, key)
                if ref is not None and ref not in seen:
                    raise ValueError(f"units[{i}].{key}: không có đơn vị nào có id '{ref}'")
        return self

    def path(self, value: str | Path) -> Path:
        """A path from the config, resolved against the config's folder."""
        p = Path(value).expanduser()
        return p if p.is_absolute() else self.base_dir / p

    def unit(self, unit_id: str) -> Unit | None:
        return next((u for u in self.units if u.id == unit_id), None)


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _describe(err: ErrorDetails) -> str:
    """One ``key.path: message`` line, in Vietnamese, for a pydantic error."""
    loc = _loc(err["loc"])
    kind = err["type"]
    if kind == "extra_forbidden":
        return f"{loc}: khóa không được hỗ trợ (kiểm tra lại chính tả tên khóa)"
    if kind == "missing":
        return f"{loc}: thiếu khóa bắt buộc"
    msg = err["msg"].removeprefix("Value error, ")
    if kind == "value_error":
        return f"{loc}: {msg}" if loc else msg
    return f"{loc}: giá trị {err.get('input')!r} không hợp lệ: {_vietnamese(kind, err.get('ctx') or {}, msg)}"


def _vietnamese(kind: str, ctx: dict[str, Any], english: str) -> str:
    """The usual pydantic complaints in words a user reads; anything else as pydantic says it."""
    if kind == "literal_error":
        return f"phải là một trong {ctx.get('expected', '')}".replace(" or ", " hoặc ")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "phải là số nguyên"
    if kind in ("float_parsing", "float_type"):
        return "phải là số"
    if kind in ("bool_parsing", "bool_type"):
        return "phải là true hoặc false"
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        return "phải là ngày dạng YYYY-MM-DD"
    if kind in ("string_type",):
        return "phải là chuỗi chữ"
    if kind in ("list_type",):
        return 'phải là danh sách (ví dụ ["a", "b"])'
    if kind in ("dict_type", "model_type"):
        return "phải là một nhóm khóa"
    if kind == "greater_than_equal":
        return f"phải lớn hơn hoặc bằng {ctx.get('ge')}"
    if kind == "greater_than":
        return f"phải lớn hơn {ctx.get('gt')}"
    if kind == "less_than_equal":
        return f"phải nhỏ hơn hoặc bằng {ctx.get('le')}"
    if kind == "too_short":
        return "không được để trống"
    return english


def parse_config(data: object, base_dir: Path, source: str = "config.yaml") -> Config:
    """Validate a parsed YAML document. Raises ConfigError listing every problem."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(
            f"{source}: tệp cấu hình phải là các khóa YAML (organisation:, inputs:, units:, …)"
        )
    if "base_dir" in data:
        raise ConfigError(f"{source}: base_dir: khóa không được hỗ trợ")
    try:
        return Config.model_validate({**data, "base_dir": base_dir})
    except ValidationError as exc:
        problems = [_describe(e) for e in exc.errors()]
        raise ConfigError(
            f"{source}: cấu hình có {len(problems)} lỗi",
            hint="Sửa các khóa nêu trên trong tệp cấu hình rồi chạy lại.",
            problems=problems,
        ) from None


#: libyaml's safe loader when PyYAML was built with it (a province's config: 0.1 s → a few ms).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_config(path: str | Path) -> Config:
    """Read and validate config.yaml. Relative paths in it are relative to its folder."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(
            f"{path}: không tìm thấy tệp cấu hình",
            hint="Chạy lệnh trong thư mục có config.yaml, hoặc chỉ rõ --config ĐƯỜNG_DẪN.",
        )
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_YAML_LOADER)  # noqa: S506 (a safe loader)
    except UnicodeDecodeError:
        raise ConfigError(
            f"{path}: tệp không phải văn bản UTF-8", hint="Lưu tệp cấu hình với bảng mã UTF-8."
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" dòng {mark.line + 1}, cột {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(
            f"{path}:{where}: sai cú pháp YAML ({problem})",
            hint="Kiểm tra thụt lề (dùng dấu cách, không dùng Tab) và dấu ':' ở dòng đó.",
        ) from None
    return parse_config(data, path.resolve().parent, source=str(path))
