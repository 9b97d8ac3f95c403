"""The benchmark harness's own helpers work (no timings are asserted here).

Article generation and probes need nothing extra; the pty runner needs the
``bench`` extra (pyte, psutil) and is skipped without it.
"""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

import pytest

from bench.articles import SAMPLE, body_probe, load, title_probe
from bench.gen import END_MARKER, ensure_article, generate


@pytest.mark.parametrize("size", [20_000, 200_000])
@pytest.mark.parametrize("markdown", [False, True])
def test_generated_article_has_the_size_title_sections_and_marker(
    size: int, markdown: bool
) -> None:
    text, title, sections = generate(size, markdown=markdown)
    data = text.encode()
    assert size - 2_000 < len(data) <= size
    lines = text.splitlines()
    assert lines[0] == (f"# {title}" if markdown else title)
    paragraphs = text.strip().split("\n\n")
    assert END_MARKER in paragraphs[-1] and text.count(END_MARKER) == 1
    assert sections >= size // 5_000
    if markdown:
        assert sum(1 for line in lines if line.startswith("## ")) == sections
    else:
        heads = [p for p in paragraphs[1:] if len(p.split()) <= 8 and "\n" not in p]
        assert len(heads) == sections
        for head in heads:  # what the plain-text parser takes for a heading
            assert head[-1] not in ".?!:" and head.split()[0][0].isupper()


def test_generation_is_deterministic_and_cached(tmp_path: Path) -> None:
    assert generate(30_000) == generate(30_000)
    assert generate(30_000)[0] != generate(30_000, markdown=True)[0]
    first = ensure_article(30_000, directory=tmp_path)
    stamp = first.path.stat().st_mtime_ns
    again = ensure_article(30_000, directory=tmp_path)
    assert again == first and first.path.stat().st_mtime_ns == stamp
    assert first.path.read_text(encoding="utf-8").splitlines()[0] == first.title


def test_probes_of_generated_and_sample_articles(tmp_path: Path) -> None:
    generated = load("g", ensure_article(30_000, directory=tmp_path).path)
    assert generated.first_paint[0].startswith("Generated Dispatch 30")
    assert generated.end == (END_MARKER,)
    sample = load("sample", SAMPLE)
    text = SAMPLE.read_text(encoding="utf-8")
    assert sample.first_paint == ("US military:", "The US military")
    (end,) = sample.end
    assert text.count(end) == 1 and end in text.strip().split("\n\n")[-1]


def test_probes_avoid_markup_and_quotes() -> None:
    assert title_probe("# A Very Long Title That Goes On And On", limit=12) == "A Very Long"
    body = "Heading\n\n" + "He said “*so* many words here and then some more plain words follow on."
    assert not re.search(r"[*“”]", body_probe(body.split("\n\n")))


pty_needed = pytest.importorskip  # alias: reads better at the call sites below

PROGRAM = textwrap.dedent(
    """
    import os, sys, tty
    tty.setraw(0)
    cols, rows = os.get_terminal_size(0)
    print(f"ready {cols}x{rows}", end="", flush=True)
    while True:
        key = os.read(0, 1)
        if key == b"G":
            print("\\r\\nEND-MARK", end="", flush=True)
        elif key in (b"q", b""):
            sys.exit(0)
    """
)


def test_pty_runner_measures_a_trivial_program() -> None:
    pty_needed("pyte")
    pty_needed("psutil")
    from bench.pty_runner import PtySession, visible

    with PtySession([sys.executable, "-c", PROGRAM]) as session:
        first = session.wait_for(visible("ready 120x40"), timeout=10)
        assert first > 0
        session.settle(quiet=0.05, timeout=5)
        assert "END-MARK" not in session.text()
        assert session.press("G", visible("END-MARK"), timeout=10) >= 0
        assert session.text().splitlines()[1].startswith("END-MARK")
    assert session.returncode == 0  # "q" ended it
    assert session.peak_rss > 1_000_000


def test_pty_runner_reports_exit_and_timeout() -> None:
    pty_needed("pyte")
    pty_needed("psutil")
    from bench.pty_runner import ProgramExited, PtySession, visible

    session = PtySession([sys.executable, "-c", "print('bye'); raise SystemExit(3)"])
    with session, pytest.raises(ProgramExited, match="code 3"):
        session.wait_for(visible("never shown"), timeout=10)
    assert session.returncode == 3

    silent = PtySession([sys.executable, "-c", "import time; time.sleep(30)"]).start()
    try:
        with pytest.raises(TimeoutError):
            silent.wait_for(visible("never shown"), timeout=0.2)
    finally:
        silent.close(quit_keys=(), grace=2)  # straight to SIGTERM
    assert silent.returncode == -15


def test_budgets_pass_miss_and_not_applicable() -> None:
    pty_needed("pyte")
    pty_needed("psutil")
    from bench.budgets import MISS, NA, PASS, Budget

    absolute = Budget("open", "1mb", "first_paint", 1.0, unit="s")
    assert absolute.check(0.5, None) == PASS
    assert absolute.check(1.0, None) == MISS
    assert absolute.check("timeout", None) == MISS
    assert absolute.check("exited (code 1)", None) == NA
    ratio = Budget("open", "sample", "first_paint", 1.3, ratio=True)
    assert ratio.check(0.39, 0.30) == PASS
    assert ratio.check(0.40, 0.30) == MISS
    assert ratio.check(0.40, None) == NA
