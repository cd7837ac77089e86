#!/usr/bin/env python3
"""A minimal add-on: post Activity Records to the Netwrix Auditor Integration API.

It does what real add-ons do (standard library only): read each batch file, POST it to
``.../netwrix/api/v1/activity_records/`` (JSON with ``?format=json``, XML without), with
Basic credentials if given, and treat anything but ``200`` as a failure. Point it at a
real server, or at ``nwx-schema serve`` in CI.

    python post_records.py --url https://localhost:9699/netwrix/api/v1/activity_records/ \\
        --cacert store.sqlite3.cert.pem batch.xml batch.json

Exit status: 0 when every batch was stored, 1 when a batch was refused, 2 on a usage or
connection error.
"""

from __future__ import annotations

import argparse
import base64
import os
import ssl
import sys
import urllib.error
import urllib.request
from pathlib import Path

DEFAULT_URL = "https://localhost:9699/netwrix/api/v1/activity_records/"


def post(url: str, path: Path, user: str | None, context: ssl.SSLContext | None) -> int:
    """POST one batch file; its HTTP status (0 when the server cannot be reached)."""
    body = path.read_bytes()
    is_json = path.suffix.lower() == ".json"
    target = url + ("?format=json" if is_json else "")
    headers = {"Content-Type": f"application/{'json' if is_json else 'xml'}; charset=UTF-8"}
    if user:
        headers["Authorization"] = "Basic " + base64.b64encode(user.encode()).decode()
    request = urllib.request.Request(target, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, context=context, timeout=60) as answer:  # noqa: S310
            status = int(answer.status)
    except urllib.error.HTTPError as err:
        detail = err.read().decode("utf-8", errors="replace")
        sys.stderr.write(f"{path}: refused with {err.code} {err.reason}\n{detail}{chr(10) if detail else ''}")
        return err.code
    except (urllib.error.URLError, OSError) as err:
        sys.stderr.write(f"{path}: cannot reach {target}: {err}\n")
        return 0
    sys.stdout.write(f"{path}: {status} stored ({len(body):,} bytes)\n")
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Post Activity Record batches (.xml or .json).")
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--url", default=os.environ.get("NETWRIX_API_URL", DEFAULT_URL))
    parser.add_argument("--user", default=os.environ.get("NETWRIX_API_USER"), help="NAME:PASSWORD (Basic)")
    parser.add_argument(
        "--cacert",
        type=Path,
        default=os.environ.get("NETWRIX_API_CACERT"),
        help="trust this certificate (e.g. the stand-in's)",
    )
    parser.add_argument("--insecure", action="store_true", help="do not check the certificate (like NOCHECK)")
    args = parser.parse_args(argv)
    context = None
    if args.url.startswith("https:"):
        context = ssl.create_default_context(cafile=str(args.cacert) if args.cacert else None)
        if args.insecure:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
    statuses = [post(args.url, path, args.user, context) for path in args.files]
    if any(status == 0 for status in statuses):
        return 2
    return 0 if all(status == 200 for status in statuses) else 1


if __name__ == "__main__":
    sys.exit(main())
