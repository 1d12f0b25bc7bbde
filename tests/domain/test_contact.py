"""The one postal-address and email rule (hubpro/domain/contact.py)."""

from __future__ import annotations

import pytest

from hubpro.domain import contact


@pytest.mark.parametrize(
    ("value", "ok"), [("69003", True), ("6900", False), ("690031", False), ("69 03", False), ("", False)]
)
def test_postal_code(value, ok):
    assert contact.postal_code_ok(value) is ok


def test_address_errors_name_the_form_fields():
    assert contact.address_errors("12 rue des Lilas", "69003", "Lyon") == {}
    assert contact.address_errors("12", "6900", "L", fields=("a", "p", "c")) == {
        "a": contact.STREET_MESSAGE,
        "p": contact.POSTAL_CODE_MESSAGE,
        "c": contact.CITY_MESSAGE,
    }


@pytest.mark.parametrize(
    ("value", "ok"),
    [("nom@exemple.fr", True), ("a@b.c", False), ("sans-arobase.fr", False), ("a b@c.fr", False),
     ("x" * 65 + "@exemple.fr", False), ("a@" + "b" * 250 + ".fr", False)],
)  # fmt: skip
def test_email(value, ok):
    assert contact.email_ok(value) is ok
