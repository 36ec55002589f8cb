// The reply screen: show only the parts the chosen reply type needs. Without script
// every part stays visible and the server still says which ones are missing.
(function () {
  var form = document.getElementById("reply-form");
  if (!form) return;
  var select = form.querySelector("select[name=reply_type]");
  function update() {
    var type = select.value;
    form.querySelectorAll("[data-reply-types]").forEach(function (el) {
      var types = el.getAttribute("data-reply-types").split(" ");
      var box = el.tagName === "FIELDSET" ? el : el.closest(".field");
      if (box) box.hidden = type !== "" && types.indexOf(type) === -1;
    });
  }
  select.addEventListener("change", update);
  update();
})();
