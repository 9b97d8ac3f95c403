"""W3C Web Annotation export: valid per the W3C suite, and read back losslessly."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta, timezone
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.annotations.clean import clean_text
from reader.annotations.model import COLORS, Annotation, cleaned, normalise_tags
from reader.errors import ReaderError
from reader.export.model import ExportArticle, ExportItem
from reader.export.w3c import SECTION_KEY, annotation_to_w3c, parse_w3c, to_collection, to_jsonl

from .sample import sample_export

VALIDATOR = Path(__file__).resolve().parents[2] / "w3c-annotation-tests" / "validate.py"


def wrap(*anns: Annotation) -> list[ExportArticle]:
    items = tuple(ExportItem(a, "anchored", a.start, a.end, a.exact, a.section, 1) for a in anns)
    return [ExportArticle("file:///x.txt", "X", items)]


def varied() -> list[ExportArticle]:
    """The sample's export plus an orphan without position and an article elsewhere."""
    base = Annotation(
        id="urn:uuid:6f1c2a4e-0000-4000-8000-000000000001", article="file:///tmp/%C3%A9t%C3%A9.md",
        exact="Ünïcödé — “quotes” 🎉\n\nsecond paragraph", start=-1, end=-1,
        prefix="", suffix="", color="purple", tags=("été", "Two words"),
        note="# heading?\n<b>html</b>\n\n- list\u2028 line separator",
        created="2024-02-29T23:59:59+01:00",
        modified="2024-03-01T00:00:00Z", section="",
    )
    plain = Annotation(
        id="urn:uuid:6f1c2a4e-0000-4000-8000-000000000002", article="file:///tmp/x.txt",
        exact="just a highlight", start=0, end=16, created="2024-01-01T00:00:00+00:00",
        modified="2024-01-01T00:00:00+00:00",
    )
    return [sample_export(), *wrap(base, plain)]


def validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(VALIDATOR), str(path)],
                          capture_output=True, text=True, timeout=120, check=False)


def test_collection_passes_the_w3c_validator(tmp_path: Path) -> None:
    articles = varied()
    path = tmp_path / "export.json"
    path.write_bytes(orjson.dumps(to_collection(articles), option=orjson.OPT_INDENT_2))
    jsonl = tmp_path / "export.jsonl"
    jsonl.write_text(to_jsonl(articles), encoding="utf-8")
    total = sum(len(a.items) for a in articles)
    for file in (path, jsonl):
        result = validate(file)
        assert result.returncode == 0, result.stdout
        assert f"{total} annotations checked" in result.stdout
        assert result.stdout.rstrip().endswith(" 0 failures"), result.stdout


