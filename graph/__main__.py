"""``python -m graph`` runs the ``kg`` command line."""

from .cli import main

main()
