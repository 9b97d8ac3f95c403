"""Annotations: the model, anchoring to a changed text, undo history, and the store.

Modules are imported where used (``reader.annotations.store`` and friends) so
that a command touching only the model does not pay for TinyDB or rapidfuzz.
"""
