"""Helpers to run the real ``reader`` command line in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from reader.resources import sample_article


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A private copy of the sample article (its URI is what annotations target)."""
    path = tmp_path / "article.txt"
    path.write_text(sample_article().read_text(encoding="utf-8"), encoding="utf-8")
    return path


@pytest.fixture
def cli(tmp_path: Path):
    data = tmp_path / "data"

    def run(*args: str, stdin: str | None = None) -> Result:
        env = {**os.environ, "READER_HOME": str(data)}
        proc = subprocess.run(
            [sys.executable, "-m", "reader", *args],
            capture_output=True,
            text=True,
            input=stdin,
            env=env,
            timeout=60,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    run.data = data  # type: ignore[attr-defined]
    return run


def w3c_annotation(
    uri: str, text: str, phrase: str, *, ident: str, tags=(), note: str = "", color="green",
    with_position: bool = True,
) -> dict[str, Any]:
    """A W3C Web Annotation written by hand, independent of our exporter."""
    start = text.index(phrase)
    end = start + len(phrase)
    selectors: list[dict[str, Any]] = [
        {
            "type": "TextQuoteSelector",
            "exact": phrase,
            "prefix": text[max(0, start - 32) : start],
            "suffix": text[end : end + 32],
        }
    ]
    if with_position:
        selectors.append({"type": "TextPositionSelector", "start": start, "end": end})
    body: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "tagging", "value": t} for t in tags
    ]
    if note:
        body.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": note,
                "format": "text/markdown",
            }
        )
    ann: dict[str, Any] = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": ident,
        "type": "Annotation",
        "motivation": "commenting" if note else "highlighting",
        "created": "2026-01-02T03:04:05+00:00",
        "modified": "2026-01-02T03:04:05+00:00",
        "target": {"source": uri, "selector": selectors, "styleClass": color},
    }
    if body:
        ann["body"] = body
    return ann
