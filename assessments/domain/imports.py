"""What every import shares: the size limit, the one error with every problem listed, and
reading a file's bytes as UTF-8 text.

An import is all-or-nothing: the whole file is checked first, every problem is named
with its place (row and column, or a JSON path), and nothing is written unless there is
none. The refusal lists the first MAX_PROBLEMS."""

from __future__ import annotations

from collections.abc import Callable

from assessments.domain.errors import DomainError

MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_PROBLEMS = 50
Progress = Callable[[float, str], None]


def no_progress(fraction: float, text: str) -> None:
    """The progress callback when nobody watches."""


class ImportRefused(DomainError):
    """A file that cannot be imported; ``problems`` lists each place to fix ("place: what"), at most 50.
    Nothing was written."""

    def __init__(self, what: str, problems: list[str], complete: bool = True) -> None:
        """``complete=False``: reading stopped early, so there may be more problems than ``total``."""
        self.what = what
        self.total = len(problems)
        self.problems = list(problems[:MAX_PROBLEMS])
        count = "1 problem" if self.total == 1 else f"{self.total} problems"
        count = count if complete else f"at least {count} (reading stopped there)"
        shown = "" if self.total <= MAX_PROBLEMS else f" (the first {MAX_PROBLEMS} are listed)"
        super().__init__("\n".join(
            [f"{what} was not imported, and nothing was changed. Fix {count}{shown} and import it again:"]
            + [f"- {problem}" for problem in self.problems]
        ))


def check_size(data: bytes, what: str) -> None:
    """Refuse an empty file, or one over the limit, before anything reads it."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportRefused(what, [
            f"file: it holds {len(data) / 1024 / 1024:.1f} MB; the limit is {MAX_IMPORT_BYTES // 1024 // 1024} MB"])
    if not data.strip():
        raise ImportRefused(what, ["file: it is empty"])


def utf8_text(data: bytes, what: str) -> str:
    """The file as text, without a byte-order mark; a file in another encoding is refused with the place."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportRefused(what, [
            f"line {line}: byte 0x{data[error.start]:02X} is not UTF-8; save the file as UTF-8 (in Excel: "
            "\"CSV UTF-8\"; in a text editor: encoding UTF-8) and import it again"]) from None
