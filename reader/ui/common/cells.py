"""Rich's own cell measure, for the layout to wrap by.

Rows are painted as Rich Segments, whose widths come from ``rich.cells``; the
layout counts with exactly these functions, so a wrapped row fills its column
to the cell (under any ``UNICODE_VERSION`` Rich is told to use), never more.
"""

from __future__ import annotations

from rich.cells import cell_len, split_graphemes

from reader.interaction.cells import Cells

RICH_CELLS = Cells(cell_len, split_graphemes)
