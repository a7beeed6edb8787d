// Issue 16 item 30: every rule ID a page cites (PLAN-03, EXAM-05, …) links to its text on
// /rules/. Runs on load and after every htmx swap; leaves links, form fields and scripts alone.
(function () {
  "use strict";
  var ID = /\b(?:LEVEL|CAT|INST|PEOPLE|PLAN|ARR|EXAM|SCORE|VIOL|CERT|REC)-\d{2}\b/g;
  var SKIP = { A: 1, SCRIPT: 1, STYLE: 1, TEXTAREA: 1, INPUT: 1, SELECT: 1, OPTION: 1, BUTTON: 1, TITLE: 1 };
  var base = (document.body && document.body.dataset.rules) || "/rules/";

  function link(node) {
    var text = node.nodeValue, last = 0, m, frag = document.createDocumentFragment();
    ID.lastIndex = 0;
    while ((m = ID.exec(text))) {
      frag.appendChild(document.createTextNode(text.slice(last, m.index)));
      var a = document.createElement("a");
      a.className = "rule-id";
      a.href = base + "#" + m[0];
      a.title = "查看规则 " + m[0] + " 的条文";
      a.textContent = m[0];
      frag.appendChild(a);
      last = m.index + m[0].length;
    }
    if (!last) return;
    frag.appendChild(document.createTextNode(text.slice(last)));
    node.parentNode.replaceChild(frag, node);
  }

  function scan(root) {
    if (!root || SKIP[root.nodeName]) return;
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        for (var p = n.parentNode; p && p !== root.parentNode; p = p.parentNode) {
          if (SKIP[p.nodeName] || (p.classList && p.classList.contains("rule-id"))) return NodeFilter.FILTER_REJECT;
        }
        ID.lastIndex = 0;
        return ID.test(n.nodeValue) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
      }
    });
    var found = [];
    while (walker.nextNode()) found.push(walker.currentNode);
    found.forEach(link);
  }

  function start() { scan(document.querySelector("main")); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  document.addEventListener("htmx:afterSwap", function (e) { scan(e.target); });
})();
