"""Entry point: ``reader [SOURCE]`` opens the app; ``reader CMD ...`` runs a subcommand."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from reader.cli import run

    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
