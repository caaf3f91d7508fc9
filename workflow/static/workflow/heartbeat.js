// Tell the server this browser is open (online users); every 30 s while the page is visible.
(function () {
  var script = document.currentScript;
  var url = script && script.dataset.url;
  if (!url) return;
  function csrf() { var m = document.cookie.match(/csrftoken=([^;]+)/); return m ? m[1] : ""; }
  function beat() {
    if (document.visibilityState === "hidden") return;
    fetch(url, { method: "POST", headers: { "X-CSRFToken": csrf() }, credentials: "same-origin" }).catch(function () {});
  }
  beat();
  setInterval(beat, 30000);
})();
