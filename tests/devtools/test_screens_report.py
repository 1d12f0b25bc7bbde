"""Pure parts of `make screens`: the pixel threshold, the comparison images and the gallery page."""

from __future__ import annotations

from PIL import Image

from hubpro.devtools.catalogue import SCREENS, shots
from hubpro.devtools.report import CHANGED_FRACTION, changed_fraction, compare_folders, index_html
from hubpro.personas import BY_SLUG


def test_threshold_ignores_noise_and_marks_a_real_change(tmp_path):
    base = Image.new("RGB", (100, 100), "white")
    noise = base.copy()
    noise.putpixel((5, 5), (250, 250, 250))  # anti-aliasing level change
    assert changed_fraction(base, noise) == 0
    button = base.copy()
    button.paste((0, 0, 200), (10, 10, 30, 20))  # 200 px of 10 000 : 2 %
    assert changed_fraction(base, button) > CHANGED_FRACTION
    assert changed_fraction(base, Image.new("RGB", (100, 120), "white")) == 1.0
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    base.save(tmp_path / "a" / "x.png")
    base.save(tmp_path / "a" / "same.png")
    button.save(tmp_path / "b" / "x.png")
    base.save(tmp_path / "b" / "same.png")
    assert list(compare_folders(tmp_path / "a", tmp_path / "b", tmp_path / "b")) == ["x.png"]
    assert (tmp_path / "b" / "x.cmp.png").exists() and not (tmp_path / "b" / "same.cmp.png").exists()


def test_index_has_one_section_per_screen_labelled_and_linked():
    chosen = shots("requests")
    assert {s.screen.key for s in chosen} == {"requests"} and {s.size for s in chosen} == {"telephone", "ordinateur"}
    page = index_html(chosen, "http://localhost:9", {s.name: "/espace/demandes" for s in chosen},
                      {chosen[0].name: 0.05})  # fmt: skip
    assert page.count("<section") == 1 and "Mes demandes" in page and 'lang="fr"' in page
    assert "390×844" in page and "1280×800" in page and 'href="http://localhost:9/espace/demandes"' in page
    assert "modifiée (5.0%)" in page and chosen[0].name.replace(".png", ".cmp.png") in page


def test_every_catalogue_persona_is_seeded():
    for screen in SCREENS:
        for slug in screen.personas:
            assert slug == "anonyme" or slug in BY_SLUG, (screen.key, slug)
