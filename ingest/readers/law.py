"""Laws: Lovdata XML (XHTML with legalArticle/legalP markup) and the Markdown law format (YAML
front matter, "## Kapittel …" / "### § …" headings). Both become the same text:

    # Kapittel 12. Skolemiljøet til elevane
    ## § 12-2. Retten til eit trygt og godt skolemiljø
    Alle elevar har rett til …            (each ledd its own paragraph)
    - a. kva problem tiltaka skal løyse   (lists inside a ledd)

Parts ("Første del – …") are left out so that chapters stay at level 1; amendment notes
("Endret ved lov …"), footnotes and the table of contents are left out. ``law_meta`` gives the
title and the short name used in citations ("opplæringslova § 12-2").
"""

from __future__ import annotations

import re
from pathlib import Path

from assistant.errors import IngestError
from assistant.models import Page
from ingest.readers.text import decode_bytes

_LOVDATA_MARKERS = ('class="legalArticle"', "data-lovdata-URL", 'class="legacyID">LOV-', 'class="documentHeader"')
_CHAPTER = re.compile(r"^Kapittel\s+(\d+(?:\s?[A-Z](?=\s|\.|$))?|[IVXLC]+)\s*\.?\s*(.*)$")
_PARAGRAPH = re.compile(r"^(§+)\s*(\d+[a-z]?(?:-\d+[a-z]?)?(?:\s?[a-z](?=[\s.]|$))?)\s*\.?\s*(.*)$")
_PART = re.compile(r"^\S+\s+del\b", re.IGNORECASE)
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*\S)\s*$")
_FRONT = re.compile(r"^---\s*\n(.*?)\n---\s*\n", re.DOTALL)


# --- detection ---------------------------------------------------------------------------------


def is_lovdata_xml(text: str) -> bool:
    return sum(marker in text for marker in _LOVDATA_MARKERS) >= 1 and ("legal" in text or "LOV-" in text)


def _front_matter(text: str) -> dict[str, str]:
    m = _FRONT.match(text.lstrip("\ufeff"))
    if not m:
        return {}
    meta: dict[str, str] = {}
    for line in m.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "-")):
            meta[key.strip()] = value.strip().strip('"').strip("'")
    return meta


def is_law_markdown(text: str) -> bool:
    """Markdown law: front matter with a LOV- identifier or rank "lov", or several "§" headings."""
    meta = _front_matter(text)
    if meta.get("identifier", "").upper().startswith("LOV-") or meta.get("rank", "").lower() == "lov":
        return True
    return len(re.findall(r"^#{1,6}\s*§\s*\d", text, flags=re.MULTILINE)) >= 3


# --- entry points ------------------------------------------------------------------------------


def read_law(path: Path) -> list[Page]:
    """Read a law file (Lovdata XML or Markdown) into one Page(number=None)."""
    path = Path(path)
    raw = path.read_bytes()
    text = decode_bytes(raw)
    if is_lovdata_xml(text[:20000]):
        body = _xml_text(raw, path)
    elif is_law_markdown(text):
        body = _markdown_text(text)
    else:
        raise IngestError(path, "filen ser ikke ut som en lov (verken Lovdata-XML eller lov i Markdown)")
    if not body.strip():
        raise IngestError(path, "fant ingen lovtekst i filen")
    return [Page(number=None, text=body)]


