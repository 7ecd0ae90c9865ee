// Comments: progressive enhancement only. Without this file every action is a link to a
// page that does the same. No polling, no framework.
(function () {
  "use strict";
  var NICK_KEY = "comments.nickname";
  var FETCH_HEADERS = { "X-Requested-With": "fetch" };

  // A guest's password, kept only in this tab's memory (this variable): never in a cookie,
  // storage or the page's markup. Posting, editing and replying are sent with fetch() and
  // the comment area is swapped in place, so the visit goes on without a reload and a
  // guest who has just commented is not asked for the password again to reply or edit.
  var remembered = { password: "" };

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

  function fillPassword(form) {
    var field = form && form.querySelector("input[name=password]");
    if (field && remembered.password && !field.value) field.value = remembered.password;
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
    init(fresh);
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

  function toast(text) {
    var el = document.createElement("div");
    el.className = "comment-toast";
    el.setAttribute("role", "status");
    el.textContent = text;
    document.body.appendChild(el);
    setTimeout(function () { el.remove(); }, 2200);
  }

  function rememberNickname(form) {
    var name = form.querySelector("input[name=name]");
    if (!name) return;
    try {
      if (!name.value) name.value = localStorage.getItem(NICK_KEY) || "";
      form.addEventListener("submit", function () {
        if (name.value.trim()) localStorage.setItem(NICK_KEY, name.value.trim());
      });
    } catch (e) { /* storage disabled: the browser's own autofill still helps */ }
  }

  function init(section) {
    var mainForm = section.querySelector("#comment-form");
    var home = mainForm ? mainForm.parentNode : null;
    var homeNext = mainForm ? mainForm.nextSibling : null;
    var replying = mainForm ? mainForm.querySelector(".comment-form__replying") : null;
    var cancel = null;
    if (mainForm) {
      rememberNickname(mainForm);
      fillPassword(mainForm);
      mainForm.addEventListener("submit", function (event) {
        if (!window.fetch || !window.DOMParser) return;  // the browser posts the form
        event.preventDefault();
        var button = mainForm.querySelector("button[type=submit]");
        var password = mainForm.querySelector("input[name=password]");
        if (button) button.disabled = true;
        send(mainForm)
          .then(function (pair) {
            var response = pair[0], doc = pair[1];
            var again = doc.querySelector("#comment-form");
            if (again && !doc.querySelector("section.comments")) {
              // Not posted (a mistake, too fast, too many): the form again, text kept.
              mainForm.innerHTML = again.innerHTML;
              fillPassword(mainForm);
              var invalid = mainForm.querySelector("[aria-invalid=true], .comment-form__notice, .comment-form__errors");
              if (invalid) invalid.scrollIntoView({ block: "center" });
              return;
            }
            if (password && password.value && response.ok) remembered.password = password.value;
            swapSection(section, doc, response.url);
          })
          .catch(function () { mainForm.submit(); })
          .finally(function () { if (button) button.disabled = false; });
      });
    }

    // An inline password or edit form: sent with fetch(); a wrong password or a mistake
    // shows the form again in place, a right password the edit form, an edit the new text.
    function inline(form, comment, url) {
      form.classList.add("js-inline");
      form.setAttribute("action", form.getAttribute("action") || url);
      var cancelLink = form.querySelector(".comment-form__cancel");
      if (cancelLink) cancelLink.addEventListener("click", function (e) { e.preventDefault(); form.remove(); });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        submitInline(form, comment, event.submitter);
      });
      return form;
    }

    function submitInline(form, comment, submitter) {
      var password = form.querySelector("input[name=password]");
      send(form, submitter)
        .then(function (pair) {
          var response = pair[0], doc = pair[1];
          var next = doc.querySelector(".comment-edit-form, .comment-password-form");
          if (next && !doc.querySelector("section.comments")) {
            if (password && next.classList.contains("comment-edit-form")) remembered.password = password.value;
            inline(next, comment, response.url);
            form.replaceWith(next);
            var field = next.querySelector("textarea, input[type=password]");
            if (field) field.focus();
            return;
          }
          swapSection(section, doc, response.url, comment.id);
        })
        .catch(function () { form.submit(); });
    }

    function resetForm() {
      if (!mainForm) return;
      home.insertBefore(mainForm, homeNext);
      mainForm.querySelector("input[name=reply_to]").value = "0";
      replying.hidden = true;
      if (cancel) { cancel.remove(); cancel = null; }
    }

    section.addEventListener("click", function (event) {
      var link = event.target.closest(".comment > article > ul a");
      if (!link || !section.contains(link)) return;
      // The action links carry no classes: their URLs say what they do.
      var action = link.hash ? "permalink" : (/\/(reply|edit|report)\/$/.exec(link.pathname) || [])[1];

      if (action === "reply" && mainForm) {
        event.preventDefault();
        var item = link.closest(".comment");
        var box = item.querySelector(":scope > article");
        box.insertAdjacentElement("afterend", mainForm);
        // data-reply-to only where it is not the comment itself (a reply at the deepest level).
        mainForm.querySelector("input[name=reply_to]").value = link.dataset.replyTo || item.id.replace("comment-", "");
        fillPassword(mainForm);
        replying.textContent = section.dataset.replying.replace("{name}", box.querySelector("header strong").textContent);
        replying.hidden = false;
        if (!cancel) {
          cancel = document.createElement("button");
          cancel.type = "button";
          cancel.className = "link-button comment-form__cancel";
          cancel.textContent = section.dataset.cancel;
          cancel.addEventListener("click", resetForm);
          var submit = mainForm.querySelector(".comment-form__submit");
          submit.parentNode.insertBefore(cancel, submit);
        }
        mainForm.querySelector("textarea").focus();
        return;
      }

      if (action === "edit") {
        var comment = link.closest(".comment");
        var existing = comment.querySelector(":scope > article > .js-inline");
        event.preventDefault();
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
            inline(form, comment, link.href);
            comment.querySelector(":scope > article").appendChild(form);
            if (remembered.password && form.classList.contains("comment-password-form")) {
              // The password this guest typed a moment ago in this tab: no need to ask.
              form.querySelector("input[name=password]").value = remembered.password;
              submitInline(form, comment);
              return;
            }
            var field = form.querySelector("textarea, input[type=password]");
            if (field) field.focus();
          })
          .catch(function () { window.location.href = link.href; });
        return;
      }

      if (action === "report" && typeof HTMLDialogElement === "function") {
        event.preventDefault();
        openReport(link);
        return;
      }

      if (action === "permalink") {
        event.preventDefault();
        var url = new URL(section.dataset.base + link.getAttribute("href"), window.location.href).href;
        var done = function () { toast(section.dataset.copied); };
        history.replaceState(null, "", url);
        highlight(url);
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(url).then(done, function () { window.prompt(section.dataset.copyFailed, url); });
        } else {
          window.prompt(section.dataset.copyFailed, url);
        }
      }
    });
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
    if (text) toast(text.textContent); else window.location.href = link.href;
  }

  function highlight(url) {
    var hash = new URL(url, window.location.href).hash;
    document.querySelectorAll(".comment.is-highlighted").forEach(function (el) { el.classList.remove("is-highlighted"); });
    if (hash.indexOf("#comment-") === 0) {
      var target = document.getElementById(hash.slice(1));
      if (target) target.classList.add("is-highlighted");
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("section.comments").forEach(init);
    document.querySelectorAll(".comment-page form.comment-form").forEach(rememberNickname);
  });
})();
