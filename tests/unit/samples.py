"""A short article text and annotations on it, for the store's and the annotations' tests."""

from __future__ import annotations

from reader.annotations.model import Annotation

TEXT = (
    "The US military said on Thursday that it bolstered its combat power in eastern "
    "Syria. A Baghdad-based spokesman said they were prepared for any threat. "
    "Two weeks ago the US carried out its first airstrikes on pro-Assad forces."
)
URI_A = "file:///articles/a.txt"
URI_B = "file:///articles/b.txt"


def make(
    uri: str = URI_A,
    start: int = 0,
    end: int = 11,
    *,
    tags: tuple[str, ...] = (),
    note: str = "",
) -> Annotation:
    return Annotation.create(uri, TEXT, start, end, tags=tags, note=note)
