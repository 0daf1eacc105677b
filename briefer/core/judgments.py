"""Key judgments: the analyst's statements, each with a confidence and the quotes behind it."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from typing import Any

from . import validate
from .base import Store
from .errors import InvalidInput
from .quotes import Quotes
from .records import Judgment

CONFIDENCE = ("low", "moderate", "high")
JUDGMENT_COLUMNS = Judgment.columns()


class Judgments:
    """The key judgments of a project (``project.judgments``), each with its evidence."""

    def __init__(self, store: Store, quotes: Quotes):
        self._store = store
        self._quotes = quotes

    def list(self) -> builtins.list[Judgment]:
        """Judgments in order, each with ``quote_ids`` (in document order)."""
        rows = self._store.db.query("SELECT * FROM judgments ORDER BY position, created_at")
        return [Judgment.from_row(r, quote_ids=self._quote_ids(r["id"])) for r in rows]

    def get(self, ref: str) -> Judgment:
        """One judgment (id or unique prefix) with its ``quote_ids``: what ``restore`` takes."""
        judgment_id = self.resolve(ref)
        return Judgment.from_row(self._store.row("judgments", judgment_id),
                                 quote_ids=self._quote_ids(judgment_id))

    def _quote_ids(self, judgment_id: str) -> tuple[str, ...]:
        return tuple(x[0] for x in self._store.db.execute(
            """SELECT jq.quote_id FROM judgment_quotes jq JOIN quotes q ON q.id = jq.quote_id
               JOIN documents d ON d.id = q.doc_id WHERE jq.judgment_id = ?
               ORDER BY d.date, d.title, q.start_cp""", [judgment_id]))

    def add(self, text: str, confidence: str = "moderate", quotes: Iterable[str] = (), *,
            likelihood: str | None = None, basis: str = "") -> str:
        """A new judgment, last in order: its statement, confidence (low, moderate, high),
        ICD 203 ``likelihood`` (a ``grading.LIKELIHOOD`` key, or None) and ``basis``."""
        self._store.writable()
        likelihood = validate.likelihood(likelihood)
        basis = validate.text(basis or "", "basis", validate.MAX_BASIS).strip()
        text = validate.text(text or "", "judgment", validate.MAX_JUDGMENT).strip()
        if not text:
            raise InvalidInput("A judgment needs a statement.")
        confidence = _confidence(confidence)
        quote_ids = [self._quotes.resolve(q) for q in quotes]
        judgment_id, stamp = self._store.new_id(), self._store.now()
        position = self._store.db.execute(
            "SELECT COALESCE(MAX(position) + 1, 0) FROM judgments").fetchone()[0]
        with self._store.db.atomic():
            self._store.table("judgments").insert({
                "id": judgment_id, "text": text, "confidence": confidence,
                "likelihood": likelihood, "basis": basis, "position": position,
                "created_at": stamp, "updated_at": stamp})
            self._link_judgment(judgment_id, quote_ids)
        return judgment_id

    def update(self, ref: str, *, text: str | None = None, confidence: str | None = None,
               quotes: Iterable[str] | None = None, likelihood: str | None = None,
               basis: str | None = None) -> None:
        """Change what is given (None: left alone); ``likelihood`` "" or "none" clears it."""
        self._store.writable()
        judgment_id = self.resolve(ref)
        values: dict[str, Any] = {"updated_at": self._store.now()}
        if text is not None:
            validate.text(text, "judgment", validate.MAX_JUDGMENT)
            if not text.strip():
                raise InvalidInput("A judgment needs a statement.")
            values["text"] = text.strip()
        if confidence is not None:
            values["confidence"] = _confidence(confidence)
        if likelihood is not None:
            values["likelihood"] = validate.likelihood(likelihood)
        if basis is not None:
            values["basis"] = validate.text(basis, "basis", validate.MAX_BASIS).strip()
        with self._store.db.atomic():
            self._store.table("judgments").update(judgment_id, values)
            if quotes is not None:
                ids = [self._quotes.resolve(q) for q in quotes]
                self._store.db.execute("DELETE FROM judgment_quotes WHERE judgment_id = ?",
                                       [judgment_id])
                self._link_judgment(judgment_id, ids)

    def remove(self, ref: str) -> Judgment:
        """Remove a judgment (its quotes stay); return it as it was, for ``restore``."""
        self._store.writable()
        snapshot = self.get(ref)
        self._store.table("judgments").delete(snapshot.id)
        return snapshot

    def restore(self, snapshot: Judgment) -> str:
        """Put back a judgment as ``get`` saw it: same id, text, confidence,
        position and times, linked to those of its quotes that still exist. Replaces the
        judgment of that id if there is one (its links too)."""
        self._store.writable()
        row = snapshot.row()
        if not str(row["text"] or "").strip():
            raise InvalidInput("A judgment needs a statement.")
        row["confidence"] = _confidence(row["confidence"])
        with self._store.db.atomic():
            if self._store.table("judgments").count_where("id = ?", [row["id"]]):
                self._store.table("judgments").update(row["id"], row)
                self._store.db.execute("DELETE FROM judgment_quotes WHERE judgment_id = ?",
                                       [row["id"]])
            else:
                self._store.table("judgments").insert(row)
            existing = [q for q in snapshot.quote_ids
                        if self._store.table("quotes").count_where("id = ?", [q])]
            self._link_judgment(row["id"], existing)
        return row["id"]

    def resolve(self, ref: str) -> str:
        return self._store.resolve_ref("judgments", validate.valid(ref or "", "judgment id"),
                                 "judgment")

    def _link_judgment(self, judgment_id: str, quote_ids: Iterable[str]) -> None:
        self._store.executemany(
            "INSERT OR IGNORE INTO judgment_quotes (judgment_id, quote_id) VALUES (?, ?)",
            [(judgment_id, q) for q in dict.fromkeys(quote_ids)])

    def move(self, ref: str, position: int) -> None:
        """Put a judgment at ``position`` (0-based, clamped) in the brief's order."""
        self._store.writable()
        judgment_id = self.resolve(ref)
        order = [j.id for j in self.list() if j.id != judgment_id]
        order.insert(max(0, min(position, len(order))), judgment_id)
        with self._store.db.atomic():
            for index, item in enumerate(order):
                self._store.db.execute("UPDATE judgments SET position = ? WHERE id = ?",
                                       [index, item])


def _confidence(value: str) -> str:
    value = (value or "").strip().lower()
    if value not in CONFIDENCE:
        raise InvalidInput(f"Confidence must be low, moderate or high, not {value!r}.")
    return value
