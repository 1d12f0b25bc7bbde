"""Pure parts of ``make screens``: pixel comparison and the gallery page."""

from __future__ import annotations

import html
from pathlib import Path

from PIL import Image, ImageChops

from hubpro.devtools.catalogue import SIZES, Shot

CHANNEL_TOLERANCE = 24  # a pixel counts as changed when a channel moved more than this (anti-aliasing noise)
CHANGED_FRACTION = 0.001  # a screen is « modifié » when more than 0.1 % of its pixels changed


def changed_fraction(before: Image.Image, after: Image.Image) -> float:
    """Share of pixels that differ (a size change counts as everything changed)."""
    if before.size != after.size:
        return 1.0
    diff = ImageChops.difference(before.convert("RGB"), after.convert("RGB")).convert("L")
    moved = diff.point(lambda v: 255 if v > CHANNEL_TOLERANCE else 0)
    return moved.histogram()[255] / (moved.width * moved.height)


def comparison(before: Image.Image, after: Image.Image) -> Image.Image:
    """Avant | après | différence (changed pixels in red over a faded « après »)."""
    w, h = max(before.width, after.width), max(before.height, after.height)
    a, b = before.convert("RGB"), after.convert("RGB")
    out = Image.new("RGB", (w * 3 + 20, h), "white")
    out.paste(a, (0, 0))
    out.paste(b, (w + 10, 0))
    if a.size == b.size:
        mask = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > CHANNEL_TOLERANCE else 0)
        faded = Image.blend(b, Image.new("RGB", b.size, "white"), 0.7)
        faded.paste(Image.new("RGB", b.size, (220, 0, 0)), (0, 0), mask)
        out.paste(faded, (2 * w + 20, 0))
    return out


def compare_folders(before: Path, after: Path, out: Path, threshold: float = CHANGED_FRACTION) -> dict[str, float]:
    """Changed shots by file name (and their fraction); writes ``<name>.cmp.png`` beside them in ``out``."""
    changed = {}
    for png in sorted(after.glob("*.png")):
        if png.name.endswith(".cmp.png"):
            continue
        old = before / png.name
        if not old.exists():
            changed[png.name] = 1.0
            continue
        with Image.open(old) as a, Image.open(png) as b:
            frac = changed_fraction(a, b)
            if frac > threshold:
                changed[png.name] = frac
                comparison(a, b).save(out / png.name.replace(".png", ".cmp.png"))
    return changed


STYLE = """body{font-family:system-ui,sans-serif;margin:1rem;color:#1b1b1b}h2{border-top:1px solid #ccc;
padding-top:1rem}.row{display:flex;flex-wrap:wrap;gap:1rem}figure{margin:0;max-width:340px}
img{border:1px solid #999;max-width:100%;max-height:300px}.changed{outline:4px solid #c00;padding:4px}
figcaption{font-size:.9rem}a{color:#0645ad}nav a{margin-right:.8rem}"""


def index_html(shots: list[Shot], base_url: str, paths: dict[str, str], changed: dict[str, float] | None = None) -> str:
    """The gallery: one section per screen, each shot labelled with its persona and size."""
    changed = changed or {}
    sections: dict[str, list[Shot]] = {}
    for s in shots:
        sections.setdefault(s.screen.key, []).append(s)
    e = html.escape
    parts = ['<!doctype html><html lang="fr"><meta charset="utf-8"><title>Catalogue des écrans – hubpro</title>',
             f"<style>{STYLE}</style><h1>Catalogue des écrans</h1>",
             f"<p>{len(shots)} captures, {len(sections)} écrans. Modifiées : {len(changed)}.</p><nav>"]  # fmt: skip
    parts += [f'<a href="#{e(k)}">{e(v[0].screen.title)}</a>' for k, v in sections.items()]
    parts.append("</nav>")
    for key, group in sections.items():
        parts.append(f'<section id="{e(key)}"><h2>{e(group[0].screen.title)}</h2><div class="row">')
        for s in group:
            w, h = SIZES[s.size]
            live = base_url + paths.get(s.name, "")
            mark = ""
            if s.name in changed:
                cmp = s.name.replace(".png", ".cmp.png")
                mark = f' · <strong>modifiée ({changed[s.name]:.1%})</strong> <a href="{e(cmp)}">avant / après</a>'
            parts.append(
                f'<figure class="{"changed" if s.name in changed else ""}"><a href="{e(s.name)}">'
                f'<img src="{e(s.name)}" alt="{e(s.screen.title)}, {e(s.persona)}, {w}×{h}" loading="lazy"></a>'
                f"<figcaption>Persona <b>{e(s.persona)}</b> · {e(s.size)} {w}×{h}{mark}<br>"
                f'<a href="{e(live)}">ouvrir en direct</a></figcaption></figure>'
            )
        parts.append("</div></section>")
    return "\n".join(parts) + "\n</html>\n"
