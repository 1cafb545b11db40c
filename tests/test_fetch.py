"""`python -m ingest fetch`: downloads from a loopback HTTP server (never the network)."""

from __future__ import annotations

import contextlib
import hashlib
import io
import socket
import tarfile
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ingest import fetch as fetch_mod
from ingest.fetch import FetchError, Source, fetch, read_sources
from tests import pdfs

LAW_XML = b"""<?xml version="1.0" encoding="utf-8"?>
<html><head><title>Lov om pr\xc3\xb8ver</title></head><body><dl class="data-document-key-info">
<dd class="legacyID">LOV-2099-01-01-1</dd></dl><main class="documentBody"><p>Tekst.</p></main></body></html>"""


def _bundle() -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:bz2") as tf:
        for name, data in (("nl/nl-20990101-001.xml", LAW_XML), ("nl/nl-20990101-002.xml", b"<html>annen</html>")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, dict[str, tuple[int, dict[str, str], bytes]]]]:
    pdf = pdfs.make_plan_pdf(tmp_path_factory.mktemp("kilde") / "meld.pdf", pages=2).read_bytes()
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {
        "/meld.pdf": (200, {"Content-Type": "application/pdf"}, pdf),
        "/side.html": (200, {"Content-Type": "text/html"}, b"<html><body><h1>Meld. St. 99</h1><p>Tekst.</p></body></html>"),
        "/feil.pdf": (200, {"Content-Type": "text/html"}, b"<html>ikke en pdf</html>"),
        "/lover.tar.bz2": (200, {"Content-Type": "application/octet-stream"}, _bundle()),
        "/mangler.pdf": (404, {}, b"finnes ikke"),
        # a report's document page (regjeringen.no style): the PDF's address holds a content hash
        "/dokumenter/meld.-st.-99-20982099/id1/": (200, {"Content-Type": "text/html"}, (
            b'<html><body><h1>Meld. St. 99 (2098\xe2\x80\x932099)</h1>'
            b'<a href="/contentassets/ab12/en/pdfs/summary.pdf">Summary in English</a>'
            b'<a href="/contentassets/ab12/no/pdfs/stm209820990099000dddpdfs.pdf">Last ned PDF</a></body></html>')),
        "/contentassets/ab12/no/pdfs/stm209820990099000dddpdfs.pdf": (200, {"Content-Type": "application/pdf"}, pdf),
        "/contentassets/ab12/en/pdfs/summary.pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4 summary"),
        "/dokumenter/uten-pdf/": (200, {"Content-Type": "text/html"}, b"<html><body><p>Bare tekst.</p></body></html>"),
        "/avbrutt.pdf": (200, {"Content-Length": "100000"}, pdf[:500]),
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the http.server API)
            status, headers, body = routes.get(self.path, (404, {}, b""))
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            if "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", routes
    httpd.shutdown()
    httpd.server_close()


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".part")]


def test_pdf_with_matching_hash(server, tmp_path: Path) -> None:
    base, routes = server
    body = routes["/meld.pdf"][2]
    src = Source("meld", f"{base}/meld.pdf", "Meld. St. 99", "stortingsmelding", 2099, hashlib.sha256(body).hexdigest())
    [result] = fetch([src], tmp_path)
    assert result.error == "" and result.path == tmp_path / "meld.pdf"
    assert result.path.read_bytes() == body
    assert _leftovers(tmp_path) == []


def test_wrong_hash_keeps_the_earlier_copy(server, tmp_path: Path) -> None:
    base, _ = server
    (tmp_path / "meld.pdf").write_bytes(b"%PDF-1.4 tidligere utgave")
    [result] = fetch([Source("meld", f"{base}/meld.pdf", "", "stortingsmelding", None, "0" * 64)], tmp_path)
    assert result.path is None and "SHA-256 stemmer ikke" in result.error
    assert (tmp_path / "meld.pdf").read_bytes() == b"%PDF-1.4 tidligere utgave"
    assert _leftovers(tmp_path) == []


def test_wrong_type_missing_file_and_cut_download(server, tmp_path: Path) -> None:
    base, _ = server
    results = fetch([
        Source("feil", f"{base}/feil.pdf", "", "NOU", None),
        Source("mangler", f"{base}/mangler.pdf", "", "NOU", None),
        Source("avbrutt", f"{base}/avbrutt.pdf", "", "NOU", None),
    ], tmp_path)
    assert "er ikke en PDF-fil" in results[0].error
    assert "svarte 404" in results[1].error
    assert results[2].path is None and results[2].error
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_size_limit(server, tmp_path: Path, monkeypatch) -> None:
    base, _ = server
    monkeypatch.setattr(fetch_mod, "MAX_BYTES", 1000)
    [result] = fetch([Source("meld", f"{base}/meld.pdf", "", "NOU", None)], tmp_path)
    assert "for stor" in result.error and not (tmp_path / "meld.pdf").exists()


def test_law_out_of_the_bundle(server, tmp_path: Path) -> None:
    base, _ = server
    results = fetch([
        Source("proveloven", f"{base}/lover.tar.bz2#nl/nl-20990101-001.xml", "Lov om prøver", "lov", 2099),
        Source("borte", f"{base}/lover.tar.bz2#nl/nl-20990101-999.xml", "", "lov", 2099),
        Source("side", f"{base}/side.html", "Meld. St. 99", "stortingsmelding", 2099),
    ], tmp_path)
    assert results[0].path == tmp_path / "proveloven.xml" and results[0].path.read_bytes() == LAW_XML
    assert "fant ikke nl/nl-20990101-999.xml" in results[1].error
    assert results[2].path == tmp_path / "side.html"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["proveloven.xml", "side.html"]  # the bundle is gone


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_host_exit_code_and_message(tmp_path: Path, capsys) -> None:
    manifest = tmp_path / "nasjonalt.csv"
    manifest.write_text(f"name,url,title,kind,year\nmeld,http://127.0.0.1:{_closed_port()}/meld.pdf,Meld,stortingsmelding,2099\n",
                        encoding="utf-8")
    dest = tmp_path / "hentet"
    with pytest.raises(FetchError) as err:
        fetch(read_sources(manifest), dest)
    assert err.value.unreachable
    assert fetch_mod.main(["--manifest", str(manifest), "--dest", str(dest)]) == 3
    assert "kunne ikke nå 127.0.0.1" in capsys.readouterr().err
    assert list(dest.iterdir()) == []


