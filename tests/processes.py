"""The process table, read from /proc (Linux): which processes run under another, and which still run.

Shared by the tests that prove worker processes never outlive the build or the preview that started them, and
by tests/watched_mkdocs.py, which reports from inside an MkDocs command what still runs under it."""

from __future__ import annotations

from pathlib import Path


def processes() -> dict[int, tuple[int, str]]:
    """Every process's parent id and state, from /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # it ended while we looked
            found[int(entry.name)] = (int(fields[1]), fields[0])
    return found


def descendants(pid: int) -> dict[int, int]:
    """The processes under ``pid``, each with its parent's id."""
    table = processes()
    found: dict[int, int] = {}
    parents = [pid]
    while parents:
        parent = parents.pop()
        for child, (ppid, _) in table.items():
            if ppid == parent and child not in found:
                found[child] = parent
                parents.append(child)
    return found


def running(pids: set[int]) -> set[int]:
    """Those still running (an exited process nobody has reaped yet, a zombie, is not)."""
    table = processes()
    return {pid for pid in pids if pid in table and table[pid][1] != "Z"}
