"""Command line: check the content, or write the generated Markdown to a folder for another engine.

    python -m toolkit_publisher validate [--data toolkit_data]
    python -m toolkit_publisher generate --out DIR [--data toolkit_data] [--zensical]
    python -m toolkit_publisher schemas [--out schemas]
    python -m toolkit_publisher cms-config [--out cms/config.yml]
    python -m toolkit_publisher build [--site-dir site] [--engine mkdocs|properdocs] [-- MKDOCS-OPTIONS]
    python -m toolkit_publisher build-zensical --zensical PATH [--site-dir site]
    python -m toolkit_publisher new KIND "Title" [--toolkit TOOLKIT-ID]
    python -m toolkit_publisher record-calendar-changes [--data toolkit_data]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from pydantic import ValidationError

from . import calendar_revisions, kinds
from . import models as m
from .build import ENGINES, build, build_zensical
from .downloads.produce import MissingDownload, Production, Workers, fill_sizes
from .downloads.reproducible import settle_source_date_epoch
from .errors import ContentError, ContentErrors
from .files import display
from .load import load_file
from .render import render_site
from .scaffold import scaffold
from .cms_config import write_config
from .schema import write_schemas
from .validate import validate
from .validate.messages import model_errors, placeholders
from .zensical_project import write_project


def _generate(data: Path, out: Path, directory_urls: bool) -> int:
    bad_epoch = settle_source_date_epoch()
    if bad_epoch is not None:
        print(bad_epoch, file=sys.stderr)
        return 1
    site = render_site(validate(data), directory_urls=directory_urls)
    with Workers() as workers:  # stopped, and waited for, before this returns
        production = Production(site.batches, workers)
        for path, markdown in site.pages.items():
            target = out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(fill_sizes(markdown, production, path), encoding="utf-8")
        production.write(out)
    (out / "nav.json").write_text(json.dumps(site.nav, indent=2) + "\n", encoding="utf-8")
    print(f"Wrote {len(site.pages)} pages, {len(site.downloads)} downloads and nav.json to {out}")
    return 0


def _validate(data: Path, paths: list[Path]) -> int:
    """Print every problem as file:line:column: severity: message, the form editors' tools and CI understand."""
    wanted = {p.resolve() for p in paths}

    def shown(problem: ContentError) -> bool:
        return not wanted or (data.resolve().parent / problem.position.path).resolve() in wanted

    try:
        content = validate(data)
    except ContentErrors as exc:
        errors = [e for e in exc.errors if shown(e)]
        for error in errors:
            print(error)
        print(f"{len(errors)} error{'s' if len(errors) != 1 else ''}: fix them and run this again.", file=sys.stderr)
        return 1 if errors or not wanted else 0
    warnings = [w for w in content.warnings if shown(w)]
    for warning in warnings:
        print(warning)
    counts = [f"{n} {kind.singular if n == 1 else kind.plural}"
              for kind in kinds.in_folders() for n in [len(content.of(kind.folder))]]
    print(f"No errors, {len(warnings)} warning{'s' if len(warnings) != 1 else ''}. Checked "
          + ", ".join(counts) + ".", file=sys.stderr)
    return 0


