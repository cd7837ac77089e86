"""``python -m nwx_schema`` runs the ``nwx-schema`` command."""

from nwx_schema.cli import main

main()
