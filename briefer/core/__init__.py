"""Briefer's core: the project store, corpus import, anchoring, codebook, interchange.

Nothing here imports Qt; all of it runs and is tested without a display.
"""

from .errors import (BrieferError, DamagedProject, InvalidInput, NotAProject, NotFound,
                     ReadOnlyProject)
from .store import Project

__all__ = ["BrieferError", "DamagedProject", "InvalidInput", "NotAProject", "NotFound",
           "ReadOnlyProject", "Project"]
