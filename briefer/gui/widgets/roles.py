"""Qt's item roles, orientations, flags and alignments, looked up once.

``Qt.DisplayRole`` (the short spelling) goes through PySide's compatibility look-up, some
microseconds each time; a model's ``data()`` pays that for every role of every cell a
view draws (thousands after one tag in a large project). These names cost a global look-up.
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
