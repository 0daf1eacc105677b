"""The standalone build, checked without building it (the build is .ci/build-exe + .ci/smoke-exe).

``briefer.spec`` is executed with stand-ins for PyInstaller's build classes, so these tests
see exactly what it would hand to PyInstaller: the data files, excludes and options.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import runpy
import subprocess
import sys
import types
from pathlib import Path

import pytest

import briefer
from briefer import paths

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "briefer.spec"
JUNK = re.compile(r"(^|/)(__pycache__|\.DS_Store|Thumbs\.db)(/|$)|\.py[co]$|~$|\.swp$")


class _Recorder:
    """Stands in for Analysis / PYZ / EXE / COLLECT: keeps its arguments."""

    calls: dict[str, _Recorder]

    def __init__(self, kind, *args, **kwargs):
        self.kind, self.args, self.kwargs = kind, args, kwargs
        self.binaries, self.datas, self.pure, self.scripts, self.zipfiles = [], [], [], [], []
        _Recorder.calls[kind] = self


#: The packages the spec asked the (fake) hooks to collect, as (hook, package).
HOOK_CALLS: list[tuple[str, str]] = []


def _fake_hooks():
    hooks = types.ModuleType("PyInstaller.utils.hooks")

    def collect_data_files(package, **kw):
        HOOK_CALLS.append(("collect_data_files", package))
        return [(f"/site/{package}/data", package)]

    def collect_submodules(package, *a, **kw):
        HOOK_CALLS.append(("collect_submodules", package))
        return [f"{package}.<collected>"]

    hooks.collect_data_files = collect_data_files
    hooks.collect_submodules = collect_submodules
    return hooks


@pytest.fixture(scope="module")
def spec():
    """The spec's namespace after running it, plus what it passed to each build step."""
    saved_path = list(sys.path)
    saved_mods = {k: sys.modules.get(k) for k in ("PyInstaller.utils.hooks",)}
    sys.modules["PyInstaller.utils.hooks"] = _fake_hooks()
    _Recorder.calls = {}
    namespace = {
        "__name__": "__main__", "__file__": str(SPEC), "SPECPATH": str(ROOT), "SPEC": str(SPEC),
        "workpath": str(ROOT / "build" / "briefer-test"), "DISTPATH": str(ROOT / "dist"),
        **{kind: (lambda *a, _k=kind, **kw: _Recorder(_k, *a, **kw))
           for kind in ("Analysis", "PYZ", "EXE", "COLLECT")},
    }
    try:
        exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    finally:
        sys.path[:] = saved_path
        for key, mod in saved_mods.items():
            if mod is None:
                sys.modules.pop(key, None)
            else:
                sys.modules[key] = mod
    namespace["calls"] = dict(_Recorder.calls)
    return namespace


def _files_under(*tops: str) -> set[str]:
    found = set()
    for top in tops:
        for path in (ROOT / top).rglob("*"):
            rel = path.relative_to(ROOT).as_posix()
            if path.is_file() and not JUNK.search(rel):
                found.add(rel)
    return found


# -- the spec ----------------------------------------------------------------------------------
def test_spec_is_valid_python_and_builds_one_folder_named_briefer(spec):
    ast.parse(SPEC.read_text(encoding="utf-8"))
    calls = spec["calls"]
    assert set(calls) == {"Analysis", "PYZ", "EXE", "COLLECT"}
    assert calls["EXE"].kwargs["name"] == "briefer"
    assert calls["EXE"].kwargs["exclude_binaries"] is True          # one-dir, not one-file
    assert calls["COLLECT"].kwargs["name"] == "briefer"
    assert calls["EXE"].kwargs["upx"] is False and calls["COLLECT"].kwargs["upx"] is False
    assert calls["EXE"].kwargs["console"] is True                   # the CLI prints


def test_spec_reads_the_version_from_the_package(spec):
    assert spec["__version__"] == briefer.__version__


def test_entry_point_is_the_package_main(spec):
    script = Path(spec["calls"]["Analysis"].args[0][0])
    assert script == ROOT / "briefer" / "__main__.py"
    tree = ast.parse(script.read_text(encoding="utf-8"))
    imports = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert any(n.module == "briefer.cli" and n.names[0].name == "main" for n in imports), \
        "the script must use absolute imports (it runs as a top-level script when frozen)"