def law_meta(path: Path) -> tuple[str, str] | None:
    """(title, short_name) when ``path`` is a law, e.g. ("Lov om barnehager (barnehageloven)",
    "barnehageloven"); None for other files or when the file cannot be read."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    text = decode_bytes(raw[:200000])
    title = short = ""
    if is_lovdata_xml(text[:20000]):
        try:
            root = _parse_xml(raw)
        except Exception:
            return None
        title = _first_text(root, "//dd[@class='title']") or _first_text(root, "//title")
        short = _first_text(root, "//dd[@class='titleShort']")
    elif is_law_markdown(text):
        meta = _front_matter(text)
        title = meta.get("title", "")
        short = meta.get("short_title", "")
        if not title:
            m = re.search(r"^#\s+(.+)$", text, flags=re.MULTILINE)
            title = m.group(1).strip() if m else path.stem
    else:
        return None
    title = " ".join(title.split())
    return title, short_name(title, short)


def law_identity(path: Path) -> tuple[str, str] | None:
    """(law id, version date) of a law file: ("LOV-2005-06-17-64", "2026-01-01") — the id from
    Lovdata's ``legacyID`` or the Markdown front matter's ``identifier``, the version from the
    last change in force (else the publication date). None for other files."""
    try:
        raw = Path(path).read_bytes()
    except OSError:
        return None
    text = decode_bytes(raw[:200000])
    if is_lovdata_xml(text[:20000]):
        try:
            root = _parse_xml(raw)
        except Exception:
            return None
        law_id = _first_text(root, "//dd[@class='legacyID']")
        version = _first_text(root, "//dd[@class='lastChangeInForce']") or _first_text(root, "//dd[@class='dateOfPublication']")
    elif is_law_markdown(text):
        meta = _front_matter(text)
        law_id = meta.get("identifier", "")
        version = meta.get("last_change_in_force", "") or meta.get("publication_date", "")
    else:
        return None
    law_id = law_id.strip().upper()
    return (law_id, version.strip()[:10]) if law_id else None


def short_name(title: str, short_title: str = "") -> str:
    """"Lov om barnehager (barnehageloven)" → "barnehageloven"; else the short title's first part."""
    m = re.search(r"\(([^()]{3,60})\)\s*\.?\s*$", title)
    if m:
        return m.group(1).strip().lower()
    if short_title:
        return re.split(r"\s+[–-]\s+", short_title)[0].strip().lower()
    return title.strip().lower()


# --- shared formatting ---------------------------------------------------------------------------


def chapter_heading(text: str) -> str | None:
    """"Kapittel 12 Skolemiljøet til elevane" → "Kapittel 12. Skolemiljøet til elevane"."""
    m = _CHAPTER.match(" ".join(text.split()))
    if not m:
        return None
    title = m.group(2).strip()
    return f"Kapittel {m.group(1)}. {title}" if title else f"Kapittel {m.group(1)}."


def paragraph_heading(value: str, title: str = "") -> str:
    """("§ 12-2", "Retten til …") or ("§ 1-1.Formålet med lova", "") → "§ 12-2. Retten til …"."""
    value = " ".join(value.split())
    m = _PARAGRAPH.match(value)
    if m:
        value, rest = f"{m.group(1)} {m.group(2)}", m.group(3).strip()
        title = title or rest
    title = " ".join(title.split()).lstrip(". ").strip()
    return f"{value}. {title}" if title else value


def _render(blocks: list[str]) -> str:
    out: list[str] = []
    for block in blocks:
        together = out and block.lstrip().startswith("- ") and out[-1].lstrip().startswith("- ")
        if out and not together:
            out.append("")
        out.append(block)
    return "\n".join(out) + ("\n" if out else "")


# --- Lovdata XML ---------------------------------------------------------------------------------


def _parse_xml(raw: bytes):
    import lxml.html

    return lxml.html.document_fromstring(raw)


def _first_text(root, xpath: str) -> str:
    found = root.xpath(xpath)
    return " ".join(found[0].text_content().split()) if found else ""


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def _xml_text(raw: bytes, path: Path) -> str:
    try:
        root = _parse_xml(raw)
    except Exception:
        raise IngestError(path, "lov-XML-filen er skadet og kan ikke leses") from None
    main = root.xpath("//main") or root.xpath("//body")
    if not main:
        return ""
    blocks: list[str] = []
    _xml_walk(main[0], blocks)
    return _render(blocks)


def _xml_walk(children, blocks: list[str]) -> None:
    """Dispatch each element of ``children`` (an element or a list of elements)."""
    for child in children:
        if not isinstance(child.tag, str):
            continue
        tag = child.tag.lower()
        cls = _classes(child)
        if tag == "h1" or tag in ("footer", "header", "nav") or cls & {"changesToParent", "footnotes", "footnote"}:
            continue
        if tag == "section":
            _xml_section(child, blocks)
        elif "legalArticle" in cls:
            _xml_article(child, blocks)
        elif cls & {"legalP", "defaultP"} or tag == "p":
            _xml_ledd(child, blocks)
        elif tag in ("h2", "h3", "h4", "h5"):
            _xml_heading(child, blocks)
        elif tag == "table":
            _xml_table(child, blocks)
        else:
            _xml_walk(child, blocks)


