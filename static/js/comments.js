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

  // comments-actions.js and its stylesheet, named by this script's data-more attributes
  // (hashed URLs from the template), loaded once when first needed; the promise resolves
  // to the functions that file adds to window.blogComments.
  var script = document.currentScript;
  var actions = null;

  function load(element) {
    return new Promise(function (resolve, reject) {
      element.onload = resolve;
      element.onerror = reject;
      document.head.appendChild(element);
    });
  }

  function loadActions() {
    if (!actions) {
      var sheet = document.createElement("link");
      sheet.rel = "stylesheet";
      sheet.href = script.dataset.moreCss;
      var code = document.createElement("script");
      code.src = script.dataset.more;
      // A stylesheet that fails leaves the dialog plain, not broken.
      actions = Promise.all([load(sheet).catch(function () {}), load(code)]).then(function () {
        if (!shared.edit) throw new Error("comments-actions.js");
        return shared;
      });
      actions.catch(function () { actions = null; });
    }
    return actions;
  }

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

      // 수정 and 신고 are rarely used: their code (comments-actions.js) is fetched on first use.
      if (action === "edit" || (action === "report" && typeof HTMLDialogElement === "function")) {
        event.preventDefault();
        loadActions().then(function (actions) {
          if (action === "edit") actions.edit(section, link); else actions.report(link);
        }, function () { window.location.href = link.href; });
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

  function highlight(url) {
    var hash = new URL(url, window.location.href).hash;
    document.querySelectorAll(".comment.is-highlighted").forEach(function (el) { el.classList.remove("is-highlighted"); });
    if (hash.indexOf("#comment-") === 0) {
      var target = document.getElementById(hash.slice(1));
      if (target) target.classList.add("is-highlighted");
    }
  }

  // What comments-actions.js uses of this file; it adds edit() and report().
  var shared = window.blogComments = {
    headers: FETCH_HEADERS, remembered: remembered, parse: parse, send: send,
    swapSection: swapSection, toast: toast
  };

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("section.comments").forEach(init);
    document.querySelectorAll(".comment-page form.comment-form").forEach(rememberNickname);
  });
})();
