"""The library commands end to end: import, annotations, tags, list, export."""

from __future__ import annotations

import json
from pathlib import Path

from reader.document import load_article

from .conftest import w3c_annotation

DILLON = "We have increased our presence and our footprint"
LEAFLETS = "the US dropped 90,000 leaflets"
LATAMINAH = "The town was subjected to mass killings in 2012"


def _collection(items: list[dict]) -> str:
    return json.dumps(
        {
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "type": "AnnotationCollection",
            "total": len(items),
            "first": {"type": "AnnotationPage", "items": items},
        }
    )


def _uid(n: int) -> str:
    return f"urn:uuid:00000000-0000-4000-8000-{n:012d}"


def _import_three(sample: Path, tmp_path: Path) -> Path:
    article = load_article(sample)
    uri, text = article.uri, article.text
    items = [
        w3c_annotation(uri, text, DILLON, ident=_uid(1), tags=["Tanf", "US military"],
                       note="Who said it: **Dillon**"),
        w3c_annotation(uri, text, LEAFLETS, ident=_uid(2), tags=["tanf"], color="pink"),
        w3c_annotation(uri, text, LATAMINAH, ident=_uid(3), with_position=False, color="blue"),
    ]
    path = tmp_path / "notes.json"
    path.write_text(_collection(items), encoding="utf-8")
    return path


def test_import_is_idempotent_and_annotations_anchor(cli, sample, tmp_path):
    notes = _import_three(sample, tmp_path)
    first = cli("import", str(notes))
    assert first.code == 0, first.err
    assert "added 3, updated 0, skipped 0" in first.out
    again = cli("import", str(notes))
    assert "added 0, updated 0, skipped 3" in again.out

    rows = cli("annotations", str(sample), "--json").json()
    assert [r["exact"] for r in rows] == [DILLON, LEAFLETS, LATAMINAH]
    assert all(r["state"] == "anchored" for r in rows)
    assert [r["text"] for r in rows] == [DILLON, LEAFLETS, LATAMINAH]
    # The quote-only annotation was anchored by its TextQuoteSelector alone.
    text = load_article(sample).text
    assert rows[2]["start"] == text.index(LATAMINAH)
    assert rows[0]["tags"] == ["Tanf", "US military"]
    assert rows[2]["section"] == "The Destruction of Lataminah in Northern Hama"
    assert set(rows[0]) == {
        "id", "state", "start", "end", "text", "exact", "tags", "note", "color",
        "section", "created", "modified",
    }


def test_tags_and_list_cover_the_library(cli, sample, tmp_path):
    cli("import", str(_import_three(sample, tmp_path)))
    tags = cli("tags", "--json").json()
    counts = {t["tag"].casefold(): t["count"] for t in tags}
    assert counts == {"tanf": 2, "us military": 1}
    listed = cli("list", "--json").json()
    assert len(listed) == 1
    assert listed[0]["uri"] == sample.resolve().as_uri()
    assert listed[0]["annotations"] == 3


def test_edited_article_moves_or_orphans_annotations(cli, sample, tmp_path):
    cli("import", str(_import_three(sample, tmp_path)))
    text = sample.read_text(encoding="utf-8")
    text = "An editor's note was added here.\n\n" + text.replace(LATAMINAH, "The town was hit")
    sample.write_text(text, encoding="utf-8")
    rows = {r["exact"]: r for r in cli("annotations", str(sample), "--json").json()}
    now = load_article(sample).text
    assert rows[DILLON]["state"] == "anchored"
    assert now[rows[DILLON]["start"] : rows[DILLON]["end"]] == DILLON
    assert rows[LATAMINAH]["state"] == "orphan"
    assert rows[LATAMINAH]["text"] is None


def test_bad_import_file_is_refused_whole(cli, sample, tmp_path):
    good = _import_three(sample, tmp_path)
    cli("import", str(good))
    data = json.loads(good.read_text())
    data["first"]["items"][0]["id"] = _uid(255)
    del data["first"]["items"][1]["target"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    res = cli("import", str(bad))
    assert res.code == 1
    assert len(res.err.strip().splitlines()) == 1 and "Traceback" not in res.err
    assert len(cli("annotations", str(sample), "--json").json()) == 3

    garbage = tmp_path / "garbage.json"
    garbage.write_text("{not json", encoding="utf-8")
    res = cli("import", str(garbage))
    assert res.code == 1 and len(res.err.strip().splitlines()) == 1


def test_export_writes_atomically_and_never_overwrites(cli, sample, tmp_path):
    cli("import", str(_import_three(sample, tmp_path)))
    out = tmp_path / "notes.md"
    res = cli("export", str(sample), "-o", str(out))
    assert res.code == 0, res.err
    assert DILLON in out.read_text(encoding="utf-8")
    res = cli("export", str(sample), "-o", str(out))
    assert res.code == 1 and "--force" in res.err
    assert cli("export", str(sample), "-o", str(out), "--force").code == 0
    res = cli("export", str(sample), "-o", str(tmp_path / "missing" / "x.md"))
    assert res.code == 1 and len(res.err.strip().splitlines()) == 1
    assert cli("export").code == 2


def test_export_filters(cli, sample, tmp_path):
    cli("import", str(_import_three(sample, tmp_path)))
    only_pink = cli("export", str(sample), "--color", "pink").out
    assert "90,000 leaflets" in only_pink and "presence and our footprint" not in only_pink
    tagged = cli("export", str(sample), "--tag", "US MILITARY").out
    assert "presence and our footprint" in tagged and "leaflets" not in tagged


def test_round_trip_export_import_export(cli, sample, tmp_path):
    cli("import", str(_import_three(sample, tmp_path)))
    first = cli("export", str(sample), "--format", "json")
    assert first.code == 0, first.err
    exported = tmp_path / "export.json"
    exported.write_text(first.out, encoding="utf-8")

    fresh = tmp_path / "fresh-data"
    import os
    import subprocess
    import sys

    env = {**os.environ, "READER_HOME": str(fresh)}
    subprocess.run([sys.executable, "-m", "reader", "import", str(exported)], env=env, check=True,
                   capture_output=True)
    second = subprocess.run(
        [sys.executable, "-m", "reader", "export", str(sample), "--format", "json"],
        env=env, check=True, capture_output=True, text=True,
    ).stdout

    def items(doc: str) -> list[dict]:
        return sorted(json.loads(doc)["first"]["items"], key=lambda a: a["id"])

    assert items(first.out) == items(second)


def test_data_option_before_or_after_the_command(cli, sample, tmp_path):
    import os
    import subprocess
    import sys

    notes = _import_three(sample, tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "READER_HOME"}
    for n, args in enumerate(
        (["--data", "{d}", "import", str(notes)], ["import", str(notes), "--data", "{d}"])
    ):
        folder = tmp_path / f"lib{n}"
        argv = [a.replace("{d}", str(folder)) for a in args]
        done = subprocess.run([sys.executable, "-m", "reader", *argv], env=env,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        listed = subprocess.run([sys.executable, "-m", "reader", "--data", str(folder), "list",
                                 "--json"], env=env, capture_output=True, text=True)
        assert json.loads(listed.stdout)[0]["annotations"] == 3
