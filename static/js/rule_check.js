// The admin's rule forms: each expression is checked as it is typed, by the same compiler the
// checks use (syntax, and references against the tables' description); the answer is shown
// under the field. Saving checks it again, so a page without this script loses nothing.
(function () {
  "use strict";

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function attach(area, now) {
    if (area.dataset.checking || area.name.indexOf("__prefix__") !== -1) {
      return;
    }
    area.dataset.checking = "1";
    const note = document.createElement("p");
    note.className = "rule-check";
    note.setAttribute("role", "status");
    note.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", note);
    let timer = null;
    let sent = 0;

    function show(text, ok) {
      note.textContent = text;
      note.classList.toggle("rule-check-ok", ok === true);
      note.classList.toggle("rule-check-error", ok === false);
    }

    function check() {
      if (!area.value.trim()) {
        show("", null);
        return;
      }
      const mine = ++sent;
      fetch(area.dataset.checkUrl, {
        method: "POST",
        body: new URLSearchParams({ expression: area.value }),
        headers: { "X-CSRFToken": csrfToken() },
        credentials: "same-origin",
      })
        .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
        .then((data) => {
          if (mine === sent) {
            show(data.message, data.ok);
          }
        })
        .catch(() => {
          if (mine === sent) {
            show("暂时无法检查表达式，保存时仍会检查。", null);
          }
        });
    }

    area.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(check, 300);
    });
    if (now) {
      check();
    }
  }

  // A rule's own page is checked at once; a rule set's list of 80 rules only as each is edited.
  function scan() {
    const areas = document.querySelectorAll("textarea[data-check-url]");
    areas.forEach((area) => attach(area, areas.length <= 3));
  }

  document.addEventListener("DOMContentLoaded", scan);
  document.addEventListener("formset:added", scan);
})();
