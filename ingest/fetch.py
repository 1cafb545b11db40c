"""``python -m ingest fetch [NAME ...] [--manifest FILE] [--dest DIR] [--no-ingest]`` — download the
national documents named in a fetch manifest and ingest them.

The manifest (default ``corpus/national.csv``) is CSV with the header ``name,url,title,kind,year``
and an optional ``sha256`` column. A URL with a fragment names a member of an archive:
``…/gjeldende-lover.tar.bz2#nl/nl-20230609-030.xml`` is that law out of Lovdata's bundle of
current laws (the bundle is downloaded once per run). Every download is checked — the type
(PDF, HTML, XML, bzip2/gzip/zip archive, by the first bytes), the size (at most ``MAX_BYTES``),
the SHA-256 when the manifest gives one — and written atomically: a temporary file in the target
folder renamed into place only when every check passed, so nothing half-written is left behind
and a file fetched before stays as it was. Messages are Norwegian; a host that cannot be reached
gives exit code 3.

A report's URL may be its document page (regjeringen.no: ``…/dokumenter/meld.-st.-6-20192020/id2677025/``,
a stable address, where the PDF's address holds a content hash nobody can guess). When such a page
links to the report's PDF, fetch follows that link and keeps the PDF — pages and printed page numbers
for citations; the page itself is only a summary with a table of contents. Which link: the one whose
file name carries regjeringen.no's document code (``stm201920200006…pdf`` for Meld. St. 6
(2019–2020), ``nou201920190003…`` for NOU 2019: 3), else the only PDF link on the page. A page
without one is kept as the HTML it is, with a note.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

MAX_BYTES = 200 * 1024 * 1024
#: kinds whose HTML document page may link to the document as PDF
REPORT_PAGE_KINDS = ("stortingsmelding", "NOU", "proposisjon")
TIMEOUT = 60.0
FIELDS = ("name", "url", "title", "kind", "year")

#: the type each target suffix must have, told by the first bytes
_MAGIC: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".bz2": (b"BZh",),
    ".gz": (b"\x1f\x8b",),
    ".zip": (b"PK\x03\x04",),
}


class FetchError(Exception):
    """A fetch that failed, with a Norwegian message for the user."""

    def __init__(self, message: str, unreachable: bool = False) -> None:
        super().__init__(message)
        self.unreachable = unreachable


@dataclass(frozen=True)
class Source:
    """One row of a fetch manifest."""

    name: str
    url: str
    title: str
    kind: str
    year: int | None
    sha256: str = ""

    @property
    def member(self) -> str:
        """The archive member named by the URL's fragment ('' for a plain file)."""
        return urlsplit(self.url).fragment

    @property
    def location(self) -> str:
        """The URL without its fragment (what is downloaded)."""
        return self.url.split("#", 1)[0]

    @property
    def filename(self) -> str:
        suffix = Path(self.member or urlsplit(self.location).path).suffix.lower()
        if suffix not in (".pdf", ".html", ".htm", ".xml", ".md", ".txt", ".docx"):
            suffix = ".html"  # a document page
        return f"{self.name}{suffix}"


def default_manifest() -> Path:
    from assistant.settings import REPO_ROOT

    return REPO_ROOT / "corpus" / "national.csv"


