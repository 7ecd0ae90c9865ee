// Comments, what a reader does: 댓글쓰기 (the form moves under the comment), 등록 (the form
// sent), 수정 (edit, with a guest's password) and 신고 (report, in a dialog). comments.js
// loads this file on first use (page weight, issue #13); without it, or without JavaScript,
// the form posts and the links go to pages that do the same.
(function () {
  "use strict";
  var shared = window.blogComments;
  var FETCH_HEADERS = { "X-Requested-With": "fetch" };

  function parse(html) {
    return new DOMParser().parseFromString(html, "text/html");
  }

  function send(form, submitter) {
    var data = new FormData(form);
    // The button pressed, when it says what to do (the password form's 수정 or 삭제).
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    // getAttribute: form.action would be the password form's <input name="action">.
    return fetch(form.getAttribute("action") || window.location.href, { method: "POST", body: data, credentials: "same-origin", headers: FETCH_HEADERS })
      .then(function (response) { return response.text().then(function (html) { return [response, parse(html)]; }); });
  }

  // The comment area as the server now shows it, in place of `section`; the comment that
  // is new (or `focusId`) is scrolled to and highlighted.
  function swapSection(section, doc, url, focusId) {
    var fresh = doc.querySelector("section.comments");
    if (!fresh) { window.location.href = url; return; }
    // The site's messages too ("shown after approval"), which the page would have shown.
    var notes = doc.querySelector(".messages");
    var oldNotes = document.querySelector(".messages");
    if (oldNotes) oldNotes.remove();
    var layout = document.querySelector(".layout");
    if (notes && layout) layout.parentNode.insertBefore(notes, layout);
    var before = {};
    section.querySelectorAll("li.comment[id]").forEach(function (el) { before[el.id] = true; });
    section.replaceWith(fresh);
    shared.init(fresh);
    var target = focusId ? document.getElementById(focusId) : null;
    if (!target) {
      fresh.querySelectorAll("li.comment[id]").forEach(function (el) { if (!before[el.id]) target = el; });
    }
    var hash = target ? "#" + target.id : "#comments";
    history.replaceState(null, "", url.split("#")[0] + hash);
    if (target) {
      target.classList.add("is-highlighted");
      target.scrollIntoView({ block: "center" });
    }
  }

  // 등록: the comment form sent with fetch(); the comment area is swapped in place. A
  // mistake (or too fast, too many) shows the form again with the text kept. A failure
  // rejects, and comments.js lets the browser post the form.
  function post(section, mainForm) {
    var password = mainForm.querySelector("input[name=password]");
    return send(mainForm).then(function (pair) {
      var response = pair[0], doc = pair[1];
      var again = doc.querySelector("#comment-form");
      if (again && !doc.querySelector("section.comments")) {
        mainForm.innerHTML = again.innerHTML;
        shared.fillPassword(mainForm);
        var invalid = mainForm.querySelector("[aria-invalid=true], .comment-form__notice, .comment-form__errors");
        if (invalid) invalid.scrollIntoView({ block: "center" });
        return;
      }
      if (password && password.value && response.ok) shared.remembered.password = password.value;
      swapSection(section, doc, response.url);
    });
  }

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
    send(form, submitter)
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
        swapSection(section, doc, response.url, comment.id);
      })
      .catch(function () { form.submit(); });
  }

  // 댓글쓰기: the comment form moves under the comment; 취소 puts it back where it was.
  var homes = new WeakMap();  // section -> where its form was: [parent, next sibling]

  function reply(section, link) {
    var form = section.querySelector("#comment-form");
    if (!homes.has(section)) homes.set(section, [form.parentNode, form.nextSibling]);
    var item = link.closest(".comment");
    var box = item.querySelector(":scope > article");
    var replying = form.querySelector(".comment-form__replying");
    box.insertAdjacentElement("afterend", form);
    // data-reply-to only where it is not the comment itself (a reply at the deepest level).
    form.querySelector("input[name=reply_to]").value = link.dataset.replyTo || item.id.replace("comment-", "");
    shared.fillPassword(form);
    replying.textContent = section.dataset.replying.replace("{name}", box.querySelector("header strong").textContent);
    replying.hidden = false;
    if (!form.querySelector("button.comment-form__cancel")) {
      var cancel = document.createElement("button");
      cancel.type = "button";
      cancel.className = "link-button comment-form__cancel";
      cancel.textContent = section.dataset.cancel;
      // 취소 and 등록 side by side in one box, so that a narrow reply form wraps them together
      // (등록 alone on a line of its own read as a different form).
      var submit = form.querySelector(".comment-form__submit");
      var actions = document.createElement("span");
      actions.className = "comment-form__actions";
      cancel.addEventListener("click", function () {
        var home = homes.get(section);
        home[0].insertBefore(form, home[1]);
        form.querySelector("input[name=reply_to]").value = "0";
        form.querySelector(".comment-form__replying").hidden = true;
        actions.replaceWith(submit);
      });
      submit.replaceWith(actions);
      actions.append(cancel, submit);
    }
    form.querySelector("textarea").focus();
  }

  // 수정: the edit form, or first the password form, in place under the comment; again
  // to close it.
  function edit(section, link) {
    var comment = link.closest(".comment");
    var existing = comment.querySelector(":scope > article > .js-inline");
    if (existing) { existing.remove(); return; }
    fetch(link.href, { credentials: "same-origin", headers: FETCH_HEADERS })
      .then(function (response) {
        if (!response.ok && response.status !== 400) throw new Error(response.status);
        if (response.redirected && !/\/(edit|password)\/?/.test(new URL(response.url).pathname)) throw new Error("redirect");
        return response.text();
      })
      .then(function (html) {
        var form = parse(html).querySelector(".comment-edit-form, .comment-password-form");
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
  function openReport(section, link) {
    fetch(link.href, { credentials: "same-origin", headers: FETCH_HEADERS })
      .then(function (response) { return response.text().then(function (html) { return [response, html]; }); })
      .then(function (pair) {
        var doc = parse(pair[1]);
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
            fetch(current.action, { method: "POST", body: new FormData(current), credentials: "same-origin", headers: FETCH_HEADERS })
              .then(function (response) { return response.text(); })
              .then(function (html) {
                var result = parse(html);
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

  shared.post = post;
  shared.reply = reply;
  shared.edit = edit;
  shared.report = openReport;
})();
