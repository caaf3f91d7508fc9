// Keyboard navigation of an inbox: j/k (or arrows) move, x/space selects, Enter opens; select-all box.
(function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-testid=inbox-row]"));
  var all = document.getElementById("select-all");
  if (all) all.addEventListener("change", function () {
    rows.forEach(function (r) { var c = r.querySelector("input[type=checkbox]"); if (c) c.checked = all.checked; });
  });
  var current = -1;
  function focus(i) {
    if (!rows.length) return;
    current = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach(function (r) { r.classList.remove("kbd-current"); });
    rows[current].classList.add("kbd-current");
    rows[current].focus();
  }
  document.addEventListener("keydown", function (e) {
    var tag = (e.target.tagName || "").toLowerCase();
    if (tag === "input" && e.target.type !== "checkbox" || tag === "textarea" || tag === "select") return;
    if (e.key === "j" || e.key === "ArrowDown") { focus(current + 1); e.preventDefault(); }
    else if (e.key === "k" || e.key === "ArrowUp") { focus(current - 1); e.preventDefault(); }
    else if ((e.key === "x" || e.key === " ") && current >= 0) {
      var c = rows[current].querySelector("input[type=checkbox]"); if (c) c.checked = !c.checked; e.preventDefault();
    } else if (e.key === "Enter" && current >= 0 && tag !== "input") { window.location = rows[current].dataset.href; }
  });
})();
