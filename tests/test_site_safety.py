"""No data loss, no stuck state, nothing of the build machine published (issue 13, points 7, 8).

Most tests build a tiny fake edition (a mkdocs.yml and docs/index.md), so each takes about a
second: the folder checks, the swap, the recovery from a killed build and the lock do not
depend on what the site holds.
"""

from __future__ import annotations

import fcntl
import os
import re
import stat
import zlib
from pathlib import Path

import pytest
import yaml

from edition import cli
from edition.errors import EditionError
from edition.pipeline import write_pages
from edition.site import build_site

ROOT = Path(__file__).resolve().parent.parent


def fake_edition(tmp_path: Path, config: str = "site_name: x\n") -> Path:
    """A minimal edition: enough for MkDocs, and for the command line to find its root."""
    root = tmp_path / "edition"
    (root / "docs").mkdir(parents=True)
    (root / "sources").mkdir()
    (root / "mkdocs.yml").write_text(config)
    (root / "docs" / "index.md").write_text("# x\n\nnew\n")
    return root


def previous_site(folder: Path, legacy: bool = False) -> Path:
    """A site as an earlier build left it: marked, or (legacy) MkDocs' three landmarks."""
    folder.mkdir(parents=True)
    (folder / "index.html").write_text("previous")
    if legacy:
        (folder / "sitemap.xml").write_text("<urlset/>")
        (folder / "assets").mkdir()
    else:
        (folder / ".edition-site").write_text("built")
    return folder


@pytest.fixture
def quick_mkdocs(monkeypatch):
    """MkDocs replaced by a copy of docs/index.md into the folder, for the tests of the folder
    guards, the swap and the lock, which do not depend on what the site holds (each real
    MkDocs run costs a second; the tests of MkDocs' own failures run it)."""
    from edition import site

    def fake(root, target):
        (target / "assets").mkdir()
        (target / "index.html").write_text((root / "docs" / "index.md").read_text())
        (target / "assets" / "style.css").write_text("")

    monkeypatch.setattr(site, "run_mkdocs", fake)


def run_cli(root: Path, monkeypatch, capsys, *argv: str) -> tuple[int, str]:
    monkeypatch.chdir(root)
    code = cli.main(list(argv))
    return code, capsys.readouterr().err


# Point 7: the site folder


@pytest.mark.parametrize("site_dir", [".", "..", "docs", "sources", "scripts", "overrides", "tests",
                                      ".git", "docs/site"])
def test_the_edition_s_own_folders_are_refused(tmp_path, monkeypatch, capsys, site_dir):
    """`--site-dir .` used to replace the whole clone, .git included, and exit 0."""
    root = fake_edition(tmp_path)
    for name in ("scripts", "overrides", "tests", ".git"):
        (root / name).mkdir()
        (root / name / "keep.txt").write_text("mine")
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    code, err = run_cli(root, monkeypatch, capsys, "build", "--site-dir", site_dir)
    assert code == 1
    assert "B102" in err and str((root / site_dir).resolve()) in err
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before
    with pytest.raises(EditionError, match="B102"):  # the library refuses too, not just the CLI
        build_site(root, root / site_dir, pdf=False)
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before


def test_a_folder_of_someone_s_files_is_refused_and_kept(tmp_path, monkeypatch, capsys):
    root = fake_edition(tmp_path)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("my notes")
    code, err = run_cli(root, monkeypatch, capsys, "build", "--site-dir", str(mine))
    assert code == 1 and "B103" in err and str(mine) in err
    with pytest.raises(EditionError, match="B103"):  # checked again just before the swap
        build_site(root, mine, pdf=False)
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]
    assert (mine / "notes.txt").read_text() == "my notes"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".mine-")]


@pytest.mark.usefixtures("quick_mkdocs")
def test_the_site_is_readable_by_the_web_server(tmp_path):
    """mkdtemp made site/ 0700; the build now publishes folders 0755 and files 0644, whatever
    the umask, into an empty folder and over the site it made before."""
    root = fake_edition(tmp_path)
    site_dir = tmp_path / "site"
    site_dir.mkdir()  # an empty folder is allowed
    umask = os.umask(0o077)
    try:
        build_site(root, site_dir, pdf=False)
        build_site(root, site_dir, pdf=False)  # the marked site is replaced
    finally:
        os.umask(umask)
    assert "new" in (site_dir / "index.html").read_text()
    modes = {stat.S_IMODE(p.stat().st_mode) for p in [site_dir, *site_dir.rglob("*")] if p.is_dir()}
    assert modes == {0o755}
    modes = {stat.S_IMODE(p.stat().st_mode) for p in site_dir.rglob("*") if p.is_file()}
    assert modes == {0o644}


