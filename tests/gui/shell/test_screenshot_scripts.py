"""The README's screenshot scripts run their whole path (offscreen, into a temporary folder),
so a change of the app's API cannot leave them broken unnoticed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[3]
SCRIPTS = ROOT / "docs" / "screenshots"


@pytest.mark.parametrize("script, args, pictures", [
    ("make_day_screenshots.py", ["1280x720"],
     ["first-start-1280x720.png", "tag-popup-1280x720.png", "matrix-1280x720.png"]),
    ("make_screenshots.py", [],
     ["side-by-side.png", "tag-popup.png", "matrix.png", "brief-composer.png"]),
])
def test_screenshot_script_writes_its_pictures(tmp_path, script, args, pictures):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BRIEFER_SCREENSHOTS_OUT=str(tmp_path),
               PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    before = {p.name: p.stat().st_mtime_ns for p in SCRIPTS.glob("*.png")}
    done = subprocess.run([sys.executable, str(SCRIPTS / script), *args], env=env,
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    for name in pictures:
        image = QImage(str(tmp_path / name))
        assert image.width() >= 1000 and image.height() >= 600, name
    # the README's own pictures are left alone
    assert {p.name: p.stat().st_mtime_ns for p in SCRIPTS.glob("*.png")} == before
