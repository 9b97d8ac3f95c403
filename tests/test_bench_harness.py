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


@pytest.mark.pty
def test_pty_runner_measures_a_trivial_program() -> None:
    pty_needed("pyte")
    pty_needed("psutil")
    from bench.pty_runner import PtySession
    from bench.screen_tests import visible

    with PtySession([sys.executable, "-c", PROGRAM]) as session:
        first = session.wait_for(visible("ready 120x40"), timeout=10)
        assert first > 0
        session.settle(quiet=0.05, timeout=5)
        assert "END-MARK" not in session.text()
        assert session.press("G", visible("END-MARK"), timeout=10) >= 0
        assert session.text().splitlines()[1].startswith("END-MARK")
    assert session.returncode == 0  # "q" ended it
    assert session.peak_rss > 1_000_000


@pytest.mark.pty
def test_pty_runner_reports_exit_and_timeout() -> None:
    pty_needed("pyte")
    pty_needed("psutil")
    from bench.pty_runner import ProgramExited, PtySession
    from bench.screen_tests import visible

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


def test_generated_markdown_is_dense_and_ends_with_the_marker_first() -> None:
    text, _title, _sections = generate(200_000, markdown=True)
    for markup in ("**", "*", "](https://", "`", "\n- ", "\n> "):
        assert markup in text
    last = text.strip().split("\n\n")[-1]
    assert last.startswith(END_MARKER)  # at a line start: no viewer wraps it apart


def test_p95_is_an_observed_nearest_rank_value() -> None:
    from bench.measure import p95

    assert p95([5.0]) == 5.0
    assert p95([float(n) for n in range(1, 101)]) == 95.0
    assert p95([1.0, 2.0, 3.0, 100.0]) == 100.0


def test_cells_fold_samples_and_let_failures_win() -> None:
    pty_needed("pyte")
    from bench.measure import Metric, p95
    from bench.report import Cell

    median = Metric("j_median", "j", "ms", source="down")
    worst = Metric("j_p95", "j", "ms", p95, "p95", source="down")
    cell = Cell("keys", "1mb-md-2k", "reader", runs=[{"down": [1.0, 2.0, 3.0]}, {"down": [4.0]}])
    assert cell.combined(median) == 2.5 and cell.combined(worst) == 4.0
    assert cell.count(median) == 4
    cell.runs.append({"down": "timeout"})
    assert cell.combined(median) == "timeout"
    assert Cell("keys", "x", "less", reason="n/a: no key").combined(median) == "n/a: no key"


def test_table_shows_peers_with_the_subjects_ratio() -> None:
    pty_needed("pyte")
    from bench.report import Cell, table

    cells = [
        Cell("open", "sample", "reader", runs=[{"first_paint": 0.6}]),
        Cell("open", "sample", "bare", runs=[{"first_paint": 0.5}]),
        Cell("open", "sample", "frogmouth", reason="n/a: Markdown only"),
    ]
    out = table(cells, ["reader", "bare", "frogmouth"])
    row = next(line for line in out.splitlines() if "first paint" in line and "CPU" not in line)
    assert "0.600 s" in row and "0.500 s (×1.20)" in row and "n/a: Markdown only" in row
    assert "≤ 1.3× bare" in row and "PASS" in row


def test_apps_open_only_the_formats_they_show(tmp_path: Path) -> None:
    pty_needed("pyte")
    from bench.apps import APPS

    assert APPS["frogmouth"].opens(tmp_path / "a.md")
    assert not APPS["frogmouth"].opens(tmp_path / "a.txt")
    assert APPS["reader"].opens(tmp_path / "a.txt") and APPS["less"].opens(tmp_path / "a.md")
    assert {"end", "top", "down", "next_section", "search"} <= set(APPS["reader"].keys)


def test_seeded_annotations_quote_the_text_and_fill_the_store(tmp_path: Path) -> None:
    from bench.library import annotations_on, library, seed, w3c_collection
    from reader.document import load_article
    from reader.export.w3c import parse_w3c
    from reader.store.store import Store

    article = load_article(ensure_article(30_000, directory=tmp_path).path)
    anns = annotations_on(article, 150, skip=5)
    assert anns == annotations_on(article, 150, skip=5)  # same ids and times every run
    assert len({a.id for a in anns}) == 150
    for ann in anns:
        assert article.text[ann.start : ann.end] == ann.exact and ann.exact
    first_sentence = [s for b in article.blocks if b.kind == "paragraph" for s in b.sentences][5]
    assert min(a.start for a in anns) >= first_sentence[0]
    spread = library(article, 25, per_article=10)
    assert len(spread) == 25 and len({a.article for a in spread}) == 3
    seed(tmp_path / "data", [*anns, *spread], {article.uri: article.title})
    with Store.open(tmp_path / "data", mode="read") as store:
        assert len(store.annotations(article.uri)) == 150
        assert sum(r.count for r in store.articles()) == 175
    import json

    assert len(parse_w3c(json.dumps(w3c_collection(spread)))) == 25


def test_peak_reports_wall_time_memory_and_exit_code(tmp_path: Path) -> None:
    import json
    import subprocess

    result = tmp_path / "peak.json"
    grow = "x = bytearray(60_000_000); x[::4096] = b'1' * len(x[::4096])"
    for code, want in ((grow, 0), ("raise SystemExit(3)", 3)):
        subprocess.run(
            [sys.executable, "-m", "bench.peak", str(result), "--", sys.executable, "-c", code],
            check=True,
        )
        data = json.loads(result.read_text())
        assert data["returncode"] == want and data["wall"] > 0
    assert json.loads(result.read_text())["peak_rss"] < 60_000_000  # the small one
    subprocess.run(
        [sys.executable, "-m", "bench.peak", str(result), "--", sys.executable, "-c", grow],
        check=True,
    )
    assert json.loads(result.read_text())["peak_rss"] >= 60_000_000


COLOURS = textwrap.dedent(
    """
    import os, sys, tty
    tty.setraw(0)
    print("plain line", end="", flush=True)
    while True:
        key = os.read(0, 1)
        if key == b"h":
            print("\\r\\x1b[43mplain line\\x1b[0m", end="", flush=True)
        elif key == b"w":
            print("\\r\\nanother line", end="", flush=True)
        elif key in (b"q", b""):
            sys.exit(0)
    """
)


@pytest.mark.pty
def test_pty_runner_sees_background_and_text_changes() -> None:
    pty_needed("pyte")
    pty_needed("psutil")
    from bench.pty_runner import PtySession
    from bench.screen_tests import backgrounds, contents, visible

    with PtySession([sys.executable, "-c", COLOURS]) as session:
        session.wait_for(visible("plain line"), timeout=10)
        session.settle(quiet=0.05, timeout=5)
        row = (0, 0, session.cols, 1)
        before = session.cells(backgrounds, row)
        assert session.press_until_changed("h", row, 10, backgrounds) >= 0
        assert session.cells(backgrounds, row) != before
        assert "brown" in session.cells(backgrounds, row)[0]  # pyte's name for colour 43
        assert session.press_until_changed("w", session.full, 10, contents) >= 0
        assert "another line" in session.text()
