"""The quotes table's model: the ids of the quotes a filter selects, their rows fetched lazily.

Like anki's browser table, the model holds only ids (sorted by the store:
``quotes.ids(order_by=…)``) and reads rows in pages through ``project.quotes.list(ids=…)``
into a small cache, dropped whenever quotes or the codebook change. The ids come in windows:
the first ``WINDOW`` of them with a refresh, as many again each time the view scrolls to the
end of them (``canFetchMore`` / ``fetchMore``; all the rest at once if sorted by a column),
all the rest when the view goes to the end or a quote further down is selected; ``total()``
is the exact count (a COUNT query). Sorting re-queries the ids in the new order.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from ...core.attribution import said_by
from ...core.grading import CREDIBILITY as CREDIBILITY_WORDS
from ...core.records import QUOTE_TABLE, Quote
from ..shell.changes import Changes
from ..shell.hub import Hub
from ..widgets.roles import (ALIGNMENT, CENTRED, DECORATION, DISPLAY, FONT, FOREGROUND,
                             HORIZONTAL, NO_FLAGS, SELECTABLE, TOOLTIP)
from ..widgets.swatch import swatch_icon
from .quote_filter import QuoteFilter

_ROOT = QModelIndex()         # the default parent of rowCount/columnCount
#: The table's columns: the Quote fields marked for it in the record's description.
FIELDS = tuple(f.name for f in QUOTE_TABLE)
COLUMNS = tuple(f.label for f in QUOTE_TABLE)
STAR, EXCERPT, SPEAKER, DOCUMENT, CREDIBILITY, ACTORS, THEMES, LANGUAGE, NOTE = (
    FIELDS.index(n) for n in ("starred", "exact", "speaker", "doc_title", "credibility", "actors",
                              "themes", "language", "note"))
#: The quote's id, for any column.
QuoteIdRole = Qt.ItemDataRole.UserRole + 1
ORPHAN_MARK = "⚠ orphaned"
#: The roles ``data()`` answers for a cell (besides ``QuoteIdRole``).
_SHOWN_ROLES = frozenset((DISPLAY, TOOLTIP, DECORATION, FOREGROUND, FONT, ALIGNMENT))
PAGE = 64            # rows read per store query
CACHE_LIMIT = 1024   # rows kept
WINDOW = 500         # ids read per query: the first rows, then more as the view scrolls


def _one_line(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: The store's ``order_by`` key of each column (``Project.quotes``; "-key" descends).
SORT_KEYS = {STAR: "starred", EXCERPT: "excerpt", SPEAKER: "speaker", DOCUMENT: "document",
             CREDIBILITY: "credibility", ACTORS: "actors", THEMES: "themes",
             LANGUAGE: "language", NOTE: "note"}


#: Sort keys that order by codebook names (a rename moves rows).
_BY_NAMES = ("actors", "themes", "speaker")


def order_by(column: int, order=Qt.SortOrder.AscendingOrder) -> str:
    """The store's sort key for a header column (-1, unsorted: the document order)."""
    if column not in SORT_KEYS:
        return "position"
    return ("-" if order == Qt.SortOrder.DescendingOrder else "") + SORT_KEYS[column]


