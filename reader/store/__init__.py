"""The annotation store: TinyDB files in the data folder, their lock, shapes and backups.

Modules are imported where used so that a command touching only the model
does not pay for TinyDB.
"""
