"""Tests of the upload checks: magic bytes, size limits, image re-encoding, PDF safety, display names."""

from __future__ import annotations

import struct
import zlib
from io import BytesIO

import pytest
from PIL import Image, ImageFile
from PIL.PngImagePlugin import PngInfo
from pypdf import PdfReader, PdfWriter
from pypdf.actions import JavaScript

from hubpro import uploads, uploads_pdf
from hubpro.uploads import MAX_BYTES, CheckedFile, UploadRefused, check_upload, safe_display_name, thumbnail


def _image(size: tuple[int, int] = (400, 300), mode: str = "RGB") -> Image.Image:
    return Image.effect_noise(size, 64).convert(mode)


def _jpeg(img: Image.Image | None = None, **save_args: object) -> bytes:
    out = BytesIO()
    (img or _image()).save(out, "JPEG", **save_args)
    return out.getvalue()


def _png(img: Image.Image | None = None, **save_args: object) -> bytes:
    out = BytesIO()
    (img or _image()).save(out, "PNG", **save_args)
    return out.getvalue()


def _pdf(pages: int = 1, javascript: str | None = None, password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if javascript is not None:
        # PdfWriter.add_js was removed in pypdf 7; add_open_action is its replacement.
        writer.add_open_action(JavaScript(javascript))
    if password is not None:
        writer.encrypt(password)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _png_claiming(width: int, height: int) -> bytes:
    data = bytearray(_png(Image.new("L", (1, 1))))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def _refusal(data: bytes, filename: str = "document") -> str:
    with pytest.raises(UploadRefused) as excinfo:
        check_upload(data, filename)
    return str(excinfo.value)


def test_valid_jpeg_is_accepted_and_reencoded():
    checked = check_upload(_jpeg(), "photo.jpg")
    assert (checked.content_type, checked.extension, checked.display_name) == ("image/jpeg", "jpg", "photo.jpg")
    with Image.open(BytesIO(checked.data)) as img:
        assert (img.format, img.size) == ("JPEG", (400, 300))


def test_valid_png_is_accepted():
    checked = check_upload(_png(), "signature.png")
    assert (checked.content_type, checked.extension) == ("image/png", "png")
    with Image.open(BytesIO(checked.data)) as img:
        assert (img.format, img.size) == ("PNG", (400, 300))


def test_valid_pdf_is_accepted_and_rewritten_with_its_pages():
    checked = check_upload(_pdf(pages=2), "permis.pdf")
    assert (checked.content_type, checked.extension) == ("application/pdf", "pdf")
    assert len(PdfReader(BytesIO(checked.data)).pages) == 2


def test_type_comes_from_magic_bytes_not_from_the_name():
    checked = check_upload(_jpeg(), "scan.pdf")
    assert (checked.content_type, checked.display_name) == ("image/jpeg", "scan.jpg")
    assert check_upload(_png(), "photo.jpeg").display_name == "photo.png"
    assert check_upload(_jpeg(), "photo.JPEG").display_name == "photo.JPEG"


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "photo.jpg"),
        (b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "photo.jpg"),
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "signature.png"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "photo.gif"),
        (b"PK\x03\x04" + b"\x00" * 100, "permis.pdf"),
        (b"  %PDF-1.7", "permis.pdf"),
    ],
    ids=["renamed-exe", "html-named-jpg", "svg", "gif", "zip", "pdf-not-at-start"],
)
def test_other_formats_are_refused(data, filename):
    assert _refusal(data, filename) == uploads.BAD_FORMAT


def test_html_polyglot_payload_is_gone_after_reencoding():
    data = _jpeg() + b"<script>alert(1)</script>"
    checked = check_upload(data, "photo.jpg")
    assert b"<script>" not in checked.data
    assert checked.content_type == "image/jpeg"


def test_empty_file_is_refused():
    assert _refusal(b"") == uploads.EMPTY


