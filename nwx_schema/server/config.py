"""What one run of ``nwx-schema serve`` is configured with (no HTTP import here)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from nwx_schema.server.auth import AuthPolicy
from nwx_schema.server.groups import Groups
from nwx_schema.server.times import now_us
from nwx_schema.versions import ApiVersion

DEFAULT_STORE: Final = Path("nwx-api-store.sqlite3")
DEFAULT_PORT: Final = 9699
DEFAULT_MAX_BODY_MB: Final = 50.0
#: Records per page of enum and search when ``count`` is not given.
DEFAULT_COUNT: Final = 1000


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """Everything the application needs besides the listening socket."""

    store: Path = DEFAULT_STORE
    api_version: ApiVersion = "9.0"
    max_body_bytes: int = int(DEFAULT_MAX_BODY_MB * 1024 * 1024)
    auth: AuthPolicy = field(default_factory=AuthPolicy)
    groups: Groups = field(default_factory=Groups)
    #: Worker processes that validate bodies (0: threads of the server process).
    workers: int = 0
    #: The current instant (UTC microseconds), for the When timeframes.
    clock: Callable[[], int] = now_us
