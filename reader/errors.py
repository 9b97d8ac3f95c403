"""User-facing errors: one line naming the problem and the fix, never a traceback."""


class ReaderError(Exception):
    """A mistake or condition the user can act on; its message is shown as is."""


class StoreLockedError(ReaderError):
    """Another reader instance holds the annotation store's write lock."""
