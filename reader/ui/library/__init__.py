"""The library screen and its palette commands."""