def read_sources(path: Path) -> list[Source]:
    """The manifest's rows. Raises FetchError (Norwegian) for a missing file or a bad header."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise FetchError(f"fant ikke manifestet {path} ({exc.strerror or exc})") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [f for f in FIELDS if f not in (reader.fieldnames or [])]
    if missing:
        raise FetchError(f"manifestet {path} mangler kolonnene {', '.join(missing)} (overskrift: name,url,title,kind,year[,sha256])")
    out: list[Source] = []
    for n, row in enumerate(reader, start=2):
        name, url = (row.get("name") or "").strip(), (row.get("url") or "").strip()
        if not name or not url.startswith(("http://", "https://")):
            raise FetchError(f"manifestet {path}, linje {n}: trenger et navn og en http(s)-adresse")
        year = (row.get("year") or "").strip()
        out.append(Source(name, url, (row.get("title") or "").strip(), (row.get("kind") or "").strip(),
                          int(year) if year.isdigit() else None, (row.get("sha256") or "").strip().lower()))
    return out


def _check_type(data_head: bytes, suffix: str, what: str) -> None:
    magic = _MAGIC.get(suffix)
    if magic and not data_head.startswith(magic):
        raise FetchError(f"{what} er ikke en {suffix.lstrip('.').upper()}-fil (innholdet begynner med {data_head[:8]!r})")
    if suffix in (".html", ".htm", ".xml"):
        head = data_head.lstrip().lower()
        if head.startswith((b"%pdf", b"pk\x03\x04", b"bzh")) or b"\x00" in head[:512]:
            raise FetchError(f"{what} er ikke HTML/XML-tekst")


def download(url: str, folder: Path, client=None, expect_suffix: str = "", sha256: str = "") -> Path:
    """Stream ``url`` into a temporary file in ``folder`` and return its path once size, type and
    hash checked out (the caller renames it into place). Raises FetchError."""
    import httpx

    host = urlsplit(url).hostname or url
    own = client is None
    client = client or httpx.Client(follow_redirects=True, timeout=TIMEOUT, headers={"User-Agent": "planassistent-fetch"})
    fd, tmp_name = tempfile.mkstemp(prefix=".hentes-", suffix=".part", dir=folder)
    tmp = Path(tmp_name)
    digest = hashlib.sha256()
    size = 0
    head = b""
    try:
        with os.fdopen(fd, "wb") as fh, client.stream("GET", url) as response:
            if response.status_code != 200:
                raise FetchError(f"{host} svarte {response.status_code} for {url}")
            declared = int(response.headers.get("content-length") or 0)
            if declared > MAX_BYTES:
                raise FetchError(f"{url} er for stor ({declared / 1e6:.0f} MB; grensen er {MAX_BYTES / 1e6:.0f} MB)")
            for block in response.iter_bytes():
                size += len(block)
                if size > MAX_BYTES:
                    raise FetchError(f"{url} er for stor (over {MAX_BYTES / 1e6:.0f} MB)")
                if len(head) < 1024:
                    head += block[: 1024 - len(head)]
                digest.update(block)
                fh.write(block)
        if size == 0:
            raise FetchError(f"{url} var tom")
        if declared and size != declared:
            raise FetchError(f"nedlastingen av {url} ble avbrutt ({size} av {declared} byte)")
        _check_type(head, expect_suffix, url)
        if sha256 and digest.hexdigest() != sha256:
            raise FetchError(f"{url}: SHA-256 stemmer ikke (fikk {digest.hexdigest()[:16]}…, ventet {sha256[:16]}…)")
        return tmp
    except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
        tmp.unlink(missing_ok=True)
        raise FetchError(f"kunne ikke nå {host} ({type(exc).__name__}) – sjekk nettforbindelsen og prøv igjen",
                         unreachable=True) from None
    except httpx.TimeoutException:
        tmp.unlink(missing_ok=True)
        raise FetchError(f"{host} svarte ikke innen {TIMEOUT:.0f} s – prøv igjen senere", unreachable=True) from None
    except httpx.HTTPError as exc:
        tmp.unlink(missing_ok=True)
        raise FetchError(f"nedlastingen fra {host} feilet ({type(exc).__name__}: {exc})") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        if own:
            client.close()


class _PdfLinks(HTMLParser):
    """The addresses of the links to PDF files on a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") or ""
        if tag == "a" and urlsplit(href).path.lower().endswith(".pdf") and href not in self.hrefs:
            self.hrefs.append(href)


