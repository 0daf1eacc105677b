"""A dock whose contents are built when it is first shown.

The main window creates every dock at start (its tab, its View menu entry and its place in
the saved layout exist at once) but a dock's contents, and the data that fills them, cost
time: a ``LazyDock`` made with ``lazy=True`` builds them (``build``) only when it first
becomes visible (shown, or its tab raised), or when something asks for them
(``ensure_built``). ``build`` reads the project as it is then, so a change made before is
shown; the hub's signals are connected by ``build``, not before. Made on its own
(``lazy=False``, a dialog or a test), the dock is built at once: a subclass ends its
``__init__`` with ``if not lazy: self.ensure_built()``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QWidget


class LazyDock(QDockWidget):
    def __init__(self, title: str, parent: QWidget | None = None, *, lazy: bool = False):
        super().__init__(title, parent)
        self.built = False
        self._building = False
        self._lazy = lazy
        if lazy:
            self.visibilityChanged.connect(self._visibility_changed)

    def _visibility_changed(self, visible: bool) -> None:
        if visible:
            self.ensure_built()

    def ensure_built(self) -> None:
        """Build the contents now if they are not yet (once)."""
        if self.built or self._building:
            return
        self._building = True
        try:
            self.build()
        finally:
            self._building = False
        self.built = True
        if self._lazy:
            self.visibilityChanged.disconnect(self._visibility_changed)

    def build(self) -> None:
        """Make the contents (``setWidget``), fill them and connect to the hub."""
        raise NotImplementedError
