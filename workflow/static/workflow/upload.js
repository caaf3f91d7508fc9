// Resumable photo upload for a flaky phone connection: each file is sent in 256 KB chunks at an offset; a failed
// chunk is retried with back-off, and after a 409 the client resumes from the offset the server reports.
(function () {
  var form = document.getElementById("visit-form");
  var input = document.getElementById("photo-input");
  var list = document.getElementById("upload-list");
  if (!form || !input) return;
  var CHUNK = 256 * 1024;
  var pending = 0;
  function csrf() { return form.querySelector("[name=csrfmiddlewaretoken]").value; }
  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  async function send(file, li) {
    var begin = await fetch(form.dataset.beginUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(), "Content-Type": "application/json" },
      body: JSON.stringify({ filename: file.name, size: file.size, content_type: file.type })
    });
    if (!begin.ok) {
      var refusal = await begin.json().catch(function () { return {}; });
      li.textContent = file.name + " ✗ " + (refusal.message || refusal.error_fa || begin.status); return;
    }
    var upload = await begin.json();
    var offset = 0, tries = 0;
    while (offset < file.size) {
      try {
        var resp = await fetch(upload.chunk_url + "?offset=" + offset, {
          method: "PUT", credentials: "same-origin",
          headers: { "X-CSRFToken": csrf(), "Content-Type": "application/octet-stream" },
          body: file.slice(offset, offset + CHUNK)
        });
        var body = await resp.json();
        if (resp.ok || resp.status === 409) { offset = body.received; tries = 0; li.className = ""; }
        else if (resp.status >= 400 && resp.status < 500) {  // refused (e.g. not an image): retrying cannot help
          li.className = ""; li.textContent = file.name + " ✗ " + (body.message || body.error_fa || resp.status); return;
        }
        else { throw new Error(body.error || resp.status); }
        li.textContent = file.name + " " + Math.round(100 * offset / file.size) + "%";
        if (body.attachment_id) {
          var hidden = document.createElement("input");
          hidden.type = "hidden"; hidden.name = "photo"; hidden.value = body.attachment_id;
          form.appendChild(hidden);
          li.className = "done"; li.textContent = file.name + " ✓";
        }
      } catch (err) {
        tries += 1; li.className = "retrying"; li.textContent = file.name + " … " + tries;
        await sleep(Math.min(30000, 500 * Math.pow(2, tries)));
      }
    }
  }
  input.addEventListener("change", function () {
    Array.prototype.forEach.call(input.files, function (file) {
      var li = document.createElement("li"); li.textContent = file.name; list.appendChild(li);
      pending += 1;
      send(file, li).finally(function () { pending -= 1; });
    });
  });
  form.addEventListener("submit", function (e) { if (pending > 0) { e.preventDefault(); alert("…"); } });
})();
