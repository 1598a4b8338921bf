// The 公开检查's results page (templates/review/inspection.html): while files are being checked,
// polls their progress every two seconds and reloads the page once all are checked. Without
// this file the page says to refresh it by hand.
(function () {
  "use strict";

  var section = document.querySelector("section.inspection-progress[data-progress-url]");
  if (!section || section.getAttribute("data-finished") === "1") {
    return;
  }
  var url = section.getAttribute("data-progress-url");
  var bar = section.querySelector("progress");
  var label = section.querySelector(".progress-label");

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
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 2000);
})();
