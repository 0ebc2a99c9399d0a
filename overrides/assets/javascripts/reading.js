/* The reading view of a text page (issue 17): the text alone or with its aids, remembered;
   the paragraph number as the visible control for link and citation; the target paragraph
   highlighted and an unknown anchor reported; copied text with paragraph numbers and no
   labels of controls. The citation menu itself is cite.js's (.para-tools); this file makes
   the number open it. Works with Material's instant navigation via document$. */
(function () {
  "use strict";

  var KEY = "edition-reading";  // localStorage: "aids" or "text"
  var root = document.documentElement;

  function stored() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }
  }

  function store(value) {
    try { localStorage.setItem(KEY, value); } catch (e) { /* private mode: not remembered */ }
  }

  // The text alone unless the reader chose the aids; set before the page is drawn by the
  // inline line in partials/edition-reading.html, and again here for instant navigation.
  function applyView(view) {
    root.classList.toggle("edition-text-only", view !== "aids");
    var button = document.querySelector(".reading-switch");
    if (button) {
      button.setAttribute("aria-pressed", view === "aids" ? "true" : "false");
      button.textContent = view === "aids" ? "Hide the reading aids" : "Show the reading aids";
    }
  }

  function currentView() { return stored() === "aids" ? "aids" : "text"; }

  // The switch is in the page (templates/text.md.j2), so that nothing moves when this runs.
  function wireSwitch(article) {
    var button = article.querySelector(".reading-switch");
    if (!button || button.dataset.wired) return;
    button.dataset.wired = "yes";
    button.addEventListener("click", function () {
      var view = currentView() === "aids" ? "text" : "aids";
      store(view);
      applyView(view);
    });
  }

  // The number of each paragraph: a button in the margin that opens its tools (cite.js).
  function closeMenus(except) {
    var open = document.querySelectorAll(".para-num[aria-expanded='true']");
    for (var i = 0; i < open.length; i++) {
      if (open[i] === except) continue;
      open[i].setAttribute("aria-expanded", "false");
      var tools = open[i].parentNode.querySelector(".para-tools");
      if (tools) tools.hidden = true;
    }
  }

  function addNumber(para) {
    var tools = para.querySelector(":scope > .para-tools");
    if (!tools || para.querySelector(":scope > .para-num")) return;
    var n = para.getAttribute("data-p");
    tools.hidden = true;
    tools.id = "tools-" + para.id;
    tools.setAttribute("role", "group");
    tools.setAttribute("aria-label", "¶ " + n);
    var link = document.createElement("a");
    link.href = "#" + para.id;
    link.textContent = "link to ¶ " + n;
    tools.insertBefore(link, tools.firstChild);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "para-num";
    button.textContent = n;
    button.setAttribute("aria-label", "¶ " + n + ": link and citation");
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", tools.id);
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      closeMenus(button);
      button.setAttribute("aria-expanded", open ? "true" : "false");
      tools.hidden = !open;
      if (open) tools.querySelector("a, button").focus();
    });
    tools.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        tools.hidden = true;
        button.setAttribute("aria-expanded", "false");
        button.focus();
      }
    });
    para.insertBefore(button, para.firstChild);
    para.classList.add("has-num");
  }

  // The paragraph a link points to: highlighted (an old anchor's paragraph too), its fold
  // opened; an anchor that names nothing on the page is reported, not passed over.
  function showTarget() {
    var old = document.querySelectorAll(".is-target");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("is-target");
    var notice = document.querySelector(".anchor-notice");
    if (notice) notice.remove();
    var hash = decodeURIComponent(location.hash.slice(1));
    if (!hash || hash.indexOf("__") === 0) return;
    var target = document.getElementById(hash);
    var article = document.querySelector("article");
    if (!target) {
      if (!article || !document.getElementById("edition-cite")) return;
      notice = document.createElement("p");
      notice.className = "anchor-notice";
      notice.setAttribute("role", "status");
      var match = /^p-(\d+)$/.exec(hash);
      var paras = document.querySelectorAll(".para[data-p]");
      var last = paras.length ? paras[paras.length - 1].getAttribute("data-p") : "";
      notice.textContent = match
        ? "This text has no ¶ " + match[1] + " (its paragraphs are ¶ 1–" + last + "). The edition's anchors are stable: check the link you followed."
        : "Nothing on this page is called “#" + hash + "”. The edition's anchors are stable: check the link you followed.";
      var bar = article.querySelector(".reading-bar") || article.querySelector("h1");
      if (bar) bar.insertAdjacentElement("afterend", notice);
      else article.insertBefore(notice, article.firstChild);
      return;
    }
    for (var node = target.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    var para = target.closest(".para") || target;
    para.classList.add("is-target");
  }

  // Copying: the paragraph numbers as "¶ N", without the labels of the controls.
  function onCopy(event) {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !event.clipboardData) return;
    var range = selection.getRangeAt(0);
    var article = document.querySelector("article");
    if (!article || !article.contains(range.commonAncestorContainer)) return;
    var box = document.createElement("div");
    box.appendChild(range.cloneContents());
    var junk = box.querySelectorAll(".para-tools, .reading-bar, .headerlink, .anchor-alias, .anchor-notice, button:not(.para-num)");
    for (var i = 0; i < junk.length; i++) junk[i].remove();
    var numbers = box.querySelectorAll(".para-num");
    for (var j = 0; j < numbers.length; j++) numbers[j].textContent = "¶ " + numbers[j].textContent + " ";
    var blocks = box.querySelectorAll("p, li, h1, h2, h3, h4, h5, h6, div, tr");
    for (var k = 0; k < blocks.length; k++) blocks[k].appendChild(document.createTextNode("\n\n"));
    var text = box.textContent.replace(/[ \t]+\n/g, "\n").replace(/\n{3,}/g, "\n\n").trim();
    event.clipboardData.setData("text/plain", text);
    event.preventDefault();
  }

  // On a tap, a glossary mark's definition (a corrected slip's source reading, the word on a
  // note call without a note): the browser shows an element's title on hover only, and
  // Material's tooltips (content.tooltips, off in mkdocs.yml) mounted a component on each of
  // the 900 titled elements of a long text, most of a phone's blocking time (Lighthouse).
  // One box and one listener serve the whole page.
  var TAPPED = "abbr[title], span.sic[title], sup.note-call[title]";
  var tip = null;

  function hideTip() { if (tip) tip.hidden = true; }

  function showTip(mark) {
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "edition-tip";
      tip.id = "edition-tip";
      tip.setAttribute("role", "tooltip");
      document.body.appendChild(tip);
    }
    tip.textContent = mark.getAttribute("title");
    tip.hidden = false;
    var box = mark.getBoundingClientRect();
    var right = window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8;
    tip.style.left = Math.max(window.scrollX + 8, Math.min(box.left + window.scrollX, right)) + "px";
    tip.style.top = (box.bottom + window.scrollY + 6) + "px";
  }

  function onTap(event) {
    var mark = event.target.closest && event.target.closest(TAPPED);
    if (!mark) {
      hideTip();
      return;
    }
    if (tip && !tip.hidden && tip.textContent === mark.getAttribute("title")) hideTip();
    else showTip(mark);
  }

  function setup() {
    var article = document.querySelector("article");
    if (!article) return;
    if (document.getElementById("edition-cite")) {
      wireSwitch(article);
      applyView(currentView());
      var paras = article.querySelectorAll(".para[data-p]");
      for (var i = 0; i < paras.length; i++) addNumber(paras[i]);
    }
    showTarget();
  }

  // The browser's print shows the description of the document open, as the PDF does
  // (pdf.PRINT_OPEN), and the aids as the screen shows them; afterwards the fold is as the
  // reader left it.
  var reopened = [];
  window.addEventListener("beforeprint", function () {
    reopened = Array.prototype.filter.call(
      document.querySelectorAll("details.text-meta"), function (d) { return !d.open; });
    reopened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    reopened.forEach(function (d) { d.open = false; });
    reopened = [];
  });

  document.addEventListener("copy", onCopy);
  document.addEventListener("click", function (event) {
    if (!event.target.closest || !event.target.closest(".para-num, .para-tools")) closeMenus(null);
    onTap(event);
  });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") hideTip(); });
  window.addEventListener("hashchange", showTarget);
  // When cite.js has added the tools this file turns into a menu (on every page it sets up,
  // instant navigation too); pages without them get the target check alone.
  document.addEventListener("edition:tools", setup);
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(showTarget);
  else document.addEventListener("DOMContentLoaded", showTarget);
})();
