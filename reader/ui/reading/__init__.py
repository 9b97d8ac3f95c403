"""The reading screen: article view, sections sidebar, status line, search bar,
notes panel and tag prompt."""
