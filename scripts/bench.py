"""Build benchmark: synthetic content at several sizes, built with the plugin and as plain pre-rendered
Markdown with plain MkDocs and Material, plus one edit under the serve loop on the real site.

Run it with ./scripts/bench [--sizes 100,1000,10000]. Each build runs in its own process, so peak memory
(maximum resident set size) is that build's alone. Compare ratios within one run: machines are noisy.
./scripts/bench --worst-case times pathological content instead (scripts/bench_worst.py).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.yaml import get_yaml_loader

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from toolkit_publisher.validate import validate  # noqa: E402
from toolkit_publisher.downloads.produce import worker_count  # noqa: E402
from toolkit_publisher.load import load_file  # noqa: E402
from toolkit_publisher import kinds, page_assets  # noqa: E402

#: Each kind kept one file per entry, by its folder, with its model.
KINDS = {kind.folder: kind.model for kind in kinds.in_folders()}

#: Keys whose values are ids of other entities (lists or single values), renamed with each copy.
REF_KEYS = {"id", "page", "checklist", "resources", "source", "organisations"}
LINK = kinds.content_link()


#: Keys of Markdown fields. Each copy's Markdown gets a line of its own, so no copy's text is the same as
#: another's: a cache keyed by text (the sanitiser check's) must not make the copies cheaper than real content.
MARKDOWN_KEYS = {"body", "intro", "guidance", "notes", "summary", "description", "what_they_did", "outcome"}


def _rename(value: Any, suffix: str, key: str | None = None, in_question: bool = False) -> Any:
    """A copy of one file's data with every id and reference suffixed, so copies never collide."""
    if isinstance(value, dict):
        return {k: _rename(v, suffix, k, in_question or k == "questions") for k, v in value.items()}
    if isinstance(value, list):
        return [_rename(v, suffix, key, in_question) for v in value]
    if isinstance(value, str):
        if key in REF_KEYS or (key == "resources" and in_question):
            return value + suffix
        if key in MARKDOWN_KEYS:
            value = f"{value}\n\nThis is copy {suffix.lstrip('-c')} of the real content."
        return LINK.sub(lambda m: f"]({m.group(1)}:{m.group(2)}{suffix})", value)
    return value


def entity_count(data: Path) -> int:
    content = validate(data)
    return sum(len(getattr(content, kind)) for kind in KINDS) + len(content.resource_index) - len(content.resources)


