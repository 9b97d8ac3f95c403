"""Benchmarks of the reader in a real pseudo-terminal (``make bench``), never timed tests.

Modules: ``pty_runner`` (a program in a pty, its screen through pyte),
``gen`` (generated articles), ``bare_app`` (the Textual baseline),
``articles``/``apps``/``scenarios``/``budgets`` (the registries a run is
made of) and ``report`` (table and JSON).
"""
