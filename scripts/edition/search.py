"""The site's search index, made by Pagefind (https://pagefind.app) from the built site, after
the engine has run: the same for MkDocs and Zensical, and no plugin of either.

What is indexed, and as what:

- Every paragraph of every text is one record, from the text's JSON in the site
  (``texts/<slug>/<slug>.json``, the document model's reading text): its address is the
  paragraph's (``texts/<slug>/#p-N``), so a result opens the paragraph, and all the words of a
  query must stand in that one paragraph. The raw OCR, the apparatus, the see-also and
  timeline asides and the metadata are not in the JSON's text, so they are not indexed. The
  text pages' HTML is therefore not indexed at all (:data:`HTML_GLOB`).
- Every other page (the people, the glossary, the timeline, home, about, the changelog) as
  Pagefind reads its HTML: only the part inside ``data-pagefind-body`` (written by
  ``overrides/main.html`` around the page's content, so no navigation, header or footer),
  less what is marked ``data-pagefind-ignore``. A person's page lists the other spellings and
  transliterations of the name (``other_forms`` in sources/people.yaml), visibly, so that
  "Khrushchov" or "Хрущёв" finds Khrushchev.

Pagefind is driven through its service mode (``pagefind --service``, the protocol of the
``pagefind`` Python package), from the binary the ``pagefind-bin`` wheel ships. The package's
own asynchronous client reads one answer every 0.1 s, which makes thousands of records take
minutes; :class:`Service` writes the requests and reads the answers as they come.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import threading
from pathlib import Path
from typing import Any, Iterable

from .errors import fail

# Where Pagefind writes its bundle in the site, and the pages it reads as HTML: all but the
# text pages (their paragraphs are records) and the 404 page.
BUNDLE = "pagefind"
HTML_GLOB = ("index.html", "about/**/*.html", "changelog/**/*.html", "people/**/*.html", "glossary/**/*.html",
             "timeline/**/*.html")
LANGUAGE = "en"
# The title of each text by its slug, beside Pagefind's files, for the result list (fetched
# with the first query).
TITLES = "edition-texts.json"
# English for all (the texts are; a Cyrillic name form is one word either way); the headings'
# permalink signs (¶) are no words.
CONFIG = {"force_language": LANGUAGE, "exclude_selectors": [".headerlink"]}
# Pagefind's ready-made interfaces, which the site does not use (search.js draws its own):
# removed from the bundle so that nothing unused is published.
UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")


def paragraph_records(text: dict[str, Any], slug: str | None = None) -> list[dict[str, Any]]:
    """The Pagefind records of a text's JSON (``/data/text.schema.json``): one for the text
    itself (its title, author and date, at the page's address: the record the title finds), then one per paragraph (its
    address relative to the site and its reading text). Pagefind searches a record's content
    and all its meta, so a paragraph's meta is only its title, its number and page: all the
    words of a query must be in the paragraph. The result list names the text from
    :data:`TITLES` (a Pagefind filter would carry it, but Pagefind writes filters in an order
    that differs from build to build). ``slug`` overrides the text's own (the
    benchmark's copies).

    >>> text = {"slug": "t", "title": "A Text", "creator": "A. Author", "date": "1961",
    ...         "paragraphs": [{"id": "p-3", "number": "3", "page": "4", "text": "Words here."}]}
    >>> head, para = paragraph_records(text)
    >>> head["url"], head["content"], head["meta"]
    ('texts/t/', 'A Text. A. Author, 1961', {'title': 'A Text'})
    >>> para["url"], para["content"], para["meta"]
    ('texts/t/#p-3', 'Words here.', {'title': '¶ 3 (p. 4)'})
    """
    slug = slug or text["slug"]
    records = [{"url": f"texts/{slug}/", "content": f"{text['title']}. {text['creator']}, {text['date']}",
                "language": LANGUAGE,
                "meta": {"title": text["title"]}}]
    for paragraph in text["paragraphs"]:
        page = f" (p. {paragraph['page']})" if paragraph.get("page") else ""
        records.append({
            "url": f"texts/{slug}/#{paragraph['id']}",
            "content": paragraph["text"],
            "language": LANGUAGE,
            "meta": {"title": f"¶ {paragraph['number']}{page}"},
        })
    return records


def html_pages(site_dir: Path) -> list[str]:
    """The pages of :data:`HTML_GLOB` in ``site_dir``, as paths relative to it, in name order.
    Pagefind numbers its pages in the order they are added, and that number is in its index
    files: its own directory walk (``AddDir``) adds them in the order the file system lists
    them, which on some file systems (tmpfs) is the order the build happened to write them
    in, so that two builds of the same pages could give different indexes."""
    site_dir = Path(site_dir)
    found = {path.relative_to(site_dir).as_posix() for pattern in HTML_GLOB for path in site_dir.glob(pattern)}
    return sorted(found)


def page_url(path: str) -> str:
    """The address Pagefind gives a page of the site (as its ``AddDir`` does): from the
    site's root, without ``index.html``.

    >>> page_url("index.html"), page_url("people/khrushchev/index.html"), page_url("about/x.html")
    ('/', '/people/khrushchev/', '/about/x.html')
    """
    return "/" + path.removesuffix("index.html")


def site_texts(site_dir: Path) -> list[tuple[str, dict[str, Any]]]:
    """The slug and JSON of every text in the built site (``texts/<slug>/<slug>.json``), in
    name order."""
    return [(path.stem, json.loads(path.read_text(encoding="utf-8")))
            for path in sorted(Path(site_dir).glob("texts/*/*.json")) if path.stem == path.parent.name]


def executable() -> str:
    """The Pagefind binary: ``$PAGEFIND_BINARY_PATH`` if set (as the ``pagefind`` package
    reads it), else the one the ``pagefind-bin`` wheel ships (B115 if neither)."""
    path = os.environ.get("PAGEFIND_BINARY_PATH")
    if path:
        return path
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise fail("B115", None, detail="the Python package pagefind-bin is not installed "
                                        "(pip install -e .)") from None
    return str(get_executable())


class Service:
    """``pagefind --service``: requests are base64 of JSON ``{message_id, payload}``, each
    followed by a comma, and so are the answers (on stdout). A thread reads the answers
    while requests are written, so that neither pipe fills and blocks the other."""

    def __init__(self) -> None:
        binary = executable()
        try:
            self.process = subprocess.Popen([binary, "--service"], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        except OSError as error:
            raise fail("B115", None, detail=f"{binary}: {error.strerror}") from None
        self.answers: dict[int, dict[str, Any]] = {}
        self.arrived = threading.Condition()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        buffer = b""
        while chunk := self.process.stdout.read1(1 << 16):
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            with self.arrived:
                for message in messages:
                    answer = json.loads(base64.b64decode(message))
                    self.answers[answer.get("message_id") or -1] = answer["payload"]
                self.arrived.notify_all()
        with self.arrived:
            self.answers[-1] = {"type": "Error", "message": "pagefind stopped"}
            self.arrived.notify_all()

    def send(self, payloads: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """Send every request, then wait for all their answers (B115 on an error)."""
        ids = []
        for payload in payloads:
            self.next_id += 1
            ids.append(self.next_id)
            request = json.dumps({"message_id": self.next_id, "payload": payload})
            self.process.stdin.write(base64.b64encode(request.encode("utf-8")) + b",")
        self.process.stdin.flush()
        with self.arrived:
            self.arrived.wait_for(lambda: -1 in self.answers or all(i in self.answers for i in ids))
            answers = [self.answers.pop(i, None) or self.answers[-1] for i in ids]
        for answer in answers:
            if answer["type"] == "Error":
                raise fail("B115", None, detail=answer.get("message", "unknown error"))
        return answers

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def write_index(site_dir: Path, texts: list[tuple[str, dict[str, Any]]] | None = None) -> int:
    """Index ``site_dir`` (the pages of :data:`HTML_GLOB` and the records of ``texts``, by
    default :func:`site_texts`, as ``(slug, text JSON)``) and write the bundle into
    ``site_dir/pagefind/``, with :data:`TITLES`. Returns the number of records and pages."""
    site_dir = Path(site_dir).resolve()
    texts = site_texts(site_dir) if texts is None else texts
    records = [record for slug, text in texts for record in paragraph_records(text, slug)]
    service = Service()
    try:
        index = service.send([{"type": "NewIndex", "config": CONFIG}])[0]["index_id"]
        pages = html_pages(site_dir)
        service.send({"type": "AddFile", "index_id": index, "url": page_url(page),
                      "file_contents": (site_dir / page).read_text(encoding="utf-8")} for page in pages)
        service.send({"type": "AddRecord", "index_id": index, **record} for record in records)
        service.send([{"type": "WriteFiles", "index_id": index, "output_path": str(site_dir / BUNDLE)}])
    finally:
        service.close()
    for pattern in UNUSED:
        for path in (site_dir / BUNDLE).glob(pattern):
            path.unlink()
    titles = {slug: text["title"] for slug, text in texts}
    (site_dir / BUNDLE / TITLES).write_text(json.dumps(titles, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    return len(pages) + len(records)
