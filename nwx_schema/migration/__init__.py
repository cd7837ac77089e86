"""Migration from API 8.5 (products 8.0-8.5) to 9.0 (products 9.0-10.x), and back.

* :func:`migrate` migrates one payload (XML or JSON, every document kind) by editing it
  in place, and validates the result against the target version.
* :func:`nwx_schema.migration.scripts.migrate_script` rewrites a script (PowerShell,
  Python, C#, JavaScript/TypeScript, shell, XML/JSON templates) that writes or reads
  Activity Records.
"""

from __future__ import annotations

from nwx_schema.migration.options import AUDITED_SYSTEM_MODES, AuditedSystemMode, MigrateOptions
from nwx_schema.migration.payload import Migration, migrate

__all__ = ["AUDITED_SYSTEM_MODES", "AuditedSystemMode", "MigrateOptions", "Migration", "migrate"]