@pytest.mark.usefixtures("quick_mkdocs")
def test_leftovers_of_killed_builds_are_cleaned_and_block_nothing(tmp_path):
    """A killed build left temporary folders and a site.old (every build after used to fail
    while site.old existed); the next build succeeds and removes what it recognises as its
    own, and nothing else."""
    root = fake_edition(tmp_path)
    site_dir = previous_site(tmp_path / "site")
    (tmp_path / ".site-new-abcd1234").mkdir()  # this scheme's unfinished build
    (tmp_path / ".site-new-abcd1234" / "half.html").write_text("half")
    previous_site(tmp_path / ".site-old-efgh5678")  # a previous site moved aside, not deleted
    (tmp_path / ".site-k3j2h1g0").mkdir()  # the earlier scheme's unfinished build
    previous_site(tmp_path / "site.old", legacy=True)  # the earlier scheme's moved-aside site
    (tmp_path / ".site-notes").mkdir()  # not a name a build makes: kept
    build_site(root, site_dir, pdf=False)
    build_site(root, site_dir, pdf=False)
    assert "new" in (site_dir / "index.html").read_text()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "edition") == [
        ".site-notes", ".site.lock", "site"]


def test_a_build_killed_between_the_renames_gets_its_site_back(tmp_path):
    """Killed after moving the old site aside and before moving the new one in: site/ is
    missing. The next build puts the previous site back first, so even when that build fails,
    site/ is there."""
    broken = fake_edition(tmp_path, "site_name: x\nmarkdown_extensions:\n  - no_such_extension\n")
    previous_site(tmp_path / ".site-old-abcd1234")
    site_dir = tmp_path / "site"
    with pytest.raises(EditionError, match="B101"):
        build_site(broken, site_dir, pdf=False)
    assert (site_dir / "index.html").read_text() == "previous"
    assert not list(tmp_path.glob(".site-*"))


@pytest.mark.usefixtures("quick_mkdocs")
def test_a_failure_during_the_swap_keeps_the_previous_site(tmp_path, monkeypatch):
    root = fake_edition(tmp_path)
    site_dir = previous_site(tmp_path / "site")
    rename = os.rename
    failed = []

    def rename_into_site_fails_once(src, dst):
        if Path(dst) == site_dir and not failed:
            failed.append(src)
            raise OSError("simulated crash while swapping the site in")
        return rename(src, dst)

    monkeypatch.setattr(os, "rename", rename_into_site_fails_once)
    with pytest.raises(OSError, match="simulated"):
        build_site(root, site_dir, pdf=False)
    assert failed and (site_dir / "index.html").read_text() == "previous"
    monkeypatch.setattr(os, "rename", rename)
    build_site(root, site_dir, pdf=False)
    assert "new" in (site_dir / "index.html").read_text()
    assert not list(tmp_path.glob(".site-*"))


@pytest.mark.usefixtures("quick_mkdocs")
def test_a_second_build_at_once_fails_with_a_clear_error(tmp_path):
    root = fake_edition(tmp_path)
    site_dir = previous_site(tmp_path / "site")
    with open(tmp_path / ".site.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a build is running
        with pytest.raises(EditionError, match="B104 Another build") as info:
            build_site(root, site_dir, pdf=False)
    assert str(site_dir) in str(info.value)
    assert (site_dir / "index.html").read_text() == "previous"
    build_site(root, site_dir, pdf=False)  # once it ends, the next build runs
    assert "new" in (site_dir / "index.html").read_text()


def test_generated_pages_are_written_atomically(tmp_path, monkeypatch):
    """A build that dies while writing a page leaves the old page whole, and no stray file."""
    page = tmp_path / "docs" / "texts" / "a.md"
    page.parent.mkdir(parents=True)
    page.write_text("old page")

    def killed(src, dst):
        raise KeyboardInterrupt  # the build is stopped just before the page is swapped in

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        write_pages(tmp_path, {Path("docs/texts/a.md"): "new page"})
    assert page.read_text() == "old page"
    assert [p.name for p in page.parent.iterdir()] == ["a.md"]
    monkeypatch.undo()
    assert write_pages(tmp_path, {Path("docs/texts/a.md"): "new page"}) == [Path("docs/texts/a.md")]
    assert page.read_text() == "new page" and stat.S_IMODE(page.stat().st_mode) == 0o644


# Point 8: nothing of the build machine is published

pypdf = pytest.importorskip("pypdf")
from edition import pdf  # noqa: E402  (WeasyPrint; after the skip)

PAGE = '<html lang="en"><head>{head}</head><body><p>Hello {body}</p></body></html>'


@pytest.fixture
def site(tmp_path) -> Path:
    """A built site's shape: a page two folders down, a stylesheet, a file of its own."""
    site = tmp_path / "site"
    (site / "texts" / "x").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "assets" / "a.css").write_text("p { color: #123456; }")
    (site / "texts" / "x" / "notes.txt").write_text("NOTES OF THE SITE")
    (site / ".edition-site").write_text("built")
    return site


def streams(data: bytes) -> bytes:
    """All of a PDF's streams, decompressed where they are compressed, joined."""
    found = []
    for raw in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            found.append(zlib.decompress(raw))
        except zlib.error:
            found.append(raw)
    return data + b"".join(found)


