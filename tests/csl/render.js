// Render CSL-JSON items with citeproc-js (the processor of Zotero), for tests/test_citations.py.
// stdin: {"style": path, "locale": path, "items": [...]}; stdout: {id: {"note": html, "bibliography": html}}.
// "note" is the item cited alone (a first, full note in a note style; the in-text citation otherwise).
"use strict";
const fs = require("fs");
const CSL = require("citeproc");

const input = JSON.parse(fs.readFileSync(0, "utf8"));
const items = Object.fromEntries(input.items.map((item) => [item.id, item]));
const sys = {
  retrieveLocale: () => fs.readFileSync(input.locale, "utf8"),
  retrieveItem: (id) => items[id],
};
const out = {};
// One engine (parsing the style is the dear part); updateItems makes each item the only one.
const engine = new CSL.Engine(sys, fs.readFileSync(input.style, "utf8"), "en-US");
for (const id of Object.keys(items)) {
  engine.updateItems([id]);
  const note = engine.makeCitationCluster([{ id }]);
  const [, entries] = engine.makeBibliography() || [null, []];
  out[id] = { note, bibliography: entries.map((e) => e.trim()).join("\n") };
}
process.stdout.write(JSON.stringify(out, null, 1));
