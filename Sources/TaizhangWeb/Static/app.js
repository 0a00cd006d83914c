// Small enhancements; every page works without this file.
// - File inputs show the chosen file's size, and refuse one over the limit before uploading.
// - Uploads show their progress (the form is then sent by XMLHttpRequest; the answer replaces the page).
// - "/" moves to the search box.
(function () {
  "use strict";
  function size(n) {
    if (n < 1024) return n + " B";
    if (n < 1048576) return (n / 1024).toFixed(1) + " KB";
    return (n / 1048576).toFixed(1) + " MB";
  }
  document.querySelectorAll("form.upload").forEach(function (form) {
    var input = form.querySelector("input[type=file]");
    var label = form.querySelector(".file-size");
    var bar = form.querySelector(".upload-progress");
    var max = parseInt(form.getAttribute("data-max") || "0", 10);
    if (!input) return;
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!label) return;
      if (!file) { label.textContent = ""; return; }
      var text = file.name + " · " + size(file.size);
      if (max && file.size > max) {
        text += document.documentElement.lang === "en" ? " — too large" : " — 文件过大";
      }
      label.textContent = text;
    });
    form.addEventListener("submit", function (event) {
      var file = input.files && input.files[0];
      if (!file || !window.XMLHttpRequest || !window.FormData || !bar) return;
      event.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      bar.hidden = false;
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
      });
      xhr.addEventListener("load", function () {
        // Redirected (the usual answer to a form): go there. Answered with a page in place (an
        // import's preview, a refusal): show that page.
        var redirected = xhr.responseURL && new URL(xhr.responseURL).pathname !== new URL(form.action).pathname;
        if (xhr.status >= 200 && xhr.status < 300 && redirected) {
          window.location.assign(xhr.responseURL);
        } else {
          document.open();
          document.write(xhr.responseText);
          document.close();
        }
      });
      xhr.addEventListener("error", function () { form.submit(); });
      xhr.send(new FormData(form));
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT")) return;
    var search = document.querySelector("input[type=search]");
    if (search) { event.preventDefault(); search.focus(); }
  });
})();
