"""Issue 12.6, legibility: no text under 8 pt and text contrast of at least 4.5:1 (WCAG AA),
read from the brief's own style sheet, so a new rule that breaks either fails here."""

from __future__ import annotations

import re

from briefer.paths import resource

CSS = resource("styles", "brief.css").read_text(encoding="utf-8")
#: Rules that hold no text (spacers sized by their font) and the masthead's light-on-dark
#: text, whose background is the masthead's.
SPACERS = {".gap", ".gap-lg"}
ON_MASTHEAD = {".kicker", "h1", ".subtitle"}
MASTHEAD = "#1f3a5f"


def rules() -> list[tuple[str, dict[str, str]]]:
    body = re.sub(r"/\*.*?\*/", "", CSS, flags=re.S)
    found = []
    for selectors, block in re.findall(r"([^{}]+)\{([^}]*)\}", body):
        props = dict((k.strip(), v.strip()) for k, v in
                     (p.split(":", 1) for p in block.split(";") if ":" in p))
        for selector in selectors.split(","):
            found.append((selector.strip(), props))
    return found


def luminance(hex_colour: str) -> float:
    hex_colour = hex_colour.lstrip("#")
    if len(hex_colour) == 3:
        hex_colour = "".join(c * 2 for c in hex_colour)
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_no_text_under_8_points():
    small = [(s, p["font-size"]) for s, p in rules() if "font-size" in p and s not in SPACERS
             and p["font-size"].endswith("pt") and float(p["font-size"][:-2]) < 8]
    assert small == [], f"text under 8 pt: {small}"


def test_text_contrast_at_least_4_5_to_1():
    poor = []
    for selector, props in rules():
        colour = props.get("color", "")
        if not re.fullmatch(r"#[0-9a-fA-F]{3,6}", colour):
            continue
        ground = props.get("background-color") or (MASTHEAD if selector in ON_MASTHEAD
                                                    else "#ffffff")
        if re.fullmatch(r"#[0-9a-fA-F]{3,6}", ground) and contrast(colour, ground) < 4.5:
            poor.append((selector, colour, ground, round(contrast(colour, ground), 2)))
    assert poor == [], f"text below 4.5:1 contrast: {poor}"


def test_the_checks_catch_a_bad_rule():
    global CSS
    good = CSS
    try:
        CSS = good + "\n.bad { font-size: 7pt; color: #999999; }\n"
        for check in (test_no_text_under_8_points, test_text_contrast_at_least_4_5_to_1):
            try:
                check()
            except AssertionError:
                continue
            raise AssertionError(f"{check.__name__} let a bad rule through")
    finally:
        CSS = good
