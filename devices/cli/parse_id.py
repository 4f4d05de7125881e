"""``kiosk-devices parse-id PAYLOAD [--json]``: parse a CCCD/căn cước QR payload."""

from __future__ import annotations

import argparse
import json
import sys

from devices.idcard import describe_warning, parse_id_payload


def register(subparsers: argparse._SubParsersAction, name: str, help: str) -> None:  # noqa: A002
    """Add the ``parse-id`` sub-command."""
    p = subparsers.add_parser(name, help=help, description=help)
    p.add_argument("payload", metavar="PAYLOAD", help="the QR text, or '-' to read it from stdin")
    p.add_argument("--json", action="store_true", help="print the parsed fields as one JSON object")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Parse the payload and print it; an invalid payload raises IdCardError (one line, exit 2)."""
    payload = sys.stdin.read() if args.payload == "-" else args.payload
    card = parse_id_payload(payload)
    if args.json:
        print(json.dumps(card.to_json(), ensure_ascii=False))
        return 0
    data = card.to_json()
    for key in ("id", "old_id", "name", "dob", "sex", "address", "issued"):
        print(f"{key:8} {data[key] if data[key] is not None else ''}")
    print(f"{'province':8} {card.province or '?'}")
    for code in card.warnings:
        print(f"warning  {code}: {describe_warning(code)}")
    return 0
