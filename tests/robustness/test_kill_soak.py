"""Crash safety: SIGKILL at random moments never loses an acknowledged annotation.

Two writers are killed over and over: ``reader import`` (a whole process:
start-up, lock, merge, write, library update) and a scripted app-mode store
session that prints each annotation id once ``put()`` has returned True.
After every kill the next start must find an intact store (no damaged file,
no temp file left), every annotation that was acknowledged, each article
file either wholly before or wholly after the interrupted write, and the
library's counts agreeing with the article files.

CI runs ~25 kills of each; ``make soak`` (READER_SOAK=1) runs 500+.
Set READER_SOAK_SEED to replay a failing run.
"""

from __future__ import annotations

import json
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from reader.document import load_article
from reader.store.store import Store

from .support import (
    PROJECT_ROOT,
    import_counts,
    new_ids,
    reader_argv,
    reader_env,
    run_reader,
    scaled,
    temp_files,
    w3c_item,
    write_collection,
)

PER_ARTICLE = 10  # annotations per article in each import file
REMEASURE_EVERY = 25  # rounds between full runs that re-measure the typical time


def _seed() -> int:
    raw = os.environ.get("READER_SOAK_SEED")
    return int(raw) if raw else random.randrange(2**32)


def _import_file(
    folder: Path, n: int, articles: list[tuple[str, str]], rng: random.Random
) -> tuple[Path, dict[str, set[str]]]:
    """A fresh import file: new ids on every article; returns ids by article uri."""
    items, ids_by_uri = [], {}
    for uri, text in articles:
        ids = new_ids(PER_ARTICLE)
        ids_by_uri[uri] = set(ids)
        for ident in ids:
            start = rng.randrange(len(text) - 80)
            end = start + rng.randint(5, 60)
            items.append(w3c_item(uri, text, start, end, ident, note=f"round {n}"))
    return write_collection(folder / f"round-{n:04d}.json", items), ids_by_uri


def _check_store(
    home: Path, expected: set[str], round_ids: dict[str, set[str]], uris: list[str]
) -> set[str]:
    """Open the store as the next start would; returns the ids of this round that landed."""
    store = Store.open(home, mode="app")
    try:
        assert not store.read_only, store.notices
        assert not temp_files(home), "Store.open left temp files behind"
        assert not [n for n in store.notices if "damaged" in n], store.notices
        on_disk = {a.id for uri in uris for a in store.annotations(uri)}
        missing = expected - on_disk
        assert not missing, f"{len(missing)} acknowledged annotations lost"
        landed: set[str] = set()
        for ids in round_ids.values():
            here = ids & on_disk
            assert here in (set(), ids), "an article file holds half an import"
            landed |= here
        counts = {r.uri: r.count for r in store.articles()}
        for uri in uris:
            assert counts.get(uri, 0) == len(store.annotations(uri)), "library count is stale"
        return landed
    finally:
        store.close()


def test_soak_sigkill_during_reader_import(
    home: Path, articles: list[Path], tmp_path: Path, tally: Counter[str]
) -> None:
    seed = _seed()
    rng = random.Random(seed)
    loaded = [load_article(p) for p in articles]
    pairs = [(a.uri, a.text) for a in loaded]
    uris = [a.uri for a in loaded]
    env = reader_env(home)
    expected: set[str] = set()  # on disk once: acknowledged, or landed before a kill
    acknowledged = 0
    killed_files: list[Path] = []
    stats: Counter[str] = Counter()
    typical = 0.0

    def full_run(n: int) -> float:
        nonlocal acknowledged
        path, ids = _import_file(tmp_path, n, pairs, rng)
        began = time.perf_counter()
        done = run_reader(home, "import", str(path))
        took = time.perf_counter() - began
        total = sum(len(v) for v in ids.values())
        assert done.code == 0 and import_counts(done.stdout) == (total, 0, 0), done.stderr
        expected.update(*ids.values())
        acknowledged += total
        return took

    kills = scaled(25, 500)
    for n in range(kills * 3):
        if stats["killed"] >= kills:
            break
        if n % REMEASURE_EVERY == 0:
            typical = statistics.median(full_run(10_000 + n * 3 + k) for k in range(3))
        path, ids = _import_file(tmp_path, n, pairs, rng)
        total = sum(len(v) for v in ids.values())
        proc = subprocess.Popen(
            reader_argv("import", str(path)), stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=env, cwd=PROJECT_ROOT,
        )
        time.sleep(rng.uniform(0, typical))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=60)
        context = f"seed {seed}, round {n}: {err.decode(errors='replace')[-300:]}"
        if proc.returncode == 0:
            assert import_counts(out.decode()) == (total, 0, 0), context
            expected.update(*ids.values())
            acknowledged += total
            stats["finished before the kill"] += 1
        else:
            assert proc.returncode == -signal.SIGKILL, context
            stats["killed"] += 1
            killed_files.append(path)
        if temp_files(home):
            stats["kills that left temp files"] += 1
        landed = _check_store(home, expected, ids, uris)
        if proc.returncode != 0 and landed:
            stats["killed after writing an article"] += 1
            expected |= landed
        if proc.returncode != 0 and landed and landed != set().union(*ids.values()):
            stats["killed between two article files"] += 1

    # The user's way out of a killed import is to run it again: it completes
    # and merges by id, whatever the kill had already written.
    retry = write_collection(
        tmp_path / "retry.json",
        [item for f in killed_files for item in _items(f)],
    )
    again = run_reader(home, "import", str(retry))
    counts = import_counts(again.stdout)
    assert again.code == 0 and counts is not None, again.stderr
    assert counts[0] + counts[2] == len(killed_files) * PER_ARTICLE * len(uris)
    _check_store(home, expected, {}, uris)
    with Store.open(home, mode="read") as store:
        assert sum(len(store.annotations(u)) for u in uris) == len(expected) + counts[0]

    assert stats["killed"] >= kills, f"seed {seed}: too few kills landed ({dict(stats)})"
    print(f"\nreader import soak (seed {seed}, typical run {typical:.3f} s): {dict(stats)}")
    tally["import: SIGKILLs survived"] += stats["killed"]
    tally["import: killed after writing an article"] += stats["killed after writing an article"]
    tally["import: kills that left temp files (cleaned)"] += stats["kills that left temp files"]
    tally["import: annotations acknowledged and found"] += acknowledged


