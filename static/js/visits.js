// 방문자 통계: one small beacon after the page has loaded. Counting here, not while the
// page is rendered, keeps visits counted when the page itself came from a cache.
// No cookie is set and nothing is read from the page but the post's id.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !navigator.sendBeacon) return;
  var url = script.getAttribute("data-url");
  var post = script.getAttribute("data-post");
  function send() {
    var data = new FormData();
    if (post) data.append("post", post);
    navigator.sendBeacon(url, data);
  }
  if (document.visibilityState === "prerender") {
    document.addEventListener("visibilitychange", function once() {
      document.removeEventListener("visibilitychange", once);
      send();
    });
  } else {
    send();
  }
})();
