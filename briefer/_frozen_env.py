"""PyInstaller runtime hook (see briefer.spec): keep the bundle's libraries out of child processes.

On Linux the frozen program's bootloader puts the bundle folder on ``LD_LIBRARY_PATH``
(the caller's value is kept in ``LD_LIBRARY_PATH_ORIG``). Every program Briefer starts
would inherit it — the system's wkhtmltopdf, xdg-open and the PDF viewer it opens — and
load the bundle's copies of libstdc++, fontconfig, glib, … instead of their own, which
breaks them on any machine newer than the build machine. Briefer's own process does not
need the variable any more once it runs (the dynamic loader read it at start-up and the
bundled libraries find each other by RPATH), so it is put back to what the user had.

Importing this outside a frozen build does nothing.
"""

import os
import sys


def restore_library_path(environ=os.environ) -> None:
    bundle = getattr(sys, "_MEIPASS", None)
    for var in ("LD_LIBRARY_PATH", "LIBPATH"):        # Linux/BSD; AIX
        original = environ.pop(var + "_ORIG", None)
        if original is not None:
            environ[var] = original
        elif bundle and environ.get(var, "").split(os.pathsep)[0] == bundle:
            rest = environ[var].split(os.pathsep)[1:]
            if rest:
                environ[var] = os.pathsep.join(rest)
            else:
                del environ[var]


if getattr(sys, "frozen", False) and sys.platform != "win32":
    restore_library_path()
