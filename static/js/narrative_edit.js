// The 说明 section editor (templates/workspace/narrative_section.html): 按数据生成初稿 puts the
// drafted text into the textarea (asking first when it already has text; nothing is saved), and
// leaving with unsaved changes asks first. Without this file the draft button posts the form and
// the server shows the draft below the textarea for copying, keeping what was typed.
(function () {
  "use strict";

  var form = document.querySelector("form.narrative-edit");
  if (!form) {
    return;
  }
  var textarea = form.querySelector("textarea[name=body]");
  var status = form.querySelector(".draft-status");
  var draftButton = form.querySelector("button.draft");
  var submitting = false;

  function isDirty() {
    return form.dataset.dirty === "1" || (textarea && textarea.value !== textarea.defaultValue);
  }

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  if (draftButton && textarea && form.dataset.draftUrl) {
    draftButton.addEventListener("click", function (event) {
      event.preventDefault();
      draftButton.disabled = true;
      say("正在生成初稿……");
      fetch(form.dataset.draftUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then(function (payload) {
          var text = payload.text || "";
          if (!text) {
            say("本部分没有可按数据生成的内容，请直接填写。");
            return;
          }
          if (textarea.value.trim() && !window.confirm("输入框中已有文字。用按数据生成的初稿替换这些文字吗？（替换后仍须点击“保存”才会保存）")) {
            say("已取消，输入框中的文字未改动。");
            return;
          }
          textarea.value = text;
          form.dataset.dirty = "1";
          textarea.focus();
          say("已放入初稿，尚未保存：请补充原因等内容后点击“保存”。");
        })
        .catch(function () {
          say("初稿生成失败，请稍后再试。");
        })
        .then(function () {
          draftButton.disabled = false;
        });
    });
  }

  form.addEventListener("submit", function () {
    submitting = true;
  });

  window.addEventListener("beforeunload", function (event) {
    if (!submitting && isDirty()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
