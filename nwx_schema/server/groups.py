"""Group membership for the ``InGroup`` and ``NotInGroup`` operators of the Who filter.

The stand-in has no directory. ``nwx-schema serve --groups FILE`` reads a JSON object
mapping each group name to its members, e.g.
``{"CORP\\\\Domain Admins": ["CORP\\\\jdoe", "CORP\\\\Helpdesk"]}``. A member that is itself
a group of the file is expanded (nested groups, cycles allowed). Names compare
case-insensitively, as Windows account names do. Without the file, or for a group the
file does not name, ``InGroup`` matches no record and ``NotInGroup`` matches every record.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import orjson

from nwx_schema.errors import NwxSchemaError


class GroupsFileError(NwxSchemaError, ValueError):
    """The ``--groups`` file is unreadable or not a JSON object of string lists."""


def fold(text: str) -> str:
    """The case-insensitive form a name or value is compared in."""
    return text.casefold()


class Groups:
    """Resolved membership: group name -> every account in it, nested groups expanded."""

    def __init__(self, mapping: Mapping[str, list[str]] | None = None) -> None:
        direct: dict[str, set[str]] = {}
        for name, members in (mapping or {}).items():
            direct.setdefault(fold(name), set()).update(fold(m) for m in members)
        self._members = {name: self._expand(name, direct) for name in direct}

    @staticmethod
    def _expand(name: str, direct: dict[str, set[str]]) -> frozenset[str]:
        seen: set[str] = {name}
        todo = [name]
        accounts: set[str] = set()
        while todo:
            for member in direct.get(todo.pop(), ()):
                if member in direct:
                    if member not in seen:
                        seen.add(member)
                        todo.append(member)
                else:
                    accounts.add(member)
        return frozenset(accounts)

    def members(self, group: str) -> frozenset[str]:
        """Folded accounts of a group (empty for a group nobody declared)."""
        return self._members.get(fold(group), frozenset())

    def __len__(self) -> int:
        return len(self._members)


def load_groups(path: Path) -> Groups:
    """Read a ``--groups`` file.

    Raises:
        GroupsFileError: the file cannot be read or has another shape.
    """
    try:
        data = orjson.loads(path.read_bytes())
    except OSError as err:
        raise GroupsFileError(f"cannot read the groups file {path}: {err.strerror}") from err
    except orjson.JSONDecodeError as err:
        raise GroupsFileError(f"the groups file {path} is not JSON: {err}") from err
    if not isinstance(data, dict) or not all(
        isinstance(members, list) and all(isinstance(m, str) for m in members) for members in data.values()
    ):
        raise GroupsFileError(
            f'the groups file {path} must be a JSON object of string lists: {{"GROUP": ["MEMBER", ...]}}'
        )
    return Groups(data)
