"""The `zhaoshang` command: the project's management commands under one name.

`zhaoshang worker` runs background jobs; any other word is passed to Django's manage.py
(`zhaoshang migrate`, `zhaoshang load_demo`, …).
"""

import os
import sys

ALIASES = {"worker": "run_worker", "demo": "load_demo"}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    if args and args[0] in ALIASES:
        args[0] = ALIASES[args[0]]
    execute_from_command_line(["zhaoshang", *args])


if __name__ == "__main__":
    main()
