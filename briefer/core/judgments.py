"""Key judgments: the analyst's statements, each with a confidence and the quotes behind it."""

from __future__ import annotations

from .errors import InvalidInput

CONFIDENCE = ("low", "moderate", "high")


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
        text = (text or "").strip()
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

    def remove_judgment(self, ref: str) -> None:
        self._writable()
        self.db["judgments"].delete(self.resolve_judgment(ref))

    def resolve_judgment(self, ref: str) -> str:
        return self._resolve_ref("judgments", ref, "judgment")

    def _link_judgment(self, judgment_id: str, quote_ids) -> None:
        self._executemany(
            "INSERT OR IGNORE INTO judgment_quotes (judgment_id, quote_id) VALUES (?, ?)",
            [(judgment_id, q) for q in dict.fromkeys(quote_ids)])


def _confidence(value: str) -> str:
    value = (value or "").strip().lower()
    if value not in CONFIDENCE:
        raise InvalidInput(f"Confidence must be low, moderate or high, not {value!r}.")
    return value
