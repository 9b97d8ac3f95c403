"""The store: every file of the data folder, annotations and web page copies alike.

TinyDB files with their lock, shapes and backups, and the offline copies of
web pages, all written through :mod:`reader.fs` by the holder of the lock.
Modules are imported where used so that a command touching only the model
does not pay for TinyDB.
"""
