"""Shared command-line plumbing: subcommands in their own modules, one-line errors, no tracebacks."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from core.errors import KioskError


def build_parser(prog: str, description: str, commands: dict[str, tuple[str, str]]) -> argparse.ArgumentParser:
    """Build a parser whose subcommands live in separate modules.

    Each module named in ``commands`` exposes ``register(subparsers, name, help)`` which adds its
    sub-parser and sets ``func`` (a callable taking the parsed namespace and returning an exit code).
    A module that does not exist yet gets a placeholder that says "not available yet".

    Args:
        prog: Program name.
        description: Help text.
        commands: name -> (module path, one-line help).
    """
    parser = argparse.ArgumentParser(prog=prog, description=description)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in commands.items():
        try:
            mod = importlib.import_module(module)
        except ImportError as exc:
            # One broken subcommand (a missing optional library, say) must not take the
            # whole technician CLI down with it; the command itself says what is wrong.
            missing = isinstance(exc, ModuleNotFoundError) and exc.name is not None and module.startswith(exc.name)
            reason = "not available yet" if missing else f"unavailable: {exc}"
            p = sub.add_parser(name, help=f"{help_text} ({reason})")
            p.set_defaults(func=_placeholder(name, reason))
            continue
        mod.register(sub, name, help_text)
    return parser


def _placeholder(name: str, reason: str) -> Callable[[argparse.Namespace], int]:
    def run(_args: argparse.Namespace) -> int:
        print(f"error: [GEN-404] '{name}' is {reason}", file=sys.stderr)
        return 3

    return run


def run_cli(
    parser: argparse.ArgumentParser,
    argv: Sequence[str] | None,
    default: Callable[[argparse.Namespace], int] | None = None,
    known_errors: Callable[[BaseException], KioskError | None] | None = None,
) -> int:
    """Parse ``argv`` and run the chosen subcommand; errors become one line on stderr.

    Set ``KIOSK_DEBUG=1`` to see tracebacks.

    Args:
        parser: The program's parser (from :func:`build_parser`).
        argv: Arguments (default ``sys.argv[1:]``).
        default: What runs when no subcommand is given (None: print the help, exit 2).
        known_errors: Maps an exception from a lower layer to the coded error it stands for (e.g.
            ``db.engine.database_error``: unreachable server → DB-001), or None to leave it unexpected.

    Returns:
        The exit code: 0 success, 2 a coded error, 1 an unexpected error, 130 interrupted.
    """
    args = parser.parse_args(argv)
    func = getattr(args, "func", None) or default
    if func is None:
        parser.print_help()
        return 2
    try:
        return int(func(args) or 0)
    except KioskError as exc:
        return _report(exc)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a CLI must never show a traceback to staff
        mapped = known_errors(exc) if known_errors is not None else None
        if mapped is not None:
            return _report(mapped)
        if os.environ.get("KIOSK_DEBUG"):
            raise
        # First line only: driver errors append SQL, parameters and server details (personal data).
        first = (str(exc).strip().splitlines() or [""])[0]
        print(f"error: [GEN-500] {type(exc).__name__}: {first}", file=sys.stderr)
        return 1


def _report(exc: KioskError) -> int:
    print(f"error: {exc}", file=sys.stderr)
    return 2
