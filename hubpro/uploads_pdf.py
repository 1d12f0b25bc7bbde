"""Uploaded PDFs: refused when encrypted, scripted or carrying attachments; otherwise rewritten page by page.

The rewrite keeps what a reader sees (each page's content, resources and size) and nothing else: no
document actions (/OpenAction, /AA), no /Names tree (JavaScript, embedded files), no form (/AcroForm,
/XFA), no annotations (links, widgets, attachments: visible ones are flattened into the page first, so
a filled form keeps its values), no outline, metadata or bytes after the end of the file.
"""

from __future__ import annotations

import re
from io import BytesIO

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    PdfObject,
    StreamObject,
)

MAX_PDF_PAGES = 20
PDF_EOF_WINDOW = 1024

PDF_UNREADABLE = "Le PDF est incomplet ou illisible : enregistrez-le à nouveau ou envoyez une photo du document."
PDF_ENCRYPTED = (
    "Le PDF est protégé par un mot de passe : enregistrez-le à nouveau sans protection ou envoyez une photo."
)
PDF_PAGES = f"Le PDF doit contenir entre 1 et {MAX_PDF_PAGES} pages : envoyez uniquement les pages utiles."
PDF_ACTIVE = (
    "Le PDF contient des éléments actifs (scripts ou pièces jointes) : "
    "enregistrez-le à nouveau en PDF simple ou envoyez une photo."
)
PDF_DYNAMIC_FORM = (
    "Le PDF est un formulaire dynamique qui ne s'affiche pas sans Adobe Reader : "
    "imprimez-le en PDF ou envoyez une photo."
)

# A PDF name followed by a delimiter, so that e.g. Apple's harmless /AAPL:Keywords is not taken for /AA.
ACTIVE_TOKEN = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?|AA)(?=[\s()<>\[\]{}/%]|\Z)")
_ACTIVE_KEYS = frozenset({"/JS", "/JavaScript", "/AA", "/Launch", "/EmbeddedFile", "/EmbeddedFiles"})
_ACTIVE_NAMES = frozenset({"/JavaScript", "/Launch", "/EmbeddedFile", "/FileAttachment"})
# What may not survive the rewrite at all (checked on the rewritten bytes).
_REWRITE_FORBIDDEN_KEYS = _ACTIVE_KEYS | {"/OpenAction", "/AcroForm", "/XFA", "/Names", "/Annots", "/URI"}
_REWRITE_FORBIDDEN_NAMES = _ACTIVE_NAMES | {
    "/SubmitForm", "/ImportData", "/ResetForm", "/GoToR", "/GoToE", "/URI", "/Widget", "/Link", "/RichMedia",
}  # fmt: skip
_PAGE_KEYS = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox", "/Rotate", "/UserUnit", "/Resources",
              "/Contents")  # fmt: skip
_HIDDEN_FLAGS = 2 | 32  # Hidden, NoView


class PdfRefused(ValueError):
    """A refused PDF; str(exc) is a clear French reason for the driver."""