def _items(path: Path) -> list[dict[str, object]]:
    return list(json.loads(path.read_text(encoding="utf-8"))["first"]["items"])


# A store session as the app runs one: open in app mode, then put annotations
# one by one (new ones, and edits of earlier ones that bump a version in the
# note); a line is printed only after put() returned True.
SESSION = """
import random, sys
from pathlib import Path
from reader.annotations.model import Annotation
from reader.store.store import Store

root, seed, limit, text_path, *uris = sys.argv[1:]
text = Path(text_path).read_text(encoding="utf-8")
rng = random.Random(int(seed))
store = Store.open(Path(root), mode="app")
print("open", "read-only" if store.read_only else "writable", flush=True)
mine = []
for _ in range(int(limit)):
    if mine and rng.random() < 0.3:
        i = rng.randrange(len(mine))
        ann = mine[i] = mine[i].edited(note=str(int(mine[i].note) + 1))
    else:
        start = rng.randrange(len(text) - 80)
        ann = Annotation.create(rng.choice(uris), text, start, start + rng.randint(1, 60),
                                note="0", tags=rng.sample(["a", "b", "C", "d"], 2))
        mine.append(ann)
    saved = store.put(ann)
    print("saved" if saved else "unsaved", ann.article, ann.id, ann.note, flush=True)
store.close()
print("closed", flush=True)
"""
SESSION_PUTS = 150  # puts in the run that measures the typical session time


def _session(home: Path, seed: int, limit: int, text_path: Path, uris: list[str]) -> list[str]:
    return [sys.executable, "-c", SESSION, str(home), str(seed), str(limit), str(text_path), *uris]


def _acknowledged(out: bytes, acked: dict[str, int], uris_of: dict[str, str]) -> int:
    """Record every complete "saved" line; returns how many there were."""
    count = 0
    for line in out.decode().splitlines(keepends=True):
        if not line.endswith("\n"):
            continue  # cut by the kill: not acknowledged
        parts = line.split()
        assert parts[0] != "unsaved", f"put() failed on a healthy disk: {line}"
        if parts[0] == "saved":
            _, uri, ident, version = parts
            acked[ident] = max(acked.get(ident, -1), int(version))
            uris_of[ident] = uri
            count += 1
    return count


def test_soak_sigkill_during_store_session(
    home: Path, articles: list[Path], tally: Counter[str]
) -> None:
    seed = _seed()
    rng = random.Random(seed)
    loaded = [load_article(p) for p in articles]
    uris = [a.uri for a in loaded]
    text_path = home.parent / "article-text.txt"
    text_path.write_text(loaded[0].text, encoding="utf-8")
    acked: dict[str, int] = {}  # id -> highest version acknowledged
    uris_of: dict[str, str] = {}
    stats: Counter[str] = Counter()

    began = time.perf_counter()
    full = subprocess.run(
        _session(home, rng.randrange(2**32), SESSION_PUTS, text_path, uris),
        capture_output=True, timeout=120, cwd=PROJECT_ROOT,
    )
    typical = time.perf_counter() - began
    assert full.returncode == 0, full.stderr.decode()
    stats["acknowledged"] += _acknowledged(full.stdout, acked, uris_of)

    for n in range(scaled(25, 500)):
        proc = subprocess.Popen(
            _session(home, rng.randrange(2**32), 10**6, text_path, uris),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=PROJECT_ROOT,
        )
        time.sleep(rng.uniform(0, typical))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == -signal.SIGKILL, f"seed {seed}, round {n}: {err.decode()}"
        stats["killed"] += 1
        stats["acknowledged"] += _acknowledged(out, acked, uris_of)
        if temp_files(home):
            stats["kills that left temp files"] += 1
        store = Store.open(home, mode="app")
        try:
            assert not store.read_only and not temp_files(home), store.notices
            assert not [x for x in store.notices if "damaged" in x], store.notices
            for ident, version in acked.items():
                found = store.get(uris_of[ident], ident)
                assert found is not None, f"seed {seed}, round {n}: acknowledged {ident} lost"
                assert int(found.note) >= version, f"seed {seed}: edit of {ident} lost"
            records = {r.uri: r for r in store.articles()}
            for uri in uris:
                if uri in records:
                    assert records[uri].count == len(store.annotations(uri))
        finally:
            store.close()

    print(f"\nstore session soak (seed {seed}, typical {typical:.3f} s): {dict(stats)}")
    tally["session: SIGKILLs survived"] += stats["killed"]
    tally["session: kills that left temp files (cleaned)"] += stats["kills that left temp files"]
    tally["session: puts acknowledged and found"] += stats["acknowledged"]
