"""A TinyDB table whose writes cost what they change, not what the table holds.

TinyDB's ``Table._update_table`` copies the whole table twice on every
write (JSON keys are strings, document ids are ints): with ten thousand
annotations in one article that is a third of the cost of a save. This
table hands TinyDB's own update functions a live int-keyed view of the
stored string-keyed dict instead, so the storage still receives plain
string-keyed tables, and the work is proportional to the documents touched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table


class _IntKeys(MutableMapping[int, Any]):
    """The stored ``{"1": doc}`` dict seen as ``{1: doc}``, without copying it."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self._raw = raw

    def __getitem__(self, doc_id: int) -> Any:
        return self._raw[str(doc_id)]

    def __setitem__(self, doc_id: int, doc: Any) -> None:
        self._raw[str(doc_id)] = doc

    def __delitem__(self, doc_id: int) -> None:
        del self._raw[str(doc_id)]

    def __contains__(self, doc_id: object) -> bool:
        return str(doc_id) in self._raw

    def __iter__(self) -> Iterator[int]:
        return (int(key) for key in list(self._raw))

    def __len__(self) -> int:
        return len(self._raw)


class InPlaceTable(Table):
    """``Table`` with an in-place ``_update_table`` (same results, no full copies)."""

    def __init__(
        self, storage: Storage, name: str, cache_size: int = 0, persist_empty: bool = False
    ) -> None:
        # No query cache: the store keeps its own indexes and never queries.
        super().__init__(storage, name, cache_size=cache_size, persist_empty=persist_empty)

    def _update_table(self, updater: Callable[[dict[int, Any]], None]) -> None:
        tables = self._storage.read() or {}
        raw = tables.setdefault(self.name, {})
        updater(_IntKeys(raw))  # type: ignore[arg-type]
        self._storage.write(tables)
        self.clear_cache()


class InPlaceDB(TinyDB):
    """TinyDB over a storage object the caller built (ours or ``MemoryStorage``)."""

    table_class = InPlaceTable

    def __init__(self, storage: Storage) -> None:
        super().__init__(storage=lambda: storage)
