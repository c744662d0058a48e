"use strict";
(function () {
  // Page data written by aligner: {pair_id, schema, flags: {id: {status, check, severity, row, ...}}}.
  var DATA = JSON.parse(document.getElementById("aligner-data").textContent);
  var KEY = "aligner:review:" + DATA.pair_id;
  var REVIEWER_KEY = "aligner:reviewer";
  var STATUS_KEYS = { c: "confirmed", d: "dismissed", f: "fixed", o: "open" };
  var items = Array.prototype.slice.call(document.querySelectorAll("#flags .flag-item"));
  var byId = {};
  items.forEach(function (li) { byId[li.dataset.flag] = li; });
  var current = -1;
  var reviewerInput = document.getElementById("reviewer");
  var exportButton = document.getElementById("export");

  // -- decisions kept in this browser until exported ---------------------------------------
  function loadLocal() {
    try { return JSON.parse(localStorage.getItem(KEY) || "{}") || {}; } catch (e) { return {}; }
  }
  function saveLocal() {
    try { localStorage.setItem(KEY, JSON.stringify(local)); } catch (e) { /* storage off: decisions last the visit */ }
  }
  var local = loadLocal();
  // A local decision made against the status this report was written with stays pending;
  // one the report already shows is done; one whose base the store has changed since is stale.
  Object.keys(local).forEach(function (id) {
    var d = local[id], f = DATA.flags[id];
    if (!f) return;
    if (d.status === f.status && (d.comment || "") === (f.comment || "")) delete local[id];
    else if (d.base !== undefined && d.base !== f.status) delete local[id];
  });
  saveLocal();

  function statusOf(id) { return local[id] ? local[id].status : DATA.flags[id].status; }
  function commentOf(id) { return local[id] ? (local[id].comment || "") : (DATA.flags[id].comment || ""); }

  function decide(id, status, comment) {
    var f = DATA.flags[id];
    var prev = local[id];
    local[id] = {
      status: status || statusOf(id),
      comment: comment === undefined ? commentOf(id) : comment,
      reviewer: reviewerInput.value.trim(),
      time: new Date().toISOString(),
      base: prev && prev.base !== undefined ? prev.base : f.status
    };
    if (local[id].status === f.status && local[id].comment === (f.comment || "")) delete local[id];
    saveLocal();
    paint(id);
    applyFilters(false);
  }

  // -- painting --------------------------------------------------------------------------
  // each flag's marks, found once: a long report has thousands
  var marksById = {};
  Array.prototype.forEach.call(document.querySelectorAll("mark.flag"), function (m) {
    m.dataset.flags.split(" ").forEach(function (id) { (marksById[id] = marksById[id] || []).push(m); });
  });
  function marksOf(id) { return marksById[id] || []; }
  function paint(id) {
    paintItem(id);
    updateCounts();
  }
  function paintItem(id) {
    var li = byId[id], st = statusOf(id);
    li.dataset.status = st;
    li.className = li.className.replace(/\bst-\w+/g, "").replace(/\s+/g, " ").trim() + " st-" + st;
    li.classList.toggle("pending", !!local[id]);
    li.querySelector(".status").textContent = st;
    var input = li.querySelector(".comment");
    if (document.activeElement !== input) input.value = commentOf(id);
    marksOf(id).forEach(paintMark);
  }
  function paintMark(m) {
    var ids = m.dataset.flags.split(" ");
    var shown = ids.some(function (i) { return byId[i] && !byId[i].hidden; });
    var done = ids.every(function (i) { var s = statusOf(i); return s === "dismissed" || s === "fixed"; });
    m.classList.toggle("off", !shown);
    m.classList.toggle("done", done);
  }
  function updateCounts() {
    var counts = { open: 0, confirmed: 0, dismissed: 0, fixed: 0 };
    Object.keys(DATA.flags).forEach(function (id) { counts[statusOf(id)] = (counts[statusOf(id)] || 0) + 1; });
    Object.keys(counts).forEach(function (s) {
      var el = document.querySelector('[data-count="' + s + '"]');
      if (el) el.textContent = counts[s];
    });
    var n = Object.keys(local).length;
    exportButton.textContent = "Export decisions" + (n ? " (" + n + ")" : "");
  }

  // -- filters ---------------------------------------------------------------------------
  var filterForm = document.getElementById("filters");
  var checkSelect = document.getElementById("f-check");
  var onlyFlagged = document.getElementById("f-only");
  function checkedValues(name) {
    return Array.prototype.slice.call(filterForm.querySelectorAll('input[name="' + name + '"]:checked'))
      .map(function (i) { return i.value; });
  }
  function applyFilters(resetCurrent) {
    var check = checkSelect.value, sev = checkedValues("severity"), st = checkedValues("status");
    var shown = 0, rowsWithFlags = {};
    items.forEach(function (li) {
      var id = li.dataset.flag;
      var visible = (!check || li.dataset.check === check) && sev.indexOf(li.dataset.severity) >= 0 &&
        st.indexOf(statusOf(id)) >= 0;
      li.hidden = !visible;
      if (visible) { shown++; if (li.dataset.row) rowsWithFlags[li.dataset.row] = true; }
    });
    Array.prototype.forEach.call(document.querySelectorAll("mark.flag"), paintMark);
    Array.prototype.forEach.call(document.querySelectorAll("#alignment tbody tr"), function (tr) {
      tr.classList.toggle("no-shown-flags", !rowsWithFlags[tr.id]);
    });
    document.body.classList.toggle("only-flagged", onlyFlagged.checked);
    document.getElementById("shown").textContent = shown + " of " + items.length + " shown";
    if (resetCurrent && current >= 0 && items[current].hidden) setCurrent(-1);
  }
  filterForm.addEventListener("change", function (e) {
    if (e.target.classList.contains("comment") || e.target.id === "reviewer") return;
    applyFilters(true);
  });
  filterForm.addEventListener("submit", function (e) { e.preventDefault(); });

  // -- the current flag and keyboard navigation -----------------------------------------
  function setCurrent(k, scroll) {
    if (current >= 0) {
      items[current].classList.remove("current");
      marksOf(items[current].dataset.flag).forEach(function (m) { m.classList.remove("current"); });
      var oldRow = document.getElementById(items[current].dataset.row || "");
      if (oldRow) oldRow.classList.remove("current-row");
    }
    current = k;
    if (k < 0) return;
    var li = items[k];
    li.classList.add("current");
    var marks = marksOf(li.dataset.flag);
    marks.forEach(function (m) { m.classList.add("current"); });
    var row = document.getElementById(li.dataset.row || "");
    if (row) row.classList.add("current-row");
    if (scroll !== false) {
      li.scrollIntoView({ block: "nearest" });
      var target = marks.length ? marks[0] : row;
      if (target) target.scrollIntoView({ block: "center" });
    }
    if (history.replaceState) history.replaceState(null, "", "#" + li.id);
  }
  function step(delta) {
    var n = items.length;
    if (!n) return;
    var k = current;
    for (var i = 0; i < n; i++) {
      k = k < 0 ? (delta > 0 ? 0 : n - 1) : (k + delta + n) % n;
      if (!items[k].hidden) { setCurrent(k); return; }
    }
  }
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    // typing goes to text fields; shortcuts work everywhere else (checkboxes and buttons included)
    var typing = t && (t.tagName === "TEXTAREA" || t.tagName === "SELECT" ||
      (t.tagName === "INPUT" && !/^(checkbox|radio|button|submit)$/.test(t.type)));
    if (typing) {
      if (e.key === "Escape") t.blur();
      return;
    }
    if (e.key === "j" || e.key === "n") { step(1); e.preventDefault(); }
    else if (e.key === "k" || e.key === "p") { step(-1); e.preventDefault(); }
    else if (STATUS_KEYS[e.key] && current >= 0) { decide(items[current].dataset.flag, STATUS_KEYS[e.key]); e.preventDefault(); }
    else if (e.key === "e" && current >= 0) { items[current].querySelector(".comment").focus(); e.preventDefault(); }
  });

  // -- clicks ----------------------------------------------------------------------------
  document.getElementById("flags").addEventListener("click", function (e) {
    var li = e.target.closest(".flag-item");
    if (!li) return;
    var k = items.indexOf(li);
    if (e.target.dataset.set) { decide(li.dataset.flag, e.target.dataset.set); setCurrent(k, false); return; }
    if (e.target.classList.contains("comment")) { setCurrent(k, false); return; }
    setCurrent(k);
  });
  document.getElementById("flags").addEventListener("change", function (e) {
    if (!e.target.classList.contains("comment")) return;
    var li = e.target.closest(".flag-item");
    decide(li.dataset.flag, undefined, e.target.value);
  });
  document.getElementById("alignment").addEventListener("click", function (e) {
    var m = e.target.closest("mark.flag");
    if (!m) return;
    var ids = m.dataset.flags.split(" ");
    for (var i = 0; i < ids.length; i++) {
      if (byId[ids[i]] && !byId[ids[i]].hidden) { setCurrent(items.indexOf(byId[ids[i]]), false); byId[ids[i]].scrollIntoView({ block: "nearest" }); return; }
    }
  });

  // -- reviewer name and export ------------------------------------------------------------
  try { reviewerInput.value = localStorage.getItem(REVIEWER_KEY) || ""; } catch (e) { /* no storage */ }
  reviewerInput.addEventListener("change", function () {
    try { localStorage.setItem(REVIEWER_KEY, reviewerInput.value.trim()); } catch (e) { /* no storage */ }
  });
  exportButton.addEventListener("click", function () {
    var ids = Object.keys(local).sort();
    var doc = {
      schema: DATA.schema,
      pair_id: DATA.pair_id,
      exported_at: new Date().toISOString(),
      decisions: ids.map(function (id) {
        var d = local[id];
        return { flag: id, pair_id: DATA.pair_id, status: d.status, reviewer: d.reviewer || "", comment: d.comment || "", time: d.time };
      })
    };
    var blob = new Blob([JSON.stringify(doc, null, 1) + "\n"], { type: "application/json" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "decisions-" + DATA.pair_id + ".json";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 2000);
    document.getElementById("export-note").textContent = ids.length + " decision" + (ids.length === 1 ? "" : "s") +
      " exported; load them with: aligner review import " + a.download +
      " (add --review-db <reports folder>/review.sqlite unless the reports are in ./reports)";
  });

  items.forEach(function (li) { paintItem(li.dataset.flag); });
  updateCounts();
  applyFilters(false);
  var hash = "";
  try { hash = decodeURIComponent(location.hash.slice(1)); } catch (e) { hash = ""; }  // a malformed #%E0%A4%A
  if (hash && document.getElementById(hash) && byId[hash.replace(/^flag-/, "")]) {
    setCurrent(items.indexOf(byId[hash.replace(/^flag-/, "")]));
  }
  document.body.dataset.ready = "1";
})();
