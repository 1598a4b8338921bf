// The approval page (templates/review/approve_confirm.html): polls the preview PDF's progress
// every two seconds and shows the link once it is rendered. Without this file the page says
// how to refresh it by hand.
(function () {
  "use strict";

  var section = document.querySelector("section.preview-status[data-status-url]");
  if (!section) {
    return;
  }
  var state = section.querySelector(".preview-state");
  var linkLine = section.querySelector(".preview-link");
  var wait = section.querySelector(".preview-wait");
  var url = section.getAttribute("data-status-url");

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data) {
          return;
        }
        state.textContent = data.label;
        if (data.done) {
          linkLine.querySelector("a").setAttribute("href", data.url);
          linkLine.hidden = false;
          if (wait) {
            wait.hidden = true;
          }
        } else if (data.status === "pending" || data.status === "rendering") {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  if (linkLine.hidden && (section.querySelector(".preview-wait") !== null)) {
    window.setTimeout(poll, 1000);
  }
})();
