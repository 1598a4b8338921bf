// The performance self-evaluation form (templates/workspace/performance/edit.html):
// “添加一行” adds an indicator row in place, a row marked 删除 is shown struck out, and
// choosing another scoring template sets its 预算执行分值 while the field still holds the
// previous template's. Without this file the form works the same: “添加一行” posts the form
// back with one more row, and the server checks everything on 保存.
(function () {
  "use strict";

  var form = document.querySelector("form.performance-edit");
  if (!form) {
    return;
  }
  var table = form.querySelector("table.indicators");
  var rowTemplate = document.getElementById("indicator-row");
  var total = form.querySelector("input[name$='-TOTAL_FORMS']");
  var status = form.querySelector(".indicator-status");
  var addButton = form.querySelector("button.add-row");

  function renumber() {
    var number = 0;
    table.querySelectorAll("tbody.indicator").forEach(function (body) {
      number += 1;
      body.querySelector("th.no").textContent = String(number);
    });
    return number;
  }

  if (addButton && rowTemplate && total && table) {
    addButton.addEventListener("click", function (event) {
      event.preventDefault();
      var index = parseInt(total.value, 10);
      if (isNaN(index)) {
        return;
      }
      // The empty form's fields are named ind-__prefix__-…: this row's index replaces it.
      var container = document.createElement("table");
      container.innerHTML = rowTemplate.innerHTML.split("__prefix__").join(String(index));
      var body = container.querySelector("tbody.indicator");
      table.appendChild(body);
      total.value = String(index + 1);
      var number = renumber();
      var first = body.querySelector("input, select, textarea");
      if (first) {
        first.focus();
      }
      if (status) {
        status.textContent = "已添加第" + number + "行。";
      }
    });
  }

  if (table) {
    table.addEventListener("change", function (event) {
      var box = event.target;
      if (!box.classList || !box.classList.contains("delete-row")) {
        return;
      }
      var body = box.closest("tbody.indicator");
      body.classList.toggle("deleted", box.checked);
      if (status) {
        var number = body.querySelector("th.no").textContent;
        status.textContent = box.checked ? "第" + number + "行将在保存时删除。" : "第" + number + "行不再删除。";
      }
    });
    table.querySelectorAll("input.delete-row:checked").forEach(function (box) {
      box.closest("tbody.indicator").classList.add("deleted");
    });
  }

  var dataNode = document.getElementById("performance-templates");
  var templates = dataNode ? JSON.parse(dataNode.textContent) : {};
  var chooser = form.querySelector("select[name='template_key']");
  var weight = form.querySelector("input[name='execution_weight']");
  var hint = document.getElementById("template-hint");
  if (chooser) {
    var previous = chooser.value;
    chooser.addEventListener("change", function () {
      var was = templates[previous] || {};
      var now = templates[chooser.value] || {};
      if (weight && now.execution_weight !== undefined && (weight.value.trim() === "" || weight.value.trim() === was.execution_weight)) {
        weight.value = now.execution_weight;
      }
      if (hint && now.hint) {
        hint.textContent = now.hint;
      }
      previous = chooser.value;
    });
  }
})();