class QuotesModel(QAbstractTableModel):
    #: The number of quotes the filter selects changed (rows not fetched yet included).
    totalChanged = Signal(int)

    def __init__(self, hub: Hub, parent=None):
        super().__init__(parent)
        self.hub = hub
        self.filter = QuoteFilter()
        self._ids: list[str] = []           # the rows fetched: the first of the filter's order
        self._total = 0                     # how many quotes the filter selects
        self._announcing = 0                # inside a change's signals (see fetchMore)
        self._cache: dict[str, Quote] = {}
        self._colours: dict[str, str] = {}
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
        hub.projectOpened.connect(lambda: self.set_filter(QuoteFilter()))
        hub.changed.connect(self._on_changed)
        if hub.has_project:
            self.reload()

    # -- what is shown -------------------------------------------------------------
    def set_filter(self, quote_filter: QuoteFilter) -> None:
        self.filter = quote_filter
        self.reload()

    def reload(self) -> None:
        """Query the ids afresh and reset the view (after a new project or filter)."""
        self.beginResetModel()
        self._cache.clear()
        self._colours.clear()
        self._ids, self._total = self._query_ids(WINDOW)
        self.endResetModel()

    def refresh(self, changed=()) -> None:
        """Re-query after a change (as many rows as were fetched): rows that stay keep their
        place (and the view's selection)."""
        if changed:
            for quote_id in changed:
                self._cache.pop(quote_id, None)
        else:
            self._cache.clear()
        new_ids, self._total = self._query_ids(max(len(self._ids), WINDOW))
        old_set, new_set = set(self._ids), set(new_ids)
        if new_ids == self._ids:
            if self._ids:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(len(self._ids) - 1, len(COLUMNS) - 1))
        elif [i for i in self._ids if i in new_set] == [i for i in new_ids if i in old_set]:
            # the rows that stay keep their order: remove the others, insert the new ones
            for row in reversed(range(len(self._ids))):
                if self._ids[row] not in new_set:
                    self.beginRemoveRows(QModelIndex(), row, row)
                    del self._ids[row]
                    self.endRemoveRows()
            for row, quote_id in enumerate(new_ids):
                if quote_id not in old_set:
                    self.beginInsertRows(QModelIndex(), row, row)
                    self._ids.insert(row, quote_id)
                    self.endInsertRows()
        else:
            self.beginResetModel()
            self._ids = new_ids
            self.endResetModel()
        self.totalChanged.emit(self._total)

    def update_rows(self, changed) -> bool:
        """Insert, redraw, move or remove only the rows of the ``changed`` quotes (the store is
        asked about those alone, never for every id); False when the table is sorted by a
        column, where only a full re-query can tell the new places."""
        if not self.hub.has_project or order_by(*self._sort) != "position":
            return False
        project = self.hub.project
        changed = set(changed)
        self.filter = self.filter.pruned(project)
        matching = set(project.quotes.ids(ids=sorted(changed), **self.filter.query()))
        complete = len(self._ids) >= self._total        # every row fetched
        for quote_id in changed:
            self._cache.pop(quote_id, None)
        keys: dict[str, tuple] = {}

        def key(quote_id: str) -> tuple:
            if quote_id not in keys:
                keys.update(project.quotes.position_keys([quote_id]))
            return keys[quote_id]

        if len(changed) <= 32:      # a few: found by list.index, no Python loop over every id
            present = sorted(row for row in map(self.row_of, changed) if row >= 0)
        else:
            present = [row for row, quote_id in enumerate(self._ids) if quote_id in changed]
        for row in reversed(present):
            quote_id = self._ids[row]
            if quote_id in matching:
                keys.update(project.quotes.position_keys(
                    self._ids[max(0, row - 1):row + 2]))
                before = self._ids[row - 1] if row else None
                after = self._ids[row + 1] if row + 1 < len(self._ids) else None
                if ((before is None or key(before) < key(quote_id))
                        and (after is None or key(quote_id) < key(after))):
                    self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
                    matching.discard(quote_id)
                    continue                     # in place: redrawn; else moved below
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._ids[row]
            self.endRemoveRows()
        keys.update(project.quotes.position_keys(matching))
        for quote_id in sorted(matching, key=key):
            row = bisect.bisect_left(self._ids, key(quote_id), key=key)
            if row == len(self._ids) and not complete:
                continue                # among the rows not fetched yet: fetched in its turn
            self.beginInsertRows(QModelIndex(), row, row)
            self._ids.insert(row, quote_id)
            self.endInsertRows()
        # every row fetched: the rows are the count; else the rows not fetched may have changed
        self._total = (len(self._ids) if complete
                       else project.quotes.count(**self.filter.query()))
        self.totalChanged.emit(self._total)
        return True

    def _query_ids(self, limit: int) -> tuple[list[str], int]:
        """The first ``limit`` ids the filter selects in the table's order, and how many
        it selects in all."""
        if not self.hub.has_project:
            return [], 0
        project = self.hub.project
        self.filter = self.filter.pruned(project)
        query = self.filter.query()
        ids = project.quotes.ids(order_by=order_by(*self._sort), limit=limit, **query)
        total = len(ids) if len(ids) < limit else project.quotes.count(**query)
        top = [i for i in ids[:PAGE] if i not in self._cache]
        for r in project.quotes.list(ids=top) if top else ():     # the first page comes along
            self._cache[r.id] = r
        return ids, total

    def _fetch(self, limit: int | None) -> None:
        """Hand the view ``limit`` more rows (None: all the rest)."""
        if not self.hub.has_project or len(self._ids) >= self._total:
            return
        more = self.hub.project.quotes.ids(order_by=order_by(*self._sort), limit=limit,
                                           offset=len(self._ids), **self.filter.query())
        if limit is None or len(more) < limit:         # the store has fewer than counted
            total = len(self._ids) + len(more)
            if total != self._total:
                self._total = total
                self.totalChanged.emit(total)
        if more:
            self.beginInsertRows(QModelIndex(), len(self._ids), len(self._ids) + len(more) - 1)
            self._ids.extend(more)
            self.endInsertRows()

    def fetch_all(self) -> None:
        """Fetch every row not fetched yet (the view goes to the last row)."""
        self._fetch(None)

    def total(self) -> int:
        """How many quotes the filter selects: the rows fetched and those not fetched yet."""
        return self._total

    def _on_changed(self, changes: Changes, _source) -> None:
        """Re-query for changed quotes; for a changed codebook (names and colours) which quotes
        match changes only if the filter names actors, themes or a speaker, and their order
        only if the table is sorted by names."""
        if changes.codebook:
            self._colours.clear()
        if (changes.documents or changes.quotes is True
                or (changes.codebook and (self.filter.actors or self.filter.themes
                                          or self.filter.speaker
                                          or SORT_KEYS.get(self._sort[0]) in _BY_NAMES))):
            self.refresh()
        elif changes.quotes:
            if changes.codebook:
                self._cache.clear()
            if not self.update_rows(changes.quote_ids or ()):
                self.refresh(changes.quote_ids or ())
        elif changes.codebook:
            self._cache.clear()
            if self._ids:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(len(self._ids) - 1, len(COLUMNS) - 1))

    # -- rows ----------------------------------------------------------------------
    def quote_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, quote_id: str, fetch: bool = False) -> int:
        """The row of a quote (-1: not shown); ``fetch``: the rows down to it are fetched if
        the filter selects it further down."""
        try:
            return self._ids.index(quote_id)
        except ValueError:
            pass
        if (fetch and len(self._ids) < self._total and self.hub.has_project
                and self.hub.project.quotes.ids(ids=[quote_id], **self.filter.query())):
            self.fetch_all()
            return self.row_of(quote_id)
        return -1

    def ids(self) -> list[str]:
        """The ids of the rows fetched so far, in order."""
        return list(self._ids)

    def row_data(self, row: int) -> Quote | None:
        """The store's row for the quote at ``row``, read with its page if not cached."""
        quote_id = self.quote_id(row)
        if quote_id is None:
            return None
        if quote_id not in self._cache:
            if len(self._cache) > CACHE_LIMIT:
                self._cache.clear()
            start = row - row % PAGE
            page = [i for i in self._ids[start:start + PAGE] if i not in self._cache]
            for r in self.hub.project.quotes.list(ids=page):
                self._cache[r.id] = r
        return self._cache.get(quote_id)

    def _colour(self, item_id: str) -> str:
        if not self._colours:
            self._colours = self.hub.project.codebook.colours()
        return self._colours.get(item_id, "#cccccc")

    # -- Qt model interface ----------------------------------------------------------
    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def canFetchMore(self, parent=_ROOT) -> bool:
        return not parent.isValid() and len(self._ids) < self._total

    def fetchMore(self, parent=_ROOT) -> None:
        # not from a listener of another change's signals (rowsAboutToBeInserted, modelReset…):
        # the rows it adds would be a change nested in that one; the view asks again later
        if not parent.isValid() and not self._announcing:
            # in the document order the store walks an index: as many again as there are (at
            # least a window), so a long scroll asks a few times; sorted by a column, each
            # query sorts the whole selection again: the rest comes at once
            self._fetch(max(WINDOW, len(self._ids)) if order_by(*self._sort) == "position"
                        else None)

    def beginResetModel(self) -> None:
        self._announcing += 1
        super().beginResetModel()

    def endResetModel(self) -> None:
        super().endResetModel()
        self._announcing -= 1

    def beginInsertRows(self, parent, first: int, last: int) -> None:
        self._announcing += 1
        super().beginInsertRows(parent, first, last)

    def endInsertRows(self) -> None:
        super().endInsertRows()
        self._announcing -= 1

    def beginRemoveRows(self, parent, first: int, last: int) -> None:
        self._announcing += 1
        super().beginRemoveRows(parent, first, last)

    def endRemoveRows(self) -> None:
        super().endRemoveRows()
        self._announcing -= 1

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=DISPLAY):
        if orientation == HORIZONTAL and role == DISPLAY and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        if orientation == HORIZONTAL and role == TOOLTIP and section == STAR:
            return "Starred"
        return None

    def flags(self, index):
        if not index.isValid():
            return NO_FLAGS
        return SELECTABLE

    def data(self, index, role=DISPLAY):
        if not index.isValid() or not (0 <= index.row() < len(self._ids)):
            return None
        if role == QuoteIdRole:
            return self._ids[index.row()]
        if role not in _SHOWN_ROLES:
            return None
        row = self.row_data(index.row())
        if row is None:
            return None
        column = index.column()
        if role == DISPLAY:
            return self._display(column, row)
        if role == TOOLTIP:
            return self._tooltip(column, row)
        if role == DECORATION:
            if column == THEMES and list(row.theme_ids):
                return swatch_icon(*(self._colour(t) for t in row.theme_ids[:6]))
            if column == ACTORS and list(row.actor_ids):
                return swatch_icon(*(self._colour(a) for a in row.actor_ids[:6]))
            return None
        if role == FOREGROUND and row.orphaned:
            return QColor("#9a3412")
        if role == FONT and row.orphaned and column == EXCERPT:
            font = QFont()
            font.setItalic(True)
            return font
        if role == ALIGNMENT and column in (STAR, CREDIBILITY):
            return CENTRED
        return None

    @staticmethod
    def _display(column: int, row: Quote) -> str:
        if column == STAR:
            return "★" if row.starred else ""
        if column == EXCERPT:
            excerpt = _one_line(row.exact, 160)
            return f"{ORPHAN_MARK} · {excerpt}" if row.orphaned else excerpt
        if column == SPEAKER:
            return said_by(row.speaker, row.carrier)
        if column == DOCUMENT:
            return row.doc_title or ""
        if column == ACTORS:
            return ", ".join(row.actors)
        if column == THEMES:
            return ", ".join(row.themes)
        if column == LANGUAGE:
            return "/".join(x for x in (row.language, row.language2) if x)
        if column == NOTE:
            return _one_line(row.note, 120)
        # any other field
        value = getattr(row, FIELDS[column]) if 0 <= column < len(FIELDS) else ""
        if isinstance(value, (tuple, list)):
            return ", ".join(map(str, value))
        return "" if value is None else _one_line(str(value), 120)

    @staticmethod
    def _tooltip(column: int, row: Quote) -> str | None:
        if column == EXCERPT:
            tip = _one_line(row.exact, 600)
            if row.orphaned:
                tip = ("Orphaned: this text was not found again after the document changed.\n\n"
                       + tip)
            return tip
        if column == DOCUMENT:
            return " · ".join(x for x in (row.doc_title, row.doc_outlet, row.doc_date) if x)
        if column == NOTE and row.note:
            return row.note
        if column == SPEAKER:
            return said_by(row.speaker, row.carrier) if row.speaker else (
                "No speaker: the brief names the document's outlet or author"
                + (f" {said_by('', row.carrier)}" if row.carrier else ""))
        if column == CREDIBILITY:
            return f"Credibility {row.credibility}: {CREDIBILITY_WORDS.get(row.credibility, '')}"
        if column == STAR:
            return "Starred" if row.starred else None
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        if not self._ids:
            return
        self._announcing += 1
        try:
            self.layoutAboutToBeChanged.emit()
            old = self.persistentIndexList()
            old_ids = [self._ids[i.row()] if 0 <= i.row() < len(self._ids) else None
                       for i in old]
            self._ids, self._total = self._query_ids(max(len(self._ids), WINDOW))
            where = {qid: row for row, qid in enumerate(self._ids)}
            self.changePersistentIndexList(old, [
                self.index(where[qid], i.column()) if qid in where else QModelIndex()
                for i, qid in zip(old, old_ids)])
            self.layoutChanged.emit()
        finally:
            self._announcing -= 1