def test_every_file_of_resources_and_seeds_is_bundled_in_place(spec):
    datas = spec["calls"]["Analysis"].kwargs["datas"]
    bundled = {f"{dest}/{Path(src).name}" for src, dest in datas
               if dest.split("/")[0] in ("resources", "seeds")}
    expected = _files_under("resources", "seeds")
    assert expected, "resources/ and seeds/ are empty"
    assert bundled == expected
    for src, dest in datas:
        if dest.split("/")[0] in ("resources", "seeds"):
            assert Path(src).is_file()
            assert Path(src).resolve().parent == (ROOT / dest).resolve()


def test_key_data_files_are_bundled(spec):
    datas = {f"{dest}/{Path(src).name}" for src, dest in spec["calls"]["Analysis"].kwargs["datas"]}
    for rel in ("seeds/demo-annotations.jsonld", "resources/templates/brief.html.j2",
                "resources/styles/brief.css"):
        if (ROOT / rel).exists():
            assert rel in datas
    assert any(d.startswith("langdetect/") for d in datas)            # language profiles
    assert any(d.startswith("reportlab/") for d in datas)             # Vera fallback fonts


def test_junk_is_not_bundled(spec, tmp_path):
    (tmp_path / "resources" / "icons" / "__pycache__").mkdir(parents=True)
    (tmp_path / "resources" / "icons" / "a.svg").write_text("<svg/>")
    (tmp_path / "resources" / "icons" / "__pycache__" / "x.pyc").write_bytes(b"")
    (tmp_path / "resources" / ".DS_Store").write_bytes(b"")
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "001.txt").write_text("text")
    found = spec["bundled_data_files"](tmp_path)
    assert sorted(found) == sorted([(str(tmp_path / "resources/icons/a.svg"), "resources/icons"),
                                    (str(tmp_path / "seeds/001.txt"), "seeds")])


def test_all_of_briefer_is_collected(spec):
    hidden = spec["calls"]["Analysis"].kwargs["hiddenimports"]
    # The spec asks for every submodule of briefer and hands the answer on whole.
    assert ("collect_submodules", "briefer") in HOOK_CALLS
    assert "briefer.<collected>" in hidden
    assert "reportlab.pdfbase._cidfontdata" in hidden


