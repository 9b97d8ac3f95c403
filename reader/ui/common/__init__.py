"""Pieces every screen uses: key bar, tag field, candidate list, themes, stylesheets,
highlight colours, plain text."""
