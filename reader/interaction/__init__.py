"""What the reader does between a key and the screen, without Textual: where the cursor
goes, what is selected, found and marked, how text is laid out, how annotations change.
"""
