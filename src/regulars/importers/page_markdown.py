"""A Markdown page's headings and the text under each (``importers.pages``): ATX (``## ...``) and
setext (underlined) headings, ``{#id}`` anchors or GitHub's generated ones, fenced code kept as
text, front matter read for its ``url``; inline markup reduced to its words (a link keeps its
address)."""

from __future__ import annotations

import re

from regulars.importers.page_section import Section

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_EXPLICIT_ID = re.compile(r"\s*\{#([\w\-:.]+)\}\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))+)>?(?:\s+\"[^\"]*\")?\s*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~|`)(?=\S)(.+?)(?<=\S)\1")
_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_RULE = re.compile(r"^\s*([-*_])(?:\s*\1){2,}\s*$")


def inline_text(text: str) -> str:
    """Markdown inline markup reduced to words: ``[text](url)`` -> ``text (url)``."""
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})" if _safe(m.group(2))
                     else m.group(1), text)  # fmt: skip
    for _ in range(2):  # nested emphasis (**_x_**)
        text = _EMPHASIS.sub(r"\2", text)
    return _TAG.sub("", text).replace("\\", "")


def _safe(url: str) -> bool:
    return url.lower().startswith(("http://", "https://", "mailto:", "/"))


def slug(title: str, seen: dict[str, int]) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as dashes, a
    repeated one numbered (-1, -2)."""
    base = re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")
    n = seen.get(base, 0)
    seen[base] = n + 1
    return base if n == 0 else f"{base}-{n}"


def _front_matter(lines: list[str]) -> tuple[int, str | None]:
    """Lines the front matter takes and its url (or canonical)."""
    if not lines or lines[0].strip() != "---":
        return 0, None
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            found = [re.match(r"^(?:url|canonical|permalink)\s*:\s*(\S+)", x) for x in lines[1:i]]
            urls = [m.group(1).strip("'\"") for m in found if m]
            return i + 1, (urls[0] if urls else None)
    return 0, None


def _heading(line: str, number: int, seen: dict[str, int]) -> Section | None:
    m = _ATX.match(line)
    if not m:
        return None
    return _titled(number, len(m.group(1)), m.group(2) or "", seen)


def _titled(number: int, level: int, raw: str, seen: dict[str, int]) -> Section:
    explicit = _EXPLICIT_ID.search(raw)
    if explicit:
        raw = raw[: explicit.start()]
    title = re.sub(r"\s+", " ", inline_text(raw)).strip()
    anchor = explicit.group(1) if explicit else slug(title, seen)
    return Section(number, level, title, anchor)


def markdown_sections(text: str) -> tuple[list[Section], str | None]:
    lines = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text).splitlines()
    start, url = _front_matter(lines)
    sections: list[Section] = []
    seen: dict[str, int] = {}
    fence, previous = None, ""
    for number, line in enumerate(lines[start:], start=start + 1):
        opened = _FENCE.match(line)
        if fence is None and opened:
            fence = opened.group(1)[0]
        elif fence is not None:
            fence = None if line.strip().startswith(fence * 3) else fence
            if fence is not None and sections:
                sections[-1].text.append(line)
        elif (h := _heading(line, number, seen)) is not None:
            sections.append(h)
        elif _setext(sections, line, previous, number, seen):
            pass
        elif sections and line.strip() and not _RULE.match(line):
            sections[-1].text.append(inline_text(_LIST.sub("", line.lstrip("> "))))
        previous = line if fence is None else ""
    return sections, url


def _setext(sections: list[Section], line: str, previous: str, number: int, seen) -> bool:
    """An underline (=== or ---) under a paragraph line makes that line a heading."""
    m = _SETEXT.match(line)
    if not m or not previous.strip() or _heading(previous, number - 1, {}) is not None:
        return False
    if sections and sections[-1].text:
        sections[-1].text.pop()
    level = 1 if m.group(1)[0] == "=" else 2
    sections.append(_titled(number - 1, level, previous.strip(), seen))
    return True
