"""HTML reader (BeautifulSoup + lxml): one Page(number=None). Page chrome (script, style, nav,
page header/footer, toolbars, share dialogs, screen-reader-only text) is dropped; h1–h4 become
markdown heading lines, li "- item" (nested "  - item"), tr "cell | cell"."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.errors import IngestError
from assistant.models import Page
from ingest.readers.text import decode_bytes

_DROP_TAGS = ("script", "style", "noscript", "nav", "template", "svg", "form", "button", "iframe", "aside", "select")
_CHROME = re.compile(
    r"toolbar|tool-bar|share|modal|cookie|breadcrumb|sr-only|visually-hidden|skip-link|navbar|"
    r"fixed-header|meta-list|dropdown|menu|print",
    re.IGNORECASE,
)
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "toolbar", "dialog", "search", "menu", "menubar"}
_BLOCKS = {
    "p", "div", "section", "article", "main", "body", "blockquote", "pre", "dd", "dt", "dl", "figure",
    "figcaption", "address", "center", "header", "footer", "html", "td", "th", "caption", "legend", "fieldset",
}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}


def read_html(path: Path) -> list[Page]:
    """Read an .html file. Raises IngestError when it holds no text."""
    try:
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(decode_bytes(Path(path).read_bytes()), "lxml")
    except Exception as exc:
        raise IngestError(path, f"kunne ikke lese HTML-filen ({type(exc).__name__})") from None
    text = html_to_text(soup)
    if not text.strip():
        raise IngestError(path, "fant ingen tekst i HTML-filen")
    return [Page(number=None, text=text)]


def html_to_text(soup) -> str:
    """Markdown-like, line-structured text of a parsed document."""
    _strip_chrome(soup)
    root = soup.body or soup
    lines: list[str] = []
    _walk(root, lines, depth=0)
    out: list[str] = []
    for line in lines:
        together = out and (
            (line.lstrip().startswith("- ") and out[-1].lstrip().startswith("- "))
            or (" | " in line and " | " in out[-1])
        )
        if out and not together:
            out.append("")
        out.append(line)
    return "\n".join(out) + ("\n" if out else "")


def _strip_chrome(soup) -> None:
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(["header", "footer"]):
        if tag.decomposed:
            continue
        if tag.find_parent(["main", "article"]) is None:  # page header/footer, not an article's
            tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed or tag.attrs is None:
            continue
        classes = " ".join(tag.get("class") or [])
        ident = tag.get("id") or ""
        if (
            tag.get("aria-hidden") == "true"
            or (tag.get("role") or "").lower() in _CHROME_ROLES
            or (classes and _CHROME.search(classes))
            or (ident and _CHROME.search(ident))
        ):
            tag.decompose()


def _text(tag) -> str:
    return " ".join(tag.get_text(" ").split())


def _walk(tag, lines: list[str], depth: int) -> None:
    """Emit block lines for ``tag``'s children; loose inline text is gathered into paragraphs."""
    from bs4 import NavigableString, Tag
    from bs4.element import Comment

    buffer: list[str] = []

    def flush() -> None:
        text = " ".join(" ".join(buffer).split())
        if text:
            lines.append(text)
        buffer.clear()

    for child in tag.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            buffer.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name.lower()
        if name in _HEADINGS:
            flush()
            text = _text(child)
            if text:
                lines.append("#" * _HEADINGS[name] + " " + text)
        elif name in ("ul", "ol"):
            flush()
            _list(child, lines, depth)
        elif name == "li":
            flush()
            _item(child, lines, depth)
        elif name == "table":
            flush()
            _table(child, lines)
        elif name == "br":
            flush()
        elif name in _BLOCKS:
            flush()
            _walk(child, lines, depth)
        else:
            buffer.append(child.get_text(" "))
    flush()


def _list(tag, lines: list[str], depth: int) -> None:
    for child in tag.find_all("li", recursive=False):
        _item(child, lines, depth)


def _item(li, lines: list[str], depth: int) -> None:
    from bs4 import Tag

    nested = [c for c in li.children if isinstance(c, Tag) and c.name in ("ul", "ol")]
    for n in nested:
        n.extract()
    text = _text(li)
    if text:
        lines.append("  " * min(depth, 3) + "- " + text)
    for n in nested:
        _list(n, lines, depth + 1)


def _table(table, lines: list[str]) -> None:
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue
        cells = [" ".join(c.get_text(" ").replace("|", "/").split()) for c in tr.find_all(["td", "th"], recursive=False)]
        cells = [c for c in cells if c]
        if len(cells) >= 2:
            lines.append(" | ".join(cells))
        elif cells:
            lines.append(cells[0])
