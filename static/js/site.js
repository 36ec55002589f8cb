/* Site behaviour without inline script (the Content-Security-Policy allows only files
   from this site): the phone menu toggle and read-aloud on article pages. */
(function () {
  "use strict";

  function setupMenu() {
    var button = document.querySelector(".nav-toggle");
    if (!button) { return; }
    var list = document.getElementById(button.getAttribute("aria-controls"));
    if (!list) { return; }
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      list.classList.toggle("is-open", open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        button.setAttribute("aria-expanded", "false");
        list.classList.remove("is-open");
        button.focus();
      }
    });
  }

  /* 朗读: the browser's own speech synthesis, nothing sent anywhere. */
  function setupReadAloud() {
    var button = document.querySelector("[data-read-aloud]");
    if (!button || !("speechSynthesis" in window) || typeof window.SpeechSynthesisUtterance !== "function") {
      return;
    }
    var target = document.querySelector(button.getAttribute("data-read-aloud"));
    if (!target) { return; }
    var synth = window.speechSynthesis;
    var labelOn = button.getAttribute("data-label-stop") || "停止朗读";
    var labelOff = button.textContent;

    function setState(on) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? labelOn : labelOff;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (button.getAttribute("aria-pressed") === "true") {
        synth.cancel();
        setState(false);
        return;
      }
      synth.cancel();
      var utterance = new window.SpeechSynthesisUtterance(target.innerText);
      utterance.lang = "zh-CN";
      utterance.rate = 0.95;
      utterance.onend = function () { setState(false); };
      utterance.onerror = function () { setState(false); };
      setState(true);
      synth.speak(utterance);
    });
    window.addEventListener("pagehide", function () { synth.cancel(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupMenu();
    setupReadAloud();
  });
})();
