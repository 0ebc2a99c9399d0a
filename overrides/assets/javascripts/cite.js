/* Per-paragraph "copy link" and "copy citation" (DESIGN §3). The citation data comes from
   the page's #edition-cite JSON (built by render/citation.py); the original page of a
   paragraph is the last page marker of the article at or before its start. Works with Material's instant navigation via document$. */
(function () {
  "use strict";

  function pageOf(para) {
    var markers = document.querySelectorAll("article a.page-marker[id^='page-']");
    var found = null;
    for (var i = 0; i < markers.length; i++) {
      var m = markers[i];
      var pos = para.compareDocumentPosition(m);
      // A marker before the paragraph, or inside it at its very start, gives its page.
      if (pos & Node.DOCUMENT_POSITION_PRECEDING) found = m;
      else if (pos & Node.DOCUMENT_POSITION_CONTAINED_BY && para.textContent.trim().indexOf(m.textContent.trim()) <= 4) found = m;
    }
    return found ? found.id.replace("page-", "") + (found.classList.contains("inferred") ? " (inferred)" : "") : null;
  }

  function copy(text, button) {
    var done = function () {
      var label = button.textContent;
      button.textContent = "copied";
      setTimeout(function () { button.textContent = label; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done);
    } else {
      var area = document.createElement("textarea");
      area.value = text;
      document.body.appendChild(area);
      area.select();
      try { document.execCommand("copy"); } catch (e) { /* nothing to do */ }
      document.body.removeChild(area);
      done();
    }
  }

  function setup() {
    var data = document.getElementById("edition-cite");
    if (!data) return;
    var cite = JSON.parse(data.textContent);
    var paras = document.querySelectorAll(".para[id^='p-']");
    for (var i = 0; i < paras.length; i++) {
      var para = paras[i];
      if (para.querySelector(".para-tools")) continue;
      var n = para.id.replace("p-", "");
      var url = cite.url + "#" + para.id;
      var page = pageOf(para);
      // cite.head: the edition's note (author, title, edition, version, date) without its address.
      var citation = cite.head + ", ¶ " + n + (page ? ", original p. " + page : "") + ", " + url + ".";
      var tools = document.createElement("span");
      tools.className = "para-tools";
      var link = document.createElement("button");
      link.type = "button";
      link.textContent = "copy link";
      link.title = url;
      link.addEventListener("click", copy.bind(null, url, link));
      var full = document.createElement("button");
      full.type = "button";
      full.textContent = "copy citation";
      full.title = citation;
      full.addEventListener("click", copy.bind(null, citation, full));
      tools.appendChild(link);
      tools.appendChild(full);
      para.appendChild(tools);
    }
    // reading.js turns each paragraph's number into the button that opens these tools.
    document.dispatchEvent(new CustomEvent("edition:tools"));
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(setup);
  else document.addEventListener("DOMContentLoaded", setup);
})();
