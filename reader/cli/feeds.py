"""The feed subcommands: ``reader feeds …``, ``reader entries``, ``reader save URL``.

The work is :mod:`reader.operations.feeds`'s; this module parses the
arguments, prints progress on stderr (so stdout stays for the answer and
``--json``) and formats the answer.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from reader.cli.output import emit, json_text, say, terminal_safe

if TYPE_CHECKING:
    from reader.feeds.model import Entry, Subscription
    from reader.store.store import Store

Handler = Callable[[argparse.Namespace], int]


def add_parsers(sub: Any, add_global: Callable[..., None]) -> None:
    """The ``feeds``, ``entries`` and ``save`` parsers, on the command parser's ``sub``."""
    feeds = sub.add_parser("feeds", help="subscriptions: add, list, refresh, import, export")
    add_global(feeds, top=False)
    actions = feeds.add_subparsers(dest="feeds_command", required=True)

    p = actions.add_parser("add", help="subscribe to a feed (or a page that links one)")
    p.add_argument("source", metavar="URL|FILE")
    p.add_argument("--tag", action="append", default=[], metavar="T")
    p.add_argument("--title", help="your name for it (default: the feed's title)")
    p.add_argument("--json", action="store_true")
    add_global(p, top=False)

    p = actions.add_parser("list", help="subscriptions with unread counts")
    p.add_argument("--json", action="store_true")
    add_global(p, top=False)

    for name, help_text in (("remove", "unsubscribe (annotations are kept)"),):
        p = actions.add_parser(name, help=help_text)
        p.add_argument("feed", metavar="NAME", help="its title, address, or a unique start of one")
        add_global(p, top=False)

    p = actions.add_parser("rename", help="give a feed your own name")
    p.add_argument("feed", metavar="NAME")
    p.add_argument("title")
    add_global(p, top=False)

    p = actions.add_parser("tag", help="set a feed's tags (none: clear them)")
    p.add_argument("feed", metavar="NAME")
    p.add_argument("tags", nargs="*", metavar="TAG")
    add_global(p, top=False)

    p = actions.add_parser("refresh", help="fetch new entries (every feed, or the ones named)")
    p.add_argument("feeds", nargs="*", metavar="NAME")
    p.add_argument("--all", action="store_true", help="every feed (the default)")
    p.add_argument("--json", action="store_true")
    add_global(p, top=False)

    p = actions.add_parser("import", help="subscribe to the feeds of an OPML or newsboat urls file")
    p.add_argument("file")
    add_global(p, top=False)

    p = actions.add_parser("export", help="the subscriptions as OPML 2.0")
    p.add_argument("-o", "--output", metavar="PATH", help="write to PATH; - or none: stdout")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    add_global(p, top=False)

    p = sub.add_parser("entries", help="feed entries and saved pages, unread first")
    p.add_argument("--feed", metavar="NAME")
    p.add_argument("--tag", metavar="T", help="entries of feeds with this tag")
    p.add_argument("--unread", action="store_true")
    p.add_argument("--starred", action="store_true")
    p.add_argument("--search", metavar="WORDS", help="in titles")
    p.add_argument("--limit", type=int, metavar="N")
    p.add_argument("--json", action="store_true")
    add_global(p, top=False)

    p = sub.add_parser("save", help="queue a page to read later, beside the feeds")
    p.add_argument("url")
    p.add_argument("--title")
    p.add_argument("--json", action="store_true")
    add_global(p, top=False)


def _store(args: argparse.Namespace, mode: str) -> Store:
    from reader.cli.library import _store as open_store

    return open_store(args, mode)


def _feeds(args: argparse.Namespace) -> int:
    action: Handler = _FEED_ACTIONS[args.feeds_command]
    return action(args)


def _sub_row(sub: Subscription, unread: int) -> dict[str, Any]:
    return {"url": sub.url, "title": sub.title, "tags": list(sub.tags), "unread": unread,
            "checked": sub.checked, "error": sub.error}


def _add(args: argparse.Namespace) -> int:
    from reader.operations import feeds as ops

    store = _store(args, "cli")
    try:
        added = ops.subscribe(store, args.source, tags=args.tag, title=args.title)
    finally:
        store.close()
    if args.json:
        emit(json_text({**_sub_row(added.subscription, added.entries), "added": added.entries}),
             json=True)
    else:
        emit(f"subscribed to {added.subscription.title} ({added.subscription.url}): "
             f"{added.entries} entries")
    return 0


def _list(args: argparse.Namespace) -> int:
    store = _store(args, "read")
    counts = store.unread_counts()
    rows = [_sub_row(sub, counts.get(sub.url, 0)) for sub in store.feeds()]
    if args.json:
        emit(json_text(rows), json=True)
        return 0
    lines = []
    for row in rows:
        tags = " ".join("#" + t.replace(" ", "-") for t in row["tags"])
        title = row["title"] or "(untitled until refreshed)"
        line = f"{row['unread']:5d}  {title}  ({row['url']})" + (f"  {tags}" if tags else "")
        if row["error"]:
            line += f"  [failed: {row['error']}]"
        lines.append(line)
    emit("\n".join(lines) or "No subscriptions yet: reader feeds add URL")
    return 0


