"""Undoable changes to quotes: add (with tags), edit (note, star, tags), delete."""

from __future__ import annotations

from ...core.attribution import SOURCING_ARGS as SOURCING
from ...core.records import Quote
from ..commands import Command
from ..shell.changes import Changes
from ..shell.hub import Hub


class AddQuoteCommand(Command):
    """Create a quote over code points [start, end) of a document, with tags."""

    def __init__(self, hub: Hub, doc_id: str, start: int, end: int, *, actors=(), themes=(),
                 note: str = "", starred: bool = False, **sourcing):
        super().__init__(hub, "Add quote")
        self.args = dict(doc_id=doc_id, start=start, end=end, actors=list(actors),
                         themes=list(themes), note=note, starred=starred,
                         **{k: v for k, v in sourcing.items() if v is not None})
        self.quote_id: str | None = None
        self.snapshot: Quote | None = None
        self.created_tags = False       # the tagging created an actor or a theme

    def apply(self) -> None:
        project = self.hub.project
        if self.snapshot is None:
            before = codebook_size(self.hub)
            self.quote_id = project.quotes.add(**self.args)
            self.created_tags = codebook_size(self.hub) != before
        else:
            project.quotes.restore(self.snapshot)

    def revert(self) -> None:
        assert self.quote_id is not None, "revert runs after apply"
        self.snapshot = self.hub.project.quotes.delete(self.quote_id)

    def changes_made(self) -> Changes:
        # an undo keeps the actors/themes the tagging created (the store never drops them)
        return Changes.of_quotes(self.quote_id, codebook=self.created_tags)


class EditQuoteCommand(Command):
    """Change a quote's note, star, actors or themes (ids or names), and its sourcing
    (``SOURCING``: speaker, carrier, credibility, translation, print_note, excluded,
    event_date); None = unchanged."""

    def __init__(self, hub: Hub, quote_id: str, *, note=None, starred=None, actors=None,
                 themes=None, text: str = "Edit quote", **sourcing):
        super().__init__(hub, text)
        unknown = set(sourcing) - set(SOURCING)
        if unknown:
            raise TypeError(f"unexpected keyword argument(s): {', '.join(sorted(unknown))}")
        self.quote_id = quote_id
        self.after = dict(note=note, starred=starred, actors=actors, themes=themes,
                          **{k: sourcing.get(k) for k in SOURCING})
        before = hub.project.quotes.get(quote_id)
        self.before = dict(note=before.note, starred=bool(before.starred),
                           actors=before.actor_ids, themes=before.theme_ids,
                           **sourcing_of(before))
        self.before = {k: v for k, v in self.before.items() if self.after[k] is not None}
        self.after = {k: v for k, v in self.after.items()
                      if v is not None or k in ("note", "starred", "actors", "themes")}
        self.created_tags = False

    def apply(self) -> None:
        before = codebook_size(self.hub) if self._retags else None
        self.hub.project.quotes.update(self.quote_id, **self.after)
        self.created_tags = self.created_tags or (
            before is not None and codebook_size(self.hub) != before)

    def revert(self) -> None:
        self.hub.project.quotes.update(self.quote_id, **self.before)

    @property
    def _retags(self) -> bool:
        return self.after["actors"] is not None or self.after["themes"] is not None

    def changes_made(self) -> Changes:
        return Changes.of_quotes(self.quote_id, codebook=self.created_tags)


class DeleteQuoteCommand(Command):
    def __init__(self, hub: Hub, quote_id: str):
        super().__init__(hub, "Delete quote")
        self.quote_id = quote_id
        self.snapshot: Quote | None = None

    def apply(self) -> None:
        self.snapshot = self.hub.project.quotes.delete(self.quote_id)

    def revert(self) -> None:
        assert self.snapshot is not None, "revert runs after apply"
        self.hub.project.quotes.restore(self.snapshot)

    def changes_made(self) -> Changes:
        # key judgments lose (and get back) the quote as evidence
        return Changes.of_quotes(self.quote_id, judgments=True)


def sourcing_of(quote) -> dict:
    """A quote's sourcing as ``quotes.update`` takes it (actors by id, "" for none)."""
    return {"speaker": quote.speaker_actor_id or quote.speaker_text or "",
            "carrier": quote.carrier_actor_id or quote.carrier_text or "",
            "credibility": quote.credibility, "translation": quote.translation or "",
            "print_note": bool(quote.print_note), "excluded": bool(quote.excluded),
            "event_date": quote.event_date or ""}


def codebook_size(hub: Hub) -> tuple[int, int]:
    """How many actors and themes the project has: a tag that grows it created one."""
    return hub.project.codebook.size()


class SetSpanCommand(Command):
    """Move a quote's ends to code points [start, end) of its document; the core
    recomputes its text, anchoring context and language. Undo puts the old span back."""

    def __init__(self, hub: Hub, quote_id: str, start: int, end: int):
        super().__init__(hub, "Adjust quote span")
        before = hub.project.quotes.get(quote_id)
        self.quote_id = before.id
        self.before = (before.start_cp, before.end_cp)
        self.after = (start, end)

    def apply(self) -> None:
        self.hub.project.quotes.set_span(self.quote_id, *self.after)

    def revert(self) -> None:
        self.hub.project.quotes.set_span(self.quote_id, *self.before)

    def changes_made(self) -> Changes:
        return Changes.of_quotes(self.quote_id)
