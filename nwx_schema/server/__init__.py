"""A local stand-in of the Netwrix Auditor Integration API (``nwx-schema serve``).

It answers the four documented endpoints on loopback the way the product does, checks
every body written with :func:`nwx_schema.validation.validate`, keeps the records and a
log of every request in SQLite, and lets ``nwx-schema report`` summarise what arrived.

Modules: :mod:`.app` (routes and answers), :mod:`.store` (SQLite), :mod:`.records`
(what the product adds to a record written), :mod:`.search` (filter semantics),
:mod:`.marks` (continuation marks), :mod:`.times` (date-time arithmetic), :mod:`.auth`,
:mod:`.tls`, :mod:`.groups`, :mod:`.reporting` and :mod:`.runner` (start and stop).
The HTTP server (aiohttp) is imported only by :mod:`.app` and :mod:`.runner`.
"""

from __future__ import annotations
