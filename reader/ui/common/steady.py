"""Scroll views that repaint their scrollbars only when their geometry changes.

Textual's ``ScrollView`` compares the size of its document with the size of
the viewport it was laid out in. Those differ whenever there is anything to
scroll, so every layout of the screen (a prompt shown, a footer key added)
repaints the scrollbars of every scroll view in full: for the article and the
sidebar, 76 rows of a 120x40 screen redrawn for nothing on each ``t``.
"""

from __future__ import annotations

from textual.geometry import Size

from reader.ui.textual_compat import SizeUpdateHook


class SteadyScrollbars(SizeUpdateHook):
    """Skips the scrollbar update when size, container and document are as last time."""

    _laid_out_as: tuple[Size, Size, Size] | None = None

    def filter_size_update(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool
    ) -> bool:
        key = (size, container_size, self.virtual_size)
        if key == self._laid_out_as:
            return False
        changed = self.apply_size_update(size, virtual_size, container_size, layout)
        self._laid_out_as = (size, container_size, self.virtual_size)
        return changed
