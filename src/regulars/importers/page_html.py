"""An HTML page's headings and the text under each (``importers.pages``), read with the standard
library's ``html.parser``: ``<h1>``..``<h6>`` and each ``<details>``'s ``<summary>`` are
questions, their ``id`` (or an ``<a id|name>`` inside) the anchor; scripts, styles, navigation
and footers are not text; the page's address comes from its canonical link (else ``<base>``, else
``og:url``). A link in an answer keeps its address (http, https, mailto or a path only)."""

from __future__ import annotations

from html.parser import HTMLParser

from regulars.importers.page_section import Section

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_SKIPPED = frozenset({"script", "style", "noscript", "template", "nav", "footer", "head",
                      "svg", "button", "form", "select"})  # fmt: skip
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})  # fmt: skip
_INLINE = frozenset({"a", "abbr", "b", "cite", "code", "em", "i", "kbd", "mark", "q", "s",
                     "small", "span", "strong", "sub", "sup", "time", "u"})  # fmt: skip
SUMMARY_LEVEL = 7  # a <details> question sits under any heading


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[Section] = []
        self.url: dict[str, str] = {}
        self.skipping: list[str] = []  # the open skipped elements
        self.title: Section | None = None  # a heading being read
        self.title_tag: str | None = None
        self.details_id: str | None = None
        self.href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self._address(tag, a)
        if tag in _SKIPPED and tag not in _VOID:
            self.skipping.append(tag)
        if self.skipping:
            return
        if tag == "details":
            self.details_id = a.get("id") or None
        elif tag in _HEADINGS or tag == "summary":
            self._open(tag, a)
        elif tag == "a":
            self._anchor_or_link(a)
        self._space(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._address(tag, {k: v or "" for k, v in attrs})
        self._space(tag)

    def _address(self, tag: str, a: dict[str, str]) -> None:
        if tag == "link" and "canonical" in a.get("rel", "").lower().split() and a.get("href"):
            self.url.setdefault("canonical", a["href"])
        elif tag == "base" and a.get("href"):
            self.url.setdefault("base", a["href"])
        elif tag == "meta" and a.get("property") == "og:url" and a.get("content"):
            self.url.setdefault("og", a["content"])

    def _open(self, tag: str, a: dict[str, str]) -> None:
        level = SUMMARY_LEVEL if tag == "summary" else _HEADINGS[tag]
        anchor = a.get("id") or (self.details_id if tag == "summary" else None) or None
        self.title, self.title_tag = Section(self.getpos()[0], level, "", anchor), tag

    def _anchor_or_link(self, a: dict[str, str]) -> None:
        if self.title is not None and not self.title.anchor:
            self.title.anchor = a.get("id") or a.get("name") or None
        href = a.get("href", "")
        safe = href.lower().startswith(("http://", "https://", "mailto:", "/"))
        self.href = href if safe and self.title is None else None

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag == self.title_tag and self.title is not None:
            self.title.title = " ".join(self.title.title.split())
            self.sections.append(self.title)
            self.title, self.title_tag = None, None
        elif tag == "a" and self.href:
            self._say(f" ({self.href})")
            self.href = None
        self._space(tag)

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.title is not None:
            self.title.title += data
        else:
            self._say(data)

    def _say(self, text: str) -> None:
        if self.sections:
            self.sections[-1].text.append(text)

    def _space(self, tag: str) -> None:
        """Block elements separate words; inline ones (<b>, <a>) do not."""
        if tag in _INLINE:
            return
        if self.title is not None:
            self.title.title += " "
        else:
            self._say(" ")


def html_sections(text: str) -> tuple[list[Section], str | None]:
    page = _Page()
    page.feed(text)
    page.close()
    if page.title is not None:  # a heading never closed ends at the end of the page
        page.title.title = " ".join(page.title.title.split())
        page.sections.append(page.title)
    for s in page.sections:  # the text as written: words split by tags only where spaced
        s.text = ["".join(s.text)]
    url = page.url.get("canonical") or page.url.get("base") or page.url.get("og")
    return page.sections, url