def make_content(target: Path, copies: int) -> None:
    """`copies` copies of the real content, each through the real model (validated before it is written)."""
    source = ROOT / "toolkit_data"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "themes.yml", target / "themes.yml")
    for kind, model in KINDS.items():
        (target / kind).mkdir(parents=True, exist_ok=True)
        for path in sorted((source / kind).glob("*.yml")):
            loaded, problems = load_file(path, path.name)
            assert loaded is not None and not problems, problems
            for copy in range(copies):
                suffix = f"-c{copy}"
                data = _rename(loaded.data, suffix)
                if "title" in data and kind == "toolkits":
                    data["title"] = f"{data['title']} (copy {copy})"
                    data["short_title"] = f"{data.get('short_title') or data['title']} {copy}"
                entity = model.model_validate(data)  # through the real content model
                dumped = entity.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
                (target / kind / f"{entity.id}.yml").write_text(
                    yaml.safe_dump(dumped, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


def _run(command: list[str], cwd: Path) -> tuple[float, int, str, float]:
    """Wall seconds, peak resident memory (bytes), output, and user CPU seconds of one process.

    The CPU time is the build process's own: download worker processes are not its waited-for children.
    It is user time only: on this machine's file system, the system time of the same build swings by
    half depending on what ran before it (a build after `generate` wrote its files spends far less).
    """
    # A benchmark site is never published, but a build needs an address (see site_url.py): any will do.
    env = {"SITE_URL": "http://127.0.0.1:8000/", **os.environ, "NO_MKDOCS_2_WARNING": "1",
           "SOURCE_DATE_EPOCH": "1700000000"}
    # The last build's files flushed to disk first, so their write-back does not slow the build timed next.
    os.sync()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output[-3000:]}")
    return seconds, usage.ru_maxrss * 1024, output, usage.ru_utime


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def plugin_build(project: Path) -> dict[str, Any]:
    seconds, memory, _, cpu = _run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", "site"], project)
    site = project / "site"
    pages = sum(1 for _ in site.rglob("index.html"))
    return {"seconds": seconds, "memory": memory, "cpu": cpu, "pages": pages, "site": _size(site),
            "search": (site / "search" / "search_index.json").stat().st_size,
            "html_per_page": sum(p.stat().st_size for p in site.rglob("index.html")) / pages}


def plain_build(project: Path) -> dict[str, Any]:
    """The same pages pre-rendered to Markdown, built by MkDocs and Material with no plugin of ours."""
    plain = project / "plain"
    shutil.rmtree(plain, ignore_errors=True)
    docs = plain / "docs"
    subprocess.run([sys.executable, "-m", "toolkit_publisher", "generate", "--data", str(project / "toolkit_data"),
                    "--out", str(docs)], check=True, capture_output=True)
    shutil.copytree(project / "content", docs, dirs_exist_ok=True)
    assets = ROOT / "plugins" / "toolkit_publisher" / "assets"
    shutil.copytree(assets, docs / "assets" / "toolkit")
    nav = json.loads((docs / "nav.json").read_text())
    (docs / "nav.json").unlink()
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=get_yaml_loader(yaml.SafeLoader))  # reads !ENV
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "toolkit" in p)]
    config["nav"] = [item for entry in config["nav"] for item in (nav if entry == "@toolkits" else [entry])]
    config["docs_dir"] = "docs"
    config["extra_css"] = [f"assets/toolkit/{name}" for name in page_assets.all_styles()]
    config["extra_javascript"] = [f"assets/toolkit/{name}" for name in page_assets.all_scripts()]
    config.setdefault("validation", {}).setdefault("nav", {})["omitted_files"] = "ignore"
    config["strict"] = False  # the publications marker on the home page is plain text here
    (plain / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    seconds, memory, _, cpu = _run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], plain)
    return {"seconds": seconds, "memory": memory, "cpu": cpu}


def edit_question(path: Path, label: str) -> None:
    """One question reworded, as an editor would."""
    text = path.read_text(encoding="utf-8")
    edited = re.sub(r"across the region(?: \([^)]*\))?\?", f"across the region ({label})?", text, count=1)
    assert edited != text, f"no question to edit in {path}"
    path.write_text(edited, encoding="utf-8")


EDIT_SCRIPT = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    project, questions, dirty, rounds = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "dirty", int(sys.argv[4])
    url = "http://127.0.0.1:8000/"
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "preview"))
    config.plugins.on_startup(command="serve", dirty=dirty)
    def rebuild():  # as `mkdocs serve` rebuilds: the configuration read again, the same plugin
        start = time.perf_counter()
        fresh = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "preview"))
        fresh.site_url = url
        build(fresh, serve_url=url, dirty=dirty)
        return time.perf_counter() - start
    first = rebuild()
    text = questions.read_text()
    times = []
    for round in range(rounds):
        questions.write_text(text.replace("across the region?", f"across the region (edit {round})?", 1))
        times.append(rebuild())
    config.plugins.on_shutdown()
    print(first, *times)