def clean_pdf(data: bytes) -> bytes:
    """Checks an uploaded PDF and returns its rewritten bytes.

    Args:
        data: The uploaded bytes (starting with %PDF-).

    Returns:
        A new PDF holding only the pages' visible content.

    Raises:
        PdfRefused: The PDF is damaged, encrypted, scripted, has attachments or a wrong page count.
    """
    if ACTIVE_TOKEN.search(data):
        raise PdfRefused(PDF_ACTIVE)
    if b"%%EOF" not in data[-PDF_EOF_WINDOW:]:
        raise PdfRefused(PDF_UNREADABLE)
    try:
        reader = PdfReader(BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise PdfRefused(PDF_ENCRYPTED)
        pages = len(reader.pages)
        if not 1 <= pages <= MAX_PDF_PAGES:
            raise PdfRefused(PDF_PAGES)
        if has_active_objects(reader.trailer):
            raise PdfRefused(PDF_ACTIVE)
        if _needs_rendering(reader):
            raise PdfRefused(PDF_DYNAMIC_FORM)
        out = _rewrite(reader)
        check = PdfReader(BytesIO(out), strict=False)
        if len(check.pages) != pages or has_active_objects(check.trailer, rewritten=True):
            raise PdfRefused(PDF_ACTIVE)  # never expected: the rewrite let something through
    except PdfRefused:
        raise
    except Exception as exc:  # pypdf raises many kinds of errors on damaged files
        raise PdfRefused(PDF_UNREADABLE) from exc
    return out


def has_active_objects(root: PdfObject, *, rewritten: bool = False) -> bool:
    """Walks every object reachable from `root`, catching names a raw byte scan misses.

    Names written with #xx escapes or kept inside compressed object streams are only visible once parsed.

    Args:
        root: Usually the trailer of a reader.
        rewritten: Also look for what the rewrite removes (forms, actions, annotations, name trees).
    """
    keys = _REWRITE_FORBIDDEN_KEYS if rewritten else _ACTIVE_KEYS
    names = _REWRITE_FORBIDDEN_NAMES if rewritten else _ACTIVE_NAMES
    seen: set[tuple[int, int]] = set()
    stack: list[object] = [root]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            if keys.intersection(obj.keys()):
                return True
            for key in ("/S", "/Type", "/Subtype"):
                value = obj.get(key)
                if isinstance(value, NameObject) and value in names:
                    return True
            stack.extend(dict.values(obj))
        elif isinstance(obj, ArrayObject):
            stack.extend(list.__iter__(obj))
    return False


def _needs_rendering(reader: PdfReader) -> bool:
    """A dynamic XFA form: its pages hold only a « please wait » placeholder."""
    return bool(reader.trailer["/Root"].get_object().get("/NeedsRendering", False))


def _rewrite(reader: PdfReader) -> bytes:
    writer = PdfWriter()
    flattened = 0
    for source in reader.pages:
        drop = [k for k in source if k not in _PAGE_KEYS and k != "/Type"]
        page = writer.add_page(source, excluded_keys=drop)
        for annot in _visible_appearances(source):
            flattened += 1  # names unique in the document: pages may share one resource dictionary
            _flatten(writer, page, f"/HpAnnot{flattened}", *annot)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _visible_appearances(page: DictionaryObject) -> list[tuple[StreamObject, list[float]]]:
    """(appearance stream, /Rect) of each annotation a viewer would draw on the page."""
    annots = page.get("/Annots")
    annots = annots.get_object() if annots is not None else None
    if not isinstance(annots, ArrayObject):
        return []
    found = []
    for ref in annots:
        annot = ref.get_object()
        if not isinstance(annot, DictionaryObject) or annot.get("/Subtype") == "/Popup":
            continue
        if int(annot.get("/F", 0)) & _HIDDEN_FLAGS:
            continue
        ap = annot.get("/AP")
        normal = ap.get_object().get("/N") if isinstance(ap, (DictionaryObject, IndirectObject)) else None
        normal = normal.get_object() if normal is not None else None
        if isinstance(normal, DictionaryObject) and not isinstance(normal, StreamObject):
            state = annot.get("/AS")
            normal = normal.get(state).get_object() if state is not None and state in normal else None
        rect = annot.get("/Rect")
        if isinstance(normal, StreamObject) and rect is not None and len(rect) == 4:
            found.append((normal, [float(v) for v in rect]))
    return found


def _flatten(writer: PdfWriter, page: DictionaryObject, name: str, stream: StreamObject, rect: list[float]) -> None:
    """Draws an annotation's appearance into the page content (PDF 32000-1 §12.5.5 placement)."""
    form = stream.clone(writer)
    x0, y0, x1, y1 = (float(v) for v in stream.get("/BBox", [0, 0, 0, 0]))
    a, b, c, d, e, f = (float(v) for v in stream.get("/Matrix", [1, 0, 0, 1, 0, 0]))
    xs = [a * x + c * y + e for x in (x0, x1) for y in (y0, y1)]
    ys = [b * x + d * y + f for x in (x0, x1) for y in (y0, y1)]
    rx0, rx1 = sorted(rect[0::2])
    ry0, ry1 = sorted(rect[1::2])
    sx = (rx1 - rx0) / (max(xs) - min(xs)) if max(xs) > min(xs) else 1.0
    sy = (ry1 - ry0) / (max(ys) - min(ys)) if max(ys) > min(ys) else 1.0
    matrix = [sx, 0, 0, sy, rx0 - sx * min(xs), ry0 - sy * min(ys)]
    resources = page.setdefault(NameObject("/Resources"), DictionaryObject()).get_object()
    xobjects = resources.setdefault(NameObject("/XObject"), DictionaryObject()).get_object()
    xobjects[NameObject(name)] = form.indirect_reference or writer._add_object(form)
    cm = " ".join(f"{FloatObject(v)}" for v in matrix)
    before, after = StreamObject(), StreamObject()
    before.set_data(b"q\n")
    after.set_data(f"\nQ\nq {cm} cm {name} Do Q\n".encode())
    existing = page.get("/Contents")
    existing = existing.get_object() if existing is not None else None
    parts = list(existing) if isinstance(existing, ArrayObject) else ([page["/Contents"]] if existing else [])
    page[NameObject("/Contents")] = ArrayObject([writer._add_object(before), *parts, writer._add_object(after)])
