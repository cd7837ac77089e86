"""The located pass over parts of a document: the records the fast pass found wrong.

The fast pass decides most of a document in C. Where the schema refuses a record (or a
chunk holds something the fast pass does not locate itself), only that part is read by
the located pass's own reader and checker, at its real place in the file, so a document
with findings is never read again whole. One :class:`PartialReading` serves a whole
document: it keeps what the located pass would know there (record count, whether a
continuation mark was seen) between the parts it is given.
"""

from __future__ import annotations

from nwx_schema import model
from nwx_schema.issues import Issue
from nwx_schema.locations import Path
from nwx_schema.reading.json_reader import JsonReader
from nwx_schema.reading.xml_reader import Child, Origin, RootEnd, RootStart, XmlReader
from nwx_schema.validation.json_document import JsonDocument
from nwx_schema.validation.xml_document import XmlDocument
from nwx_schema.validation.xml_form import XmlForm
from nwx_schema.versions import ApiVersion, Kind


class PartError(Exception):
    """The part cannot be read alone (it is not well-formed by itself)."""


class PartialReading(XmlDocument, JsonDocument):
    """Located findings of parts of one record document of known kind and version."""

    def __init__(self, kind: Kind, version: ApiVersion) -> None:
        super().__init__(b"", api_version=version, kind=kind, fmt="auto", name=None, fast=False)
        self._start(kind, version)
        self._version = version
        self._form: XmlForm | None = None
        self._wrap = ("", "")
        self._part_at = (1, 1)

    def _take(self) -> list[Issue]:
        return list(self._flush())

    # -- XML --------------------------------------------------------------------------

    def xml_root(self, start_tag: str, end_tag: str, at: tuple[int, int]) -> None:
        """The document's root start tag (parts are read wrapped in it), standing at ``at``."""
        reader = XmlReader(iter([start_tag + end_tag]))
        try:
            first = next(reader.events())
        except Exception as err:  # the fast pass found the tag well-formed: be safe anyway
            raise PartError(str(err)) from err
        assert isinstance(first, RootStart) and self.locator is not None
        self._form = XmlForm(self.locator, first.element.ns, model.document_model(self._version))
        self.locator.positions[()] = at
        self._wrap = (start_tag, end_tag)
        lines = start_tag.count("\n")
        self._part_at = (1 + lines, len(start_tag) - start_tag.rfind("\n"))

    def xml_part(
        self, text: str, at: tuple[int, int], first_record: int, *, mark_seen: bool, closes_root: bool = False
    ) -> list[Issue]:
        """Findings of the root's children in ``text`` (which stands at ``at`` in the file
        and holds records from number ``first_record`` on), in document order.

        ``closes_root``: ``text`` ends with the root's end tag (the document's last part).

        Raises:
            PartError: ``text`` is not well-formed by itself.
        """
        from nwx_schema.reading.xml_reader import XmlSyntaxError

        assert self._form is not None and self.locator is not None
        root_at = self.locator.positions[()]
        self.records = first_record
        self._saw_record = first_record > 0
        self._mark_seen = mark_seen
        start_tag, end_tag = self._wrap
        wrapped = start_tag + text + ("" if closes_root else end_tag)
        origin = Origin(self._part_at[0], self._part_at[1], at)
        try:
            for event in XmlReader(iter([wrapped]), origin).events():
                if isinstance(event, Child):
                    self._xml_child(self._form, event.element)
                    self.locator.positions[()] = root_at
                elif isinstance(event, RootEnd):
                    if event.element.has_text:  # said once, of the whole root: not a part's finding
                        raise PartError("text directly inside the root")
                    if closes_root:
                        self.locator.positions, self.locator.key_positions = {(): root_at}, {}
                        self._end_records(())
        except XmlSyntaxError as err:
            self._out = []
            raise PartError(err.issue.message) from err
        except PartError:
            self._out = []
            raise
        return self._take()

    @property
    def mark_seen(self) -> bool:
        return self._mark_seen

    # -- JSON -------------------------------------------------------------------------

    def json_record(self, text: str, at: tuple[int, int], path: Path) -> list[Issue]:
        """Findings of one record, whose text ``text`` stands at ``at`` in the file.

        Raises:
            PartError: the located reader cannot read ``text`` as one value.
        """
        from nwx_schema.reading.json_reader import JsonSyntaxError

        index = path[-1]
        assert isinstance(index, int)
        try:
            value = JsonReader(iter([text]), start=at).read_value(path)
        except (JsonSyntaxError, RecursionError) as err:
            raise PartError(str(err)) from err
        self.records = index
        self._json_record(value)
        return self._take()
