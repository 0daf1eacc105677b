"""Adjusting the selected quote's span in a pane: an end dragged with the mouse, or stepped a
word with Alt(+Shift)+arrows; dragged ends snap to the pane's ``snap`` boundaries
(:mod:`briefer.core.spans`); each change is one undo step (``SetSpanCommand``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core import spans

if TYPE_CHECKING:
    from .pane import Pane


class SpanEditor:
    """Moves the ends of ``pane``'s selected quote as its text view asks (``edges``,
    ``edgeDragged``, ``spanKey``)."""

    def __init__(self, pane: Pane):
        self.pane = pane
        pane.view.edges = self.selected_span16
        pane.view.edgeDragged.connect(self.edge_dragged)
        pane.view.spanKey.connect(self.span_key)

    def selected_span16(self) -> tuple[int, int] | None:
        """The UTF-16 span of the quote whose ends can be moved (none in a read-only project)."""
        pane = self.pane
        if not pane.selected or pane.hub.project.read_only:
            return None
        return pane.quote_span16(pane.selected)

    def edge_dragged(self, edge: str, pos16: int) -> None:
        pane = self.pane
        quote = pane.quote_row(pane.selected)
        if quote is None:
            return
        pos = pane.map.from16(pos16)
        start, end = quote.start_cp, quote.end_cp
        start, end = (pos, end) if edge == "start" else (start, pos)
        self.adjust(quote.id, min(start, end), max(start, end))

    def span_key(self, edge: str, grow: bool) -> None:
        pane = self.pane
        quote = pane.quote_row(pane.selected)
        if quote is not None and pane.doc is not None:
            start, end = spans.step(pane.doc.text, quote.start_cp, quote.end_cp, edge, grow)
            self.adjust(quote.id, start, end, snap=False)

    def adjust(self, quote_id: str, start: int, end: int, snap: bool = True) -> bool:
        """Move a quote's ends (snapped to the pane's ``snap`` boundaries), one undo step."""
        from ..quotes.commands import SetSpanCommand

        pane, hub = self.pane, self.pane.hub
        if pane.doc is None:
            return False
        text = pane.doc.text
        if snap:
            start, end = spans.snap(text, start, end, pane.snap)
        quote = pane.quote_row(quote_id)
        if quote is None or (start, end) == (quote.start_cp, quote.end_cp):
            return False
        if end <= start or not text[start:end].strip():
            hub.statusMessage.emit("A quote needs some text, not only white space.")
            return False
        failed = hub.push(SetSpanCommand(hub, quote_id, start, end))
        if failed is None:
            hub.statusMessage.emit(f"Quote now {end - start} characters — Ctrl+Z undoes")
            pane.select_cp(start, end)
        return failed is None