def document_code(title: str) -> str:
    """regjeringen.no's code for a report in its PDF file names («stm201920200006» for Meld. St. 6
    (2019–2020), «nou201920190003» for NOU 2019: 3); '' for other documents."""
    from assistant.reports import find_report

    found = find_report(title)
    if not found:
        return ""
    kind, short, _ = found
    if kind == "stortingsmelding" and (m := re.search(r"(\d+) \((\d{4})–(\d{4})\)", short)):
        return f"stm{m.group(2)}{m.group(3)}{int(m.group(1)):04d}"
    if kind == "NOU" and (m := re.search(r"(\d{4}): (\d+)", short)):
        return f"nou{m.group(1)}{m.group(1)}{int(m.group(2)):04d}"
    return ""


def report_pdf_link(page: bytes, page_url: str, title: str) -> str | None:
    """The address of the report's PDF linked from its document page (see the module doc), or None."""
    parser = _PdfLinks()
    parser.feed(page.decode("utf-8", errors="replace"))
    links = [urljoin(page_url, h) for h in parser.hrefs]
    code = document_code(title)
    coded = [u for u in links if code and code in Path(urlsplit(u).path).name.lower()]
    if coded:
        return coded[0]
    return links[0] if len(links) == 1 else None


def _extract(archive: Path, member: str, url: str) -> bytes:
    """One member of a tar (bz2/gz) or zip archive."""
    try:
        if zipfile.is_zipfile(archive):
            with zipfile.ZipFile(archive) as zf:
                names = {n.lstrip("./"): n for n in zf.namelist()}
                if member not in names:
                    raise FetchError(f"fant ikke {member} i {url}")
                return zf.read(names[member])
        with tarfile.open(archive, "r:*") as tf:
            for info in tf:
                if info.isfile() and info.name.lstrip("./").endswith(member):
                    fh = tf.extractfile(info)
                    if fh is not None:
                        return fh.read()
    except (tarfile.TarError, zipfile.BadZipFile, OSError, EOFError) as exc:
        raise FetchError(f"kunne ikke pakke ut {url} ({type(exc).__name__})") from None
    raise FetchError(f"fant ikke {member} i {url}")


