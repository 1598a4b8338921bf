// A button marked data-print prints the page (the 通报: templates/review/inspection_notice.html).
(function () {
  "use strict";
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
