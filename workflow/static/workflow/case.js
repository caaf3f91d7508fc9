// Default descriptions: choosing one fills the description field of its form.
document.querySelectorAll("select.canned").forEach(function (select) {
  select.addEventListener("change", function () {
    var field = select.form.querySelector("[name=" + select.dataset.target + "]");
    if (field && select.value) field.value = select.value;
  });
});
