"""Content problems, reported the way editors' tools read them: ``file:line:column: message``."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

#: Characters that, printed raw, could end a line (and start a forged CI annotation such as '::error'),
#: move a terminal's cursor, or reorder what is shown: control characters, line and paragraph separators,
#: bidirectional controls, the byte-order mark and lone surrogates.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str) -> str:
    """Text safe to print on one line of a terminal or CI log: unprintable characters shown as escapes."""
    return _UNPRINTABLE.sub(_escape, text)


#: A line that a CI runner would read as a command ('::error file=…::…' in GitHub Actions).
_WORKFLOW_COMMAND = re.compile(r"(?m)^(\s*)::")


class PrintableRecords(logging.Filter):
    """Makes every log record safe to print, whoever logged it: MkDocs prints names and link targets from the
    content in its own messages (percent-decoded), where a line break could forge a CI annotation and an
    escape sequence could drive the terminal. Line breaks of multi-line messages are kept; a line that starts
    like a CI command has its colons escaped, and every other unprintable character is shown as an escape."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        safe = "\n".join(printable(line) for line in message.split("\n"))
        safe = _WORKFLOW_COMMAND.sub(lambda match: f"{match.group(1)}:\\:", safe)
        if safe != message:
            record.msg, record.args = safe, ()
        return True


def make_logs_printable(*loggers: logging.Logger) -> None:
    """Install PrintableRecords on every handler of these loggers (once): a handler's filters see the records
    of child loggers too, which a logger's own filters do not."""
    for logger in loggers:
        for handler in logger.handlers:
            if not any(isinstance(f, PrintableRecords) for f in handler.filters):
                handler.addFilter(PrintableRecords())


@dataclass(frozen=True, order=True)
class Position:
    """A place in a source file; line and column count from 1, as editors show them."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{printable(self.path)}:{self.line}:{self.column}"

    @classmethod
    def of_offset(cls, path: str, text: str | bytes, offset: int) -> Position:
        """The line and column of a character (or byte) of a whole file's text."""
        newline = "\n" if isinstance(text, str) else b"\n"
        line_start = text.rfind(newline, 0, offset) + 1  # type: ignore[arg-type]
        return cls(path, text.count(newline, 0, offset) + 1, offset - line_start + 1)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ContentError:
    """One problem an editor has to fix, with where it is and how to fix it.

    The message is made printable here, once, so no value echoed into it (a key, a file name, a
    piece of text) can forge a line of output or drive the terminal, whoever formats it.
    """

    position: Position
    message: str
    severity: str = "error"

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", printable(self.message))

    def __str__(self) -> str:
        return f"{self.position}: {self.severity}: {self.message}"


class ContentErrors(Exception):
    """Raised with every problem found, so an editor sees them all in one run."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(errors, key=lambda e: (e.position, e.message))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.errors)
        noun = "problem" if count == 1 else "problems"
        lines = [f"The toolkit content has {count} {noun}:"]
        lines += [str(error) for error in self.errors]
        return "\n".join(lines)
