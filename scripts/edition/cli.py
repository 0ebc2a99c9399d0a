"""The `edition` command: a thin layer that parses arguments, calls the library, returns a code."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from .errors import EditionError, fail
from .files import write_atomic
from . import anchors, releases
from .annotate.glossary import lint_abbreviations, load_glossary
from .annotate.people import lint_edition, load_register
from .audit import audit, report
from .lint import lint_edition as structure_lint
from .pipeline import (freeze_current, build_document, build_documents, generate, generate_with_word_table, regenerate,
                       stale_pages, stale_word_table, write_pages)
from .proof import lint_edition as proofread
from .render.citation import is_placeholder
from .sources import load_changelog, load_edition, site_url
from .navigation import check_navigation
from .site import build_site, check_site_dir, engine, engine_command, stub_pdf_targets, zensical_config


def find_root(start: Path) -> Path:
    """The repository root: the nearest folder upwards holding mkdocs.yml and sources/."""
    for folder in [start, *start.parents]:
        if (folder / "mkdocs.yml").exists() and (folder / "sources").is_dir():
            return folder
    raise fail("E101", start)


def cmd_build(args: argparse.Namespace) -> int:
    root = find_root(Path.cwd())
    if not args.no_site:
        check_site_dir(root, root / args.site_dir)  # refuse a wrong folder before any work
    started = time.perf_counter()
    base_url = site_url(root)
    if is_placeholder(base_url):
        print(f"base URL is the placeholder {base_url}: set site_url in mkdocs.yml to the "
              "edition's public address before publishing (README, Publishing)")
    pages, written, texts = regenerate(root)
    generated = time.perf_counter()
    print(f"generated {len(pages)} pages ({len(written)} changed; texts regenerated: "
          f"{', '.join(texts) or 'none, their inputs are unchanged'}) in {generated - started:.2f} s")
    if args.no_site:
        return 0
    pdfs = build_site(root, root / args.site_dir, pdf=not args.no_pdf)
    done = time.perf_counter()
    print(f"built the site into {args.site_dir}/ in {done - generated:.2f} s"
          + (f", with the PDFs of {len(pdfs)} texts ({sum(pdfs.values())} pages)" if pdfs else ""))
    return 0


def cmd_handout(args: argparse.Namespace) -> int:
    """A PDF of chosen paragraphs of a text, from the built site, for the classroom."""
    from .pdf import parse_paragraphs, write_handout

    root = find_root(Path.cwd())
    first, last = parse_paragraphs(args.paragraphs)
    output = Path(args.output) if args.output else Path(
        f"{args.slug}-p{first}" + (f"-{last}" if last != first else "") + ".pdf")
    pages = write_handout(root / args.site_dir, args.slug, args.paragraphs, output, notes=args.notes)
    print(f"wrote {output} ({pages} page{'s' if pages != 1 else ''})")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    root = find_root(Path.cwd())
    write_pages(root, generate(root))
    for problem in check_navigation(root):
        print(f"warning: {problem}", file=sys.stderr)
    stub_pdf_targets(root)
    name = engine(root)
    if name == "mkdocs":
        return subprocess.call(engine_command(name, "serve", "-a", args.addr), cwd=root)
    with zensical_config(root) as (config, _):  # so that it never writes into site/
        return subprocess.call(engine_command(name, "serve", "--config-file", config, "--dev-addr", args.addr),
                               cwd=root)


def cmd_check(args: argparse.Namespace) -> int:
    """Audits: conservation of every text, the people and glossary lints, the anchors, docs/
    freshness, the navigation."""
    root = find_root(Path.cwd())
    failed = False
    _, texts = load_edition(root)
    documents = build_documents(texts)
    for text in texts:
        result = audit(text, documents[text.slug])
        for line in report(result, text.raw_path.relative_to(root)):
            print(line)
        failed |= not result.ok
    lints = [
        (lint_edition(root, documents, load_register(root, list(documents))),
         "people: every capitalised name is in the register or the list of non-person words"),
        (lint_abbreviations(root, load_glossary(root), documents),
         "glossary: every word in capitals is in the glossary or the list of words needing no entry"),
        (proofread(root, texts, documents),
         "proof: no stray spaces, misdirected or unbalanced quotes, split or joined words, "
         "or miscategorised corrections"),
        (structure_lint(root, documents),
         "structure: every note called and every call with its note, no digit glued to a word, "
         "every registered name form in a text its person lists"),
    ]
    for messages, all_clear in lints:
        print("\n".join(messages) if messages else all_clear)
        failed |= bool(messages)
    current = {slug: anchors.current_anchors(doc) for slug, doc in documents.items()}
    manifest = anchors.load_manifest(root)
    problems = anchors.compare(manifest, current) + anchors.unrecorded(manifest, current)
    for problem in problems:
        print(problem)
    failed |= bool(problems)
    if not problems:
        print("anchors: every published anchor resolves to its text")
    pages, table = generate_with_word_table(root)
    stale = stale_pages(root, pages) + stale_word_table(root, table)
    for error in stale:
        print(error)
    if not stale:
        print(f"docs: {len(pages)} generated pages and the word table are up to date with sources/ and scripts/")
    navigation = check_navigation(root)
    for problem in navigation:
        print(problem)
    if not navigation:
        print("navigation: every page of docs/ is in the navigation or not_in_nav, and every entry exists")
    return 1 if failed or stale or navigation else 0


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import new_text

    print(new_text(find_root(Path.cwd()), args.slug, args.profile, Path(args.raw)))
    return 0


def current_anchors(root: Path) -> dict[str, dict]:
    _, texts = load_edition(root)
    return {text.slug: anchors.current_anchors(build_document(text)) for text in texts}


def cmd_anchors(args: argparse.Namespace) -> int:
    """Check the manifest of published anchors, accept intended changes, or add an alias."""
    root = find_root(Path.cwd())
    manifest = anchors.load_manifest(root)
    current = current_anchors(root)
    if args.alias:
        slug, old, new = args.alias
        anchors.save_manifest(root, anchors.add_alias(manifest, slug, old, new, current))
        print(f"{slug}#{old} now resolves to #{new}; run `edition build` to render it")
        return 0
    if args.accept is not None:
        slugs = args.accept or sorted(current)
        anchors.save_manifest(root, anchors.accept(manifest, current, slugs))
        print(f"recorded the anchors of {', '.join(slugs)}; note the textual change in sources/changelog.yaml")
        return 0
    problems = anchors.compare(manifest, current)
    for problem in problems:
        print(problem)
    total = sum(len(entry["paragraphs"]) + len(entry["pages"]) + len(entry.get("aliases", {}))
                for entry in manifest.values())
    print(f"{total} published anchors, {len(problems)} problems")
    return 1 if problems else 0


def cmd_benchmark(args: argparse.Namespace) -> int:
    """Print timings and page weights (a measurement, never a pass or fail)."""
    root = find_root(Path.cwd())
    site_dir = Path(args.site_dir) if args.site_dir else root / "site"
    if args.search or args.lighthouse:  # the browser benchmarks of the built site
        from .webbench import lighthouse_table, search_figures

        if not (site_dir / "index.html").exists():
            raise fail("H104", site_dir)
        lines = search_figures(site_dir, max(args.copies or [100])) if args.search else []
        lines += lighthouse_table(site_dir) if args.lighthouse else []
    else:
        from .benchmark import run

        lines = run(root, site_dir, tuple(args.copies))
    for line in lines:
        print(line, flush=True)
    return 0


def cmd_words(args: argparse.Namespace) -> int:
    """Write sources/word-table.tsv: the word model's figures for the strings the texts need."""
    from .sources import WORD_TABLE, word_table_text

    root = find_root(Path.cwd())
    _, table = generate_with_word_table(root)
    write_atomic(root / WORD_TABLE, word_table_text(table))
    print(f"wrote {WORD_TABLE}: {len(table)} strings, {sum(1 for f in table.values() if f)} known to wordfreq")
    return 0