def test_manifest_errors(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "feil.csv"
    bad.write_text("navn,adresse\nx,y\n", encoding="utf-8")
    assert fetch_mod.main(["--manifest", str(bad)]) == 2
    assert "mangler kolonnene" in capsys.readouterr().err
    good = tmp_path / "ok.csv"
    good.write_text("name,url,title,kind,year\nmeld,https://example.org/m.pdf,M,NOU,2020\n", encoding="utf-8")
    assert fetch_mod.main(["--manifest", str(good), "ukjent"]) == 2
    assert "ukjent navn ukjent" in capsys.readouterr().err


def test_report_page_leads_to_its_pdf(server, tmp_path: Path) -> None:
    """A white paper's document page is fetched as the PDF it links to — the one carrying the
    report's document code, not the English summary — and the page is not kept beside it."""
    base, routes = server
    src = Source("meld-99", f"{base}/dokumenter/meld.-st.-99-20982099/id1/", "Meld. St. 99 (2098–2099) Prøve",
                 "stortingsmelding", 2098)
    [result] = fetch([src], tmp_path)
    assert result.error == "" and result.path == tmp_path / "meld-99.pdf"
    assert result.path.read_bytes() == routes["/contentassets/ab12/no/pdfs/stm209820990099000dddpdfs.pdf"][2]
    assert "stm209820990099" in result.note
    assert sorted(p.name for p in tmp_path.iterdir()) == ["meld-99.pdf"]


def test_report_page_without_pdf_is_kept_as_html(server, tmp_path: Path) -> None:
    base, _ = server
    src = Source("nou-1", f"{base}/dokumenter/uten-pdf/", "NOU 2099: 1 Prøve", "NOU", 2099)
    [result] = fetch([src], tmp_path)
    assert result.path == tmp_path / "nou-1.html" and "ingen PDF-lenke" in result.note
    assert "Bare tekst" in result.path.read_text()


def test_document_codes_follow_regjeringens_file_names() -> None:
    assert fetch_mod.document_code("Meld. St. 6 (2019–2020) Tett på") == "stm201920200006"
    assert fetch_mod.document_code("Meld. St. 21 (2020–2021) Fullføringsreformen") == "stm202020210021"
    assert fetch_mod.document_code("NOU 2019: 3 Nye sjanser") == "nou201920190003"
    assert fetch_mod.document_code("Lov om barnehager") == ""
    page = b'<a href="a.pdf">a</a><a href="/x/stm202020210021000dddpdfs.pdf">PDF</a>'
    assert fetch_mod.report_pdf_link(page, "https://r.no/dok/", "Meld. St. 21 (2020–2021)") == \
        "https://r.no/x/stm202020210021000dddpdfs.pdf"
    assert fetch_mod.report_pdf_link(page, "https://r.no/dok/", "Meld. St. 5 (2020–2021)") is None  # two, neither coded
    assert fetch_mod.report_pdf_link(b'<a href="only.pdf">x</a>', "https://r.no/dok/", "") == "https://r.no/dok/only.pdf"


def test_shipped_manifest_lists_the_national_sources() -> None:
    sources = {s.name: s for s in read_sources(fetch_mod.default_manifest())}
    assert {"opplaeringslova", "barnehageloven", "meld-st-6-2019-2020", "meld-st-21-2020-2021"} <= set(sources)
    assert sources["opplaeringslova"].location == "https://api.lovdata.no/v1/publicData/get/gjeldende-lover.tar.bz2"
    assert sources["opplaeringslova"].member == "nl/nl-20230609-030.xml"
    assert sources["meld-st-6-2019-2020"].kind == "stortingsmelding" and sources["meld-st-6-2019-2020"].year == 2019
    for name in ("meld-st-6-2019-2020", "meld-st-21-2020-2021"):  # regjeringen.no document pages: fetch takes their PDF
        assert sources[name].location.startswith("https://www.regjeringen.no/no/dokumenter/")
        assert fetch_mod.document_code(sources[name].title)


def test_fetch_then_ingest(server, tmp_path: Path, monkeypatch, capsys) -> None:
    """The command downloads and ingests: the document lands in the index with the manifest's kind."""
    from assistant.settings import get_settings
    from assistant.store import Catalog

    base, _ = server
    manifest = tmp_path / "nasjonalt.csv"
    manifest.write_text(f"name,url,title,kind,year\nmeld-st-99,{base}/meld.pdf,Meld. St. 99 (2098–2099) Prøve,stortingsmelding,2098\n",
                        encoding="utf-8")
    assert fetch_mod.main(["--manifest", str(manifest)]) == 0
    catalog = Catalog(get_settings().data_dir / "catalog.sqlite")
    try:
        [doc] = catalog.documents()
    finally:
        catalog.close()
    assert doc.meta.kind == "stortingsmelding" and doc.meta.title == "Meld. St. 99 (2098–2099) Prøve"
    assert doc.meta.short_name == "Meld. St. 99 (2098–2099)"
    assert Path(doc.path).parent == get_settings().data_dir / "nasjonalt"
