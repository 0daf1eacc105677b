"""What a change to the project touched: the one payload of the hub's ``changed`` signal.

As Anki's ``OpChanges``: every undo command declares what its apply/undo changed, and
each view reloads only for the parts it shows (``if changes.codebook: ...``). Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Changes:
    #: Quotes added, edited or removed: their ids, or True for many or unknown ones.
    quotes: bool | frozenset[str] = False
    #: Documents imported, edited (metadata or text) or removed.
    documents: bool = False
    #: Actors or themes: added, renamed, recoloured, merged, deleted, reordered.
    codebook: bool = False
    #: Key judgments (their text, confidence, order or the quotes they rest on).
    judgments: bool = False
    #: The project's settings (the brief's title, summary, contents).
    settings: bool = False

    @classmethod
    def everything(cls) -> Changes:
        """Another program changed the file, or nobody knows what changed."""
        return cls(quotes=True, documents=True, codebook=True, judgments=True, settings=True)

    @classmethod
    def of_quotes(cls, *ids: str | None, **others: bool) -> Changes:
        """These quotes changed (no id known: many or unknown), and maybe ``others``."""
        known = frozenset(i for i in ids if i)
        return cls(quotes=known or True, **others)

    @property
    def quote_ids(self) -> frozenset[str] | None:
        """The ids of the changed quotes; None when many or unknown quotes changed."""
        if self.quotes is True:
            return None
        return self.quotes or frozenset()

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def __or__(self, other: Changes) -> Changes:
        if self.quotes is True or other.quotes is True:
            quotes: bool | frozenset[str] = True
        else:
            quotes = (self.quotes or frozenset()) | (other.quotes or frozenset())
        return Changes(quotes=quotes or False, documents=self.documents or other.documents,
                       codebook=self.codebook or other.codebook,
                       judgments=self.judgments or other.judgments,
                       settings=self.settings or other.settings)
