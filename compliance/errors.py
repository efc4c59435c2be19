"""Typed errors raised by the core. Only the CLI turns them into messages and exit codes."""

from __future__ import annotations


class ComplianceError(Exception):
    """Base class. ``hint`` tells the user what to do about it."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class UsageError(ComplianceError):
    """Bad command-line usage (exit 2)."""

    exit_code = 2


class ConfigError(ComplianceError):
    """config.yaml is missing or invalid (exit 2). ``problems`` lists ``path: message`` lines."""

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None, problems: list[str] | None = None):
        super().__init__(message, hint)
        self.problems = problems or []


class InputError(ComplianceError):
    """An input file cannot be read, or nothing usable is in it (exit 3)."""

    exit_code = 3
