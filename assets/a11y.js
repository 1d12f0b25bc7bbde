// hubpro: keyboard and screen-reader help for the single-page app (no inline script: the CSP forbids it).
// - after a route change, focus goes to the new page's h1 (screen readers read it; Tab continues from there);
// - after a step change inside a page (« Continuer »), focus goes to the new step's heading;
// - a page may name itself more precisely than its route: <span id="hp-title" data-title="…"> sets the title.
(function () {
  "use strict";
  var lastPath = location.pathname;
  var lastStep = null;

  function focusOn(el) {
    if (!el) return false;
    if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
    el.focus({ preventScroll: false });
    return document.activeElement === el;
  }

  function focusNewHeading(old, tries) {
    var h1 = document.querySelector('main[data-ready="1"] h1');
    if (h1 && h1 !== old && focusOn(h1)) return;
    if (tries > 0) setTimeout(function () { focusNewHeading(old, tries - 1); }, 100);
  }

  function routeChanged() {
    if (location.pathname === lastPath) return;
    lastPath = location.pathname;
    lastStep = null;
    var active = document.activeElement;
    if (active && active !== document.body && document.querySelector("main") &&
        document.querySelector("main").contains(active) && active.matches("input, select, textarea")) return;
    focusNewHeading(document.querySelector("main h1"), 40);
  }

  ["pushState", "replaceState"].forEach(function (name) {
    var original = history[name];
    history[name] = function () {
      var result = original.apply(this, arguments);
      setTimeout(routeChanged, 0);
      return result;
    };
  });
  window.addEventListener("popstate", function () { setTimeout(routeChanged, 0); });

  function watch() {
    labelFileInputs();
    var named = document.getElementById("hp-title");
    if (named && named.dataset.title && document.title !== named.dataset.title) document.title = named.dataset.title;
    var count = document.getElementById("step-count");
    var step = count ? count.textContent : null;
    if (step !== lastStep) {
      var first = lastStep === null;
      lastStep = step;
      if (!first && count) {
        var heading = count.parentElement && count.parentElement.querySelector("h2");
        var active = document.activeElement;
        if (!active || active === document.body || active.tagName === "BUTTON") focusOn(heading);
      }
    }
  }

  // Upload boxes: their button opens the box's file input; the input is named after the box.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-file-for]");
    if (!button) return;
    var input = document.querySelector("#" + button.dataset.fileFor + " input[type=file]");
    if (input) { event.preventDefault(); input.click(); }
  });

  function labelFileInputs() {
    document.querySelectorAll("[data-label] input[type=file]:not([aria-label])").forEach(function (input) {
      input.setAttribute("aria-label", input.closest("[data-label]").dataset.label);
    });
  }

  function start() {
    new MutationObserver(watch).observe(document.body, { subtree: true, childList: true, characterData: true,
      attributes: true, attributeFilter: ["data-title"] });
    watch();
  }
  if (document.body) start(); else document.addEventListener("DOMContentLoaded", start);
})();
