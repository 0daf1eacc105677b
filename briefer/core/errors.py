"""Errors the core raises; each str() is a message fit to show a user."""


class BrieferError(Exception):
    """Base class: a problem the user can act on (shown without a traceback)."""


class NotAProject(BrieferError):
    """The file exists but is not a Briefer project (text, image, another app's SQLite file)."""


class NoProject(NotAProject):
    """Asked to open (not create) a project where there is none: no file, an empty file, or
    an SQLite file with no tables (a copy of a project's main file taken while it was open)."""


class DamagedProject(BrieferError):
    """The file looks like a Briefer project but SQLite reports it as damaged."""


class ReadOnlyProject(BrieferError):
    """A write was attempted on a project opened read-only (e.g. made by a newer Briefer)."""


class NotFound(BrieferError):
    """A document, quote, actor or theme id or name that does not exist."""


class InvalidInput(BrieferError):
    """An argument that cannot be used as given (empty name, span outside the text, …)."""