def test_validator_catches_a_broken_annotation(tmp_path: Path) -> None:
    """The check above can fail: a styleClass without its stylesheet is rejected."""
    data = annotation_to_w3c(varied()[1].items[0].annotation)
    del data["stylesheet"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = validate(path)
    assert result.returncode == 1 and "0 failures" not in result.stdout


def test_shape_of_one_annotation() -> None:
    sample = sample_export()
    first = sample.items[0].annotation
    data = annotation_to_w3c(first)
    assert data["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert (data["id"], data["type"], data["motivation"]) == (first.id, "Annotation", "commenting")
    assert data["body"] == [
        {"type": "TextualBody", "purpose": "tagging", "value": "Tanf"},
        {"type": "TextualBody", "purpose": "tagging", "value": "US military"},
        {"type": "TextualBody", "purpose": "commenting", "value": first.note,
         "format": "text/markdown"},
    ]
    target = data["target"]
    assert target["source"] == first.article and target["styleClass"] == "yellow"
    assert target["selector"] == [
        {"type": "TextQuoteSelector", "exact": first.exact, "prefix": first.prefix,
         "suffix": first.suffix},
        {"type": "TextPositionSelector", "start": first.start, "end": first.end},
    ]
    assert target[SECTION_KEY] == first.section
    assert ".yellow {" in data["stylesheet"]["value"]
    assert annotation_to_w3c(sample.items[1].annotation)["motivation"] == "tagging"
    bare = varied()[1].items[1].annotation
    assert "body" not in annotation_to_w3c(bare)
    assert annotation_to_w3c(bare)["motivation"] == "highlighting"


def test_collection_envelope_is_stable() -> None:
    coll = to_collection(varied(), label="My export")
    assert coll["type"] == "AnnotationCollection" and coll["label"] == "My export"
    assert coll["total"] == len(coll["first"]["items"]) == 7
    assert coll["first"]["type"] == "AnnotationPage"
    assert coll["id"].startswith("urn:uuid:") and coll["id"] == to_collection(varied())["id"]


def flatten(articles: list[ExportArticle]) -> list[Annotation]:
    return [i.annotation for a in articles for i in a.items]


@pytest.mark.parametrize("form", ["collection", "items", "page", "array", "jsonl", "single"])
def test_every_accepted_form_parses(form: str) -> None:
    articles = varied()
    anns = flatten(articles)
    coll = to_collection(articles)
    items = coll["first"]["items"]
    text = {
        "collection": json.dumps(coll),
        "items": json.dumps({**{k: v for k, v in coll.items() if k != "first"}, "items": items}),
        "page": json.dumps(coll["first"]),
        "array": json.dumps(items, indent=1),
        "jsonl": "\ufeff" + to_jsonl(articles) + "\n\n",
        "single": json.dumps(items[0]),
    }[form]
    assert parse_w3c(text) == (anns[:1] if form == "single" else anns)


def test_missing_position_means_anchor_by_quote() -> None:
    data = annotation_to_w3c(flatten(varied())[0])
    data["target"]["selector"] = data["target"]["selector"][0]  # a lone TextQuoteSelector
    del data["created"], data["modified"], data["stylesheet"], data["target"]["styleClass"]
    [a] = parse_w3c(json.dumps(data))
    assert (a.start, a.end, a.color) == (-1, -1, "yellow")
    assert a.created and a.modified == a.created


def test_foreign_shapes_are_read_sensibly() -> None:
    data = {
        "@context": "http://www.w3.org/ns/anno.jsonld", "id": "http://example.org/anno/1",
        "type": "Annotation", "bodyValue": "plain comment",
        "target": [{"source": "file:///a.txt", "styleClass": ["hl", "Green"],
                    "selector": {"type": "TextQuoteSelector", "exact": "word"}}],
    }
    [a] = parse_w3c(json.dumps(data))
    assert (a.note, a.color, a.exact, a.prefix, a.article) == (
        "plain comment", "green", "word", "", "file:///a.txt")


def break_(mutate) -> str:
    """The varied export with the mutation applied to its third item."""
    coll = to_collection(varied())
    mutate(coll["first"]["items"][2])
    return json.dumps(coll)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("{not json", "not valid JSON at line 1"),
        ('{\n  "id": "a",\n  "type": "Annotation",,\n}', "not valid JSON at line 3"),
        ('{"id": "a", "type": "Annotation", "target": {}}\n[oops', "not valid JSON at line 2"),
        ("42", "expected a W3C annotation"),
        ("[]", "no annotations"),
        ('[17]', "annotation 1 is not a JSON object"),
        (break_(lambda a: a.pop("id")), "annotation 3 has no id"),
        (break_(lambda a: a.update(type="Note")), 'is not of type "Annotation"'),
        (break_(lambda a: a.pop("target")), "no TextQuoteSelector"),
        (break_(lambda a: a.update(target="file:///x")), "no TextQuoteSelector"),
        (break_(lambda a: a["target"].pop("source")), "has no source"),
        (break_(lambda a: a.update(target=[a["target"], a["target"]])), "2 targets"),
        (break_(lambda a: a["target"]["selector"].pop(0)), "no TextQuoteSelector"),
        (break_(lambda a: a["target"]["selector"][0].update(exact=3)), "non-empty exact"),
        (break_(lambda a: a["target"]["selector"][0].update(exact="\x1b]0;title\x07\x1b[2J")),
         "holds no text once control characters are removed"),
        (break_(lambda a: a["target"].update(source="javascript:alert(1)")),
         "annotation 3 (urn:uuid:00000000-0000-4000-8000-000000000003): its source "
         "'javascript:alert(1)' is not a file:, http:, https: or urn: URI"),
        (break_(lambda a: a["target"].update(source="file:///x.txt\n---\ninjected: true")),
         "is not a valid URI"),
        (break_(lambda a: a["target"]["selector"][1].update(start=True)), "0 <= start <= end"),
        (break_(lambda a: a["target"]["selector"][1].update(start=99, end=3)), "start <= end"),
        (break_(lambda a: a["body"][0].update(value=["x"])), "value must be a string"),
        (break_(lambda a: a.update(bodyValue=1)), "bodyValue must be a string"),
        (break_(lambda a: a.update(created="yesterday")), "created must be an ISO 8601"),
        (break_(lambda a: a.update(modified="2024-01-01T00:00:00")), "with a timezone"),
        (break_(lambda a: a["target"].update({SECTION_KEY: 1})), "must be a string"),
        ('{"type": "AnnotationCollection", "first": "http://x/p1"}', "by reference"),
        ('{"type": "AnnotationCollection", "first": {"items": [], "next": "p2"}}', "pages"),
    ],
)
def test_malformed_input_is_one_error_line(text: str, message: str) -> None:
    with pytest.raises(ReaderError) as info:
        parse_w3c(text)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


IDS = st.uuids().map(lambda u: f"urn:uuid:{u}")
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
MD_NOTE = st.lists(
    st.sampled_from(["# h", "> q", "---", "<b>", "*", "_", "`", "[x](y)", "|", "\\", "\n", " ",
                     "1. ", "&amp;", "é", "🎉"]) | TEXT, max_size=8).map("".join)
OFFSETS = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
TIME = st.datetimes(timezones=OFFSETS).map(lambda d: d.isoformat())
COLOR = st.sampled_from(COLORS)
TAGS = st.lists(TEXT, max_size=4).map(normalise_tags)


@st.composite
def annotations(draw: st.DrawFn) -> Annotation:
    start = draw(st.integers(-1, 10**6))
    end = -1 if start < 0 else start + draw(st.integers(0, 500))
    return Annotation(
        id=draw(IDS), article=draw(st.sampled_from(["file:///a.txt", "file:///b%20c.md"])),
        exact=draw(TEXT.filter(clean_text)), start=start, end=end, prefix=draw(TEXT),
        suffix=draw(TEXT), color=draw(COLOR), tags=draw(TAGS), note=draw(MD_NOTE),
        created=draw(TIME), modified=draw(TIME), section=draw(TEXT),
    )


@settings(max_examples=100, deadline=None)
@given(st.lists(annotations(), min_size=1, max_size=5), st.booleans())
def test_round_trip_restores_every_field(anns: list[Annotation], jsonl: bool) -> None:
    articles = wrap(*anns)
    text = to_jsonl(articles) if jsonl else orjson.dumps(to_collection(articles)).decode()
    # Generated text holds control characters: they come back through the gate.
    assert parse_w3c(text) == [cleaned(a) for a in anns]
