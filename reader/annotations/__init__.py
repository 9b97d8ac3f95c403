"""Annotations: the model, the gate for untrusted fields, anchoring to a changed text,
undo history, library search and tag operations. The store is :mod:`reader.store`.
"""
