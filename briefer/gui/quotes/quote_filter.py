"""What the quotes table shows: the filter bar's criteria, as ``Project.quotes`` takes them."""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass
class QuoteFilter:
    """What the quotes table shows: every non-empty criterion must hold (AND).

    Several actors or themes must all be on a quote; several documents or languages
    allow any of them. ``speaker`` is as ``briefer quote list --speaker`` takes it: an
    actor's name or alias, else the words of a speaker typed as text (any case).
    """

    actors: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)
    starred: bool | None = None
    text: str = ""
    speaker: str = ""

    @classmethod
    def from_dict(cls, values: dict) -> QuoteFilter:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in values.items() if k in known}
        for key in ("actors", "themes", "docs", "langs"):
            values[key] = list(values.get(key) or [])
        values["starred"] = values.get("starred") or None
        values["text"] = values.get("text") or ""
        values["speaker"] = values.get("speaker") or ""
        return cls(**values)

    def is_empty(self) -> bool:
        return self == QuoteFilter()

    def query(self) -> dict:
        """Keyword arguments for ``Project.quotes``."""
        return {"actors": self.actors, "themes": self.themes, "docs": self.docs,
                "langs": self.langs, "starred": self.starred,
                "search": self.text.strip() or None, "speaker": self.speaker.strip() or None}

    def pruned(self, project) -> QuoteFilter:
        """This filter without actors, themes or documents the project no longer has (asked
        of the store only for the kinds the filter names)."""
        if not (self.actors or self.themes or self.docs):
            return self
        codebook = project.codebook
        actors = {a.id for a in codebook.actors(links=False)} if self.actors else set()
        themes = {t.id for t in codebook.themes(links=False)} if self.themes else set()
        docs = {d.id for d in project.documents.list()} if self.docs else set()
        return QuoteFilter([a for a in self.actors if a in actors],
                           [t for t in self.themes if t in themes],
                           [d for d in self.docs if d in docs],
                           list(self.langs), self.starred, self.text, self.speaker)