def _record_calendar_changes(data: Path) -> int:
    """Record, in each training programme's file, the revision of each session that is new or has changed (see
    calendar_revisions.py). A file that does not read as a programme is left as it is, its problems printed."""
    now = dt.datetime.now(dt.timezone.utc)
    failed = False
    for path in sorted((data / kinds.get("training").folder).glob("*.yml")):
        shown = display(path, data.parent)
        loaded, errors = load_file(path, shown)
        errors += [error for _, error in placeholders(loaded)] if loaded else []
        try:
            programme = m.TrainingProgramme.model_validate(loaded.data) if loaded and not errors else None
        except ValidationError as exc:
            programme, errors = None, model_errors(exc, loaded, m.TrainingProgramme)
        if programme is None:
            print("\n".join(str(error) for error in errors))
            print(f"{shown}: not recorded: fix the problems above first", file=sys.stderr)
            failed = True
            continue
        revisions = calendar_revisions.record(programme, now)
        if revisions == programme.calendar_revisions:
            continue
        key = loaded.keys.get((calendar_revisions.KEY,))
        path.write_text(calendar_revisions.rewrite(path.read_text(encoding="utf-8"), key.line if key else None,
                                                   revisions), encoding="utf-8")
        changed = [f"'{session_id}' (revision {entry.sequence})" for session_id, entry in revisions.items()
                   if programme.calendar_revisions.get(session_id) != entry]
        print(f"{shown}: recorded {', '.join(changed)}")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m toolkit_publisher", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check every YAML file and report every problem")
    check.add_argument("--data", type=Path, default=Path("toolkit_data"), help="the content folder")
    check.add_argument("paths", nargs="*", type=Path, help="report only on these files (all are still checked)")
    generate = commands.add_parser("generate", help="write the generated Markdown pages and navigation")
    generate.add_argument("--data", type=Path, default=Path("toolkit_data"), help="the content folder")
    generate.add_argument("--out", type=Path, required=True, help="the folder to write into")
    generate.add_argument("--no-directory-urls", action="store_true",
                          help="write links for a site built with use_directory_urls: false")
    generate.add_argument("--zensical", action="store_true",
                          help="write a whole project Zensical builds as it stands (mkdocs.yml and docs/), from the "
                               "mkdocs.yml and docs folder of the current folder")
    schemas = commands.add_parser("schemas", help="write a JSON Schema for each kind of YAML file")
    schemas.add_argument("--out", type=Path, default=Path("schemas"), help="the folder to write into")
    editor = commands.add_parser("cms-config", help="write the content editor's configuration (Decap CMS's config.yml)")
    site = commands.add_parser("build", help="mkdocs (or properdocs) build --strict, replacing the site folder only "
                                             "if it passes")
    site.add_argument("--site-dir", type=Path, default=Path("site"))
    site.add_argument("--engine", choices=sorted(ENGINES), default="mkdocs",
                      help="the engine that builds the site, installed in this Python (./scripts/setup --engine)")
    site.add_argument("mkdocs_args", nargs=argparse.REMAINDER, help="further options for mkdocs build")
    zensical = commands.add_parser("build-zensical", help="the Zensical project (generate --zensical) built by "
                                   "Zensical, replacing the site folder only if it passes")
    zensical.add_argument("--site-dir", type=Path, default=Path("site"))
    zensical.add_argument("--data", type=Path, default=Path("toolkit_data"), help="the content folder")
    zensical.add_argument("--zensical", required=True, help="the zensical command (./scripts/setup --engine zensical)")
    new = commands.add_parser("new", help="write a new content file to fill in")
    new.add_argument("kind", help=", ".join(kinds.aliases()))
    new.add_argument("title")
    new.add_argument("--toolkit", help="for a page, question set or resource list: the toolkit it is part of")
    new.add_argument("--data", type=Path, default=Path("toolkit_data"), help="the content folder")
    record = commands.add_parser("record-calendar-changes",
                                 help="record each training session that is new or has changed, for calendars")
    record.add_argument("--data", type=Path, default=Path("toolkit_data"), help="the content folder")
    args = parser.parse_args(argv)
    if args.command == "record-calendar-changes":
        return _record_calendar_changes(args.data)
    if args.command == "new":
        try:
            path = scaffold(args.data, args.kind, args.title, args.toolkit)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(f"Wrote {path}. Replace each FILL IN value, then run ./scripts/validate {path}")
        return 0
    if args.command == "build":
        return build(args.site_dir, [a for a in args.mkdocs_args if a != "--"], args.engine)
    if args.command == "build-zensical":
        return build_zensical(args.site_dir, args.zensical, Path.cwd(), args.data)
    if args.command == "schemas":
        written = write_schemas(args.out)
        print(f"Wrote {len(written)} schemas to {args.out}")
        return 0
    try:
        if args.command == "validate":
            return _validate(args.data, args.paths)
        if args.zensical:
            written = write_project(Path.cwd(), args.data, args.out)
            print(f"Wrote {written.pages} pages, {written.downloads} downloads and mkdocs.yml to {args.out}: "
                  f"build it with `zensical build` there")
            return 0
        return _generate(args.data, args.out, not args.no_directory_urls)
    except ContentErrors as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except MissingDownload as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
