"""A SIGTERM stops a build or a preview as Ctrl+C does, so that what it made in the temporary folder is removed."""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any


def _as_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def stop_as_interrupt_on_sigterm() -> Any:
    """By default a SIGTERM (a terminal closed, a CI job cancelled, `kill`) ends Python at once and runs no `finally`:
    the made downloads, the preview's pages and MkDocs' own served site would stay in the temporary folder. As an
    interrupt, MkDocs' `finally` blocks and the plugin's `on_shutdown` run. Only the main thread may set a handler, and
    a handler another program set is kept. Returns what to restore (None: nothing was changed)."""
    if threading.current_thread() is not threading.main_thread():
        return None
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return None
    return signal.signal(signal.SIGTERM, _as_interrupt)


def restore_sigterm(previous: Any) -> None:
    """Put back the handler that stood before, once the plugin has shut down (MkDocs' Python API may go on)."""
    if previous is not None and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, previous)
