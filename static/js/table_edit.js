// The table entry page (templates/workspace/table_edit.html): totals as you type,
// a warning before leaving with unsaved changes, and code lookup for 添加科目.
// The page works without this file; the server computes and checks everything again.
(function () {
  "use strict";

  var form = document.querySelector("form.table-edit");
  if (!form) {
    return;
  }
  var dataNode = document.getElementById("table-edit-data");
  var pageData = dataNode ? JSON.parse(dataNode.textContent) : { rules: [], places: 2 };
  var places = pageData.places;

  // Amounts as BigInt counts of the smallest unit (0.01 元 or 0.000001 万元): exact, like the server.
  function parseAmount(text) {
    text = text.trim().replace(/[,，]/g, "");
    if (text === "" || text === "-" || text === "—" || text === "－") {
      return 0n;
    }
    var match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
    if (!match || (match[2] === "" && !match[3])) {
      return null;
    }
    var fraction = match[3] || "";
    if (fraction.length > places) {
      return null;
    }
    var value = BigInt((match[2] || "0") + fraction.padEnd(places, "0"));
    return match[1] === "-" ? -value : value;
  }

  function formatAmount(value) {
    var negative = value < 0n;
    var digits = (negative ? -value : value).toString().padStart(places + 1, "0");
    var whole = digits.slice(0, digits.length - places);
    var fraction = digits.slice(digits.length - places);
    if (places > 2) {
      fraction = fraction.replace(/0+$/, "").padEnd(2, "0");
    }
    return (negative ? "-" : "") + whole + "." + fraction;
  }

  var inputs = {};
  var autos = {};
  var warnings = {};
  form.querySelectorAll("input[data-key]").forEach(function (input) {
    inputs[input.dataset.key] = input;
  });
  form.querySelectorAll("input[data-auto-for]").forEach(function (hidden) {
    autos[hidden.dataset.autoFor] = hidden;
  });
  form.querySelectorAll("[data-warning-for]").forEach(function (node) {
    warnings[node.dataset.warningFor] = node;
  });

  var firstRule = {};
  var rulesByTarget = {};
  pageData.rules.forEach(function (rule) {
    var target = rule[0];
    if (!(target in firstRule)) {
      firstRule[target] = rule[1];
      rulesByTarget[target] = [];
    }
    rulesByTarget[target].push(rule[1]);
  });

  // A total is computed while it is blank or still shows the value the page put there.
  function isAuto(key) {
    var input = inputs[key];
    var hidden = autos[key];
    if (!input || !hidden) {
      return false;
    }
    var text = input.value.trim();
    return text === "" || text === hidden.value.trim();
  }

  function recompute() {
    var values = {};
    var invalid = {};

    function valueOf(key, seen) {
      if (key in values) {
        return values[key];
      }
      var input = inputs[key];
      var result = 0n;
      if (input && !(key in firstRule && isAuto(key))) {
        result = parseAmount(input.value);
        if (result === null) {
          invalid[key] = true;
          result = 0n;
        }
      } else if (key in firstRule && seen.indexOf(key) < 0) {
        firstRule[key].forEach(function (member) {
          var part = valueOf(member, seen.concat([key]));
          if (invalid[member]) {
            invalid[key] = true;
          }
          result += part;
        });
      }
      values[key] = result;
      return result;
    }

    Object.keys(firstRule).forEach(function (key) {
      valueOf(key, []);
    });
    Object.keys(firstRule).forEach(function (key) {
      var input = inputs[key];
      if (!input) {
        return;
      }
      var cell = input.closest("td");
      var warning = warnings[key];
      if (isAuto(key)) {
        if (!invalid[key] && !(input === document.activeElement && input.value.trim() === "")) {
          var text = formatAmount(values[key]);
          input.value = text;
          autos[key].value = text;
        }
        if (warning) {
          warning.textContent = "";
        }
        cell.classList.remove("warned");
        return;
      }
      var message = "";
      if (!invalid[key]) {
        rulesByTarget[key].forEach(function (members) {
          if (message) {
            return;
          }
          var sum = 0n;
          var broken = false;
          members.forEach(function (member) {
            valueOf(member, []);
            broken = broken || invalid[member];
            sum += values[member];
          });
          if (!broken && sum !== values[key]) {
            message = "按分项计算为" + formatAmount(sum) + "，与填报数相差" + formatAmount(values[key] - sum) + "（已保留填报数）";
          }
        });
      }
      if (warning) {
        warning.textContent = message;
      }
      cell.classList.toggle("warned", message !== "");
    });
    Object.keys(inputs).forEach(function (key) {
      var input = inputs[key];
      var bad = parseAmount(input.value) === null;
      input.closest("td").classList.toggle("invalid-input", bad);
      // Said at once, not only after saving: what is wrong with what was typed.
      var holder = input.closest("td").querySelector(".cell-msg");
      var live = holder && holder.querySelector(".cell-live-error");
      if (bad && holder && !live) {
        live = document.createElement("span");
        live.className = "cell-error cell-live-error";
        live.setAttribute("role", "alert");
        holder.insertBefore(live, holder.firstChild);
      }
      if (live) {
        live.textContent = bad ? "请输入金额数字（最多" + places + "位小数），如 1234.56" : "";
      }
      input.setAttribute("aria-invalid", bad ? "true" : "false");
    });
  }

  // Leaving with unsaved changes asks first; saving, adding or removing a line does not.
  var submitting = false;
  function markDirty() {
    form.dataset.dirty = "1";
  }
  form.addEventListener("input", function (event) {
    markDirty();
    if (event.target.dataset && event.target.dataset.key) {
      recompute();
    }
  });
  form.addEventListener("change", function (event) {
    if (event.target.dataset && event.target.dataset.key) {
      recompute();
    }
  });
  form.addEventListener("submit", function () {
    submitting = true;
  });
  window.addEventListener("beforeunload", function (event) {
    if (form.dataset.dirty === "1" && !submitting) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // 添加科目: suggestions from the year's reference list; Enter adds the line.
  var addInput = form.querySelector("#add-code");
  var options = document.getElementById("code-options");
  var addButton = form.querySelector("button.add-row");
  if (addInput && options && form.dataset.codesUrl) {
    var timer = null;
    var asked = "";
    addInput.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var query = addInput.value.trim();
        if (!query || query === asked || /^\d+\s/.test(query)) {
          return;
        }
        asked = query;
        var url = form.dataset.codesUrl + "?kind=" + encodeURIComponent(form.dataset.codeKind || "function") +
          "&q=" + encodeURIComponent(query);
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) {
            return response.ok ? response.json() : { results: [] };
          })
          .then(function (payload) {
            options.replaceChildren();
            payload.results.forEach(function (match) {
              var option = document.createElement("option");
              option.value = match.code + " " + match.name;
              option.label = match.level;
              options.appendChild(option);
            });
          })
          .catch(function () {});
      }, 200);
    });
    addInput.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && addButton) {
        event.preventDefault();
        addButton.click();
      }
    });
  }

  recompute();
})();
