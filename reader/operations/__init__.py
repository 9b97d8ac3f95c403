"""The use cases the command line and the app share, with no Textual:
opening an article (:mod:`.opening`), exporting notes (:mod:`.export`),
taking an article out of the library (:mod:`.removal`).
"""
