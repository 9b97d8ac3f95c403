"""The tags screen: every tag with its count, rename and merge."""
