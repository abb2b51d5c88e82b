"""Content problems, reported the way editors' tools read them: ``file:line:column: message``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Position:
    """A place in a source file; line and column count from 1, as editors show them."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class ContentError:
    """One problem an editor has to fix, with where it is and how to fix it."""

    position: Position
    message: str
    severity: str = "error"

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
