"""Qt's item roles, orientations, flags and alignments, looked up once.

A model's ``data()`` compares its ``role`` with several of these for every role of every
cell a view draws (thousands after one tag in a large project). ``Qt.ItemDataRole.DisplayRole``
is two look-ups through PySide's enum types (about 1 µs; the short ``Qt.DisplayRole``, its
compatibility spelling, about 18 µs); a name bound here is a global look-up (under 0.1 µs).
"""

from __future__ import annotations

from PySide6.QtCore import Qt

DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
DECORATION = Qt.ItemDataRole.DecorationRole
FOREGROUND = Qt.ItemDataRole.ForegroundRole
BACKGROUND = Qt.ItemDataRole.BackgroundRole
FONT = Qt.ItemDataRole.FontRole
ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
USER = Qt.ItemDataRole.UserRole
HORIZONTAL = Qt.Orientation.Horizontal
VERTICAL = Qt.Orientation.Vertical
NO_FLAGS = Qt.ItemFlag.NoItemFlags
SELECTABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
#: As ``data()`` returns them for ``ALIGNMENT``.
CENTRED = int(Qt.AlignmentFlag.AlignCenter)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
