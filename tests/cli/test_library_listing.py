"""``reader list --json`` and ``reader tags --json`` over a library of three annotated
articles of different kinds (plain text, Markdown, a saved HTML page)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from reader.document import load_article

from .conftest import w3c_annotation

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _uid(n: int) -> str:
    return f"urn:uuid:00000000-0000-4000-8000-{n:012d}"


def _notes(path: Path, *passages: tuple[str, list[str]], first: int) -> list[dict]:
    article = load_article(path)
    return [
        w3c_annotation(article.uri, article.text, phrase, ident=_uid(first + n), tags=tags)
        for n, (phrase, tags) in enumerate(passages)
    ]


def test_list_and_tags_cover_every_article(cli, sample: Path, tmp_path: Path) -> None:
    page = tmp_path / "harbour-flood.html"
    shutil.copy(FIXTURES / "web" / "harbour-flood.html", page)
    reef = tmp_path / "coral-reef.md"
    shutil.copy(FIXTURES / "articles" / "coral-reef.md", reef)
    items = [
        *_notes(sample, ("We have increased our presence and our footprint", ["Tanf", "US"]),
                ("the US dropped 90,000 leaflets", ["tanf"]), first=1),
        *_notes(page, ("failed a full-scale closure test", ["flood", "engineering"]), first=10),
        *_notes(reef, ("more than half of the reefs", ["climate", "Flood"]),
                ("Aerial surveys found", ["climate"]), ("bleached in March", []), first=20),
    ]
    notes = tmp_path / "notes.jsonl"
    notes.write_text("\n".join(json.dumps(i) for i in items) + "\n", encoding="utf-8")
    imported = cli("import", str(notes))
    assert imported.code == 0, imported.err
    assert "added 6" in imported.out

    listed = cli("list", "--json")
    assert listed.code == 0, listed.err
    rows = {row["uri"]: row for row in listed.json()}
    expected = {
        sample.resolve().as_uri(): (load_article(sample).title, 2),
        page.resolve().as_uri(): (
            "Harbour district braces for record tide as flood barrier fails test", 1
        ),
        reef.resolve().as_uri(): ("Coral Bleaching Spreads Across the Great Barrier Reef", 3),
    }
    assert {uri: (r["title"], r["annotations"]) for uri, r in rows.items()} == expected
    assert {Path(r["source"]).name for r in rows.values()} == {
        sample.name, "harbour-flood.html", "coral-reef.md",
    }
    assert all(r["last_opened"] == "" for r in rows.values())  # imported, never read

    tags = cli("tags", "--json")
    assert tags.code == 0, tags.err
    counts = {t["tag"].casefold(): t["count"] for t in tags.json()}
    assert counts == {"tanf": 2, "us": 1, "flood": 2, "engineering": 1, "climate": 2}
    assert [t["count"] for t in tags.json()] == sorted(counts.values(), reverse=True)
