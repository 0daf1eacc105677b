"""Markdown is stored as its plain text: what a reader sees, without the markup.

Headings lose their ``#``, emphasis its ``*``/``_``, links and images become their text,
list items start with "• ", block quotes lose their ``>``, code fences and rules go, front
matter (a ``---`` block at the top) goes (its fields are read as metadata first). The stored
plain text is what quotes anchor to, so offsets are exact and the pane shows it as it is.
"""

from __future__ import annotations

import re

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n.*?\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_BULLET = re.compile(r"^(\s*)[-*+]\s+(?:\[[ xX]\]\s+)?")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
_INLINE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),                 # images: their alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),                  # links: their text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),                 # reference links
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),                   # autolinks
    (re.compile(r"`([^`]+)`"), r"\1"),                              # inline code
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),          # strong
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # emphasis
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),                 # strike-through
]


def markdown_to_text(markdown: str) -> str:
    """The plain text of ``markdown`` (see the module's docstring); line breaks are kept."""
    body = _FRONT_MATTER.sub("", markdown, count=1)
    out: list[str] = []
    fenced = False
    lines = body.splitlines()
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            out.append(line)
            continue
        if _SETEXT.match(line) and out and out[-1].strip() and not _BULLET.match(line):
            continue  # the underline of a "Title\n=====" heading
        if _RULE.match(line) or _REF_DEF.match(line):
            out.append("")
            continue
        m = _HEADING.match(line)
        if m:
            line = m.group(1)
        line = _QUOTE.sub("", line)
        line = _BULLET.sub(r"\1• ", line)
        for rx, repl in _INLINE:
            line = rx.sub(repl, line)
        out.append(line.rstrip())
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + ("\n" if markdown.endswith("\n") else "")
