"""``reader export -o``: a kill never leaves a partial file, bad targets are one line.

The export is written to a temp file in the target folder and renamed over
the target, so a SIGKILL at any moment leaves either no file, the previous
complete export, or the new complete export.
"""

from __future__ import annotations

import random
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

from reader.document import load_article

from .support import (
    PROJECT_ROOT,
    new_ids,
    reader_argv,
    reader_env,
    run_cli,
    scaled,
    w3c_item,
    write_collection,
)

ANNOTATIONS = 1500  # a large export (~1 MB of Markdown), so writing it takes a while


def _comparable(data: bytes) -> bytes:
    """The export without its ``exported:`` time stamp, which differs on every run."""
    return b"\n".join(line for line in data.split(b"\n") if not line.startswith(b"exported:"))


def test_soak_sigkill_during_export_leaves_old_or_new_file(
    home: Path, articles: list[Path], tmp_path: Path, tally: Counter[str]
) -> None:
    article = load_article(articles[0])
    rng = random.Random()
    colors = ("yellow", "green")
    items = []
    for n, ident in enumerate(new_ids(ANNOTATIONS)):
        start = rng.randrange(len(article.text) - 200)
        items.append(w3c_item(article.uri, article.text, start, start + rng.randint(20, 200),
                              ident, note=f"note {n} " * 5, color=colors[n % 2]))
    assert run_cli(home, "import", str(write_collection(tmp_path / "n.json", items))).code == 0
    references = {}
    for color in colors:
        made = run_cli(home, "export", str(articles[0]), "--color", color)
        assert made.code == 0
        references[color] = _comparable(made.out)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "notes.md"
    env = reader_env(home)

    def export(color: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            reader_argv("export", str(articles[0]), "--color", color, "-o", str(target),
                        "--force"),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=PROJECT_ROOT,
        )

    began = time.perf_counter()
    assert export("yellow").wait(60) == 0
    typical = time.perf_counter() - began
    stats: Counter[str] = Counter()
    for n in range(scaled(15, 300)):
        color = colors[n % 2]
        proc = export(color)
        time.sleep(rng.uniform(0, typical))
        proc.send_signal(signal.SIGKILL)
        proc.wait(60)
        stats["killed" if proc.returncode == -signal.SIGKILL else "finished"] += 1
        assert target.exists(), "the previous export disappeared"
        found = _comparable(target.read_bytes())
        assert found in references.values(), f"round {n}: a partial export ({len(found)} bytes)"
        stats["temp files left in the target folder"] = len(list(out_dir.glob(".notes.md.*.tmp")))
    print(f"\nexport kill soak (typical {typical:.3f} s): {dict(stats)}")
    tally["export: SIGKILLs survived"] += stats["killed"]


def test_export_targets_that_cannot_be_written(
    home: Path, articles: list[Path], tmp_path: Path
) -> None:
    a_file = tmp_path / "plain-file"
    a_file.write_text("keep me\n", encoding="utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    cases = {
        a_file / "notes.md": f"reader: {a_file} is not a folder; choose another path",
        folder: f"reader: {folder} is a folder; give a file name to write to",
        tmp_path / "no" / "such" / "notes.md": (
            f"reader: folder {tmp_path / 'no' / 'such'} does not exist; "
            "create it or choose another path"
        ),
    }
    for target, message in cases.items():
        refused = run_cli(home, "export", str(articles[0]), "-o", str(target), "--force")
        assert refused.code == 1 and refused.err_lines() == [message], target
    assert a_file.read_text(encoding="utf-8") == "keep me\n"
    assert list(folder.iterdir()) == []
