"""sqlite-utils' ``Database`` on a project's connection, made when first asked for
(``projectfile.BriefDatabase.utils``): tables, writes, schema changes. Importing this module
imports sqlite-utils, which a start that only reads the project does without (issue #13)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sqlite_utils import Database

if TYPE_CHECKING:
    from .projectfile import BriefDatabase


class TablesDatabase(Database):
    """sqlite-utils on the connection of ``project_db``, whose transactions it uses: its
    writes begin ``IMMEDIATE`` (``BriefDatabase.atomic``). No plugins are run, and
    ``recursive_triggers`` is left as ``BriefDatabase`` set it."""

    def __init__(self, project_db: BriefDatabase) -> None:
        self.project_db = project_db
        super().__init__(project_db.conn, recursive_triggers=False, execute_plugins=False)

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        with self.project_db.atomic():
            yield self