def _on_feed(args: argparse.Namespace, change: Callable[[Store, Subscription], str]) -> int:
    """Find the feed ``args.feed`` names, make ``change`` under the lock, print its line."""
    from reader.operations import feeds as ops

    store = _store(args, "cli")
    try:
        line = change(store, ops.find_feed(store, args.feed))
    finally:
        store.close()
    emit(line)
    return 0


def _remove(args: argparse.Namespace) -> int:
    def remove(store: Store, sub: Subscription) -> str:
        return f"unsubscribed from {sub.title}: {store.remove_feed(sub.url)} entries removed"

    return _on_feed(args, remove)


def _rename(args: argparse.Namespace) -> int:
    def rename(store: Store, sub: Subscription) -> str:
        store.rename_feed(sub.url, args.title)
        return f"renamed {sub.title} to {args.title}"

    return _on_feed(args, rename)


def _tag(args: argparse.Namespace) -> int:
    def tag(store: Store, sub: Subscription) -> str:
        tagged = store.tag_feed(sub.url, tuple(args.tags))
        return f"{sub.title}: " + (" ".join(f"#{t}" for t in tagged.tags) or "no tags")

    return _on_feed(args, tag)


def _refresh(args: argparse.Namespace) -> int:
    from reader.operations import feeds as ops

    store = _store(args, "cli")
    try:
        subs = ops.chosen_feeds(store, args.feeds)
        report = ops.refresh_feeds(store, subs, progress=_progress())
    finally:
        store.close()
        if sys.stderr.isatty():
            sys.stderr.write("\n")
    if args.json:
        emit(json_text(ops.report_rows(report)), json=True)
    else:
        emit(report.line())
    return 0


def _progress() -> Callable[[str], None] | None:
    """Progress on a terminal's stderr, on one line rewritten in place; none otherwise."""
    if not sys.stderr.isatty():
        return None

    def show(line: str) -> None:
        sys.stderr.write("\r\x1b[2K" + terminal_safe(line))
        sys.stderr.flush()

    return show


def _import(args: argparse.Namespace) -> int:
    from reader.operations import feeds as ops

    store = _store(args, "cli")
    try:
        result = ops.import_subscriptions(store, args.file)
    finally:
        store.close()
    for reason in result.skipped:
        say(f"reader: {reason}")
    emit(f"subscribed to {result.added}, already there {result.present}, "
         f"skipped {len(result.skipped)}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from reader.export.writer import write_atomic
    from reader.feeds.opml import write_opml

    text = write_opml(_store(args, "read").feeds(), title="reader subscriptions")
    if args.output in (None, "-"):
        emit(text)
        return 0
    path = write_atomic(Path(args.output).expanduser(), text, force=args.force)
    say(f"reader: wrote {path}")
    return 0


def _entry_row(entry: Entry, titles: dict[str, str]) -> dict[str, Any]:
    return {"id": entry.id, "feed": entry.feed, "feed_title": titles.get(entry.feed, ""),
            "title": entry.title, "link": entry.link, "published": entry.published,
            "author": entry.author, "read": entry.read, "starred": entry.starred,
            "full": entry.full, "added": entry.added}


def _entries(args: argparse.Namespace) -> int:
    from reader.operations import feeds as ops

    store = _store(args, "read")
    feed = ops.find_feed(store, args.feed).url if args.feed else None
    entries = store.entries(feed=feed, tag=args.tag, unread=True if args.unread else None,
                            starred=True if args.starred else None, search=args.search,
                            limit=args.limit)
    titles = ops.feed_titles(store)
    rows = [_entry_row(e, titles) for e in entries]
    if args.json:
        emit(json_text(rows), json=True)
        return 0
    lines = [f"{' ' if r['read'] else '•'}{'*' if r['starred'] else ' '} "
             f"{(r['published'] or r['added'])[:10]}  {r['title']}  [{r['feed_title']}]"
             for r in rows]
    emit("\n".join(lines) or "No entries")
    return 0


def _save(args: argparse.Namespace) -> int:
    from reader.operations import feeds as ops

    store = _store(args, "cli")
    try:
        entry = ops.save_for_later(store, args.url, args.title)
    finally:
        store.close()
    if args.json:
        from reader.feeds.model import READ_LATER

        emit(json_text(_entry_row(entry, {READ_LATER: "read later"})), json=True)
    else:
        emit(f"saved to read later: {entry.title}")
    return 0


_FEED_ACTIONS: dict[str, Handler] = {
    "add": _add, "list": _list, "remove": _remove, "rename": _rename, "tag": _tag,
    "refresh": _refresh, "import": _import, "export": _export,
}
HANDLERS: dict[str, Handler] = {"feeds": _feeds, "entries": _entries, "save": _save}

