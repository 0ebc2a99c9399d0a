/* The search box: Pagefind, by paragraph (scripts/edition/search.py makes the index, one record
   per paragraph with its address texts/<slug>/#p-N, plus the registers' pages). Nothing of
   Pagefind is fetched until the reader types a query: pagefind.js, its WebAssembly and the
   index chunks are imported then, and each query fetches only the chunks of its words and the
   fragments of the results shown. Pagefind's own rule applies: every word of the query must
   match (in one record, so in one paragraph), and "quoted words" match as a phrase. */
(function () {
  "use strict";

  var PAGE = 8; // results loaded and shown at a time
  var form = document.querySelector("form.edition-search");
  if (!form) return;
  var input = form.querySelector("input");
  var panel = form.querySelector(".edition-search__panel");
  var results = form.querySelector(".edition-search__results");
  var engine = null; // the promise of the imported pagefind.js
  var latest = 0; // the number of the latest query, so that a slow answer cannot overwrite a newer one
  var timer = null;
  var texts = {}; // the title of each text by its slug (edition-texts.json, beside the index)

  var header = document.querySelector(".md-header__inner");
  if (header) {
    var before = header.querySelector(".md-header__source");
    header.insertBefore(form, before);
  }
  form.hidden = false;

  /* noWorker: Pagefind's web worker would be one more script (41 KB) to fetch on the first
     query; a search of one query is short enough for the main thread. */
  function pagefind() {
    if (!engine) {
      // The address is relative to the page; import() would resolve it against this script.
      var bundle = new URL(form.getAttribute("data-bundle"), document.baseURI);
      var titles = fetch(new URL("edition-texts.json", bundle)).then(function (r) { return r.json(); });
      engine = import(bundle.href).then(function (module) {
        return module.options({ excerptLength: 24, noWorker: true }).then(function () { return titles; })
          .then(function (names) { texts = names; return module; });
      });
    }
    return engine;
  }

  /* Pagefind's excerpt is text with <mark> around the matches: only those marks become markup,
     every other part is set as text. */
  function excerpt(html) {
    var span = document.createElement("span");
    span.className = "edition-search__excerpt";
    html.split(/(<mark>[^<]*<\/mark>)/).forEach(function (part) {
      var mark = /^<mark>([^<]*)<\/mark>$/.exec(part);
      var text = document.createElement("textarea");
      text.innerHTML = mark ? mark[1] : part; // decodes entities, runs nothing
      if (mark) {
        var m = document.createElement("mark");
        m.textContent = text.value;
        span.appendChild(m);
      } else {
        span.appendChild(document.createTextNode(text.value));
      }
    });
    return span;
  }

  /* Pagefind, when a word of the query is in no record, searches for the longest prefix of it
     that is (so "Alolotov", an OCR misreading, finds every "A."); it has no option to turn
     that off. A result is shown only if each word of the query shares all its letters, or
     all but the last four (the stemmer's reach: "running", "runs"), and at least three,
     with a word of the result. */
  function words(text) {
    return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
  }

  function shares(term, word) {
    var i = 0;
    while (i < term.length && i < word.length && term[i] === word[i]) i++;
    return i >= Math.min(term.length, Math.max(3, term.length - 4));
  }

  function relevant(data, terms) {
    var own = words((data.content || "") + " " + ((data.meta || {}).title || ""));
    return terms.every(function (term) {
      return own.some(function (word) { return shares(term, word); });
    });
  }

  function item(data) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = data.url;
    var title = document.createElement("span");
    title.className = "edition-search__title";
    var meta = data.meta || {};
    var slug = /\/texts\/([^/]+)\/#/.exec(data.url);
    // A paragraph's record: its text's title, then ¶ and page (only these are searched).
    title.textContent = slug && texts[slug[1]] ? texts[slug[1]] + ", " + meta.title : meta.title || data.url;
    a.appendChild(title);
    a.appendChild(excerpt(data.excerpt || ""));
    li.appendChild(a);
    return li;
  }

  function show(found, query, number) {
    var list = document.createElement("ol");
    var status = document.createElement("p");
    status.className = "edition-search__status";
    var more = document.createElement("button");
    more.type = "button";
    more.className = "edition-search__more md-button";
    more.textContent = "More results";
    var terms = words(query);
    var shown = 0, kept = 0, partial = false;
    function report() {
      var count = partial ? kept : found.results.length;
      status.textContent = count ? count + (count === 1 ? " result" : " results") + " for " + query
                                 : "Nothing found for " + query;
    }
    /* The results come best first, and those found through a prefix rank below the rest: once
       a batch holds one that is not relevant, the rest are not loaded. */
    function next() {
      var slice = found.results.slice(shown, shown + PAGE);
      shown += slice.length;
      return Promise.all(slice.map(function (r) { return r.data(); })).then(function (all) {
        if (number !== latest) return;
        all.forEach(function (data) {
          if (relevant(data, terms)) {
            kept++;
            list.appendChild(item(data));
          } else {
            partial = true;
          }
        });
        more.hidden = partial || shown >= found.results.length;
        report();
      });
    }
    results.replaceChildren(status, list, more);
    more.addEventListener("click", next);
    return next();
  }

  function run() {
    var query = input.value.trim();
    var number = ++latest;
    if (query.length < 2) {
      results.replaceChildren();
      return;
    }
    pagefind().then(function (module) {
      return module.search(query);
    }).then(function (found) {
      if (number === latest && found) return show(found, query, number);
    }).catch(function (error) {
      if (window.console) console.error("search:", error);
      results.textContent = "Search is not available (the site's search index could not be loaded).";
    });
  }

  input.addEventListener("input", function () {
    panel.hidden = false;
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  input.addEventListener("focus", function () { if (input.value.trim()) panel.hidden = false; });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    panel.hidden = false;
    run();
  });
  form.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      panel.hidden = true;
      input.focus();
    }
  });
  // "/" goes to the search box, as it does in both engines' own search.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    event.preventDefault();
    input.focus();
  });
  document.addEventListener("click", function (event) {
    if (!form.contains(event.target)) panel.hidden = true;
  });
})();
