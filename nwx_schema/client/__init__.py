"""A client of the Netwrix Auditor Integration API's activity records (needs the
``client`` extra: ``pip install 'nwx-schema[client]'``).

* :class:`Client` -- ``write`` records in batches within the API's limits (1,000 records
  and 50 MB per request), ``enum`` and ``search`` as generators that follow the
  ContinuationMark to the end; JSON or XML bodies; Basic or NTLM authentication; TLS
  verified against the system's or a given CA bundle; timeouts; retries with backoff.
* :class:`ClientConfig` -- the same settings as one value, also from ``NETWRIX_API_*``
  environment variables.
* Errors (:mod:`nwx_schema.client.errors`) quote the server's ``ErrorList``.
"""

from __future__ import annotations

from nwx_schema.client.api import BatchFailure, Client, SendError, SendResult
from nwx_schema.client.batching import Batch, iter_batches
from nwx_schema.client.config import ClientConfig, Credentials, RetryPolicy, api_url
from nwx_schema.client.errors import (
    ApiError,
    ApiErrorEntry,
    AuthenticationError,
    ClientError,
    ConfigurationError,
    ConnectionFailedError,
    DeliveryUncertainError,
    PayloadTooLargeError,
    RecordTooLargeError,
    RequestRejectedError,
    ResponseError,
    ServerError,
    TlsVerificationError,
)
from nwx_schema.client.paging import Page
from nwx_schema.client.sources import RecordSource, open_source
from nwx_schema.client.transport import RetryEvent

__all__ = [
    "ApiError",
    "ApiErrorEntry",
    "AuthenticationError",
    "Batch",
    "BatchFailure",
    "Client",
    "ClientConfig",
    "ClientError",
    "ConfigurationError",
    "ConnectionFailedError",
    "Credentials",
    "DeliveryUncertainError",
    "Page",
    "PayloadTooLargeError",
    "RecordSource",
    "RecordTooLargeError",
    "RequestRejectedError",
    "ResponseError",
    "RetryEvent",
    "RetryPolicy",
    "SendError",
    "SendResult",
    "ServerError",
    "TlsVerificationError",
    "api_url",
    "iter_batches",
    "open_source",
]
