"""What can go wrong talking to the API, as exceptions that say it in one line.

Every exception derives from :class:`ClientError` (itself a
:class:`~nwx_schema.errors.NwxSchemaError`). Answers of the server that refuse a request
are :class:`ApiError` with the status and the server's ``ErrorList`` entries, quoted in
the message; failures to reach it are :class:`ConnectionFailedError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import orjson

from nwx_schema.errors import NwxSchemaError

#: Errors of an ErrorList quoted in a message; the rest are counted.
QUOTED: Final = 3
_REASONS: Final = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Payload Too Large",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


class ClientError(NwxSchemaError):
    """Root of the errors of :mod:`nwx_schema.client`."""


class ConfigurationError(ClientError, ValueError):
    """A URL, credentials or limits that cannot work."""


class RecordTooLargeError(ClientError, ValueError):
    """One record is bigger on its own than the byte limit of a request."""


class ConnectionFailedError(ClientError, OSError):
    """The server could not be reached, or did not answer, after every retry."""


class TlsVerificationError(ConnectionFailedError):
    """The server's certificate is not trusted (never retried)."""


class DeliveryUncertainError(ConnectionFailedError):
    """A write was sent but got no answer, and resending it was ruled out: its records
    may or may not have been stored."""


class ResponseError(ClientError):
    """An answer that is not what the API sends (unreadable page, a mark that repeats)."""


@dataclass(frozen=True, slots=True)
class ApiErrorEntry:
    """One ``Error`` of an ``ErrorList``."""

    category: str
    description: str
    location: str | None = None

    def __str__(self) -> str:
        text = f"{self.category}: {self.description}" if self.category else self.description
        return f"{text} (at {self.location})" if self.location else text


class ApiError(ClientError):
    """The server refused a request (any status but 200).

    Attributes:
        status: the HTTP status.
        errors: the entries of the ``ErrorList`` the server sent (often none: 401, 404,
            413 and some 500 answers have an empty body).
        endpoint: ``write``, ``enum`` or ``search``.
    """

    def __init__(
        self, status: int, errors: Sequence[ApiErrorEntry] = (), *, endpoint: str = "", advice: str = ""
    ) -> None:
        self.status = status
        self.errors = tuple(errors)
        self.endpoint = endpoint
        self.advice = advice
        super().__init__(self._message())

    def _message(self) -> str:
        text = f"{self.status} {_REASONS.get(self.status, 'Error')}"
        if self.errors:
            quoted = "; ".join(str(e) for e in self.errors[:QUOTED])
            more = len(self.errors) - QUOTED
            text += f": {quoted}" + (f"; and {more} more error{'s' if more > 1 else ''}" if more > 0 else "")
        if self.advice:
            text += f" ({self.advice})"
        return text


class AuthenticationError(ApiError):
    """401: no credentials, or refused ones."""


class RequestRejectedError(ApiError):
    """400: the body (records, search, mark) or the ``count`` was refused."""


class PayloadTooLargeError(ApiError):
    """413: the body is over the server's limit."""


class ServerError(ApiError):
    """5xx, still after every retry."""


_NS_ERRORS: Final = "{http://schemas.netwrix.com/api/v1/}"


def parse_error_list(body: bytes) -> list[ApiErrorEntry]:
    """The entries of an ``ErrorList`` body, XML or JSON; none when the body is empty or
    not an error list (the answer's status still tells what happened)."""
    text = body.strip()
    if not text:
        return []
    if text[:1] in (b"{", b"["):
        try:
            document = orjson.loads(text)
        except orjson.JSONDecodeError:
            return []
        items = document.get("ErrorList") if isinstance(document, dict) else None
        if not isinstance(items, list):
            return []
        return [
            ApiErrorEntry(
                str(item.get("Category", "")),
                str(item.get("Description", "")),
                str(item["Location"]) if item.get("Location") is not None else None,
            )
            for item in items
            if isinstance(item, dict)
        ]
    return _xml_error_list(text)


def _xml_error_list(body: bytes) -> list[ApiErrorEntry]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError:
        return []
    if etree.QName(root).localname != "ErrorList":
        return []
    entries = []
    for error in root:
        if not isinstance(error.tag, str) or etree.QName(error).localname != "Error":
            continue
        fields = {etree.QName(c).localname: (c.text or "") for c in error if isinstance(c.tag, str)}
        entries.append(
            ApiErrorEntry(fields.get("Category", ""), fields.get("Description", ""), fields.get("Location"))
        )
    return entries
