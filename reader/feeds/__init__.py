"""Feeds: subscriptions, their entries, and reading any page later.

No Textual here. Formats (RSS, Atom, JSON Feed, OPML, newsboat ``urls``)
are parsed into the plain records of :mod:`reader.feeds.model`; the store
keeps subscriptions and entries; refresh fetches feeds politely.
"""
