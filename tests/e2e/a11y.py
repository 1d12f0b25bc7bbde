"""Accessibility probes shared by the audits: axe-core (npm package, no CDN), focus and overflow checks."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.e2e.conftest import ROOT

AXE = ROOT / "tests/e2e/axe/node_modules/axe-core/axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_violations(page: Page, screen: str) -> list[str]:
    """axe-core's violations on the page as it is now, one line per rule (with up to three targets)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # The app's CSP refuses inline <script> (add_script_tag): evaluate the file through the devtools protocol.
        page.evaluate(AXE.read_text() + "\n;typeof axe")
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return r.violations.map(v => `${v.impact} ${v.id}: ` +
                v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '')
                    .replace(/\\s+/g, ' ').slice(0, 160)).join(' | '));
        }""",
        TAGS,
    )
    return [f"{screen}: {line}" for line in result]


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page scrolls sideways (0 when it reflows)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


FOCUS_VISIBLE = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return '';
    const s = getComputedStyle(e);
    const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)
        || (s.boxShadow && s.boxShadow !== 'none');
    return ring ? 'ok' : (e.id || e.tagName + ':' + (e.textContent || '').trim().slice(0, 30));
}"""
