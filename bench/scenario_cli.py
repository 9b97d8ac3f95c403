"""Export and import from the command line: wall time, in-process time, peak memory.

- ``export-md`` / ``export-json``: 10,000 annotations on the 1 MB article,
  ``reader export ARTICLE --format markdown|json -o FILE --force``: the
  subprocess's wall time (start-up, reading and anchoring included) and
  peak RSS, then the same export as one in-process call of
  ``export_text`` (what the app's export does);
- ``import``: a W3C collection of 100,000 annotations over 100 articles,
  ``reader import FILE`` into an empty data folder; in process,
  ``parse_w3c`` plus ``Store.import_annotations``.

The inputs are built once per benchmark; every run gets a fresh output.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from bench.apps import SUBJECT, AppSpec
from bench.articles import open_article
from bench.measure import Context, Figures, Metric, Scenario
from bench.scenario_open import parsed

EXPORTED = 10_000
IMPORTED = 100_000
CASES = {"export-md": "markdown", "export-json": "json", "import": ""}
TIMEOUT = 300.0


def measured(argv: list[str], ctx: Context) -> Figures:
    """Run ``argv`` under ``bench.peak``: wall seconds and peak RSS in MB, or why not."""
    result = ctx.data_dir() / "peak.json"
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "bench.peak", str(result), "--", *argv],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"wall": "timeout", "peak_rss": "timeout"}
    if not result.exists():
        return {"wall": f"error: {proc.stderr.strip()[-80:]}", "peak_rss": "not run"}
    data = json.loads(result.read_text(encoding="utf-8"))
    if data["returncode"] != 0:
        reason = f"exit {data['returncode']}: {proc.stderr.strip()[-80:]}"
        return {"wall": reason, "peak_rss": reason}
    return {"wall": float(data["wall"]), "peak_rss": data["peak_rss"] / 1e6}


def _export_folder(ctx: Context) -> Path:
    def build() -> Path:
        from bench.library import annotations_on, seed

        model = parsed(ctx, open_article("1mb").path)
        folder = ctx.data_dir()
        seed(folder, annotations_on(model, EXPORTED, stride=1), {model.uri: model.title})
        return folder

    return ctx.once("export-folder", build)


def _import_file(ctx: Context) -> Path:
    def build() -> Path:
        import orjson

        from bench.library import library, w3c_collection

        model = parsed(ctx, open_article("1mb").path)
        path = ctx.workdir / f"import-{IMPORTED}.json"
        path.write_bytes(orjson.dumps(w3c_collection(library(model, IMPORTED))))
        return path

    return ctx.once("import-file", build)


def _reader(app: AppSpec, data: Path, *args: str) -> list[str]:
    argv = app.argv(Path("-"), data)
    return [argv[0], "--data", str(data), *args]


def run_cli(app: AppSpec, case: str, ctx: Context) -> Figures:
    if case == "import":
        source = _import_file(ctx)
        data = ctx.data_dir()
        figures = measured(_reader(app, data, "import", str(source)), ctx)
        figures["in_process"] = _import_in_process(source, ctx.data_dir())
        return figures
    article = open_article("1mb")
    data = _export_folder(ctx)
    fmt = CASES[case]
    out = ctx.data_dir() / f"export.{'md' if fmt == 'markdown' else 'json'}"
    argv = _reader(app, data, "export", str(article.path), "--format", fmt, "-o", str(out),
                   "--force")
    figures = measured(argv, ctx)
    figures["in_process"] = _export_in_process(data, article.path, fmt)
    return figures


def _export_in_process(data: Path, source: Path, fmt: str) -> float:
    from reader.export.collect import export_text
    from reader.store.store import Store

    store = Store.open(data, mode="read")
    try:
        began = time.perf_counter()
        export_text(store, source=str(source), fmt=fmt)  # type: ignore[arg-type]
        return time.perf_counter() - began
    finally:
        store.close()


def _import_in_process(source: Path, data: Path) -> float:
    from reader.export.w3c import parse_w3c
    from reader.store.store import Store

    began = time.perf_counter()
    anns = parse_w3c(source.read_text(encoding="utf-8"))
    store = Store.open(data, mode="cli")
    try:
        store.import_annotations(anns)
    finally:
        store.close()
    return time.perf_counter() - began


def applies(app: AppSpec, case: str, ctx: Context) -> str | None:
    return None if app.name == SUBJECT else "n/a: no export"


def _label(case: str) -> str:
    if case == "import":
        return f"import {IMPORTED:,}"
    return f"export {EXPORTED:,} to {CASES[case]}"


CLI = Scenario(
    "cli",
    f"reader export of {EXPORTED:,} annotations, reader import of {IMPORTED:,}",
    (
        Metric("wall", "subprocess wall time", "s"),
        Metric("in_process", "in-process call", "s"),
        Metric("peak_rss", "peak RSS (subprocess)", "MB", max, "max"),
    ),
    tuple(CASES),
    run_cli,
    lambda case, ctx: 1 if ctx.quick or case == "import" else 3,
    applies,
    _label,
)
