// The post editor in the admin: our own small layer on the admin's <textarea> (the README
// says why: IME-safe, our Markdown pipeline, our image cleaning, a few KB).
// - grows with the text; toolbar; Ctrl/⌘+B, I, K and Ctrl/⌘+S (save and stay);
// - nothing fires while an IME composition is open (Korean input), and the text is only
//   ever changed with setRangeText at the selection, so the cursor never jumps;
// - live preview through the server's own rendering (blog.rendering.render_body);
// - images by drag and drop, paste or the file chooser, uploaded at once and inserted at
//   the cursor with an alt-text prompt;
// - autosave to the server with a version check (another tab → 409, never overwritten).
// All strings come from the page (translated by Django); no inline script or style.
(function () {
  "use strict";

  // The admin loads form media in <head>: wait for the form.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();

  function start() {
    var configNode = document.getElementById("editor-config");
    var textarea = document.getElementById("id_body");
    var ui = document.getElementById("editor-ui");
    if (!configNode || !textarea || !ui) return;
    var config = configNode.dataset;
    var msg = document.getElementById("editor-messages").dataset;
    var form = textarea.form;
    var titleInput = document.getElementById("id_title");
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;

    // -- build the editor around the textarea ---------------------------------------------
    var editor = ui.content.firstElementChild.cloneNode(true);
    textarea.parentNode.insertBefore(editor, textarea);
    editor.querySelector(".editor__write").appendChild(textarea);
    textarea.classList.add("editor__text");
    var row = editor.closest(".form-row");
    if (row) row.classList.add("editor-row");
    var frame = editor.querySelector(".editor__frame");
    var status = editor.querySelector(".editor__status");
    var uploads = editor.querySelector(".editor__uploads");
    var fileInput = editor.querySelector(".editor__file");
    var altTemplate = document.getElementById("editor-alt-ui");
    var altDialog = altTemplate.content.firstElementChild.cloneNode(true);
    document.body.appendChild(altDialog);
    var altText = altDialog.querySelector("input");

    var composing = false;
    textarea.addEventListener("compositionstart", function () { composing = true; });
    textarea.addEventListener("compositionend", function () {
      composing = false;
      changed();
    });
    function imeBusy(event) {
      return composing || (event && (event.isComposing || event.keyCode === 229));
    }

    // -- growing --------------------------------------------------------------------------
    function grow() {
      var scrollY = window.scrollY;
      textarea.style.height = "auto";
      textarea.style.height = Math.max(textarea.scrollHeight + 4, 420) + "px";
      window.scrollTo(window.scrollX, scrollY);
    }

    // -- editing at the selection (setRangeText keeps the browser's undo and the cursor) ---
    function insert(text, selectStart, selectEnd) {
      var start = textarea.selectionStart;
      textarea.focus();
      textarea.setRangeText(text, start, textarea.selectionEnd, "end");
      if (selectStart !== undefined) {
        textarea.setSelectionRange(start + selectStart, start + selectEnd);
      }
      changed();
    }
    function wrap(before, after, placeholder) {
      var start = textarea.selectionStart;
      var end = textarea.selectionEnd;
      var selected = textarea.value.slice(start, end) || placeholder;
      insert(before + selected + after, before.length, before.length + selected.length);
    }
    function lineStart() {
      var start = textarea.selectionStart;
      return textarea.value.lastIndexOf("\n", start - 1) + 1;
    }
    function prefixLines(prefix) {
      var start = lineStart();
      var end = textarea.selectionEnd;
      var block = textarea.value.slice(start, end);
      var lines = block.split("\n").map(function (line) { return prefix + line; });
      textarea.setSelectionRange(start, end);
      insert(lines.join("\n"));
    }
    function block(text) {
      var before = textarea.value.slice(0, textarea.selectionStart);
      var gap = before === "" || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
      insert(gap + text + "\n\n");
    }

    var actions = {
      heading: function () { prefixLines("## "); },
      bold: function () { wrap("**", "**", msg.text); },
      italic: function () { wrap("*", "*", msg.text); },
      link: function () {
        var url = window.prompt(msg.linkPrompt, "https://");
        if (url) wrap("[", "](" + url + ")", msg.text);
        else textarea.focus();
      },
      quote: function () { prefixLines("> "); },
      list: function () { prefixLines("- "); },
      code: function () {
        var start = textarea.selectionStart;
        var selected = textarea.value.slice(start, textarea.selectionEnd);
        if (selected.indexOf("\n") >= 0) wrap("```\n", "\n```", "");
        else wrap("`", "`", "code");
      },
      image: function () { fileInput.click(); },
      video: function () {
        var url = window.prompt(msg.videoPrompt, "https://www.youtube.com/watch?v=");
        if (url) block(url.trim());
        else textarea.focus();
      },
      divider: function () { block("---"); },
    };
    editor.querySelector(".editor__toolbar").addEventListener("click", function (event) {
      var button = event.target.closest("button[data-md]");
      if (button && !composing) actions[button.dataset.md]();
    });

    function saveAndStay() {
      var button = form.querySelector("input[name=_continue]") || form.querySelector("[type=submit]");
      if (button) button.click();
    }
    document.addEventListener("keydown", function (event) {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || imeBusy(event)) return;
      var key = event.key.toLowerCase();
      if (key === "s") {
        event.preventDefault();
        saveAndStay();
        return;
      }
      if (event.target !== textarea) return;
      var name = { b: "bold", i: "italic", k: "link" }[key];
      if (name) {
        event.preventDefault();
        actions[name]();
      }
    });

    // -- preview ----------------------------------------------------------------------------
    var previewTimer = null;
    var previewRequest = 0;
    function post(url, data) {
      data.append("csrfmiddlewaretoken", csrf);
      return fetch(url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf, Accept: "application/json" },
      });
    }
    function frameDoc() {
      try {
        return frame.contentDocument && frame.contentDocument.querySelector("[data-preview-body]")
          ? frame.contentDocument
          : null;
      } catch (error) {
        return null;
      }
    }
    function refreshPreview() {
      var doc = frameDoc();
      if (!doc) return;
      var number = ++previewRequest;
      var data = new FormData();
      data.append("body", textarea.value);
      post(config.preview, data)
        .then(function (response) { return response.json(); })
        .then(function (result) {
          if (number !== previewRequest || result.html === undefined) return;
          doc.querySelector("[data-preview-title]").textContent = titleInput ? titleInput.value : "";
          doc.querySelector("[data-preview-body]").innerHTML = result.html;
        })
        .catch(function () {});
    }
    frame.addEventListener("load", refreshPreview);
    function schedulePreview() {
      clearTimeout(previewTimer);
      previewTimer = setTimeout(refreshPreview, 350);
    }

    // -- autosave ---------------------------------------------------------------------------
    var version = parseInt(config.version, 10) || 0;
    var saveTimer = null;
    var dirty = false;
    var saving = false;
    var stopped = false;
    function setStatus(text, kind) {
      status.textContent = text;
      status.className = "editor__status" + (kind ? " editor__status--" + kind : "");
    }
    function autosave() {
      if (!dirty || saving || stopped) return;
      saving = true;
      dirty = false;
      setStatus(msg.saving);
      var data = new FormData();
      data.append("title", titleInput ? titleInput.value : "");
      data.append("body", textarea.value);
      data.append("post", config.post || "");
      data.append("version", String(version));
      post(config.autosave, data)
        .then(function (response) {
          return response.json().then(function (result) {
            if (response.status === 409) {
              stopped = true;
              setStatus(result.error, "error");
              return;
            }
            if (!response.ok) throw new Error(result.error || response.statusText);
            version = result.version;
            setStatus(msg.saved + " " + result.saved_at, "ok");
          });
        })
        .catch(function () {
          dirty = true;
          setStatus(msg.offline, "error");
        })
        .then(function () { saving = false; });
    }
    setInterval(autosave, 10000);
    window.addEventListener("pagehide", autosave);

    function changed() {
      if (composing) return;
      grow();
      schedulePreview();
      dirty = true;
      clearTimeout(saveTimer);
      saveTimer = setTimeout(autosave, 1500);
    }
    textarea.addEventListener("input", function (event) {
      if (imeBusy(event)) {
        grow();
        return;
      }
      changed();
    });
    if (titleInput) titleInput.addEventListener("input", changed);
    // A real save must not race an autosave, and needs no "leave page" question.
    form.addEventListener("submit", function () {
      stopped = true;
      clearTimeout(saveTimer);
    });

    // -- images -------------------------------------------------------------------------------
    var uploadNumber = 0;
    function askAlt(initial) {
      return new Promise(function (resolve) {
        altText.value = initial;
        altDialog.addEventListener("close", function done() {
          altDialog.removeEventListener("close", done);
          resolve(altText.value.trim() || initial);
        });
        altDialog.showModal();
        altText.select();
      });
    }
    function upload(file) {
      var number = ++uploadNumber;
      var marker = "![" + msg.uploading + " " + number + "…]()";
      insert(marker);
      var item = document.createElement("li");
      var label = document.createElement("span");
      label.textContent = file.name || "image";
      var bar = document.createElement("progress");
      bar.max = 100;
      bar.value = 0;
      item.append(label, bar);
      uploads.appendChild(item);
      var data = new FormData();
      data.append("image", file, file.name || "pasted.png");
      data.append("post", config.post || "");
      data.append("csrfmiddlewaretoken", csrf);
      var request = new XMLHttpRequest();
      request.open("POST", config.upload);
      request.setRequestHeader("X-CSRFToken", csrf);
      request.setRequestHeader("Accept", "application/json");
      request.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) bar.value = Math.round((event.loaded / event.total) * 100);
      });
      function replaceMarker(text) {
        var at = textarea.value.indexOf(marker);
        if (at < 0) {
          insert(text);
          return;
        }
        var start = textarea.selectionStart;
        var end = textarea.selectionEnd;
        var shift = text.length - marker.length;
        textarea.setRangeText(text, at, at + marker.length, "preserve");
        // The author may have kept typing: keep their cursor where it was.
        if (start > at) textarea.setSelectionRange(start + shift, end + shift);
        changed();
      }
      function fail(message) {
        replaceMarker("");
        item.className = "editor__upload--error";
        bar.remove();
        label.textContent = (file.name || "image") + ": " + (message || msg.uploadFailed);
        label.setAttribute("role", "alert");
      }
      request.addEventListener("load", function () {
        var result = {};
        try {
          result = JSON.parse(request.responseText);
        } catch (error) {
          result = {};
        }
        if (request.status !== 201) {
          fail(result.error);
          return;
        }
        bar.value = 100;
        item.remove();
        addCoverChoice(result);
        askAlt(result.alt).then(function (alt) {
          replaceMarker("![" + alt.replace(/[[\]]/g, "") + "](" + result.url + ")");
        });
      });
      request.addEventListener("error", function () { fail(); });
      request.send(data);
    }
    function addCoverChoice(result) {
      var select = document.getElementById("id_cover_upload");
      if (!select) return;
      var option = document.createElement("option");
      option.value = result.id;
      option.textContent = result.alt;
      select.appendChild(option);
    }
    function uploadAll(files) {
      // Every file goes to the server, which explains in Korean what is wrong with one.
      Array.prototype.forEach.call(files, upload);
    }
    fileInput.addEventListener("change", function () {
      uploadAll(fileInput.files);
      fileInput.value = "";
    });
    textarea.addEventListener("paste", function (event) {
      var files = event.clipboardData && event.clipboardData.files;
      if (files && files.length) {
        event.preventDefault();
        uploadAll(files);
      }
    });
    ["dragenter", "dragover"].forEach(function (type) {
      textarea.addEventListener(type, function (event) {
        if (event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, "Files") >= 0) {
          event.preventDefault();
          editor.classList.add("editor--drop");
        }
      });
    });
    ["dragleave", "drop"].forEach(function (type) {
      textarea.addEventListener(type, function () { editor.classList.remove("editor--drop"); });
    });
    textarea.addEventListener("drop", function (event) {
      var files = event.dataTransfer && event.dataTransfer.files;
      if (files && files.length) {
        event.preventDefault();
        uploadAll(files);
      }
    });

    // -- tabs (a phone shows one pane at a time) ---------------------------------------------
    var tabs = editor.querySelectorAll("[role=tab]");
    tabs.forEach(function (tab) {
      tab.addEventListener("click", function () {
        tabs.forEach(function (other) { other.setAttribute("aria-selected", String(other === tab)); });
        editor.dataset.tab = tab.dataset.tab;
        if (tab.dataset.tab === "preview") refreshPreview();
      });
    });
    editor.dataset.tab = "write";

    grow();
  }
})();
