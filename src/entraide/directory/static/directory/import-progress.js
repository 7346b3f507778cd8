/* Entraide — progress of a directory import. The import runs in the form's own request; while
   the browser waits for the report, this asks the server how far it is and fills a <progress>.
   Without JavaScript the form still posts and the report page says it all. */
(function () {
  "use strict";
  function start() {
    var form = document.querySelector("form[data-progress-url]");
    if (!form || !form.dataset.progressUrl || !window.fetch) { return; }
    form.addEventListener("submit", function () {
      var box = form.querySelector(".import-progress");
      var bar = box.querySelector("progress");
      var status = box.querySelector("[role=status]");
      box.hidden = false;
      function poll() {
        fetch(form.dataset.progressUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : null; })
          .then(function (data) {
            if (!data) { return; }
            if (data.total) {
              bar.value = Math.round((100 * data.done) / data.total);
            }
            var text = status.dataset[data.phase] || status.dataset.reading;
            if (data.phase === "checking") { text += " " + data.done + " / " + data.total; }
            status.textContent = text;
            if (data.phase !== "done") { window.setTimeout(poll, 700); }
          })
          .catch(function () { window.setTimeout(poll, 1500); });
      }
      window.setTimeout(poll, 300);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
