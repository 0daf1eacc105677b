"""Key judgments: the analyst's statements, each with a confidence and the quotes behind it."""

from __future__ import annotations

from . import validate
from .errors import InvalidInput

CONFIDENCE = ("low", "moderate", "high")
JUDGMENT_COLUMNS = ("id", "text", "confidence", "position", "created_at", "updated_at")


class JudgmentsMixin:
    def judgments(self) -> list[dict]:
        """Judgments in order, each with ``quote_ids`` (in document order)."""
        rows = [dict(r) for r in self.db.query("SELECT * FROM judgments ORDER BY position, created_at")]
        for r in rows:
            r["quote_ids"] = [x[0] for x in self.db.execute(
                """SELECT jq.quote_id FROM judgment_quotes jq JOIN quotes q ON q.id = jq.quote_id
                   JOIN documents d ON d.id = q.doc_id WHERE jq.judgment_id = ?
                   ORDER BY d.date, d.title, q.start_cp""", [r["id"]])]
        return rows

    def add_judgment(self, text: str, confidence: str = "moderate", quotes=()) -> str:
        self._writable()
        text = validate.text(text or "", "judgment", validate.MAX_JUDGMENT).strip()
        if not text:
            raise InvalidInput("A judgment needs a statement.")
        confidence = _confidence(confidence)
        quote_ids = [self.resolve_quote_id(q) for q in quotes]
        judgment_id, stamp = self._new_id(), self._now()
        position = self.db.execute("SELECT COALESCE(MAX(position) + 1, 0) FROM judgments").fetchone()[0]
        with self.db.atomic():
            self.db["judgments"].insert({"id": judgment_id, "text": text, "confidence": confidence,
                                         "position": position, "created_at": stamp,
                                         "updated_at": stamp})
            self._link_judgment(judgment_id, quote_ids)
        return judgment_id

    def update_judgment(self, ref: str, *, text: str | None = None, confidence: str | None = None,
                        quotes=None) -> None:
        self._writable()
        judgment_id = self.resolve_judgment(ref)
        values = {"updated_at": self._now()}
        if text is not None:
            validate.text(text, "judgment", validate.MAX_JUDGMENT)
            if not text.strip():
                raise InvalidInput("A judgment needs a statement.")
            values["text"] = text.strip()
        if confidence is not None:
            values["confidence"] = _confidence(confidence)
        with self.db.atomic():
            self.db["judgments"].update(judgment_id, values)
            if quotes is not None:
                ids = [self.resolve_quote_id(q) for q in quotes]
                self.db.execute("DELETE FROM judgment_quotes WHERE judgment_id = ?", [judgment_id])
                self._link_judgment(judgment_id, ids)

    def remove_judgment(self, ref: str) -> dict:
        """Remove a judgment (its quotes stay); return a snapshot ``restore_judgment`` takes."""
        self._writable()
        judgment_id = self.resolve_judgment(ref)
        snapshot = self.snapshot_judgment(judgment_id)
        self.db["judgments"].delete(judgment_id)
        return snapshot

    def snapshot_judgment(self, ref: str) -> dict:
        """The judgment's row and ``quote_ids`` (as linked), for ``restore_judgment``."""
        judgment_id = self.resolve_judgment(ref)
        row = dict(self.db["judgments"].get(judgment_id))
        row["quote_ids"] = [r[0] for r in self.db.execute(
            "SELECT quote_id FROM judgment_quotes WHERE judgment_id = ?", [judgment_id])]
        return row

    def restore_judgment(self, snapshot: dict) -> str:
        """Put back a judgment as ``snapshot_judgment`` saw it: same id, text, confidence,
        position and times, linked to those of its quotes that still exist. Replaces the
        judgment of that id if there is one (its links too)."""
        self._writable()
        row = {k: snapshot[k] for k in JUDGMENT_COLUMNS}
        if not str(row["text"] or "").strip():
            raise InvalidInput("A judgment needs a statement.")
        row["confidence"] = _confidence(row["confidence"])
        with self.db.atomic():
            if self.db["judgments"].count_where("id = ?", [row["id"]]):
                self.db["judgments"].update(row["id"], row)
                self.db.execute("DELETE FROM judgment_quotes WHERE judgment_id = ?", [row["id"]])
            else:
                self.db["judgments"].insert(row)
            existing = [q for q in snapshot.get("quote_ids", ())
                        if self.db["quotes"].count_where("id = ?", [q])]
            self._link_judgment(row["id"], existing)
        return row["id"]

    def resolve_judgment(self, ref: str) -> str:
        return self._resolve_ref("judgments", validate.valid(ref or "", "judgment id"),
                                 "judgment")

    def _link_judgment(self, judgment_id: str, quote_ids) -> None:
        self._executemany(
            "INSERT OR IGNORE INTO judgment_quotes (judgment_id, quote_id) VALUES (?, ?)",
            [(judgment_id, q) for q in dict.fromkeys(quote_ids)])

    def move_judgment(self, ref: str, position: int) -> None:
        """Put a judgment at ``position`` (0-based, clamped) in the brief's order."""
        self._writable()
        judgment_id = self.resolve_judgment(ref)
        order = [j["id"] for j in self.judgments() if j["id"] != judgment_id]
        order.insert(max(0, min(position, len(order))), judgment_id)
        with self.db.atomic():
            for index, item in enumerate(order):
                self.db.execute("UPDATE judgments SET position = ? WHERE id = ?", [index, item])


def _confidence(value: str) -> str:
    value = (value or "").strip().lower()
    if value not in CONFIDENCE:
        raise InvalidInput(f"Confidence must be low, moderate or high, not {value!r}.")
    return value
