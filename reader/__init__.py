"""reader: a terminal news reader with annotations."""

__version__ = "0.1.0"
