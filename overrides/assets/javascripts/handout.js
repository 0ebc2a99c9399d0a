/* The website's handout page (texts/<slug>/handout.html, made by pdf.handout_page with the
   edition's one handout logic): it holds the whole text; this script shows the paragraphs
   named in the address (?from=12&to=20&notes=1), with the headings they stand under, their
   original pages and the notes they call, all as the build marked them (data-context,
   data-pages, data-notes), and gives Chromium's print the running head and foot (CSS @page
   margin boxes with fixed text: Chromium has no string-set) so that every sheet carries the
   title, the citation and the stable address. */
(function () {
  "use strict";

  function cssString(text) {
    return '"' + String(text).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/[\r\n]+/g, " ") + '"';
  }

  function fail(message) {
    var box = document.querySelector(".handout-error");
    box.textContent = message;
    box.hidden = false;
    document.querySelector("article.handout").hidden = true;
  }

  function setup() {
    var query = new URLSearchParams(location.search);
    var text = document.querySelector(".handout-text");
    var blocks = Array.prototype.slice.call(text.children);
    var paras = blocks.filter(function (b) { return b.matches(".para[data-p]"); });
    // Paragraph numbers are identities, not positions (a split's second part is 10a, a merged
    // number is gone): a range is taken in reading order, by each number's place.
    var numbers = paras.map(function (p) { return p.getAttribute("data-p"); });
    var from = query.has("from") ? query.get("from").trim() : numbers[0];
    var to = query.has("to") ? query.get("to").trim() : numbers[numbers.length - 1];
    var notes = !query.has("from") || query.get("notes") === "1";
    var form = document.querySelector(".handout-bar");
    form.elements.from.value = from;
    form.elements.to.value = to;
    form.elements.notes.checked = notes;
    var first = numbers.indexOf(from), last = numbers.indexOf(to);
    if (first < 0 || last < first) {
      fail("This text has paragraphs ¶ " + numbers[0] + "–" + numbers[numbers.length - 1] +
           ": choose two of its numbers, the first not after the last.");
      return;
    }
    // Each block belongs to the paragraph it stands before (a heading, a page break) or
    // after (the paragraph's address); what follows the last paragraph, to the last.
    var owner = new Map(), pending = [], current = null;
    blocks.forEach(function (b) {
      if (b.matches(".para[data-p]")) {
        current = paras.indexOf(b);
        pending.forEach(function (p) { owner.set(p, current); });
        pending = [];
        owner.set(b, current);
      } else if (b.matches(".handout-url") && current !== null) owner.set(b, current);
      else pending.push(b);
    });
    pending.forEach(function (p) { owner.set(p, current); });
    var start = paras[first], end = paras[last];
    var context = (start.getAttribute("data-context") || "").split(" ").filter(Boolean);
    var called = {};
    blocks.forEach(function (b) {
      var n = owner.get(b);
      var inside = n >= first && n <= last;
      // A heading or page break before the first paragraph opens the excerpt only when it is
      // one the first paragraph stands under (a heading) or the page it begins on.
      if (inside && n === first && b !== start && !b.matches(".handout-url")) {
        inside = b.hasAttribute("data-h") && context.indexOf(b.getAttribute("data-h")) >= 0;
      }
      if (!inside && b.hasAttribute("data-h") && context.indexOf(b.getAttribute("data-h")) >= 0) inside = true;
      b.hidden = !inside;
      if (inside && b.hasAttribute("data-notes")) {
        b.getAttribute("data-notes").split(" ").filter(Boolean).forEach(function (k) { called[k] = true; });
      }
    });
    document.body.classList.toggle("handout--no-notes", !notes);
    var noteItems = document.querySelectorAll(".handout-note");
    var shown = 0;
    for (var i = 0; i < noteItems.length; i++) {
      var number = noteItems[i].id.replace("fn:", "");
      noteItems[i].hidden = !(notes && called[number]);
      if (!noteItems[i].hidden) shown++;
    }
    var section = document.querySelector(".handout-notes");
    if (section) section.hidden = shown === 0;

    var extent = from === to ? from : from + "–" + to;
    var pagesFirst = (start.getAttribute("data-pages") || "|").split("|")[0];
    var pagesLast = (end.getAttribute("data-pages") || "|").split("|")[1];
    var pages = !pagesFirst ? "" : (pagesFirst === pagesLast ? "p. " + pagesFirst : "pp. " + pagesFirst + "–" + pagesLast);
    var running = document.querySelector(".edition-running");
    var title = running.getAttribute("data-title");
    var url = running.querySelector(".edition-running__url").textContent;
    var short = running.querySelector(".edition-running__short");
    short.textContent = short.textContent.replace(/, ¶ .*$/, ", ¶ " + extent);
    document.querySelector(".handout-extent").textContent =
      (from === to ? "Paragraph " : "Paragraphs ") + extent + (pages ? " · original " + pages : "");
    document.title = title + ", ¶ " + extent;
    var citation = running.getAttribute("data-head") + ", ¶ " + extent + (pages ? ", original " + pages : "") + ", " + url + ".";
    var style = document.createElement("style");
    style.textContent = "@media print { @page {" +
      " @top-left { content: " + cssString(title + " · ¶ " + extent) + "; }" +
      " @bottom-left { content: " + cssString(citation) + "; font-size: 7pt; }" +
      " } }";
    document.head.appendChild(style);
    document.querySelector(".handout-print").addEventListener("click", function () { window.print(); });
  }

  if (document.querySelector(".handout-bar")) setup();
})();
