// A page showing work done in the background (the 公开检查's results, templates/review/inspection.html;
// 开启新年度's progress, templates/admin/disclosures/reportingyear/open_progress.html): while the work
// runs, polls the section's data-progress-url every data-poll-ms (2 s unless given), updates its
// <progress> and label, and reloads the page once finished. Without this file the page says to
// refresh it by hand.
(function () {
  "use strict";

  var section = document.querySelector("section[data-progress-url]");
  if (!section || section.getAttribute("data-finished") === "1") {
    return;
  }
  var url = section.getAttribute("data-progress-url");
  var bar = section.querySelector("progress");
  var label = section.querySelector(".progress-label");
  var every = parseInt(section.getAttribute("data-poll-ms"), 10) || 2000;

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data) {
          window.setTimeout(poll, 5000);
          return;
        }
        bar.value = data.percent;
        label.textContent = data.label;
        if (data.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, every);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, every);
})();
