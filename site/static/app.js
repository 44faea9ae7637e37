// workbook's only script. Reading needs none of it: it adds the theme
// toggle, search, and, under "workbook serve", live reload and Run buttons.
(function () {
  "use strict";
  var root = document.documentElement;

  // Theme: the system's choice unless the reader picked one.
  var toggle = document.querySelector(".theme");
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var dark = root.dataset.theme ? root.dataset.theme === "dark"
        : window.matchMedia("(prefers-color-scheme: dark)").matches;
      root.dataset.theme = dark ? "light" : "dark";
      try { localStorage.setItem("wb-theme", root.dataset.theme); } catch (e) {}
    });
  }

  // Search over the index the build wrote (search-index.js).
  function search(q) {
    var words = q.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length || !window.WB_SEARCH) return [];
    var hits = [];
    window.WB_SEARCH.forEach(function (s) {
      var title = s.t.toLowerCase(), text = s.x.toLowerCase(), score = 0;
      for (var i = 0; i < words.length; i++) {
        var w = words[i], inTitle = title.indexOf(w) >= 0, at = text.indexOf(w);
        if (!inTitle && at < 0) return;
        score += (inTitle ? 10 : 0) + (at >= 0 ? 1 + Math.min(5, text.split(w).length - 1) : 0);
      }
      hits.push({ s: s, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score; });
    return hits.slice(0, 30).map(function (h) { return h.s; });
  }
  function excerpt(text, q) {
    var w = q.toLowerCase().split(/\s+/).filter(Boolean)[0] || "";
    var at = Math.max(0, text.toLowerCase().indexOf(w) - 60);
    return (at > 0 ? "…" : "") + text.slice(at, at + 160) + (text.length > at + 160 ? "…" : "");
  }
  function fill(list, hits, q) {
    list.textContent = "";
    hits.forEach(function (s) {
      var li = document.createElement("li"), a = document.createElement("a"), small = document.createElement("small");
      a.href = s.u; a.textContent = s.t === s.c ? s.c : s.t + " — " + s.c;
      small.textContent = excerpt(s.x, q);
      li.appendChild(a); li.appendChild(small); list.appendChild(li);
    });
    if (!hits.length) { var li = document.createElement("li"); li.textContent = "No section mentions that."; list.appendChild(li); }
  }
  var box = document.getElementById("q"), hitList = document.querySelector(".hits");
  if (box && hitList) {
    box.addEventListener("input", function () {
      var q = box.value.trim();
      hitList.hidden = !q;
      if (q) fill(hitList, search(q), q);
    });
    box.addEventListener("keydown", function (e) { if (e.key === "Escape") { box.value = ""; hitList.hidden = true; } });
  }
  var results = document.querySelector(".search-page .results");
  if (results) {
    var q = new URLSearchParams(location.search).get("q") || "";
    if (box) box.value = q;
    fill(results, search(q), q);
  }

  if (!document.body.dataset.live) return;

  // Live reload: the server says when the book was rebuilt.
  var y = sessionStorage.getItem("wb-scroll");
  if (y) { sessionStorage.removeItem("wb-scroll"); window.scrollTo(0, +y); }
  // The server stamps each page it serves with the build it came from
  // (data-build), and announces every build; a page of an older one reloads.
  var events = new EventSource("/_wb/events");
  events.addEventListener("build", function (e) {
    var msg = JSON.parse(e.data);
    if (msg.id === document.body.dataset.build) return;
    sessionStorage.setItem("wb-scroll", String(window.scrollY));
    location.reload();
  });

  // Run buttons.
  document.querySelectorAll(".snippet .controls").forEach(function (c) {
    var fig = c.closest(".snippet"), editor = fig.querySelector(".editor"), code = fig.querySelector(":scope > pre");
    c.hidden = false;
    c.querySelector(".edit").addEventListener("click", function () {
      editor.hidden = !editor.hidden;
      if (code) code.hidden = !editor.hidden;
      this.textContent = editor.hidden ? "Edit" : "Show page";
      if (!editor.hidden) editor.focus();
    });
    c.querySelector(".run").addEventListener("click", function () { run(fig, editor, this); });
  });

  function run(fig, editor, button) {
    var out = fig.querySelector(".live-output");
    out.hidden = false; out.textContent = "";
    var label = document.createElement("span"); label.className = "label"; label.textContent = "this run";
    var pre = document.createElement("pre"); pre.className = "stdout"; pre.textContent = "queued…";
    out.appendChild(label); out.appendChild(pre);
    button.disabled = true;
    var started = false;
    var body = { chapter: fig.dataset.chapter, snippet: fig.dataset.snippet };
    if (editor && !editor.hidden) body.code = editor.value;
    fetch("/_wb/run", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(function (resp) {
        if (!resp.ok) return resp.text().then(function (t) { throw new Error(t || resp.statusText); });
        var reader = resp.body.getReader(), dec = new TextDecoder(), buf = "";
        function pump() {
          return reader.read().then(function (r) {
            if (r.done) return;
            buf += dec.decode(r.value, { stream: true });
            var lines = buf.split("\n"); buf = lines.pop();
            lines.forEach(function (l) { if (l) handle(JSON.parse(l)); });
            return pump();
          });
        }
        return pump();
      })
      .catch(function (err) { pre.textContent = String(err.message || err); pre.className = "report"; })
      .then(function () { button.disabled = false; });

    function handle(m) {
      if (m.status) { if (!started) pre.textContent = m.status + "…"; return; }
      if (m.text !== undefined) {
        if (!started) { started = true; pre.textContent = ""; }
        var span = document.createElement("span");
        if (m.stream === "stderr") span.className = "stderr";
        span.textContent = m.text; pre.appendChild(span);
        return;
      }
      if (m.html !== undefined) {
        var tmp = document.createElement("div"); tmp.innerHTML = m.html;
        var fresh = tmp.querySelector(".result"), old = fig.querySelector(".result");
        if (fresh && old) old.replaceWith(fresh);
        label.textContent = "this run: " + m.verdict;
        if (!started) pre.textContent = "(no output)";
      }
      if (m.error) { pre.textContent = m.error; pre.className = "report"; }
    }
  }
})();
