// 开启新年度's progress page (templates/admin/disclosures/reportingyear/open_progress.html): while
// the reports are being created, polls the run's progress every second and reloads the page
// once it is finished. Without this file the page says to refresh it by hand.
(function () {
  "use strict";

  var section = document.getElementById("year-open-progress");
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
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 1000);
})();
