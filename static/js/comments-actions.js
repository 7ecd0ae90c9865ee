// Comments, the rarely used actions: 수정 (edit, with a guest's password) and 신고 (report, in
// a dialog). comments.js loads this file on first use (page weight, issue #13); without it,
// or without JavaScript, their links go to pages that do the same.
(function () {
  "use strict";
  var shared = window.blogComments;

  // An inline password or edit form: sent with fetch(); a wrong password or a mistake
  // shows the form again in place, a right password the edit form, an edit the new text.
  function inline(section, form, comment, url) {
    form.classList.add("js-inline");
    form.setAttribute("action", form.getAttribute("action") || url);
    var cancelLink = form.querySelector(".comment-form__cancel");
    if (cancelLink) cancelLink.addEventListener("click", function (e) { e.preventDefault(); form.remove(); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submitInline(section, form, comment, event.submitter);
    });
    return form;
  }

  function submitInline(section, form, comment, submitter) {
    var password = form.querySelector("input[name=password]");
    shared.send(form, submitter)
      .then(function (pair) {
        var response = pair[0], doc = pair[1];
        var next = doc.querySelector(".comment-edit-form, .comment-password-form");
        if (next && !doc.querySelector("section.comments")) {
          if (password && next.classList.contains("comment-edit-form")) shared.remembered.password = password.value;
          inline(section, next, comment, response.url);
          form.replaceWith(next);
          var field = next.querySelector("textarea, input[type=password]");
          if (field) field.focus();
          return;
        }
        shared.swapSection(section, doc, response.url, comment.id);
      })
      .catch(function () { form.submit(); });
  }

  // 수정: the edit form, or first the password form, in place under the comment; again
  // to close it.
  function edit(section, link) {
    var comment = link.closest(".comment");
    var existing = comment.querySelector(":scope > article > .js-inline");
    if (existing) { existing.remove(); return; }
    fetch(link.href, { credentials: "same-origin", headers: shared.headers })
      .then(function (response) {
        if (!response.ok && response.status !== 400) throw new Error(response.status);
        if (response.redirected && !/\/(edit|password)\/?/.test(new URL(response.url).pathname)) throw new Error("redirect");
        return response.text();
      })
      .then(function (html) {
        var form = shared.parse(html).querySelector(".comment-edit-form, .comment-password-form");
        if (!form) throw new Error("no form");
        inline(section, form, comment, link.href);
        comment.querySelector(":scope > article").appendChild(form);
        if (shared.remembered.password && form.classList.contains("comment-password-form")) {
          // The password this guest typed a moment ago in this tab: no need to ask.
          form.querySelector("input[name=password]").value = shared.remembered.password;
          submitInline(section, form, comment);
          return;
        }
        var field = form.querySelector("textarea, input[type=password]");
        if (field) field.focus();
      })
      .catch(function () { window.location.href = link.href; });
  }

  // 신고: the report page's form in a modal <dialog>. Focus goes to the first reason and
  // back to the link on close; Esc closes (the dialog's own cancel event). On any problem
  // the link is simply followed.
  function openReport(link) {
    fetch(link.href, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.text().then(function (html) { return [response, html]; }); })
      .then(function (pair) {
        var doc = new DOMParser().parseFromString(pair[1], "text/html");
        var form = doc.querySelector(".comment-report-form");
        if (!form) { showReportResult(link, doc); return; }
        var dialog = reportDialog(link, doc);
        var body = dialog.querySelector(".comment-dialog__body");
        body.appendChild(form);
        function bind(current) {
          var cancelLink = current.querySelector(".comment-form__cancel");
          if (cancelLink) cancelLink.addEventListener("click", function (e) { e.preventDefault(); dialog.close(); });
          current.addEventListener("submit", function (e) {
            e.preventDefault();
            var button = current.querySelector("button[type=submit]");
            if (button) button.disabled = true;
            fetch(current.action, { method: "POST", body: new FormData(current), credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
              .then(function (response) { return response.text(); })
              .then(function (html) {
                var result = new DOMParser().parseFromString(html, "text/html");
                var again = result.querySelector(".comment-report-form");
                if (again) {  // errors: the form again, with its messages
                  current.replaceWith(again);
                  bind(again);
                  var invalid = again.querySelector(".field--invalid input, .field--invalid textarea");
                  if (invalid) invalid.focus();
                  return;
                }
                body.innerHTML = "";
                var p = document.createElement("p");
                p.className = "comment-dialog__result";
                p.setAttribute("role", "status");
                var text = result.querySelector(".comment-page__text");
                p.textContent = text ? text.textContent : (result.title || "");
                body.appendChild(p);
                var close = document.createElement("button");
                close.type = "button";
                close.className = "button";
                close.textContent = dialog.dataset.okLabel;
                close.addEventListener("click", function () { dialog.close(); });
                body.appendChild(close);
                close.focus();
              })
              .catch(function () { current.submit(); });
          });
        }
        bind(form);
        dialog.showModal();
        var first = form.querySelector("input[type=radio]:checked, input[type=radio], textarea");
        if (first) first.focus();
      })
      .catch(function () { window.location.href = link.href; });
  }

  function reportDialog(link, doc) {
    var old = document.getElementById("comment-report-dialog");
    if (old) old.remove();
    var section = link.closest("section.comments");
    var dialog = document.createElement("dialog");
    dialog.id = "comment-report-dialog";
    dialog.className = "comment-dialog";
    dialog.setAttribute("aria-labelledby", "comment-report-dialog-title");
    dialog.dataset.closeLabel = section ? section.dataset.close : "×";
    dialog.dataset.okLabel = section ? section.dataset.ok : "OK";
    var title = document.createElement("h2");
    title.id = "comment-report-dialog-title";
    title.className = "comment-dialog__title";
    var heading = doc.querySelector(".comment-page__title");
    title.textContent = heading ? heading.textContent : link.textContent;
    var x = document.createElement("button");
    x.type = "button";
    x.className = "comment-dialog__x";
    x.setAttribute("aria-label", dialog.dataset.closeLabel);
    x.textContent = "×";
    x.addEventListener("click", function () { dialog.close(); });
    var body = document.createElement("div");
    body.className = "comment-dialog__body";
    var quote = doc.querySelector(".comment-quote");
    if (quote) body.appendChild(quote);
    var note = doc.querySelector(".comment-report__note");
    if (note) body.appendChild(note);
    dialog.appendChild(x);
    dialog.appendChild(title);
    dialog.appendChild(body);
    dialog.addEventListener("close", function () { dialog.remove(); link.focus(); });
    dialog.addEventListener("click", function (e) { if (e.target === dialog) dialog.close(); });
    document.body.appendChild(dialog);
    return dialog;
  }

  function showReportResult(link, doc) {
    var text = doc.querySelector(".comment-page__text");
    if (text) shared.toast(text.textContent); else window.location.href = link.href;
  }

  shared.edit = edit;
  shared.report = openReport;
})();