# -- lean: Qt modules, plugins, libraries ----------------------------------------------------
def _qt_modules_used_by_briefer() -> set[str]:
    used = set()
    for path in (ROOT / "briefer").rglob("*.py"):
        used.update(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
        for line in re.findall(r"from PySide6 import ([^\n]+)", path.read_text(encoding="utf-8")):
            used.update(re.findall(r"Qt\w+", line))
    return used


def test_no_qt_module_briefer_imports_is_excluded(spec):
    excludes = set(spec["calls"]["Analysis"].kwargs["excludes"])
    used = _qt_modules_used_by_briefer()
    assert {"QtCore", "QtGui", "QtWidgets"} <= used
    wrongly = sorted(f"PySide6.{m}" for m in used if f"PySide6.{m}" in excludes)
    assert not wrongly, f"briefer imports {wrongly}: add them to QT_USED in briefer.spec"


def test_unused_heavy_qt_modules_are_excluded(spec):
    excludes = set(spec["calls"]["Analysis"].kwargs["excludes"])
    for name in ("QtWebEngineCore", "QtWebEngineWidgets", "QtQml", "QtQuick", "Qt3DCore",
                 "QtMultimedia", "QtCharts", "QtDataVisualization", "QtGraphs", "QtBluetooth",
                 "QtNetwork", "QtPositioning", "QtLocation", "QtSensors", "QtSerialPort", "QtSql",
                 "QtTest", "QtDesigner", "QtHelp", "QtOpenGL", "QtScxml", "QtStateMachine",
                 "QtTextToSpeech", "QtWebChannel", "QtWebSockets", "QtHttpServer"):
        assert f"PySide6.{name}" in excludes
    if importlib.util.find_spec("PySide6") is not None:
        folder = Path(importlib.util.find_spec("PySide6").submodule_search_locations[0])
        installed = {p.name.split(".")[0] for p in folder.glob("Qt*.abi3.so")}
        assert {f"PySide6.{n}" for n in installed - spec["QT_USED"]} <= excludes


def test_lean_drops_unused_qt_files_and_keeps_what_briefer_needs(spec):
    qt = "PySide6/Qt/"
    keep = [qt + "plugins/platforms/libqxcb.so", qt + "plugins/platforms/libqwayland.so",
            qt + "plugins/platforms/libqoffscreen.so", qt + "plugins/imageformats/libqsvg.so",
            qt + "plugins/imageformats/libqjpeg.so", qt + "plugins/iconengines/libqsvgicon.so",
            qt + "plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
            qt + "plugins/platformthemes/libqxdgdesktopportal.so",
            qt + "lib/libQt6Core.so.6", qt + "lib/libQt6Gui.so.6", qt + "lib/libQt6Widgets.so.6",
            qt + "lib/libQt6Svg.so.6", qt + "lib/libicudata.so.73"]
    drop = [
        qt + "translations/qtbase_de.qm",
        qt + "plugins/platforms/libqeglfs.so",
        qt + "plugins/platformthemes/libqgtk3.so",
        qt + "plugins/generic/libqevdevmouseplugin.so",
        qt + "plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        qt + "lib/libQt6Qml.so.6",
        qt + "lib/libQt6Quick.so.6",
        qt + "lib/libQt6WebEngineCore.so.6",
        "libgtk-3.so.0",
    ]
    toc = [(d, "/src/" + d, "BINARY") for d in keep + drop]
    assert [e[0] for e in spec["lean"](toc)] == keep


def test_reachable_prunes_libraries_nothing_links(spec):
    toc = [
        ("PySide6/QtGui.abi3.so", "/s/QtGui.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/s/libQt6Gui.so.6", "BINARY"),
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "/s/libQt6Core.so.6", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/s/libqxcb.so", "BINARY"),
        ("libxcb-cursor.so.0", "/s/libxcb-cursor.so.0", "BINARY"),
        ("libpython3.11.so.1.0", "/s/libpython3.11.so.1.0", "BINARY"),
        # left behind by a dropped plugin (libqgtk3):
        ("libgtk-3.so.0", "/s/libgtk-3.so.0", "BINARY"),
        ("libcairo.so.2", "/s/libcairo.so.2", "BINARY"),
        ("PySide6/Qt/lib/libQt6Qml.so.6", "/s/libQt6Qml.so.6", "BINARY"),
        ("libQt6Qml.so.6", "PySide6/Qt/lib/libQt6Qml.so.6", "SYMLINK"),
    ]
    links = {"/s/QtGui.abi3.so": ["libQt6Gui.so.6"], "/s/libQt6Gui.so.6": ["libQt6Core.so.6"],
             "/s/libqxcb.so": ["libQt6Gui.so.6", "libxcb-cursor.so.0", "libc.so.6"],
             "/s/libgtk-3.so.0": ["libcairo.so.2"], "/s/libQt6Qml.so.6": ["libQt6Core.so.6"]}
    kept = {e[0] for e in spec["reachable"](toc, lambda src: links.get(src, []))}
    assert kept == {"PySide6/QtGui.abi3.so", "PySide6/Qt/lib/libQt6Gui.so.6", "libQt6Gui.so.6",
                    "PySide6/Qt/lib/libQt6Core.so.6", "PySide6/Qt/plugins/platforms/libqxcb.so",
                    "libxcb-cursor.so.0", "libpython3.11.so.1.0"}


def test_has_debug_info_is_false_for_non_elf_files(spec, tmp_path):
    f = tmp_path / "x.so"
    f.write_bytes(b"not an ELF file at all" * 10)
    assert spec["has_debug_info"](str(f)) is False
    assert spec["has_debug_info"](str(tmp_path / "missing.so")) is False


# -- point 6: icon and desktop entry ----------------------------------------------------------
def test_icon_and_desktop_entry_are_in_resources(spec):
    assert (ROOT / "resources" / "icons" / "briefer.svg").is_file()
    assert (ROOT / "resources" / "icons" / "briefer-256.png").is_file()
    entry = (ROOT / "resources" / "briefer.desktop").read_text(encoding="utf-8")
    assert "[Desktop Entry]" in entry and re.search(r"^Icon=briefer$", entry, re.M)
    assert re.search(r"^Exec=briefer\b", entry, re.M)
    assert spec["icon"] == [str(ROOT / "resources/icons/briefer-256.png")]
    if sys.platform in ("win32", "darwin"):
        assert spec["calls"]["EXE"].kwargs["icon"] == spec["icon"]


# -- child processes must not inherit the bundle's LD_LIBRARY_PATH -------------------------------
def test_runtime_hook_is_registered(spec):
    hooks = spec["calls"]["Analysis"].kwargs["runtime_hooks"]
    assert hooks == [str(ROOT / "briefer" / "_frozen_env.py")]
    assert Path(hooks[0]).is_file()


@pytest.mark.parametrize("before, after", [
    ({"LD_LIBRARY_PATH": "/app/_internal"}, {}),                                # none before
    ({"LD_LIBRARY_PATH": "/app/_internal:/opt/lib", "LD_LIBRARY_PATH_ORIG": "/opt/lib"},
     {"LD_LIBRARY_PATH": "/opt/lib"}),
    ({"LD_LIBRARY_PATH": "/app/_internal:/opt/x"}, {"LD_LIBRARY_PATH": "/opt/x"}),
    ({"LD_LIBRARY_PATH": "/opt/mine"}, {"LD_LIBRARY_PATH": "/opt/mine"}),      # not ours
])
def test_runtime_hook_restores_the_users_library_path(monkeypatch, before, after):
    from briefer._frozen_env import restore_library_path

    monkeypatch.setattr(sys, "_MEIPASS", "/app/_internal", raising=False)
    env = {"HOME": "/home/a", **before}
    restore_library_path(env)
    assert env == {"HOME": "/home/a", **after}


HOOK = ROOT / "briefer" / "_frozen_env.py"


def test_runtime_hook_restores_the_path_when_it_runs_frozen(monkeypatch):
    """The hook as PyInstaller runs it (a fresh top-level script, ``sys.frozen`` set): the
    variable is put back in this process, so every child process inherits the user's."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", "/app/_internal", raising=False)
    monkeypatch.setenv("LD_LIBRARY_PATH", "/app/_internal:/opt/lib")
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/opt/lib")
    runpy.run_path(str(HOOK), run_name="pyi_rth_briefer")
    assert os.environ["LD_LIBRARY_PATH"] == "/opt/lib"
    assert "LD_LIBRARY_PATH_ORIG" not in os.environ
    child = subprocess.run([sys.executable, "-c",
                            "import os; print(os.environ.get('LD_LIBRARY_PATH'))"],
                           capture_output=True, text=True, check=True)
    assert child.stdout.strip() == "/opt/lib"


def test_runtime_hook_does_nothing_unfrozen(monkeypatch):
    """Run unfrozen, the hook leaves even a bundle-like path alone (it would rewrite it frozen)."""
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", "/app/_internal", raising=False)
    monkeypatch.setenv("LD_LIBRARY_PATH", "/app/_internal:/opt/lib")
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/opt/lib")
    runpy.run_path(str(HOOK), run_name="pyi_rth_briefer")
    assert os.environ["LD_LIBRARY_PATH"] == "/app/_internal:/opt/lib"
    assert os.environ["LD_LIBRARY_PATH_ORIG"] == "/opt/lib"


# -- finding the data: frozen and from a checkout ------------------------------------------------
def test_bundle_root_is_meipass_when_frozen(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert paths.bundle_root() == tmp_path
    assert paths.resources_dir() == tmp_path / "resources"
    assert paths.seeds_dir() == tmp_path / "seeds"
    assert paths.resource("icons",
                          "briefer.svg") == tmp_path / "resources" / "icons" / "briefer.svg"
    assert paths.is_checkout() is False


def test_frozen_layout_finds_seeds_and_resources(monkeypatch, tmp_path, spec):
    """Lay the spec's data files out as PyInstaller would, then look them up frozen."""
    for src, dest in spec["calls"]["Analysis"].kwargs["datas"]:
        if dest.split("/")[0] in ("resources", "seeds"):
            target = tmp_path / dest / Path(src).name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(src, target)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert [p.name for p in paths.seed_files()] == sorted(
        p.name for p in (ROOT / "seeds").glob("*") if p.suffix in (".txt", ".md", ".html", ".htm")
    )
    assert paths.resource("templates", "brief.html.j2").is_file()
    assert paths.resource("icons", "briefer.svg").is_file()


def test_bundle_root_is_the_checkout_when_not_frozen(monkeypatch):
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    monkeypatch.delattr(sys, "frozen", raising=False)
    assert paths.bundle_root() == ROOT
    assert (paths.resources_dir() / "templates").is_dir()
    assert paths.seeds_dir().is_dir() and paths.seed_files()
    assert paths.is_checkout() is True


# -- with the real PyInstaller hooks (skipped where PyInstaller is not installed) -----------------
def test_real_hooks_collect_langdetect_profiles_and_reportlab_fonts():
    hooks = pytest.importorskip("PyInstaller.utils.hooks")
    lang = hooks.collect_data_files("langdetect")
    assert any(dest == "langdetect/profiles" and Path(src).name == "en" for src, dest in lang)
    fonts = hooks.collect_data_files("reportlab", includes=["fonts/Vera*.ttf", "fonts/bitstream*"])
    assert {"Vera.ttf", "VeraBd.ttf"} <= {Path(src).name for src, _ in fonts}
