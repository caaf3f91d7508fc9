/* Draft review: the address widget's typed text and chosen place go with the form (address_text; the widget's own
   hidden inputs carry the point), and the "answer given on the spot" field shows only for immediate messages. */
(function () {
  "use strict";
  var form = document.querySelector("[data-testid=draft-form]");
  if (!form) return;
  var hidden = form.querySelector("input[name=address_text]");
  var widget = form.querySelector("[data-address-widget]");
  if (widget && hidden) {
    var input = widget.querySelector(".address-input");
    input.addEventListener("input", function () {
      hidden.value = input.value.trim();
      // a new fragment: the point chosen for the previous one no longer applies
      widget.querySelectorAll("input[data-field]").forEach(function (field) { field.value = ""; });
    });
    widget.addEventListener("address:chosen", function (event) { hidden.value = event.detail.label; });
  }
  var update = function () {
    var immediate = form.querySelector("input[name=urgency][value=immediate]");
    form.querySelectorAll(".when-immediate").forEach(function (el) { el.hidden = !(immediate && immediate.checked); });
  };
  form.addEventListener("change", update);
  update();
})();
