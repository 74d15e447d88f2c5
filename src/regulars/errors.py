"""The one small error tree. Adapters (cli.py, api/) map these to exit codes and HTTP status."""

from __future__ import annotations

from dataclasses import asdict, dataclass


class RegularsError(Exception):
    """Base of every error Regulars raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one value of an input file."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    reason: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column {self.column!r}"
        shown = "" if self.value is None else f" (value {self.value!r})"
        return f"{where}: {self.reason}{shown}"

    def to_dict(self) -> dict:
        return asdict(self)


class InputError(RegularsError, ValueError):
    """Input the user gave us is wrong; nothing was written.

    ``problems`` lists the first problems found (file, line, column, value, reason);
    ``total`` counts all of them, which may be more than are listed.
    """

    def __init__(
        self, message: str, problems: list[Problem] | None = None, total: int | None = None
    ):
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])
        self.total = total if total is not None else len(self.problems)

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        shown = "\n".join(f"  {p}" for p in self.problems[:20])
        more = self.total - min(len(self.problems), 20)
        tail = f"\n  ... and {more} more" if more > 0 else ""
        return f"{self.message}\n{shown}{tail}"


class NotFoundError(RegularsError, LookupError):
    """Something asked for (a customer, a table, a saved model) does not exist."""


class ConfigError(RegularsError):
    """Settings or the workspace are unusable (bad URL, missing driver, newer schema)."""


class StoreError(RegularsError):
    """The database failed in a way that is not the user's input."""


class AuthError(RegularsError):
    """Not signed in, or the credentials are wrong (HTTP 401)."""


class ForbiddenError(RegularsError):
    """Signed in, but the role does not allow this (HTTP 403)."""


class ThrottledError(RegularsError):
    """Too many failed sign-ins: wait before trying again (HTTP 429)."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


def disk_full(exc: BaseException) -> StoreError | None:
    """A full disk (``OSError`` ENOSPC, or DuckDB's IOException saying so) as a ``StoreError``."""
    if getattr(exc, "errno", None) == 28 or "No space left on device" in str(exc):
        return StoreError(f"no space left on the device: {exc}")
    return None


class PoolBusyError(StoreError):
    """Every database connection stayed in use too long (HTTP 503)."""


class NotFittedError(RegularsError, AttributeError):
    """A model was asked for predictions before ``fit`` or ``from_dict``."""
