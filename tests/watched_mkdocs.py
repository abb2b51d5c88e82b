"""`python -m mkdocs ARGS`, reporting what runs under it: as the toolkit plugin shuts down, and once MkDocs has
returned (every plugin's on_shutdown done) while this process still lives. So a test can tell what a build, or a
stopped `mkdocs serve`, leaves running, without waiting for anything to end by itself when this process exits.

Each report is one line: a label, then each process under this one as pid:parent."""

from __future__ import annotations

import os
import sys

from processes import descendants
from toolkit_publisher.mkdocs_plugin import ToolkitPlugin

AT_SHUTDOWN = "under mkdocs as the plugin shuts down:"
AFTER = "under mkdocs once it returned:"


def report(label: str) -> None:
    print(label, *(f"{pid}:{parent}" for pid, parent in sorted(descendants(os.getpid()).items())), flush=True)


def main() -> None:
    shutdown = ToolkitPlugin.on_shutdown

    def reported_shutdown(plugin: ToolkitPlugin) -> None:
        report(AT_SHUTDOWN)
        shutdown(plugin)

    ToolkitPlugin.on_shutdown = reported_shutdown  # type: ignore[method-assign]
    from mkdocs.__main__ import cli

    try:
        cli.main(args=sys.argv[1:], prog_name="mkdocs", standalone_mode=False)
    finally:
        report(AFTER)


if __name__ == "__main__":
    main()
