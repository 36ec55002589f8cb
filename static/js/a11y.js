/* Large-type and high-contrast modes (适老化与无障碍). Loaded synchronously in <head>
   so the saved mode is on <html> before the first paint. */
(function () {
  "use strict";
  var MODES = { "toggle-large": "large-type", "toggle-contrast": "high-contrast" };
  var root = document.documentElement;
  // Scripted enhancements (the collapsible menu) style themselves under html.js; without
  // script everything stays expanded and usable.
  root.classList.add("js");

  function stored(cls) {
    try { return window.localStorage.getItem("a11y:" + cls) === "1"; } catch (e) { return false; }
  }
  function store(cls, on) {
    try { window.localStorage.setItem("a11y:" + cls, on ? "1" : "0"); } catch (e) { /* private mode */ }
  }

  Object.keys(MODES).forEach(function (id) {
    if (stored(MODES[id])) { root.classList.add(MODES[id]); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    Object.keys(MODES).forEach(function (id) {
      var button = document.getElementById(id);
      var cls = MODES[id];
      if (!button) { return; }
      button.setAttribute("aria-pressed", root.classList.contains(cls) ? "true" : "false");
      button.addEventListener("click", function () {
        var on = !root.classList.contains(cls);
        root.classList.toggle(cls, on);
        button.setAttribute("aria-pressed", on ? "true" : "false");
        store(cls, on);
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
