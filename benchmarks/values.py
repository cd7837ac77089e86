"""Realistic values for the benchmark records (perf-baselines.md §3.1): accounts with
accents, Cyrillic and CJK, FQDNs, UNC/LDAP/registry/URL paths with markup characters,
Actions and When offsets with realistic weights."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Final

ACTIONS: Final = (
    ("Modified", 30),
    ("Added", 18),
    ("Removed", 10),
    ("Read", 12),
    ("Successful Logon", 8),
    ("Failed Logon", 3),
    ("Logoff", 4),
    ("Renamed", 3),
    ("Moved", 2),
    ("Add (Failed Attempt)", 1),
    ("Modify (Failed Attempt)", 1),
    ("Read (Failed Attempt)", 1),
    ("Copied", 2),
    ("Sent", 1),
    ("Checked in", 1),
    ("Checked out", 1),
    ("Session start", 1),
    ("Session end", 1),
    ("Activated", 1),
)
DOMAINS: Final = ("CORP", "EMEA", "NA", "LAB", "APAC")
USERS: Final = (
    "jsmith",
    "a.garcia",
    "m.rossi",
    "józef.müller",
    "françois.léger",
    "李雷",
    "иван.петров",
    "svc_backup",
    "administrator",
    "k.tanaka",
    "o.ødegård",
    "s.o'brien",
    "Zoë.Ångström",
)
OBJECT_TYPES: Final = (
    "user",
    "group",
    "computer",
    "organizationalUnit",
    "File",
    "Folder",
    "Share",
    "Mailbox",
    "Registry Key",
    "Policy",
    "Database",
    "Site",
    "List Item",
)
PLANS: Final = (
    ("{2F2B5A4E-6A3B-4C1E-9D27-8F1C0E7A4B11}", "AD Monitoring"),
    ("{7A0C1D3E-2B4F-4A6D-8E9F-0A1B2C3D4E5F}", "File Servers – Finance"),
    ("{C3D9E1F0-5B6A-47C8-9D0E-1F2A3B4C5D6E}", "Exchange Online"),
    ("{0E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B}", "SQL & SharePoint"),
    ("{5D6E7F80-9A1B-4C2D-8E3F-405162738495}", "Integration <Add-ons>"),
)
DATA_SOURCES: Final = (
    "Active Directory",
    "File Servers",
    "Exchange",
    "Windows Server",
    "SQL Server",
    "SharePoint",
    "Logon Activity",
    "Netwrix API",
)
HOSTS: Final = ("dc01", "dc02", "fs01", "fs02", "exch01", "sql01", "sp01", "srv-app-07")
FQDN: Final = "corp.example.com"
ITEM_TYPES: Final = ("Computer", "Domain", "Windows File Share", "SQL Server Instance", "Integration")
PATHS: Final = (
    "\\\\fs01.corp.example.com\\Finance\\Q3\\Budget – Übersicht & Forecast.xlsx",
    "corp.example.com/Users/John Smith",
    "CN=Smith\\, John,OU=Users,OU=München,DC=corp,DC=example,DC=com",
    "corp.example.com/Groups/Domain Admins",
    "\\\\fs02.corp.example.com\\HR\\Contracts\\contrat_2024_été.docx",
    "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate",
    "Databases\\ReportServer\\Stored Procedures\\dbo.sp_New",
    "https://sp01.corp.example.com/sites/legal/Shared Documents/NDA <draft>.pdf",
    "/Mailboxes/山田 太郎/Inbox",
    "\\\\fs01.corp.example.com\\研究開発\\設計書 v2.docx",
    "corp.example.com/Computers/WS-0042",
)
WHERES: Final = (
    "dc01.corp.example.com",
    "fs01.corp.example.com",
    "sql01.corp.example.com\\PROD",
    "CORP",
    "https://sp01.corp.example.com",
    "exch01",
)
PROPERTIES: Final = (
    "member",
    "description",
    "userAccountControl",
    "Size",
    "Attributes",
    "Permissions",
    "telephoneNumber",
    "displayName",
    "Owner",
)
BEFORES: Final = (
    "",
    "Enabled",
    "512",
    "Read & Execute",
    "Müller, Jörg",
    "CN=Sales,OU=Groups,DC=corp,DC=example,DC=com",
)
AFTERS: Final = (
    "Disabled",
    "514",
    "Full Control",
    "Müller-Schmidt, Jörg",
    "CN=Finance,OU=Groups,DC=corp,DC=example,DC=com",
    "a < b && c > d",
)
MESSAGES: Final = (
    "Added: CN=李雷,OU=Users,DC=corp,DC=example,DC=com",
    "Removed: svc_backup",
    "Size changed from 1 MB to 2 MB",
)
BASE_TIME: Final = datetime(2024, 1, 1, tzinfo=timezone.utc)
#: Zone offsets of ``When``: UTC written as ``Z`` most of the time, then local offsets.
OFFSETS: Final = ((0, 70), (120, 10), (60, 8), (-300, 6), (-660, 3), (330, 3))


def _weighted(pairs: tuple[tuple[Any, int], ...]) -> tuple[list[Any], list[int]]:
    return [value for value, _ in pairs], [weight for _, weight in pairs]


_ACTION_VALUES, _ACTION_WEIGHTS = _weighted(ACTIONS)
_OFFSET_VALUES, _OFFSET_WEIGHTS = _weighted(OFFSETS)


def format_when(moment: datetime, offset_minutes: int, fraction: str) -> str:
    """``When`` in one of the accepted spellings: ``Z`` or ``+HH:MM``/``-HH:MM``, with an
    optional fraction of any length (the instant is the same whatever the offset)."""
    local = (moment + timedelta(minutes=offset_minutes)).replace(tzinfo=None)
    text = local.strftime("%Y-%m-%dT%H:%M:%S") + fraction
    if offset_minutes == 0:
        return text + "Z"
    sign = "+" if offset_minutes > 0 else "-"
    hours, minutes = divmod(abs(offset_minutes), 60)
    return f"{text}{sign}{hours:02d}:{minutes:02d}"
