"""The navigation of mkdocs.yml against the pages of docs/, checked by the edition itself.

MkDocs reports a page missing from the navigation (``validation.nav.omitted_files``) and a
navigation entry naming no page (``validation.nav.not_found``); Zensical reads the same
settings and ignores both, so an orphan page and an entry to a missing file build with exit 0.
This check, run by every build before the engine and by `edition check`, is the same under
either engine:

- every page (``docs/**/*.md``) is named in ``nav``, or matches a pattern of ``not_in_nav``
  or ``exclude_docs`` (gitignore patterns, as MkDocs reads them), or MkDocs' own exclusions
  (names beginning with a dot, ``templates/``): else ``B105``;
- every entry of ``nav`` that is not an address (``https://…``) names an existing page: else
  ``B106``.

Without a ``nav`` both engines list every page, and there is nothing to check.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import yaml

from .errors import EditionError, fail

# MkDocs' exclusions that apply whatever exclude_docs says (mkdocs.structure.files).
DEFAULT_EXCLUDE = [".*", "/templates/"]


class _Loader(yaml.SafeLoader):
    """mkdocs.yml may hold tags (!ENV, !!python/name:…) that only the engines resolve."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def nav_entries(nav: Any) -> Iterator[str]:
    """The file of every entry of a ``nav`` (titles dropped, sections walked)."""
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, list):
        for item in nav:
            yield from nav_entries(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from nav_entries(value)


def _is_address(entry: str) -> bool:
    return "://" in entry or entry.startswith(("/", "mailto:", "#"))


def _line(config_text: str, entry: str) -> int | None:
    for number, line in enumerate(config_text.splitlines(), 1):
        if line.strip().lstrip("- ").endswith(entry) and not line.lstrip().startswith("#"):
            return number
    return None


def load_config(path: Path) -> tuple[dict[str, Any], dict[str, Path]]:
    """A configuration as both engines read it: the file it names in ``INHERIT`` (the
    edition's ``docs/.edition.yml``, generated) under it, its own keys winning; and the
    file each top-level key comes from (where an error about it sends the editor)."""
    config = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    origin = {key: path for key in config}
    parent = config.pop("INHERIT", None)
    if parent:
        base, base_origin = load_config(path.parent / parent)
        config, origin = {**base, **config}, {**base_origin, **origin}
    return config, origin


def check_navigation(root: Path) -> list[EditionError]:
    """Every problem of ``root``'s navigation (B105, B106), in the order of the files."""
    root = Path(root)
    config, origin = load_config(root / "mkdocs.yml")
    config_path = origin.get("nav", root / "mkdocs.yml")
    config_text = config_path.read_text(encoding="utf-8")
    if not config.get("nav"):
        return []
    docs = root / config.get("docs_dir", "docs")
    import pathspec.gitignore  # here: importing it (and asyncio with it) is dear, and only checks need it

    spec = pathspec.gitignore.GitIgnoreSpec.from_lines
    excluded = spec(DEFAULT_EXCLUDE + (config.get("exclude_docs") or "").splitlines())
    not_in_nav = spec((config.get("not_in_nav") or "").splitlines())
    entries = [entry for entry in nav_entries(config["nav"]) if not _is_address(entry)]
    problems = []
    for entry in entries:
        if not (docs / entry).is_file():
            problems.append(fail("B106", config_path, _line(config_text, entry), entry=entry))
    named = {Path(entry).as_posix() for entry in entries}
    for page in sorted(docs.rglob("*.md")):
        rel = page.relative_to(docs).as_posix()
        if rel in named or excluded.match_file(rel) or not_in_nav.match_file(rel):
            continue
        problems.append(fail("B105", page.relative_to(root), page=rel))
    return problems


def require_navigation(root: Path) -> None:
    """Raise the first problem of :func:`check_navigation`, with the others in its message."""
    problems = check_navigation(root)
    if problems:
        first = problems[0]
        if len(problems) > 1:
            first.message += " (and: " + "; ".join(str(p) for p in problems[1:]) + ")"
        raise first
