// The concern register's running clocks: the server renders the time left; this only keeps
// it current while the page stays open (same wording: 剩余 3小时12分 / 已超时 2小时).
(function () {
  "use strict";
  function text(ms) {
    var late = ms <= 0;
    var minutes = Math.floor(Math.abs(ms) / 60000);
    var h = Math.floor(minutes / 60), m = minutes % 60;
    if (!late && minutes < 1) { return "剩余 不足1分钟"; }
    return (late ? "已超时 " : "剩余 ") + h + "小时" + (m ? m + "分" : "");
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll(".clock[data-due]").forEach(function (el) {
      var due = Date.parse(el.getAttribute("data-due"));
      if (isNaN(due)) { return; }
      el.textContent = text(due - now);
      el.classList.toggle("clock-overdue", due - now <= 0);
    });
  }
  tick();
  setInterval(tick, 30000);
})();