def embedded_files(path_or_bytes) -> list:
    from io import BytesIO

    reader = pypdf.PdfReader(BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes)
    annotations = [annot.get_object() for page in reader.pages for annot in page.get("/Annots", [])]
    return list(reader.attachments) + [a for a in annotations if a.get("/Subtype") == "/FileAttachment"]


@pytest.mark.parametrize("head,body", [
    ("", '<a rel="attachment" href="file:///etc/passwd">notes</a>'),
    ("", '<a rel="attachment" href="../../../../../../../../etc/passwd">notes</a>'),
    ('<link rel="attachment" href="/etc/passwd">', ""),
    ("", '<img src="file:///etc/hostname">'),
    ('<link rel="stylesheet" href="file:///etc/hostname">', ""),
    ("", '<a rel="attachment" href="link-out">notes</a>'),  # a symlink in the site, to /etc/passwd
])
def test_a_pdf_never_embeds_a_file_outside_the_site(site, tmp_path, head, body):
    (site / "texts" / "x" / "link-out").symlink_to("/etc/passwd")
    out = tmp_path / "out.pdf"
    with pytest.raises(EditionError, match="H106") as info:
        pdf.render_pdf(PAGE.format(head=head, body=body), site / "texts" / "x" / "index.html", out, site)
    assert "/etc/" in str(info.value) or "link-out" in str(info.value)
    assert not out.exists()


def test_the_refused_file_is_not_in_the_pdf_while_the_site_s_files_are(site, tmp_path):
    """Below the error: the fetcher never reads an outside file, so the PDF has no attachment
    and no trace of it; the site's own files (its stylesheets, here an attachment inside it,
    which text pages do not use) are still read, so the confinement breaks nothing."""
    assert b"root:" in Path("/etc/passwd").read_bytes()
    base = site / "texts" / "x" / "index.html"
    html = PAGE.format(head='<link rel="attachment" href="file:///etc/passwd">',
                       body='<a rel="attachment" href="file:///etc/passwd">notes</a>')
    data, pages, refused = pdf.render_bytes(html, base, site)
    assert pages == 1 and refused and set(refused) == {"file:///etc/passwd"}
    assert embedded_files(data) == []
    assert b"root:" not in streams(data)
    html = PAGE.format(head='<link rel="stylesheet" href="../../assets/a.css">',
                       body='<a rel="attachment" href="notes.txt">notes</a>')
    out = tmp_path / "ok.pdf"
    assert pdf.render_pdf(html, base, out) == 1  # the site is found by its marker file
    assert len(embedded_files(out)) == 1
    assert b"NOTES OF THE SITE" in streams(out.read_bytes())
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def snippet_edition(tmp_path: Path, page: str) -> Path:
    """A fake edition with the edition's own Markdown settings and files a snippet line must
    never reach: the clone's .git/config and the machine's files."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    root = fake_edition(tmp_path, yaml.safe_dump({
        "site_name": "x", "markdown_extensions": config["markdown_extensions"]}))
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[remote] url = SECRET-OF-THE-CLONE\n")
    (root / "docs" / "index.md").write_text(page)
    return root


def markdown_of(root: Path):
    """A Markdown converter with the extensions of ``root``'s mkdocs.yml, as MkDocs makes it."""
    import markdown

    names, configs = [], {}
    for item in yaml.safe_load((root / "mkdocs.yml").read_text())["markdown_extensions"]:
        name, config = (item, {}) if isinstance(item, str) else next(iter(item.items()))
        names.append(name)
        configs[name] = config or {}
    return markdown.Markdown(extensions=names, extension_configs=configs)


def test_no_snippet_or_abbreviation_syntax_is_read(tmp_path, monkeypatch):
    """The edition's Markdown has neither snippets nor abbr (the glossary's tooltips are the
    renderer's, from the model's term spans): a snippet line reads no file and an ``*[X]:``
    definition marks nothing, whatever a page holds."""
    names = [item if isinstance(item, str) else next(iter(item)) for item in
             yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["markdown_extensions"]]
    assert "abbr" not in names and "pymdownx.snippets" not in names
    root = snippet_edition(tmp_path, "x")
    monkeypatch.chdir(root)  # MkDocs runs in the repository root
    assert "<abbr" not in markdown_of(root).convert("The USSR.\n\n*[USSR]: Union of Soviet Socialist Republics\n")
    for line in ('--8<-- ".git/config"', '--8<-- "mkdocs.yml"', '--8<-- "/etc/passwd"', '--8<-- "../../.git/config"'):
        html = markdown_of(root).convert(f"Text\n\n{line}\n")
        assert "SECRET" not in html and "site_name" not in html and "root:" not in html, line


def test_a_snippet_line_in_a_page_publishes_no_file(tmp_path):
    """A snippet line that reached a page would be its literal text, never a file's."""
    root = snippet_edition(tmp_path, '# x\n\n--8<-- ".git/config"\n')
    site_dir = tmp_path / "site"
    build_site(root, site_dir, pdf=False)
    assert not [p for p in site_dir.rglob("*.html") if "SECRET" in p.read_text()]
