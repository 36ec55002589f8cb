/* The item editor shows only the fields of the chosen kind (文号 and 文件类型 for documents,
   报告年度 for annual reports) and the withholding ground only for 不予公开. Each such field's
   wrapper carries data-show-if (the controlling field's name) and data-show-values (the
   values for which it shows); the server renders the initial state and ignores hidden
   fields, so this script only keeps the page in step while the user changes the kind. */
(function () {
  "use strict";

  function valueOf(form, name) {
    var control = form.elements[name];
    return control ? control.value : "";
  }

  function update(form) {
    var wrappers = form.querySelectorAll("[data-show-if]");
    Array.prototype.forEach.call(wrappers, function (el) {
      var allowed = (el.getAttribute("data-show-values") || "").split(" ");
      el.hidden = allowed.indexOf(valueOf(form, el.getAttribute("data-show-if"))) === -1;
    });
  }

  function init() {
    var forms = document.querySelectorAll("form.item-form");
    Array.prototype.forEach.call(forms, function (form) {
      var controls = {};
      Array.prototype.forEach.call(form.querySelectorAll("[data-show-if]"), function (el) {
        controls[el.getAttribute("data-show-if")] = true;
      });
      form.addEventListener("change", function (event) {
        if (event.target && controls[event.target.name]) {
          update(form);
        }
      });
      update(form);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