def cmd_freeze(args: argparse.Namespace) -> int:
    """Freeze the current release's reading texts (before listing a newer version)."""
    root = find_root(Path.cwd())
    version, written = freeze_current(root)
    print(f"froze release {version}: {len(written)} files in {releases.FOLDER / version}, listed in {releases.SUMS}")
    return 0


def positive(value: str) -> int:
    """An argument that must be a whole number of at least 1 (a count of copies)."""
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a count of at least 1")
    return number


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="edition", description="Build and check the digital edition.")
    sub = main.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="clean, annotate and render the texts, then build the site")
    build.add_argument("--site-dir", default="site",
                       help="where to build the site (default: site); it is replaced whole, so it must be "
                            "absent, empty or a site an earlier build made; one build at a time")
    build.add_argument("--no-site", action="store_true", help="write docs/ only, skip MkDocs")
    build.add_argument("--no-pdf", action="store_true",
                       help="skip the PDFs of the texts (the slowest step; their download links then lead nowhere)")
    build.set_defaults(func=cmd_build)
    handout = sub.add_parser(
        "handout", help="make a print-ready PDF of chosen paragraphs of a text, for the classroom"
    )
    handout.add_argument("slug", help="the text, by its slug (as in /texts/<slug>/)")
    handout.add_argument("--paragraphs", "-p", required=True, metavar="N-M",
                         help="the paragraphs to print, by number: 12-20, or 7")
    handout.add_argument("--notes", action="store_true", help="print the notes the paragraphs call")
    handout.add_argument("-o", "--output", metavar="FILE",
                         help="the PDF to write (default: <slug>-p<N>-<M>.pdf here)")
    handout.add_argument("--site-dir", default="site",
                         help="the built site to read (default: site; run `edition build` first)")
    handout.set_defaults(func=cmd_handout)
    serve = sub.add_parser("serve", help="regenerate the pages and preview the site live (with the "
                                         "engine of sources/edition.yaml or $EDITION_ENGINE)")
    serve.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on")
    serve.set_defaults(func=cmd_serve)
    check = sub.add_parser(
        "check", help="run the audits: conservation of every raw word, freshness of docs/"
    )
    check.set_defaults(func=cmd_check)
    new = sub.add_parser("new", help="add a text: copy its raw file, write a commented source.yaml, "
                                     "add it to edition.yaml, say what to do next")
    new.add_argument("slug", help="the text's permanent name (lower-case words joined by hyphens)")
    new.add_argument("--profile", required=True, help="the kind of document: chapter, typescript-ocr, "
                                                      "cards, memcon or frus")
    new.add_argument("raw", help="the raw text file, copied byte for byte")
    new.set_defaults(func=cmd_new)
    anchors_cmd = sub.add_parser(
        "anchors", help="check the manifest of published anchors; accept changes; alias anchors"
    )
    anchors_cmd.add_argument("--accept", nargs="*", metavar="SLUG",
                             help="record the current anchors of these texts (all if none given) as intended")
    anchors_cmd.add_argument("--alias", nargs=3, metavar=("SLUG", "OLD", "NEW"),
                             help="keep anchor OLD of text SLUG resolving, at anchor NEW")
    anchors_cmd.set_defaults(func=cmd_anchors)
    freeze = sub.add_parser(
        "freeze", help="freeze the current release's reading texts in sources/releases/ (before listing a newer version)"
    )
    freeze.set_defaults(func=cmd_freeze)
    words = sub.add_parser(
        "words", help="write sources/word-table.tsv, the word model's figures for the strings the texts look up "
                      "(after adding or changing a text; a test checks it is fresh)"
    )
    words.set_defaults(func=cmd_words)
    bench = sub.add_parser(
        "benchmark", help="time loading, cleaning and rendering (edition, 10x and 100x corpus) against a bare build"
    )
    bench.add_argument("--copies", nargs="*", type=positive, default=[10, 100], metavar="N",
                       help="the synthetic corpora to time, as copies of the edition (default: 10 100; "
                            "none for the edition alone)")
    bench.add_argument("--search", action="store_true",
                       help="instead: what one search query downloads at the largest corpus of --copies "
                            "(default 100x), in Chromium")
    bench.add_argument("--lighthouse", action="store_true",
                       help="instead: Lighthouse 12's scores of home, CIA, Zubok, Khrushchev and the glossary, "
                            "mobile and desktop (npm ci --prefix scripts/lighthouse first)")
    bench.add_argument("--site-dir", help="the built site to measure (default: site/)")
    bench.set_defaults(func=cmd_benchmark)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except EditionError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