""")


def serve_edit(project: Path, questions: Path, dirty: bool, rounds: int) -> list[float]:
    """As `mkdocs serve` rebuilds after each of ``rounds`` edits (``dirty``: as ./scripts/serve does, rebuilding what
    changed)."""
    _, _, output, _ = _run([sys.executable, "-c", EDIT_SCRIPT, str(project), str(questions),
                            "dirty" if dirty else "clean", str(rounds)], project)
    return [float(x) for x in output.strip().splitlines()[-1].split()]


def project_with(data: Path | None, workdir: Path) -> Path:
    project = workdir / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copytree(data or ROOT / "toolkit_data", project / "toolkit_data")
    return project


def mb(value: float) -> str:
    return f"{value / 1_000_000:.1f} MB"


def _median(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run of median time (with its memory and sizes), and the highest peak memory of all the runs."""
    middle = sorted(runs, key=lambda run: run["seconds"])[len(runs) // 2]
    return {**middle, "memory": max(run["memory"] for run in runs)}


def measure(project: Path, repeat: int) -> dict[str, Any]:
    """Each kind of build `repeat` times, interleaved so a slow spell of the machine hits every kind alike."""
    cache = project / ".cache"
    questions = project / "toolkit_data" / "question_sets" / "regional-readiness-c0.yml"
    runs: dict[str, list[dict[str, Any]]] = {"cold": [], "warm": [], "edited": [], "plain": []}
    for round_ in range(repeat):
        shutil.rmtree(cache, ignore_errors=True)
        runs["cold"].append(plugin_build(project))  # nothing cached: every page rendered, every file made
        runs["warm"].append(plugin_build(project))  # the same content: pages and files from the disk cache
        edit_question(questions, f"edit {round_}")
        runs["edited"].append(plugin_build(project))  # one question changed: rendered afresh, 8 files remade
        runs["plain"].append(plain_build(project))
    result = _median(runs["cold"])
    result.update({kind: _median(runs[kind]) for kind in ("warm", "edited", "plain")})
    result["repeat"] = repeat
    return result


STAGES_SCRIPT = textwrap.dedent("""
    import collections, sys, time
    from pathlib import Path
    start = time.perf_counter()
    from toolkit_publisher.validate import validate
    from toolkit_publisher.render import render_site
    from toolkit_publisher.downloads import plan_downloads, checklists, job_descriptions, templates, calendars
    from toolkit_publisher.downloads.opendocument import to_odt
    from toolkit_publisher.downloads.word import to_docx
    times = collections.Counter({"imports": time.perf_counter() - start})
    files = collections.Counter()
    def timed(stage, make, *args):
        start = time.perf_counter()
        made = make(*args)
        times[stage] += time.perf_counter() - start
        files[stage] += 1
        return made
    content = timed("validate", validate, Path(sys.argv[1]))
    timed("render", render_site, content)
    documents = {"job_description": job_descriptions.document, "template": templates.document}
    for batch in plan_downloads(content):
        if batch.job == "calendar":
            timed("iCalendar", calendars.to_ics, *batch.args)
            continue
        if batch.job == "checklist":
            document = timed("document model", checklists.document, *batch.args)
            timed("Excel", checklists.to_xlsx, *batch.args)
            timed("CSV", checklists.to_csv, *batch.args)
        else:
            document = timed("document model", documents[batch.job], *batch.args)
        timed("Word", to_docx, document, batch.job == "checklist")
        timed("OpenDocument", to_odt, document)
    print("; ".join(f"{stage} {seconds:.2f} s" + (f" ({files[stage]} files)" if stage in ("Word", "OpenDocument",
          "Excel", "CSV", "iCalendar") else "") for stage, seconds in times.most_common()))
""")


def stages(data: Path) -> str:
    """Where a cold build's own work goes, stage by stage, in one process (downloads made here, one by one)."""
    _, _, output, _ = _run([sys.executable, "-c", STAGES_SCRIPT, str(data)], data.parent)
    return output.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,1000,10000", help="approximate entity counts, comma-separated")
    parser.add_argument("--stages", action="store_true",
                        help="also time each stage of a cold build (validate, render, each download format)")
    parser.add_argument("--repeat", type=int, default=5,
                        help="builds of each kind per size, below 5,000 entities; the median is shown (default 5)")
    parser.add_argument("--worst-case", action="store_true",
                        help="time validation and a build of pathological Markdown and YAML instead (bench_worst.py)")
    parser.add_argument("--worst-sizes", default="50000,100000,200000",
                        help="with --worst-case: sizes in characters of the pathological text, comma-separated")
    parser.add_argument("--worst-mixed", type=int, default=990_000,
                        help="with --worst-case: size of one page holding every shape at once (0: none)")
    args = parser.parse_args()
    if args.worst_case:
        import bench_worst

        bench_worst.main([int(s) for s in args.worst_sizes.split(",")], args.worst_mixed)
        return
    real = entity_count(ROOT / "toolkit_data")
    rows = []
    for wanted in [int(s) for s in args.sizes.split(",")]:
        copies = max(1, round(wanted / real))
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "toolkit_data"
            make_content(data, copies)
            entities = entity_count(data)
            project = project_with(data, Path(tmp))
            result = measure(project, args.repeat if entities < 5000 else 1)
            result.update({"entities": entities, "copies": copies})
            if args.stages:
                result["stages"] = stages(project / "toolkit_data")
            questions = project / "toolkit_data" / "question_sets" / "regional-readiness-c0.yml"
            # Every page rebuilt takes as long as a build: at 5,000 entities and more, one edit of that kind.
            result["preview"] = {mode: serve_edit(project, questions, mode == "dirty",
                                                  5 if mode == "dirty" or entities < 5000 else 1)
                                 for mode in ("dirty", "clean")}
            rows.append(result)
            print(f"built {entities} entities ({copies} copies): {result['seconds']:.1f} s", file=sys.stderr)
    print(f"\nMachine: {os.cpu_count()} cores ({worker_count()} download worker processes), "
          f"Python {sys.version.split()[0]}, {os.uname().machine}")
    print(f"Each time is the median of {args.repeat} builds of its kind below 5,000 entities, else of one.")
    print("| Entities | Pages | Build, cold (s) | Build, warm cache (s) | After one edit (s) | Plain MkDocs (s) | "
          "Ratio cold | Ratio warm | Ratio after edit | Ratio warm, user CPU time | "
          "Peak memory | Site | Search index | Search bytes per entity | HTML bytes per page |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        plain = row["plain"]["seconds"]
        print(f"| {row['entities']:,} | {row['pages']:,} | {row['seconds']:.2f} | {row['warm']['seconds']:.2f} | "
              f"{row['edited']['seconds']:.2f} | {plain:.2f} | {row['seconds'] / plain:.2f}× | "
              f"{row['warm']['seconds'] / plain:.2f}× | {row['edited']['seconds'] / plain:.2f}× | "
              f"{row['warm']['cpu'] / row['plain']['cpu']:.2f}× | "
              f"{mb(max(row['memory'], row['warm']['memory'], row['edited']['memory']))} | {mb(row['site'])} | "
              f"{mb(row['search'])} | {row['search'] / row['entities']:,.0f} | {row['html_per_page']:,.0f} |")
    if len(rows) > 1:
        growth = [f"{b['entities'] / a['entities']:.1f}× entities: {b['seconds'] / a['seconds']:.1f}× time"
                  for a, b in zip(rows, rows[1:])]
        print("\nGrowth: " + "; ".join(growth))
    for row in rows:
        if "stages" in row:
            print(f"\nStages of a cold build, {row['entities']:,} entities, in one process: {row['stages']}")
    print("\nThe preview after a one-question edit, rebuilt as `mkdocs serve` does (the median of 5 edits; of one for"
          " every page at 5,000 entities and more):")
    print("| Entities | First build (s) | ./scripts/serve, only what changed (s) | mkdocs serve, every page (s) | Ratio |")
    print("|---:|---:|---:|---:|---:|")
    for row in rows:
        dirty, clean = (sorted(times[1:])[len(times[1:]) // 2] for times in (row["preview"][mode] for mode in ("dirty", "clean")))
        print(f"| {row['entities']:,} | {row['preview']['dirty'][0]:.2f} | {dirty:.2f} | {clean:.2f} | "
              f"{dirty / clean:.2f}× |")

if __name__ == "__main__":
    main()
