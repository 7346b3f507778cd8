"""`entraide`: the operators' command, a thin wrapper of Django's management commands.

entraide migrate
entraide demo
entraide createsuperuser
entraide territory create --epci 200066124
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entraide.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
