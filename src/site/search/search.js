/* brief search: the engine behind search/index.html, written by `brief build`.
   A classic script: no fetch, no modules, no workers, so it works opened from
   disk and under any sub-path. The index files push their parts onto
   window.briefSearch (format: src/site/search/mod.rs); the tokenizer below is
   the same rule as src/site/search/tokenize.rs. */
(function () {
  "use strict";

  var FORMAT = 2;
  /* Results shown at a time: each needs its document shard loaded. */
  var PAGE = 10;
  var SNIPPET = 160;
  var ALNUM = /[\p{Alphabetic}\p{N}]/u;

  /* ---- Tokenizer: Han bigrams, lowercase words (see tokenize.rs) ---- */

  function isHan(cp) {
    return cp === 0x3007 || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3ffff);
  }

  function runs(text) {
    var out = [];
    var open = false;
    for (var ch of text) {
      var last = out[out.length - 1];
      if (isHan(ch.codePointAt(0))) {
        if (open && last && last.han) last.chars.push(ch); else out.push({ han: true, chars: [ch] });
        open = true;
      } else if (ALNUM.test(ch)) {
        if (open && last && !last.han) last.word += ch.toLowerCase(); else out.push({ han: false, word: ch.toLowerCase() });
        open = true;
      } else {
        open = false;
      }
    }
    return out;
  }

  function bigrams(chars) {
    var out = [];
    for (var i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    return out;
  }

  /* The terms the index stores for a text (used by tests to hold the two
     tokenizers to one rule). */
  function indexTerms(text) {
    var out = [];
    runs(text).forEach(function (r) {
      if (r.han) {
        out.push.apply(out, bigrams(r.chars));
        out.push(r.chars[r.chars.length - 1]);
      } else {
        out.push(r.word);
      }
    });
    return out;
  }

  /* The terms of a query: {text, prefix}; repeats dropped, order kept. */
  function queryTerms(text) {
    var out = [];
    var seen = {};
    runs(text).forEach(function (r) {
      var terms;
      if (r.han && r.chars.length === 1) terms = [{ text: r.chars[0], prefix: true }];
      else if (r.han) terms = bigrams(r.chars).map(function (b) { return { text: b, prefix: false }; });
      else terms = [{ text: r.word, prefix: true }];
      terms.forEach(function (t) {
        var key = (t.prefix ? "p:" : "x:") + t.text;
        if (!seen[key]) { seen[key] = true; out.push(t); }
      });
    });
    return out;
  }

  /* ---- Index parts: pushed by classic scripts, in any order ---- */

  var queue = window.briefSearch = window.briefSearch || [];
  var indexes = {};
  var waiting = [];

  function indexFor(lang) {
    return indexes[lang] || (indexes[lang] = {
      main: null, docStarts: null, termParts: {}, docParts: {}, keys: new Map(), scripts: {}, failed: [],
    });
  }

  function take(part) {
    if (!part || part.v !== FORMAT) return;
    var idx = indexFor(part.lang);
    if (part.termShard !== undefined) idx.termParts[part.termShard] = part.terms;
    else if (part.docShard !== undefined) idx.docParts[part.docShard] = part.docs;
    else {
      idx.main = part;
      if (part.docShards) {
        var at = 0;
        idx.docStarts = part.docShards.map(function (gap) { return (at += gap); });
      }
      var ready = waiting;
      waiting = [];
      ready.forEach(function (f) { f(); });
    }
  }

  queue.forEach(take);
  queue.push = function () {
    for (var i = 0; i < arguments.length; i++) {
      Array.prototype.push.call(queue, arguments[i]);
      take(arguments[i]);
    }
    return queue.length;
  };

  /* Calls done once lang's manifest is there. */
  function whenManifest(lang, done) {
    if (indexFor(lang).main) done(); else waiting.push(function () { whenManifest(lang, done); });
  }

  /* Loads each file once with a script element (a shard pushes itself onto
     window.briefSearch as it runs, before its load event); calls done when
     every file has loaded or failed. A failed file is not retried. */
  function loadScripts(idx, srcs, siteRoot, done) {
    var left = srcs.length + 1;
    function one() { if (--left === 0) done(); }
    srcs.forEach(function (src) {
      var state = idx.scripts[src];
      if (state === true) { one(); return; }
      if (state) { state.push(one); return; }
      idx.scripts[src] = [one];
      var el = document.createElement("script");
      el.src = siteRoot + src;
      el.onload = el.onerror = function (e) {
        if (e.type === "error") idx.failed.push(src);
        var callbacks = idx.scripts[src];
        idx.scripts[src] = true;
        callbacks.forEach(function (f) { f(); });
      };
      document.head.appendChild(el);
    });
    one();
  }

  /* The term shards a query term needs: the one its text falls in, and for
     a prefix term the following ones whose first term it starts. */
  function termShardsFor(idx, term) {
    var firsts = idx.main.termShards;
    if (!firsts) return [];
    var lo = 0, hi = firsts.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (firsts[mid] <= term.text) lo = mid + 1; else hi = mid; }
    var out = [Math.max(0, lo - 1)];
    if (term.prefix) for (var i = lo; i < firsts.length && firsts[i].indexOf(term.text) === 0; i++) out.push(i);
    return out;
  }

  /* The term maps to look a query term up in: the manifest's, or its shards'. */
  function termMaps(idx, term) {
    if (idx.main.terms) return [idx.main.terms];
    return termShardsFor(idx, term).map(function (i) { return idx.termParts[i]; }).filter(Boolean);
  }

  /* Loads the term shards a query needs, then calls done. */
  function loadTerms(lang, query, siteRoot, done) {
    whenManifest(lang, function () {
      var idx = indexFor(lang);
      var srcs = [];
      queryTerms(query).forEach(function (t) {
        termShardsFor(idx, t).forEach(function (i) {
          var src = idx.main.dir + "t" + i + ".js";
          if (srcs.indexOf(src) < 0) srcs.push(src);
        });
      });
      loadScripts(idx, srcs, siteRoot, done);
    });
  }

  function docShardOf(idx, n) {
    var starts = idx.docStarts;
    var lo = 0, hi = starts.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (starts[mid] <= n) lo = mid + 1; else hi = mid; }
    return lo - 1;
  }

  /* Document n, or undefined while its shard is not loaded. */
  function docAt(idx, n) {
    if (idx.main.docs) return idx.main.docs[n];
    var i = docShardOf(idx, n);
    var part = idx.docParts[i];
    return part ? part[n - idx.docStarts[i]] : undefined;
  }

  /* Loads the document shards holding documents ns (their parents are in
     the same shards), then calls done. */
  function loadDocs(lang, ns, siteRoot, done) {
    whenManifest(lang, function () {
      var idx = indexFor(lang);
      var srcs = [];
      if (idx.docStarts) {
        ns.forEach(function (n) {
          var src = idx.main.dir + "d" + docShardOf(idx, n) + ".js";
          if (srcs.indexOf(src) < 0) srcs.push(src);
        });
      }
      loadScripts(idx, srcs, siteRoot, done);
    });
  }

  function sortedKeys(idx, terms) {
    var keys = idx.keys.get(terms);
    if (!keys) { keys = Object.keys(terms).sort(); idx.keys.set(terms, keys); }
    return keys;
  }

  /* Calls f(key, postings) for every index term the query term matches. */
  function eachMatch(idx, terms, term, f) {
    if (!term.prefix) {
      if (Object.prototype.hasOwnProperty.call(terms, term.text)) f(term.text, terms[term.text]);
      return;
    }
    var keys = sortedKeys(idx, terms);
    var lo = 0, hi = keys.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (keys[mid] < term.text) lo = mid + 1; else hi = mid; }
    for (var i = lo; i < keys.length && keys[i].indexOf(term.text) === 0; i++) f(keys[i], terms[keys[i]]);
  }

  /* Postings are base-64 numbers (see src/site/search/postings.rs): each
     gap * 4 + code, code 3 followed by the length of the title. */
  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  var DIGIT = [];
  for (var d = 0; d < 64; d++) DIGIT[DIGITS.charCodeAt(d)] = d;
  var WEIGHT = [2, 8, 10, 10];

  /* Calls f(doc, weight, titleLength or 0) for each posting. */
  function eachPosting(text, f) {
    var i = 0, doc = 0;
    function number() {
      var value = 0, scale = 1, digit;
      do { digit = DIGIT[text.charCodeAt(i++)]; value += (digit & 31) * scale; scale *= 32; } while (digit & 32);
      return value;
    }
    while (i < text.length) {
      var v = number();
      var code = v % 4;
      doc += (v - code) / 4;
      f(doc, WEIGHT[code], code === 3 ? number() : 0);
    }
  }

  /* Ranked results [{n, score}] over the loaded parts: every query term
     must match; exact terms count in full, longer words by prefix half.
     When every term is in a document's title, the query counts extra, the
     more so the more of the title it fills: "Witkoff" ranks "Steve
     Witkoff" above a sentence. Needs no document, only postings. */
  function rank(lang, query) {
    var idx = indexFor(lang);
    var terms = queryTerms(query);
    if (!idx.main || terms.length === 0) return [];
    var total = null, titled = null;
    for (var t = 0; t < terms.length; t++) {
      var term = terms[t];
      var hits = new Map(), inTitle = new Map();
      termMaps(idx, term).forEach(function (m) {
        eachMatch(idx, m, term, function (key, postings) {
          var factor = key === term.text ? 1 : 0.5;
          eachPosting(postings, function (n, weight, titleLength) {
            var w = weight * factor;
            if (!(hits.get(n) >= w)) hits.set(n, w);
            if (titleLength) inTitle.set(n, titleLength);
          });
        });
      });
      if (total === null) { total = hits; titled = inTitle; } else {
        var both = new Map(), bothTitled = new Map();
        total.forEach(function (s, n) {
          if (!hits.has(n)) return;
          both.set(n, s + hits.get(n));
          if (titled.has(n) && inTitle.has(n)) bothTitled.set(n, titled.get(n));
        });
        total = both;
        titled = bothTitled;
      }
      if (total.size === 0) break;
    }
    var phrase = query.trim().toLowerCase();
    var out = [];
    total.forEach(function (score, n) {
      var titleLength = titled.get(n);
      if (titleLength) score += 5 + 10 * Math.min(1, phrase.length / titleLength);
      out.push({ n: n, score: score });
    });
    out.sort(function (a, b) { return b.score - a.score || a.n - b.n; });
    return out;
  }

  /* ---- Highlighting and snippets ---- */

  /* Lowercases char by char, keeping every index where it was. */
  function lowerSameLength(text) {
    var out = "";
    for (var ch of text) {
      var l = ch.toLowerCase();
      out += l.length === ch.length ? l : ch;
    }
    return out;
  }

  function isWordChar(ch) {
    return ch !== undefined && ALNUM.test(ch) && !isHan(ch.codePointAt(0));
  }

  /* What to highlight for a query: each word, and each Han run whole
     (its bigrams only where the whole run does not occur). */
  function highlightTerms(query) {
    return runs(query).map(function (r) {
      if (!r.han) return { text: r.word, parts: [] };
      return { text: r.chars.join(""), parts: bigrams(r.chars) };
    });
  }

  /* [start, end) ranges of the query's matches in text, merged. */
  function matchRanges(text, query) {
    var lower = lowerSameLength(text);
    var found = [];
    highlightTerms(query).forEach(function (h) {
      var before = found.length;
      find(lower, text, h.text, found);
      if (found.length === before) h.parts.forEach(function (p) { find(lower, text, p, found); });
    });
    found.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    found.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]); else merged.push(r.slice());
    });
    return merged;
  }

  /* Pushes the ranges where term occurs: Han anywhere, a word at a word start
     (to the end of that word, since words match by prefix). */
  function find(lower, text, term, found) {
    var han = isHan(term.codePointAt(0));
    var from = 0;
    for (;;) {
      var at = lower.indexOf(term, from);
      if (at < 0) return;
      from = at + term.length;
      if (!han && isWordChar(text.charAt(at - 1))) continue;
      var end = at + term.length;
      while (!han && end < text.length && isWordChar(text.charAt(end))) end++;
      found.push([at, end]);
    }
  }

  /* Appends text[start, end) to el, the matches wrapped in <mark>. */
  function appendMarked(el, text, ranges, start, end) {
    var at = start;
    ranges.forEach(function (r) {
      var a = Math.max(r[0], start), b = Math.min(r[1], end);
      if (a >= b) return;
      if (a > at) el.appendChild(document.createTextNode(text.slice(at, a)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(a, b);
      el.appendChild(mark);
      at = b;
    });
    if (at < end) el.appendChild(document.createTextNode(text.slice(at, end)));
  }

  function snippet(el, text, query) {
    var ranges = matchRanges(text, query);
    var start = ranges.length ? Math.max(0, ranges[0][0] - 40) : 0;
    if (start > 0 && /[\uDC00-\uDFFF]/.test(text.charAt(start))) start--;
    var end = Math.min(text.length, start + SNIPPET);
    if (end < text.length && /[\uDC00-\uDFFF]/.test(text.charAt(end))) end++;
    if (start > 0) el.appendChild(document.createTextNode("…"));
    appendMarked(el, text, ranges, start, end);
    if (end < text.length) el.appendChild(document.createTextNode("…"));
  }

  /* ---- The search page ---- */

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return values[k] === undefined ? "" : String(values[k]); });
  }

  function resultItem(ui, idx, d, query) {
    var li = document.createElement("li");
    li.className = "search-result kind-" + d.k;
    var h = document.createElement("h2");
    h.className = "result-title";
    var a = document.createElement("a");
    a.href = ui.root + d.u;
    appendMarked(a, d.t, matchRanges(d.t, query), 0, d.t.length);
    h.appendChild(a);
    var meta = document.createElement("p");
    meta.className = "result-meta";
    var kind = document.createElement("span");
    kind.className = "badge badge-kind";
    kind.textContent = ui.list.getAttribute("data-kind-" + d.k) || d.k;
    meta.appendChild(kind);
    var parent = d.p !== undefined ? docAt(idx, d.p) : null;
    var context = [parent ? parent.t : d.c, parent ? parent.d : d.d].filter(Boolean).join(" · ");
    if (context) meta.appendChild(document.createTextNode(" " + context));
    li.appendChild(h);
    li.appendChild(meta);
    if (d.b) {
      var p = document.createElement("p");
      p.className = "result-snippet";
      snippet(p, d.b, query);
      li.appendChild(p);
    }
    return li;
  }

  function showStatus(ui) {
    var s = ui.status, query = ui.query, n = ui.results.length;
    var message = !query.trim() ? s.getAttribute("data-empty")
      : n === 0 ? s.getAttribute("data-none")
      : n > ui.shown ? s.getAttribute("data-more") : s.getAttribute("data-some");
    s.textContent = fill(message || "", { n: n, shown: ui.shown, q: query.trim() });
    if (ui.more) ui.more.hidden = ui.shown >= n;
  }

  /* Shows the next PAGE results once their documents are loaded; moves the
     focus to the first of them when asked (the "more" button). */
  function showMore(ui, token, focus) {
    if (ui.busy === token) return; /* this page of results is on its way */
    ui.busy = token;
    var next = ui.results.slice(ui.shown, ui.shown + PAGE);
    loadDocs(ui.lang, next.map(function (r) { return r.n; }), ui.siteRoot, function () {
      if (token !== ui.generation) return;
      ui.busy = 0;
      var idx = indexFor(ui.lang);
      var first = null;
      next.forEach(function (r) {
        var d = docAt(idx, r.n);
        if (!d) return;
        var li = resultItem(ui, idx, d, ui.query);
        first = first || li;
        ui.list.appendChild(li);
      });
      ui.shown += next.length;
      showStatus(ui);
      if (focus && first) first.querySelector("a").focus();
    });
  }

  function runQuery(ui, query) {
    var token = ++ui.generation;
    loadTerms(ui.lang, query, ui.siteRoot, function () {
      if (token !== ui.generation) return;
      ui.query = query;
      ui.results = rank(ui.lang, query);
      ui.shown = 0;
      while (ui.list.firstChild) ui.list.removeChild(ui.list.firstChild);
      if (ui.results.length === 0) showStatus(ui); else showMore(ui, token, false);
    });
  }

  function remember(query) {
    try {
      history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : location.pathname);
    } catch (e) {
      /* Some browsers refuse to change a file:// address; search still works. */
    }
  }

  function start() {
    var root = document.getElementById("search");
    if (!root) return;
    var ui = {
      lang: root.getAttribute("data-lang"),
      root: root.getAttribute("data-root") || "",
      siteRoot: root.getAttribute("data-site-root") || "",
      form: document.getElementById("search-form"),
      input: document.getElementById("search-q"),
      status: document.getElementById("search-status"),
      list: document.getElementById("search-results"),
      more: document.getElementById("search-more"),
      generation: 0,
      busy: 0,
      query: "",
      results: [],
      shown: 0,
    };
    if (ui.more) {
      ui.more.addEventListener("click", function () { showMore(ui, ui.generation, true); });
    }
    var timer = 0;
    ui.input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { runQuery(ui, ui.input.value); remember(ui.input.value.trim()); }, 120);
    });
    ui.form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(timer);
      runQuery(ui, ui.input.value);
      remember(ui.input.value.trim());
    });
    var q = new URLSearchParams(location.search).get("q") || "";
    ui.input.value = q;
    runQuery(ui, q);
  }

  window.briefSearchEngine = {
    indexTerms: indexTerms,
    queryTerms: queryTerms,
    /* Ranked results [{n, score}] for a query over the loaded parts of
       lang's index. */
    search: rank,
    /* Loads what a query needs: loadTerms(lang, query, siteRoot, done). */
    loadTerms: loadTerms,
    /* Loads documents: loadDocs(lang, [n, ...], siteRoot, done). */
    loadDocs: loadDocs,
    /* Document n of lang's index, once loaded. */
    doc: function (lang, n) { return docAt(indexFor(lang), n); },
    /* Files that failed to load, per language. */
    failed: function (lang) { return indexFor(lang).failed.slice(); },
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
