"""Server-side check of drivers' uploaded documents: type by magic bytes, size, image re-encoding, PDF safety."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from io import BytesIO

from PIL import Image, ImageFile, ImageOps

from hubpro import uploads_pdf
from hubpro.uploads_pdf import (  # noqa: F401  (re-exported: the PDF refusals are upload refusals too)
    MAX_PDF_PAGES,
    PDF_ACTIVE,
    PDF_DYNAMIC_FORM,
    PDF_ENCRYPTED,
    PDF_PAGES,
    PDF_UNREADABLE,
)

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MIN_SIDE = 100
JPEG_QUALITY = 90
THUMBNAIL_QUALITY = 85
DISPLAY_NAME_MAX = 100

EMPTY = "Le fichier est vide : choisissez à nouveau le document puis envoyez-le."
TOO_BIG = f"Le fichier dépasse {MAX_BYTES // 2**20} Mo : réduisez sa taille ou prenez une photo moins lourde."
BAD_FORMAT = "Format non accepté : seuls les fichiers JPEG, PNG ou PDF sont acceptés."
TOO_MANY_PIXELS = (
    f"L'image est trop grande (plus de {MAX_PIXELS // 1_000_000} millions de pixels) : "
    "réduisez sa résolution puis envoyez-la à nouveau."
)
IMAGE_UNREADABLE = "L'image est incomplète ou illisible : prenez une nouvelle photo ou enregistrez-la à nouveau."
TOO_SMALL = (
    f"L'image est trop petite pour être lisible ({MIN_SIDE} × {MIN_SIDE} pixels au minimum) : "
    "envoyez une photo de meilleure résolution."
)

_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"%PDF-", "application/pdf", "pdf"),
)
_PIL_FORMATS = {"jpg": "JPEG", "png": "PNG"}
_INVISIBLE = frozenset({"Cc", "Cf", "Cs"})  # controls, bidi overrides, zero-width, lone surrogates
_EXTENSION_ALIASES = {"jpg": {"jpg", "jpeg"}, "png": {"png"}, "pdf": {"pdf"}}


class UploadRefused(ValueError):
    """A refused file; str(exc) is a clear French reason for the driver."""


@dataclass(frozen=True)
class CheckedFile:
    """An accepted upload, safe to store.

    Attributes:
        data: Re-encoded bytes for images, rewritten bytes for PDFs.
        content_type: "image/jpeg", "image/png" or "application/pdf".
        extension: "jpg", "png" or "pdf".
        display_name: Safe name for display only, never used as a path.
    """

    data: bytes
    content_type: str
    extension: str
    display_name: str


def check_upload(data: bytes, filename: str) -> CheckedFile:
    """Checks an uploaded document and returns the bytes to store.

    The type comes only from the magic bytes; images are decoded fully and re-encoded without any
    metadata; PDFs are refused when encrypted or carrying scripts or attachments, else rewritten page by
    page without actions, forms, annotations, metadata or trailing bytes (see `hubpro.uploads_pdf`).

    Args:
        data: The uploaded bytes.
        filename: The client's file name, kept for display only.

    Returns:
        The checked file.

    Raises:
        UploadRefused: The file is refused; the message is meant for the driver.
    """
    if not data:
        raise UploadRefused(EMPTY)
    if len(data) > MAX_BYTES:
        raise UploadRefused(TOO_BIG)
    content_type, extension = _sniff(data)
    stored = _check_pdf(data) if extension == "pdf" else _reencode(data, _PIL_FORMATS[extension])
    name = _with_extension(safe_display_name(filename), extension)
    return CheckedFile(data=stored, content_type=content_type, extension=extension, display_name=name)


def thumbnail(checked: CheckedFile, max_side: int = 320) -> bytes | None:
    """Builds a small JPEG preview of a checked image.

    Args:
        checked: A file returned by `check_upload`.
        max_side: Maximum width and height of the preview, in pixels.

    Returns:
        JPEG bytes whose longest side is at most `max_side`, or None for a PDF.

    Raises:
        ValueError: `max_side` is not positive.
    """
    if max_side < 1:
        raise ValueError("max_side must be positive")
    if checked.extension not in _PIL_FORMATS:
        return None
    with Image.open(BytesIO(checked.data), formats=[_PIL_FORMATS[checked.extension]]) as img:
        img.thumbnail((max_side, max_side))
        preview = _flatten_on_white(img)
    out = BytesIO()
    preview.save(out, "JPEG", quality=THUMBNAIL_QUALITY)
    return out.getvalue()


def safe_display_name(filename: str) -> str:
    """Turns a client file name into a short name fit for display (never for a path).

    Args:
        filename: The name sent by the browser, possibly with a client path.

    Returns:
        The last path component without control characters, whitespace collapsed, at most 100
        characters (keeping the extension when possible), or "document" when nothing is left.
    """
    last = re.split(r"[/\\]", unicodedata.normalize("NFC", filename or ""))[-1]
    visible = "".join(ch for ch in " ".join(last.split()) if unicodedata.category(ch) not in _INVISIBLE)
    cleaned = " ".join(visible.split())
    if cleaned in {"", ".", ".."}:
        return "document"
    if len(cleaned) <= DISPLAY_NAME_MAX:
        return cleaned
    stem, dot, ext = cleaned.rpartition(".")
    if dot and stem and len(ext) <= 10:
        return stem[: DISPLAY_NAME_MAX - len(ext) - 1].rstrip() + "." + ext
    return cleaned[:DISPLAY_NAME_MAX].rstrip()


def _sniff(data: bytes) -> tuple[str, str]:
    for magic, content_type, extension in _SIGNATURES:
        if data.startswith(magic):
            return content_type, extension
    raise UploadRefused(BAD_FORMAT)


def _with_extension(name: str, extension: str) -> str:
    stem, dot, ext = name.rpartition(".")
    if dot and stem and ext.lower() in _EXTENSION_ALIASES[extension]:
        return name
    base = stem if dot and stem else name
    return safe_display_name(f"{base[: DISPLAY_NAME_MAX - len(extension) - 1]}.{extension}")


def _reencode(data: bytes, pil_format: str) -> bytes:
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        raise RuntimeError("PIL.ImageFile.LOAD_TRUNCATED_IMAGES must stay False: truncated uploads would pass")
    try:
        with Image.open(BytesIO(data), formats=[pil_format]) as img:
            width, height = img.size
            if width * height > MAX_PIXELS:
                raise UploadRefused(TOO_MANY_PIXELS)
            if min(width, height) < MIN_SIDE:
                raise UploadRefused(TOO_SMALL)
            img.load()
            clean = _without_metadata(ImageOps.exif_transpose(img), pil_format)
    except UploadRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UploadRefused(TOO_MANY_PIXELS) from exc
    except Exception as exc:  # any decoder failure on untrusted bytes is a refusal, not a crash
        raise UploadRefused(IMAGE_UNREADABLE) from exc
    out = BytesIO()
    if pil_format == "JPEG":
        clean.save(out, "JPEG", quality=JPEG_QUALITY)
    else:
        clean.save(out, "PNG", optimize=False)
    return out.getvalue()


def _without_metadata(img: Image.Image, pil_format: str) -> Image.Image:
    has_alpha = "A" in img.getbands() or "transparency" in img.info
    if pil_format == "JPEG":
        mode = img.mode if img.mode in {"L", "RGB"} else "RGB"
    elif img.mode in {"L", "RGB", "RGBA"} and "transparency" not in img.info:
        mode = img.mode
    else:
        mode = "RGBA" if has_alpha else "RGB"
    clean = img.convert(mode)
    clean.info = {}
    return clean


def _flatten_on_white(img: Image.Image) -> Image.Image:
    rgba = img.convert("RGBA")
    background = Image.new("RGB", rgba.size, "white")
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def _check_pdf(data: bytes) -> bytes:
    try:
        return uploads_pdf.clean_pdf(data)
    except uploads_pdf.PdfRefused as exc:
        raise UploadRefused(str(exc)) from exc
