"""The upload boxes: the browser's refusals (react-dropzone codes) become the French upload messages."""

from __future__ import annotations

import reflex as rx

import hubpro.pages  # noqa: F401  (registers the states)
from hubpro import uploads
from hubpro.state.request_page import ONE_FILE, RequestPageState


def _form() -> RequestPageState:
    root = rx.State(_reflex_internal_init=True)
    return root.get_substate(RequestPageState.get_full_name().split(".")[1:])


def _rejected(*codes: str) -> list[dict]:
    return [{"file": {"path": "photo.heic"}, "errors": [{"code": c, "message": "…"} for c in codes]}]


def test_a_file_over_10_mb_refused_by_the_browser_gets_the_size_message():
    form = _form()
    form.uploading = "photo"
    form.upload_rejected("photo", _rejected("file-too-large"))
    assert form.doc_errors == {"photo": uploads.TOO_BIG}
    assert form.uploading == ""


def test_other_browser_refusals_and_malformed_payloads():
    form = _form()
    form.upload_rejected("identity", _rejected("file-invalid-type"))
    form.upload_rejected("licence_front", _rejected("too-many-files"))
    form.upload_rejected("licence_back", "n'importe quoi")  # clients can send anything
    assert form.doc_errors == {"identity": uploads.BAD_FORMAT, "licence_front": ONE_FILE,
                               "licence_back": uploads.BAD_FORMAT}  # fmt: skip
