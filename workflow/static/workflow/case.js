// Colours chosen per operation in the admin: set through the CSSOM (no inline style attributes, so the page's
// Content-Security-Policy needs no 'unsafe-inline' for styles).
document.querySelectorAll("[data-op-color]").forEach(function (el) {
  el.style.setProperty("--op-color", el.dataset.opColor);
});
document.querySelectorAll("[data-border-color]").forEach(function (el) {
  el.style.borderColor = el.dataset.borderColor;
});

// Default descriptions: choosing one fills the description field of its form.
document.querySelectorAll("select.canned").forEach(function (select) {
  select.addEventListener("change", function () {
    var field = select.form.querySelector("[name=" + select.dataset.target + "]");
    if (field && select.value) field.value = select.value;
  });
});
