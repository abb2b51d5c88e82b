"""The real site's build time on each engine, side by side: ./scripts/bench --engines [--runs N].

Each run builds a fresh copy of the project with no cache, as the published site is built: MkDocs 1.6 and ProperDocs
with the plugin (`build --strict`), and Zensical from the YAML (`generate --zensical`, then `zensical build
--strict`: the whole path, with Zensical's own part shown apart). The engines take turns within each round, so a
machine busy for a while slows each alike; the table gives each one's median and range over the rounds."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "SITE_URL": "http://127.0.0.1:8000/", "NO_MKDOCS_2_WARNING": "1",
       "DISABLE_MKDOCS_2_WARNING": "true"}


def _copy(folder: Path) -> Path:
    """The project's configuration and content, without any cache or built site."""
    project = folder / "project"
    project.mkdir()
    subprocess.run(["cp", "-r", str(ROOT / "mkdocs.yml"), str(ROOT / "content"), str(ROOT / "toolkit_data"),
                    str(project)], check=True)
    return project


def _timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return seconds


def _plugin_engine(python: Path, module: str) -> Callable[[Path], dict[str, float]]:
    def run(project: Path) -> dict[str, float]:
        return {"build": _timed([str(python), "-m", module, "build", "--strict", "-q", "-f", "mkdocs.yml",
                                 "-d", "site"], project)}
    return run


def _zensical(project: Path) -> dict[str, float]:
    generate = _timed([str(ROOT / ".venv" / "bin" / "python"), "-m", "toolkit_publisher", "generate", "--zensical",
                       "--out", "zensical"], project)
    build = _timed([str(ROOT / ".venv-zensical" / "bin" / "zensical"), "build", "--clean", "--strict",
                    "-f", "mkdocs.yml"], project / "zensical")
    return {"build": generate + build, "zensical alone": build}


ENGINES: dict[str, Callable[[Path], dict[str, float]]] = {
    "MkDocs 1.6.1": _plugin_engine(ROOT / ".venv" / "bin" / "python", "mkdocs"),
    "ProperDocs": _plugin_engine(ROOT / ".venv-properdocs" / "bin" / "python", "properdocs"),
    "Zensical": _zensical,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="rounds of one build on each engine (5)")
    args = parser.parse_args()
    times: dict[str, list[dict[str, float]]] = {name: [] for name in ENGINES}
    for round_ in range(args.runs):
        order = list(ENGINES)[round_ % len(ENGINES):] + list(ENGINES)[:round_ % len(ENGINES)]
        for name in order:
            with tempfile.TemporaryDirectory(prefix="bench-engines-") as folder:
                times[name].append(ENGINES[name](_copy(Path(folder))))
        print(f"round {round_ + 1} of {args.runs} done", file=sys.stderr)
    print(f"\nThe real site built from scratch (no cache), {args.runs} rounds, the engines taking turns; "
          f"{os.cpu_count()} cores\n")
    print("| Engine | Median (s) | Fastest (s) | Slowest (s) |")
    print("| --- | ---: | ---: | ---: |")
    for name, runs in times.items():
        for part in runs[0]:
            label = name if part == "build" else f"{name}: {part}"
            values = [run[part] for run in runs]
            print(f"| {label} | {statistics.median(values):.2f} | {min(values):.2f} | {max(values):.2f} |")


if __name__ == "__main__":
    main()