def _xml_heading(element, blocks: list[str]) -> None:
    """A chapter heading (or another heading that is not a "del" heading) as a level-1 line."""
    text = " ".join(element.text_content().split())
    chapter = chapter_heading(text)
    if chapter:
        blocks.append("# " + chapter)
    elif text and not _PART.match(text):
        blocks.append("# " + text)


def _xml_section(section, blocks: list[str]) -> None:
    heading = next((c for c in section if isinstance(c.tag, str) and c.tag.lower() in ("h2", "h3", "h4", "h5")), None)
    if heading is not None:
        _xml_heading(heading, blocks)
    _xml_walk([c for c in section if c is not heading], blocks)


def _xml_article(article, blocks: list[str]) -> None:
    header = next((c for c in article if isinstance(c.tag, str) and "legalArticleHeader" in _classes(c)), None)
    if header is not None:
        value = " ".join("".join(x.text_content() for x in header.xpath(".//*[@class='legalArticleValue']")).split())
        title = " ".join("".join(x.text_content() for x in header.xpath(".//*[@class='legalArticleTitle']")).split())
        if not value:
            value = " ".join(header.text_content().split())
        blocks.append("## " + paragraph_heading(value, title))
    for child in article:
        if child is header or not isinstance(child.tag, str):
            continue
        cls = _classes(child)
        if cls & {"changesToParent", "footnotes", "footnote"} or child.tag.lower() == "footer":
            continue
        if "legalArticle" in cls:
            _xml_article(child, blocks)
        elif "legalP" in cls or child.tag.lower() == "p":
            _xml_ledd(child, blocks)
        elif child.tag.lower() in ("ol", "ul"):
            _xml_list(child, blocks)
        elif child.tag.lower() == "table":
            _xml_table(child, blocks)
        else:
            text = _inline_text(child)
            if text:
                blocks.append(text)


def _inline_text(el) -> str:
    """Text of ``el`` without nested lists and footnote references."""
    parts: list[str] = []

    def visit(node) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                tag = child.tag.lower()
                if tag in ("ol", "ul") or "footnotereference" in _classes(child) or tag == "sup":
                    pass
                else:
                    visit(child)
            if child.tail:
                parts.append(child.tail)

    visit(el)
    return " ".join("".join(parts).split())


def _xml_ledd(el, blocks: list[str]) -> None:
    text = _inline_text(el)
    if text:
        blocks.append(text)
    for lst in el.xpath("./ol|./ul"):
        _xml_list(lst, blocks)


def _xml_list(lst, blocks: list[str], depth: int = 0) -> None:
    for li in lst.xpath("./li"):
        label = (li.get("data-name") or "").strip()
        text = _inline_text(li)
        if text:
            blocks.append("  " * depth + "- " + (f"{label} " if label else "") + text)
        for sub in li.xpath(".//ol|.//ul"):
            if sub.xpath("ancestor::li[1]")[0] is li:
                _xml_list(sub, blocks, depth + 1)


def _xml_table(table, blocks: list[str]) -> None:
    for tr in table.xpath(".//tr"):
        cells = [" ".join(c.text_content().split()) for c in tr.xpath("./td|./th")]
        cells = [c for c in cells if c]
        if cells:
            blocks.append(" | ".join(cells))


# --- Markdown ------------------------------------------------------------------------------------


def _markdown_text(text: str) -> str:
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    m = _FRONT.match(text)
    if m:
        text = text[m.end():]
    blocks: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        joined = " ".join(" ".join(paragraph).split())
        if joined:
            blocks.append(joined)
        paragraph.clear()

    seen_title = False
    for line in text.split("\n"):
        s = line.strip()
        heading = _MD_HEADING.match(s)
        if heading:
            flush()
            level, content = len(heading.group(1)), heading.group(2).strip()
            if level == 1 and not seen_title:
                seen_title = True  # the law's title: metadata, not a section
                continue
            if content.startswith("§"):
                blocks.append("## " + paragraph_heading(content))
            elif chapter := chapter_heading(content):
                blocks.append("# " + chapter)
            elif _PART.match(content):
                continue
            else:
                blocks.append("# " + content)
        elif not s:
            flush()
        elif s.startswith(">"):
            flush()  # amendment note ("Endret ved lov …")
        elif re.match(r"^[-*]\s+", s):
            flush()
            blocks.append("- " + re.sub(r"^[-*]\s+", "", s))
        else:
            paragraph.append(s)
    flush()
    return _render(blocks)
