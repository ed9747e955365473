// The console's progressive enhancement: copy an answer, mark it used,
// Ctrl+Enter sends the question. Without script the page still asks and
// shows both answers.
(function () {
  "use strict";
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var ta = document.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.style.position = "fixed";
    ta.style.opacity = "0";
    document.body.appendChild(ta);
    ta.select();
    var ok = document.execCommand("copy");
    document.body.removeChild(ta);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function setup(article) {
    var actions = article.querySelector(".actions");
    var status = actions.querySelector(".status");
    var copy = actions.querySelector("button.copy");
    var used = actions.querySelector("button.used");
    copy.hidden = false;
    used.hidden = false;
    copy.addEventListener("click", function () {
      copyText(article.querySelector(".copy-src").value).then(
        function () { status.textContent = "Copied."; },
        function () { status.textContent = "Could not copy: select the text and copy it."; });
    });
    used.addEventListener("click", function () {
      var q = document.getElementById("question").value;
      var ids = actions.dataset.sources ? actions.dataset.sources.split(",") : [];
      used.disabled = true;
      fetch("/console/api/used", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ question: q, lang: actions.dataset.lang, sources: ids })
      }).then(function (r) {
        if (r.status === 204) { status.textContent = "Marked used."; return; }
        if (r.status === 401) { status.textContent = "Your session ended: sign in again."; }
        else { status.textContent = "Not saved (" + r.status + "). Try again."; }
        used.disabled = false;
      }, function () { status.textContent = "Not saved: no connection."; used.disabled = false; });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("article.answer"), setup);
    var q = document.getElementById("question");
    if (q) {
      q.addEventListener("keydown", function (e) {
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); q.form.requestSubmit(); }
      });
    }
    var answers = document.getElementById("answers");
    if (answers) { answers.focus(); }
  });
})();
