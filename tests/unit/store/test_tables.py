"""InPlaceTable gives the same results as TinyDB's own Table, operation by operation."""

from __future__ import annotations

from tinydb import Query, TinyDB
from tinydb.storages import MemoryStorage
from tinydb.table import Document

from reader.store.tables import InPlaceDB


def run(db: TinyDB) -> list[object]:
    table = db.table("t")
    q = Query()
    seen: list[object] = [table.insert({"n": 1, "tag": "a"})]
    seen.append(table.insert_multiple([{"n": 2, "tag": "b"}, {"n": 3, "tag": "a"}]))
    seen.append(table.insert(Document({"n": 10}, doc_id=10)))
    seen.append(table.update({"seen": True}, q.tag == "a"))
    seen.append(table.update({"n": 20}, doc_ids=[2]))
    seen.append(table.upsert(Document({"n": 11}, doc_id=11)))
    seen.append(table.upsert({"n": 4, "tag": "c"}, q.tag == "c"))
    seen.append(table.remove(q.n == 3))
    seen.append(table.remove(doc_ids=[10]))
    seen.append(table.insert({"n": 5}))
    seen.append(sorted((doc.doc_id, dict(doc)) for doc in table.all()))
    seen.append(db.storage.read())
    table.truncate()
    seen.append(db.storage.read())
    return seen


def test_same_results_as_tinydb() -> None:
    assert run(InPlaceDB(MemoryStorage())) == run(TinyDB(storage=MemoryStorage))
