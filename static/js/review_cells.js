// The reviewer's report page: a click on a cell of the nine tables adds it to the return's cells
// ("表号:行:列", resolved by the server to the cell's place) and marks it; a second click takes it out.
(function () {
  "use strict";
  var box = document.getElementById("return-cells");
  if (!box) return;
  var common = document.getElementById("common-reasons");
  var reason = document.getElementById("return-reason");
  if (common && reason) {
    common.addEventListener("change", function () {
      if (!common.value) return;
      reason.value = reason.value.trim() ? reason.value.replace(/\s+$/, "") + "\n" + common.value : common.value;
      common.value = "";
    });
  }
  var pattern = /^t(\d)-(.+)-([^-]+)$/;
  function keys() {
    return box.value.split(/[\n,，]+/).map(function (s) { return s.trim(); }).filter(Boolean);
  }
  document.addEventListener("click", function (event) {
    var cell = event.target.closest(".fiscal-table td[id]");
    if (!cell) return;
    var match = pattern.exec(cell.id);
    if (!match) return;
    var key = match[1] + ":" + match[2] + ":" + match[3];
    var current = keys();
    var at = current.indexOf(key);
    if (at === -1) { current.push(key); cell.classList.add("cited"); }
    else { current.splice(at, 1); cell.classList.remove("cited"); }
    box.value = current.join("\n");
  });
})();