def _write_atomic(dest: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".hentes-", suffix=".part", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass
class Fetched:
    source: Source
    path: Path | None
    error: str = ""
    note: str = ""


def _fetch_page_or_its_pdf(src: Source, dest: Path, client) -> tuple[Path, str]:
    """A plain URL; for a report's document page, the PDF it links to. Returns (file, note)."""
    target = dest / src.filename
    tmp = download(src.location, dest, client, target.suffix, src.sha256)
    if target.suffix != ".html" or src.kind not in REPORT_PAGE_KINDS:
        os.replace(tmp, target)
        return target, ""
    try:
        pdf_url = report_pdf_link(tmp.read_bytes(), src.location, src.title)
        if pdf_url is None:
            os.replace(tmp, target)
            return target, "fant ingen PDF-lenke på dokumentsiden – siden er lagret som HTML"
        pdf_target = target.with_suffix(".pdf")
        pdf_tmp = download(pdf_url, dest, client, ".pdf")
        os.replace(pdf_tmp, pdf_target)
        target.unlink(missing_ok=True)  # an earlier run's page copy would be a second copy of the report
        return pdf_target, f"PDF fra dokumentsiden: {pdf_url}"
    finally:
        tmp.unlink(missing_ok=True)


def fetch(sources: list[Source], dest: Path, client=None, say: Callable[[str], None] = lambda s: None) -> list[Fetched]:
    """Download every source into ``dest`` (archives once per URL). A failed source leaves its
    earlier copy untouched. Raises FetchError at once when a host cannot be reached."""
    dest.mkdir(parents=True, exist_ok=True)
    archives: dict[str, Path] = {}
    out: list[Fetched] = []
    try:
        for src in sources:
            target = dest / src.filename
            say(f"Henter {src.name} fra {urlsplit(src.location).hostname}")
            try:
                if src.member:
                    if src.location not in archives:
                        suffix = Path(urlsplit(src.location).path).suffix.lower()
                        archives[src.location] = download(src.location, dest, client, suffix)
                    data = _extract(archives[src.location], src.member, src.location)
                    if src.sha256 and hashlib.sha256(data).hexdigest() != src.sha256:
                        raise FetchError(f"{src.member} i {src.location}: SHA-256 stemmer ikke")
                    _check_type(data[:1024], target.suffix, f"{src.member} i {src.location}")
                    _write_atomic(target, data)
                    out.append(Fetched(src, target))
                else:
                    path, note = _fetch_page_or_its_pdf(src, dest, client)
                    out.append(Fetched(src, path, note=note))
            except FetchError as exc:
                if exc.unreachable:
                    raise
                out.append(Fetched(src, None, str(exc)))
    finally:
        for path in archives.values():
            path.unlink(missing_ok=True)
    return out


def _write_folder_manifest(dest: Path, fetched: list[Fetched]) -> None:
    """manifest.csv in the corpus format for the fetched non-law documents (laws describe
    themselves: their metadata comes from the law text)."""
    from assistant.reports import find_report
    from ingest.manifest import MANIFEST

    rows = [f for f in fetched if f.path is not None and f.source.kind != "lov"]
    path = dest / MANIFEST
    old: dict[str, dict[str, str]] = {}
    if path.exists():
        with path.open(encoding="utf-8", newline="") as fh:
            old = {r["file"]: r for r in csv.DictReader(fh)}
    for f in rows:
        assert f.path is not None
        report = find_report(f.source.title)  # «Meld. St. 6 (2019–2020)»: the name citations use
        old[f.path.name] = {"file": f.path.name, "title": f.source.title, "municipality": "", "kind": f.source.kind,
                            "period": "", "year": str(f.source.year or ""), "adopted": "",
                            "short_name": report[1] if report else "",
                            "has_pages": "true" if f.path.suffix == ".pdf" else "false"}
    if not old:
        return
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=["file", "title", "municipality", "kind", "period", "year", "adopted",
                                             "short_name", "has_pages"])
    writer.writeheader()
    writer.writerows(old.values())
    _write_atomic(path, buf.getvalue().encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    from assistant.cli import NorwegianParser

    parser = NorwegianParser(prog="python -m ingest fetch",
                             description="Hent nasjonale dokumenter (lover, stortingsmeldinger) og legg dem inn.")
    parser.add_argument("names", nargs="*", help="navn fra manifestet (standard: alle)")
    parser.add_argument("--manifest", type=Path, default=None, help="CSV: name,url,title,kind,year[,sha256]")
    parser.add_argument("--dest", type=Path, default=None, help="mappe for de hentede filene (standard: <datamappe>/nasjonalt)")
    parser.add_argument("--no-ingest", action="store_true", help="bare hent, ikke legg inn")
    args = parser.parse_args(argv)

    from assistant.settings import get_settings

    try:
        sources = read_sources(args.manifest or default_manifest())
    except FetchError as exc:
        print(f"Feil: {exc}", file=sys.stderr)
        return 2
    known = {s.name for s in sources}
    unknown = [n for n in args.names if n not in known]
    if unknown:
        print(f"Feil: ukjent navn {', '.join(unknown)} (kjente: {', '.join(sorted(known))})", file=sys.stderr)
        return 2
    chosen = [s for s in sources if not args.names or s.name in args.names]
    dest = args.dest or get_settings().data_dir / "nasjonalt"
    try:
        fetched = fetch(chosen, dest, say=lambda s: print(s, file=sys.stderr))
    except FetchError as exc:
        print(f"Feil: {exc}", file=sys.stderr)
        return 3
    _write_folder_manifest(dest, fetched)
    for f in fetched:
        print(f"  {'hentet' if f.path else 'FEILET':7} {f.source.name}: {f.path or f.error}"
              + (f" ({f.note})" if f.note else ""))
    ok = [f.path for f in fetched if f.path is not None]
    if ok and not args.no_ingest:
        from ingest.__main__ import main as ingest_main

        code = ingest_main([str(p) for p in ok])
        if code:
            return code
    return 0 if len(ok) == len(fetched) else 1


if __name__ == "__main__":
    sys.exit(main())
