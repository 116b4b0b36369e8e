"""Further ``kg`` commands, one module each.

Every module of this package that defines a module-level ``COMMANDS`` list of click commands is
added to the ``kg`` group by :func:`graph.cli.main` when the command line starts, so a new verb
(``kg serve``, ``kg analyze``, ``kg entities``...) is one new file here and no edit elsewhere.
Modules are imported in name order; a command name already taken is an error, not a silent
replacement.
"""

from __future__ import annotations

import importlib
import pkgutil

import click

__all__ = ["attach"]


def attach(group: click.Group) -> None:
    """Add the commands of every module of this package to ``group``."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for command in getattr(module, "COMMANDS", []):
            if command.name in group.commands:
                raise RuntimeError(
                    f"kg command {command.name!r} from {module.__name__} is already defined"
                )
            group.add_command(command)
