"""The use cases the command line and the app share: choose the article to open,
export notes, take an article out of the library. No Textual.
"""
