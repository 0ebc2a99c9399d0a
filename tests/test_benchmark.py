"""`edition benchmark` runs: on a small corpus it prints every figure it promises, each a
positive number. The figures are a measurement and are never judged here; what is checked is
that the benchmark still runs the pipeline's own code. It once failed because it assembled
its own contexts, which drifted from the pipeline's (a renderer gained an argument, the site
a field); so it must build them with the very functions `generate` uses."""

from __future__ import annotations

import re

import pytest

from edition import benchmark, pipeline
from edition.cli import parser

SLUG = "frus-1961-63-v24-d107"
N = r"(\d+\.\d+)"
# Each line the benchmark prints for copies=(1,) and a site with one text page.
FIGURES = {
    "edition": rf"edition \(5 texts\): load and clean {N} s \(sources read, YAML parsed, documents built\), "
               rf"render {N} s, together {N} s",
    "baseline": rf"baseline, bare mkdocs build of the raw texts: {N} s; ratio \(load and clean \+ render\) / bare "
                rf"= {N} \(target <= 1\.5\)",
    "corpus": rf"synthetic corpus 1x \(5 texts\): load and clean {N} s, render {N} s, together {N} s, "
              rf"per copy {N} s",
    "generation": rf"docs/ generation \(edition build --no-site, in a copy\): full {N} s, again with nothing "
                  rf"changed {N} s, after one text's source.yaml changed {N} s",
    "largest baseline": rf"baseline for 1x: bare mkdocs build {N} s",
    "page weight": rf"page {SLUG}: HTML (\d+) KiB, with what it loads (\d+) KiB",
}


def spy(calls: list[str], name: str, function):
    def recorded(*args, **kwargs):
        calls.append(name)
        return function(*args, **kwargs)
    return recorded


@pytest.fixture(scope="module")
def benchmarked(root, tmp_path_factory):
    """The benchmark's lines for one copy of the corpus and a stand-in built site (one text
    page of 2 KiB loading a 4 KiB stylesheet), with the calls of the pipeline's builders and
    of the loader recorded."""
    site = tmp_path_factory.mktemp("benchmark") / "site"
    (site / "assets").mkdir(parents=True)
    (site / "assets" / "style.css").write_text("x" * 4096)
    page = site / "texts" / SLUG / "index.html"
    page.parent.mkdir(parents=True)
    link = '<link rel="stylesheet" href="../../assets/style.css">'
    page.write_text(link + " " * (2048 - len(link)))
    calls: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        for name in ("site_context", "connect"):
            patch.setattr(pipeline, name, spy(calls, name, getattr(pipeline, name)))
        patch.setattr(benchmark, "load_edition", spy(calls, "load_edition", benchmark.load_edition))
        lines = benchmark.run(root, site, copies=(1,))
    return lines, calls


@pytest.mark.slow
def test_the_benchmark_prints_each_figure_as_a_positive_number(benchmarked):
    lines, _ = benchmarked
    assert len(lines) == len(FIGURES), lines
    for (figure, pattern), line in zip(FIGURES.items(), lines):
        match = re.fullmatch(pattern, line)
        assert match, f"{figure}: {line!r}"
        assert all(float(number) > 0 for number in match.groups()), f"{figure}: {line!r}"


@pytest.mark.slow
def test_the_benchmark_uses_the_pipelines_builders_and_times_loading(benchmarked):
    """The contexts come from `pipeline.site_context` and `pipeline.connect`, once; the
    sources are loaded once for them and again inside the timing of each copy (the edition,
    then the 1x corpus), so that "load and clean" includes reading and parsing them. The
    generation of docs/ is timed with the pipeline's own `regenerate` (its three builds call
    the builders)."""
    _, calls = benchmarked
    assert calls == ["load_edition", "site_context", "connect", "load_edition", "load_edition",
                     "load_edition", *["site_context", "connect"] * 3]


def test_the_corpus_sizes_are_an_option_of_the_command():
    assert parser().parse_args(["benchmark"]).copies == [10, 100]
    assert parser().parse_args(["benchmark", "--copies", "1", "3"]).copies == [1, 3]
    assert parser().parse_args(["benchmark", "--copies"]).copies == []
    with pytest.raises(SystemExit):
        parser().parse_args(["benchmark", "--copies", "0"])
