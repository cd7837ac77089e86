"""Credentials as an httpx authentication flow.

* ``basic``: ``Authorization: Basic`` on every request (httpx's own ``BasicAuth``), UTF-8.
* ``ntlm``: the NTLM handshake of ``httpx-ntlm`` (messages built by pyspnego), which
  the product recommends. The handshake authenticates a connection, so the client keeps
  its connections open between requests.
"""

from __future__ import annotations

import httpx

from nwx_schema.client.config import Credentials


def build_auth(credentials: Credentials | None) -> httpx.Auth | None:
    """The httpx ``auth`` of these credentials (``None``: send none)."""
    if credentials is None:
        return None
    if credentials.scheme == "ntlm":
        from httpx_ntlm import HttpNtlmAuth  # type: ignore[import-untyped]

        auth: httpx.Auth = HttpNtlmAuth(credentials.user, credentials.password)
        return auth
    return httpx.BasicAuth(credentials.user.encode("utf-8"), credentials.password.encode("utf-8"))
