"""Word lists written as one readable string, looked up as a frozenset."""

from __future__ import annotations


def wordset(words: str) -> frozenset[str]:
    """The whitespace-separated words of ``words``."""
    return frozenset(words.split())
