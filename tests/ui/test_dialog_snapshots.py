"""SVG snapshots of the dialogs and the notes panel (pytest --snapshot-update to regenerate).

Each is hosted alone with fixed data (no clock, no random ids), so a change
in the picture is a change in the widget.
"""

from __future__ import annotations

from pathlib import Path

from reader.ui.dialogs.export import ExportDialog
from reader.ui.dialogs.note import NoteDialog
from tests.ui.test_dialogs import KNOWN, DialogHost, PromptHost
from tests.ui.test_notes_panel import PanelHost, sample_entries

PASSAGE = (
    "The US military said on Thursday that it is “prepared for any threat that is "
    "presented by the pro-regime forces” near the al-Tanf base in southeast Syria."
)


def test_tag_prompt_with_completions(snap_compare) -> None:
    app = PromptHost(("Tanf", "[bold]x"), KNOWN, passage=PASSAGE)
    assert snap_compare(app, press=["u", "s"], terminal_size=(90, 24))


def test_note_dialog(snap_compare) -> None:
    note = "Compare with the May statement.\n\n- who is *pro-regime* here?"
    app = DialogHost(lambda: NoteDialog(note, passage=PASSAGE), theme="reader-light")
    assert snap_compare(app, terminal_size=(90, 28))


def test_notes_panel(snap_compare) -> None:
    app = PanelHost(sample_entries())
    assert snap_compare(app, terminal_size=(100, 32))


def test_export_dialog(snap_compare) -> None:
    default = Path("/home/reader/news/us-military-tanf-2017-06.notes.md")
    app = DialogHost(lambda: ExportDialog(default, KNOWN, colors=("pink",)))
    assert snap_compare(app, terminal_size=(90, 34))
