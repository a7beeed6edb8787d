// The online exam page (plain JS). Server time only: the countdown comes from the server
// and is re-synced with every answer it gives. Answers are durable before they are sent:
// every change is written at once to localStorage with a per-item seq (a counter kept in
// localStorage too); an item is sent when it has not changed for DEBOUNCE ms, in batches of
// at most 200; it leaves the queue only when the server confirms that seq (or a newer one).
// Network errors and 5xx are retried with backoff, so a dropped network or a restarted
// server loses nothing. On reload the page takes the server's answers and the local queue;
// the higher seq wins. At the end the queue is flushed and the paper submitted ("auto").
(function () {
  "use strict";
  var DEBOUNCE = 800, BATCH = 200, RESYNC = 30000, MAX_BACKOFF = 5000;
  var root = document.getElementById("exam");
  var token = localStorage.getItem("skx.token");
  if (!token) { location.replace(root.dataset.signin); return; }
  var aid = token.split(".")[0], prefix = "skx." + aid + ".";
  var els = {};
  ["timer", "sync", "notice", "navigator", "items", "submit", "done", "exam-title",
   "exam-name", "view-one", "view-all", "prev", "next", "end-warning"].forEach(function (id) {
    els[id] = document.getElementById(id);
  });

  function load(key, dflt) {
    try { var v = JSON.parse(localStorage.getItem(prefix + key)); return v === null ? dflt : v; }
    catch (e) { return dflt; }
  }
  function store(key, value) { localStorage.setItem(prefix + key, JSON.stringify(value)); }

  var queue = load("queue", {});      // item -> {value, seq, t}: unsent or unconfirmed
  var seqs = load("seqs", {});        // item -> highest seq ever given
  var flags = load("flags", {});      // item -> true
  var answers = {};                   // item -> value shown on the page
  var items = [], current = 0, deadline = null, submitIn = null, grace = 60, warnAt = null;
  var inflight = false, backoff = 0, retryAt = 0, finished = false, stopped = false;
  var submitting = false, offlineSince = null;

  function api(method, path, body) {
    return fetch(path, {
      method: method,
      headers: { "X-Exam-Token": token, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store"
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        return { status: r.status, data: data };
      });
    });
  }

  function notice(text) {
    els.notice.textContent = text || "";
    els.notice.hidden = !text;
  }

  function pending() { return Object.keys(queue).length; }

  function showSync() {
    var n = pending();
    els.sync.className = "sync" + (n ? (offlineSince ? " offline" : " pending") : "");
    els.sync.textContent = n ? "未同步 " + n + " 条" : "已保存";
  }

  function setTime(data) {
    if (typeof data.remaining_seconds === "number") {
      deadline = performance.now() + data.remaining_seconds * 1000;
    }
    if (typeof data.submit_in === "number") {
      submitIn = performance.now() + data.submit_in * 1000;
    }
    if (typeof data.save_grace_seconds === "number") grace = data.save_grace_seconds;
    if (typeof data.end_warning_seconds === "number") warnAt = data.end_warning_seconds;
  }

  function remaining() {
    return deadline === null ? null : Math.max(0, Math.round((deadline - performance.now()) / 1000));
  }

  function answered(kind, v) {
    if (v === undefined || v === null) return false;
    if (kind === "judge") return v === true || v === false;
    if (kind === "fill") return v.some(function (s) { return s.trim() !== ""; });
    return v.length > 0;
  }

  // --- rendering -----------------------------------------------------------------------
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function renderItem(q, index) {
    var box = el("section", { "class": "item", id: "item-" + q.item, "data-item": q.item });
    var flag = el("label", { "class": "flag" });
    var fbox = el("input", { type: "checkbox", "class": "flag-box" });
    fbox.checked = !!flags[q.item];
    fbox.addEventListener("change", function () {
      if (fbox.checked) flags[q.item] = true; else delete flags[q.item];
      store("flags", flags); renderNav();
    });
    flag.appendChild(fbox); flag.appendChild(document.createTextNode(" 标记"));
    box.appendChild(flag);
    box.appendChild(el("p", { "class": "stem" },
      q.no + ". [" + q.kind_label + "，" + q.points + "分] " + q.stem));
    var v = answers[q.item];
    if (q.kind === "fill") {
      for (var b = 0; b < q.blanks; b++) {
        var inp = el("input", { type: "text", "class": "blank", "data-blank": b,
          "aria-label": "第" + q.no + "题第" + (b + 1) + "空", maxlength: "200" });
        inp.value = v && v[b] !== undefined ? v[b] : "";
        inp.addEventListener("input", function () { changed(q, readValue(q, box)); });
        box.appendChild(el("span", {}, "第" + (b + 1) + "空 ")); box.appendChild(inp);
      }
    } else {
      var type = q.kind === "multiple" ? "checkbox" : "radio";
      q.options.forEach(function (text, pos) {
        var label = el("label", { "class": "opt" });
        var input = el("input", { type: type, name: "q" + q.item, value: String(pos) });
        if (q.kind === "judge") input.checked = v === (pos === 0);
        else input.checked = !!(v && v.indexOf(pos) >= 0);
        input.addEventListener("change", function () { changed(q, readValue(q, box)); });
        label.appendChild(input);
        var letter = q.kind === "judge" ? "" : String.fromCharCode(65 + pos) + ". ";
        label.appendChild(document.createTextNode(" " + letter + text));
        box.appendChild(label);
      });
    }
    box.addEventListener("click", function () { current = index; renderNav(); });
    return box;
  }

  function readValue(q, box) {
    if (q.kind === "fill") {
      return Array.prototype.map.call(box.querySelectorAll("input.blank"), function (i) { return i.value; });
    }
    var checked = Array.prototype.filter.call(box.querySelectorAll("input[name=q" + q.item + "]"),
      function (i) { return i.checked; }).map(function (i) { return Number(i.value); });
    if (q.kind === "judge") return checked.length ? checked[0] === 0 : null;
    return checked.sort(function (a, b) { return a - b; });
  }

  function renderNav() {
    els.navigator.innerHTML = "";
    items.forEach(function (q, index) {
      var cls = "nav" + (answered(q.kind, answers[q.item]) ? " answered" : "") +
        (flags[q.item] ? " flagged" : "") + (index === current ? " current" : "");
      var b = el("button", { type: "button", "class": cls, "data-item": q.item }, String(q.no));
      b.addEventListener("click", function () { go(index); });
      els.navigator.appendChild(b);
    });
    Array.prototype.forEach.call(els.items.children, function (box, index) {
      box.classList.toggle("current", index === current);
    });
  }

  function go(index) {
    current = Math.max(0, Math.min(items.length - 1, index));
    renderNav();
    var box = els.items.children[current];
    if (box && !root.classList.contains("one")) box.scrollIntoView({ block: "start" });
  }

  function setView(one) {
    root.classList.toggle("one", one);
    store("view", one ? "one" : "all");
  }

  // --- the durable queue -----------------------------------------------------------------
  function changed(q, value) {
    if (finished) return;
    answers[q.item] = value;
    var seq = Math.max(seqs[q.item] || 0, queue[q.item] ? queue[q.item].seq : 0) + 1;
    seqs[q.item] = seq;
    queue[q.item] = { value: value, seq: seq, t: Date.now() };
    store("seqs", seqs); store("queue", queue);   // durable before anything is sent
    renderNav(); showSync();
  }

  function flush(force) {
    if (inflight || stopped || Date.now() < retryAt) return Promise.resolve();
    var now = Date.now();
    var batch = Object.keys(queue).filter(function (item) {
      return force || now - queue[item].t >= DEBOUNCE;
    }).slice(0, BATCH).map(function (item) {
      return { item: Number(item), value: queue[item].value, seq: queue[item].seq };
    });
    if (!batch.length) return Promise.resolve();
    inflight = true;
    return api("POST", "/exam/api/save", { answers: batch }).then(function (r) {
      inflight = false;
      if (r.status === 200) {
        backoff = 0; offlineSince = null;
        r.data.saved.concat(r.data.rejected || []).forEach(function (pair) {
          var q = queue[pair[0]];
          if (q && q.seq <= pair[1]) delete queue[pair[0]];
        });
        store("queue", queue);
        setTime(r.data); notice("");
      } else if (r.status === 409 || r.status === 401) {
        stopped = true;
        notice(r.data.detail ? r.data.detail.message : "答案未被接收");
        if (r.status === 409) refreshTime();
      } else {
        throw new Error("server " + r.status);
      }
      showSync();
    }).catch(function () {
      inflight = false;
      offlineSince = offlineSince || Date.now();
      backoff = Math.min(MAX_BACKOFF, backoff ? backoff * 2 : 1000);
      retryAt = Date.now() + backoff + Math.random() * 1000;  // jitter: not all at once
      showSync();
    });
  }

  // --- time, end, submit -------------------------------------------------------------------
  function fmt(s) {
    var h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), x = s % 60;
    return (h ? h + ":" : "") + (m < 10 ? "0" : "") + m + ":" + (x < 10 ? "0" : "") + x;
  }

  function refreshTime() {
    return api("GET", "/exam/api/time").then(function (r) {
      if (r.status === 200) {
        setTime(r.data);
        if (r.data.submitted) showDone();
      }
    }).catch(function () {});
  }

  function showDone() {
    finished = true;
    els.done.hidden = false;
    els.items.hidden = true;
    els.submit.disabled = true;
    notice("");
  }

  function submit(auto) {
    if (submitting || finished) return;
    submitting = true;
    flush(true).then(function () {
      var left = remaining();
      var late = left === 0 && deadline !== null &&
        performance.now() - deadline > grace * 1000;
      if (pending() && !late && !stopped) { submitting = false; return; }  // retry next tick
      return api("POST", "/exam/api/submit", { auto: auto }).then(function (r) {
        submitting = false;
        if (r.status === 200) { showDone(); return; }
        notice(r.data.detail ? r.data.detail.message : "交卷未成功，请重试");
        refreshTime();
      });
    }).catch(function () { submitting = false; });
  }

  // EXAM-06: a warning before the end (the server says how long before), kept on screen.
  function warnEnd(left) {
    var show = !finished && items.length > 0 && warnAt !== null && left !== null &&
      left > 0 && left <= warnAt;
    var w = els["end-warning"];
    if (show && w.hidden) {
      w.textContent = "距考试结束不足" + Math.round(warnAt / 60) +
        "分钟，请抓紧时间检查答案；时间到时系统将自动交卷。";
    }
    w.hidden = !show;
    els.timer.parentNode.classList.toggle("ending", show);
  }

  function tick() {
    var left = remaining();
    if (left !== null) els.timer.textContent = fmt(left);
    warnEnd(left);
    var canSubmit = submitIn !== null && performance.now() >= submitIn;
    els.submit.disabled = finished || !canSubmit;
    els.submit.title = canSubmit ? "" : "考试结束前不得交卷";
    if (!finished) flush(false);
    if (!finished && items.length && left === 0) submit(true);
  }

  els.submit.addEventListener("click", function () {
    if (confirm("确认交卷？交卷后不能再修改答案。")) submit(false);
  });
  els["view-one"].addEventListener("click", function () { setView(true); go(current); });
  els["view-all"].addEventListener("click", function () { setView(false); });
  els.prev.addEventListener("click", function () { go(current - 1); });
  els.next.addEventListener("click", function () { go(current + 1); });
  window.addEventListener("online", function () { retryAt = 0; flush(true); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flush(true);
  });

  // --- start: the paper, the server's answers and the local queue -------------------------
  function start() {
    return api("GET", "/exam/api/paper").then(function (r) {
      if (r.status === 401) { localStorage.removeItem("skx.token"); location.replace(root.dataset.signin); return; }
      if (r.status !== 200) throw new Error("server " + r.status);
      var d = r.data;
      setTime(d);
      els["exam-title"].textContent = d.title;
      els["exam-name"].textContent = d.name;
      if (d.submitted) { showDone(); return; }
      if (!d.items.length) {
        notice("尚未开考，请等待（" + fmt(d.starts_in) + " 后开考）");
        setTimeout(start, Math.min(d.starts_in * 1000 + 500, 10000));
        return;
      }
      notice("");
      items = d.items;
      Object.keys(d.answers).forEach(function (item) {
        var s = d.answers[item];
        answers[item] = s.value;
        seqs[item] = Math.max(seqs[item] || 0, s.seq);
        if (queue[item] && queue[item].seq <= s.seq) delete queue[item];
      });
      Object.keys(queue).forEach(function (item) {   // local newer wins
        answers[item] = queue[item].value;
        seqs[item] = Math.max(seqs[item] || 0, queue[item].seq);
      });
      store("seqs", seqs); store("queue", queue);
      els.items.innerHTML = "";
      items.forEach(function (q, i) { els.items.appendChild(renderItem(q, i)); });
      setView(load("view", "all") === "one");
      renderNav(); showSync();
    }).catch(function () {
      notice("无法连接服务器，正在重试……");
      setTimeout(start, 2000);
    });
  }

  start();
  setInterval(tick, 250);
  setInterval(function () { if (!finished) refreshTime(); }, RESYNC);
})();
