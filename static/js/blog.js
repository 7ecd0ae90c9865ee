// Post page enhancements. Progressive only: without this file the like form still posts and
// reloads the page, and the share buttons simply stay hidden. No third-party code.
(function () {
  "use strict";

  // 공감: send the like form with fetch() and update the button in place.
  function enhanceLikeForm(form) {
    var button = form.querySelector("button[type=submit]");
    var choice = form.querySelector("input[name=choice]");
    var count = form.querySelector("[data-like-count]");
    var status = form.querySelector("[data-like-status]");
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    var busy = false;
    // The tooltip says what a click does (the labels are data-label-like/-unlike).
    button.title = button.getAttribute("aria-pressed") === "true" ? button.dataset.labelUnlike : button.dataset.labelLike;

    form.addEventListener("submit", function (event) {
      if (!window.fetch) return; // let the browser post the form
      event.preventDefault();
      if (busy) return;
      busy = true;
      button.setAttribute("aria-busy", "true");
      fetch(form.getAttribute("action"), {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        // A public (cached) page has no token: a browser without a session is let through by
        // its same-origin headers (core/public.py); with a session the page carries one.
        headers: token ? { "X-CSRFToken": token.value, Accept: "application/json" } : { Accept: "application/json" },
      })
        .then(function (response) {
          return response.json().then(function (data) {
            if (!response.ok) throw new Error(data.error || response.statusText);
            return data;
          });
        })
        .then(function (data) {
          button.setAttribute("aria-pressed", data.liked ? "true" : "false");
          button.title = data.liked ? button.dataset.labelUnlike : button.dataset.labelLike;
          choice.value = data.liked ? "unlike" : "like";
          count.textContent = data.count;
          if (status) status.textContent = "";
        })
        .catch(function (error) {
          if (status) status.textContent = error.message;
        })
        .finally(function () {
          busy = false;
          button.removeAttribute("aria-busy");
        });
    });
  }

  // Share: copy the link, and the system share sheet where the browser has one.
  function enhanceShare(box) {
    var canonical = document.querySelector("link[rel=canonical]");
    var url = canonical ? canonical.href : window.location.href;
    var status = box.querySelector("[data-share-status]");
    var copyButton = box.querySelector("[data-share-copy]");
    var nativeButton = box.querySelector("[data-share-native]");

    function say(message) {
      if (!status) return;
      status.textContent = message;
      window.clearTimeout(say.timer);
      say.timer = window.setTimeout(function () { status.textContent = ""; }, 4000);
    }

    if (copyButton && navigator.clipboard && window.isSecureContext) {
      copyButton.hidden = false;
      copyButton.addEventListener("click", function () {
        navigator.clipboard.writeText(url).then(
          function () { say(status.dataset.copied); },
          function () { say(status.dataset.copyFailed); }
        );
      });
    }
    if (nativeButton && navigator.share) {
      nativeButton.hidden = false;
      nativeButton.addEventListener("click", function () {
        var title = document.querySelector("h1"), text = document.querySelector("meta[name=description]");
        navigator.share({ title: title ? title.textContent : document.title, text: text ? text.content : "", url: url })
          .catch(function () { /* the reader closed the share sheet */ });
      });
    }
  }

  // Video facades (blog/markdown.py): nothing is asked of the video site until the reader
  // clicks play; then the privacy-enhanced player replaces the facade and starts playing.
  function enhanceVideo(box) {
    var link = box.querySelector(".video-embed__play");
    if (!link) return;
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var src = box.dataset.src;
      var frame = document.createElement("iframe");
      frame.src = src + (src.indexOf("?") === -1 ? "?" : "&") + "autoplay=1";
      frame.title = box.dataset.title;
      frame.allow = "accelerometer; autoplay; encrypted-media; gyroscope; picture-in-picture; fullscreen";
      frame.allowFullscreen = true;
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      box.replaceChildren(frame);
      frame.focus();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-like-form]").forEach(enhanceLikeForm);
    document.querySelectorAll("[data-share]").forEach(enhanceShare);
    document.querySelectorAll(".video-embed[data-src]").forEach(enhanceVideo);
  });
})();
