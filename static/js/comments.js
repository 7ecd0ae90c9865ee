// Comments: progressive enhancement only. Without this file every action is a link to a
// page that does the same. No polling, no framework.
// Only what is needed before a reader acts is here: the nickname remembered, 댓글주소 (the
// link is copied within the click, as clipboards require) and the loader of the rest:
// 댓글쓰기, 등록, 수정 and 신고 are comments-actions.js, with its stylesheet (the reply form's
// place, error messages, the report dialog), fetched when the reader starts writing or first
// clicks one of them (page weight, issue #13).
(function () {
  "use strict";
  var NICK_KEY = "comments.nickname";

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

  function fillPassword(form) {
    var field = form && form.querySelector("input[name=password]");
    if (field && remembered.password && !field.value) field.value = remembered.password;
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
    if (mainForm) {
      rememberNickname(mainForm);
      fillPassword(mainForm);
      // Fetched while the reader writes, so 등록 does not wait for it (a failure here is
      // tried again on 등록).
      mainForm.addEventListener("focusin", function () { loadActions(); }, { once: true });
      mainForm.addEventListener("submit", function (event) {
        if (!window.fetch || !window.DOMParser) return;  // the browser posts the form
        event.preventDefault();
        var button = mainForm.querySelector("button[type=submit]");
        if (button) button.disabled = true;
        loadActions()
          .then(function (actions) { return actions.post(section, mainForm); })
          .catch(function () { mainForm.submit(); })
          .finally(function () { if (button) button.disabled = false; });
      });
    }

    section.addEventListener("click", function (event) {
      var link = event.target.closest(".comment > article > ul a");
      if (!link || !section.contains(link)) return;
      // The action links carry no classes: their URLs say what they do.
      var action = link.hash ? "permalink" : (/\/(reply|edit|report)\/$/.exec(link.pathname) || [])[1];

      if ((action === "reply" && mainForm) || action === "edit" || (action === "report" && typeof HTMLDialogElement === "function")) {
        event.preventDefault();
        loadActions().then(function (actions) { actions[action](section, link); }, function () { window.location.href = link.href; });
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

  // What comments-actions.js uses of this file; it adds post(), reply(), edit() and report().
  var shared = window.blogComments = { remembered: remembered, fillPassword: fillPassword, toast: toast, init: init };

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("section.comments").forEach(init);
    document.querySelectorAll(".comment-page form.comment-form").forEach(rememberNickname);
  });
})();