def test_file_over_10_mb_is_refused_before_parsing(monkeypatch):
    def must_not_parse(*args, **kwargs):
        raise AssertionError("parsed a file that is too large")

    monkeypatch.setattr(uploads, "_sniff", must_not_parse)
    message = _refusal(b"\xff\xd8\xff" + b"\x00" * (11 * 1024 * 1024), "photo.jpg")
    assert "10 Mo" in message
    assert message == uploads.TOO_BIG


def test_file_of_exactly_max_bytes_passes_the_size_check():
    message = _refusal(b"\xff\xd8\xff" + b"\x00" * (MAX_BYTES - 3), "photo.jpg")
    assert message == uploads.IMAGE_UNREADABLE


@pytest.mark.parametrize(
    "data",
    [_jpeg()[: len(_jpeg()) // 2], _png()[: len(_png()) // 2], b"\xff\xd8\xff" + b"garbage" * 50],
    ids=["half-jpeg", "half-png", "jpeg-magic-garbage"],
)
def test_truncated_or_broken_image_is_refused(data):
    assert _refusal(data, "photo.jpg") == uploads.IMAGE_UNREADABLE


def test_truncated_images_stay_refused_by_default():
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_loading_truncated_images_globally_is_a_configuration_error(monkeypatch):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(RuntimeError):
        check_upload(_jpeg(), "photo.jpg")


@pytest.mark.parametrize("size", [(50, 50), (99, 400), (400, 99)])
def test_too_small_image_is_refused(size):
    assert "trop petite" in _refusal(_png(_image(size)), "photo.png")


@pytest.mark.parametrize("size", [(20_000, 20_000), (7_000, 6_000)], ids=["pillow-bomb-error", "over-max-pixels"])
def test_decompression_bomb_is_refused(size):
    assert _refusal(_png_claiming(*size), "photo.png") == uploads.TOO_MANY_PIXELS


def test_exif_is_removed():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0131] = "SecretCameraApp"
    data = _jpeg(exif=exif.tobytes())
    with Image.open(BytesIO(data)) as original:
        assert original.getexif()
    checked = check_upload(data, "photo.jpg")
    with Image.open(BytesIO(checked.data)) as img:
        assert not img.getexif()
        assert "exif" not in img.info
    assert b"Exif" not in checked.data
    assert b"SecretCameraApp" not in checked.data


def test_png_metadata_and_icc_profile_are_removed():
    info = PngInfo()
    info.add_text("Comment", "secret-comment")
    exif = Image.Exif()
    exif[0x0131] = "SecretCameraApp"
    data = _png(exif=exif.tobytes(), pnginfo=info, icc_profile=b"fake-icc-profile")
    checked = check_upload(data, "signature.png")
    for marker in (b"secret-comment", b"SecretCameraApp", b"tEXt", b"eXIf", b"iCCP"):
        assert marker not in checked.data


def test_exif_orientation_is_applied():
    exif = Image.Exif()
    exif[0x0112] = 6
    checked = check_upload(_jpeg(_image((200, 100)), exif=exif.tobytes()), "photo.jpg")
    with Image.open(BytesIO(checked.data)) as img:
        assert img.size == (100, 200)


def test_palette_png_with_transparency_keeps_its_alpha():
    img = _image((120, 120), "RGB").convert("P")
    checked = check_upload(_png(img, transparency=0), "signature.png")
    with Image.open(BytesIO(checked.data)) as reencoded:
        assert reencoded.mode == "RGBA"


def test_cmyk_jpeg_is_reencoded_as_rgb():
    checked = check_upload(_jpeg(_image(mode="CMYK")), "photo.jpg")
    with Image.open(BytesIO(checked.data)) as img:
        assert img.mode == "RGB"


def test_truncated_pdf_is_refused():
    data = _pdf()
    assert _refusal(data[: len(data) // 2], "permis.pdf") == uploads.PDF_UNREADABLE


def test_pdf_missing_its_tail_but_keeping_an_eof_marker_is_refused():
    assert _refusal(b"%PDF-1.7\n1 0 obj\n<<\n%%EOF\n", "permis.pdf") == uploads.PDF_UNREADABLE


def test_encrypted_pdf_is_refused():
    assert "mot de passe" in _refusal(_pdf(password="secret"), "permis.pdf")


def test_pdf_with_javascript_is_refused():
    assert _refusal(_pdf(javascript="app.alert('x')"), "permis.pdf") == uploads.PDF_ACTIVE


def test_pdf_with_escaped_javascript_names_is_refused_by_the_structural_check():
    data = _pdf(javascript="app.alert('x')").replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 ")
    assert uploads_pdf.ACTIVE_TOKEN.search(data) is None
    assert _refusal(data, "permis.pdf") == uploads.PDF_ACTIVE


def test_pdf_with_additional_actions_is_refused():
    data = _pdf().replace(b"/Type /Page\n", b"/Type /Page\n/AA << >>\n")
    assert _refusal(data, "permis.pdf") == uploads.PDF_ACTIVE


def test_pdf_with_harmless_open_action_and_apple_metadata_is_accepted():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.open_destination = writer.pages[0]
    writer.add_metadata({"/AAPL:Keywords": "permis"})
    out = BytesIO()
    writer.write(out)
    assert b"/OpenAction" in out.getvalue()
    checked = check_upload(out.getvalue(), "permis.pdf")
    assert checked.extension == "pdf"
    assert b"/OpenAction" not in checked.data


@pytest.mark.parametrize("pages", [0, 21])
def test_pdf_page_count_is_bounded(pages):
    assert _refusal(_pdf(pages=pages), "permis.pdf") == uploads.PDF_PAGES


def test_twenty_page_pdf_is_accepted():
    assert check_upload(_pdf(pages=20), "permis.pdf").content_type == "application/pdf"


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\boot.ini", "boot.ini"),
        ("C:\\Users\\x\\photo.jpg", "photo.jpg"),
        ("a/b/c.png", "c.png"),
        ("\x00evil.pdf", "evil.pdf"),
        ("  mon \t permis\n recto .pdf ", "mon permis recto .pdf"),
        ("photo\u202egpj.exe", "photogpj.exe"),
        ("", "document"),
        ("../", "document"),
        ("..", "document"),
        ("\x00\x01\x02", "document"),
    ],
)
def test_safe_display_name(filename, expected):
    assert safe_display_name(filename) == expected


def test_long_display_name_keeps_its_extension():
    name = safe_display_name("a" * 300 + ".pdf")
    assert len(name) == 100
    assert name.endswith("aaa.pdf")
    assert len(safe_display_name("b" * 300)) == 100


def test_checked_file_display_name_is_safe():
    checked = check_upload(_pdf(), "../../" + "x" * 300 + ".pdf")
    assert len(checked.display_name) <= 100
    assert "/" not in checked.display_name
    assert checked.display_name.endswith(".pdf")


@pytest.mark.parametrize(("size", "expected"), [((400, 300), (320, 240)), ((150, 1000), (48, 320))])
def test_thumbnail_is_a_bounded_jpeg(size, expected):
    checked = check_upload(_png(_image(size)), "photo.png")
    with Image.open(BytesIO(thumbnail(checked))) as img:
        assert (img.format, img.size) == ("JPEG", expected)


def test_thumbnail_honours_max_side():
    checked = check_upload(_jpeg(), "photo.jpg")
    with Image.open(BytesIO(thumbnail(checked, max_side=64))) as img:
        assert max(img.size) == 64


def test_thumbnail_of_transparent_signature_is_on_white():
    signature = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    signature.paste((0, 0, 0, 255), (20, 40, 180, 60))
    with Image.open(BytesIO(thumbnail(check_upload(_png(signature), "signature.png")))) as img:
        assert min(img.getpixel((2, 2))) > 240
        assert max(img.getpixel((100, 50))) < 20


def test_thumbnail_of_pdf_is_none():
    assert thumbnail(check_upload(_pdf(), "permis.pdf")) is None


def test_checked_file_is_frozen():
    checked = check_upload(_jpeg(), "photo.jpg")
    assert isinstance(checked, CheckedFile)
    with pytest.raises(AttributeError):
        checked.data = b""  # type: ignore[misc]
