/* brief search: the engine behind search/index.html, written by `brief build`.
   A classic script: no fetch, no modules, no workers, so it works opened from
   disk and under any sub-path. The index files push their parts onto
   window.briefSearch (format: src/site/search/mod.rs); the tokenizer below is
   the same rule as src/site/search/tokenize.rs. */
(function () {
  "use strict";

  var FORMAT = 1;
  var MAX_RESULTS = 100;
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
    return indexes[lang] || (indexes[lang] = { main: null, parts: {}, keys: new Map(), loading: {} });
  }

  function take(part) {
    if (!part || part.v !== FORMAT) return;
    var idx = indexFor(part.lang);
    if (part.docs) idx.main = part; else idx.parts[part.prefix] = part.terms;
    var ready = waiting;
    waiting = [];
    ready.forEach(function (f) { f(); });
  }

  queue.forEach(take);
  queue.push = function () {
    for (var i = 0; i < arguments.length; i++) {
      Array.prototype.push.call(queue, arguments[i]);
      take(arguments[i]);
    }
    return queue.length;
  };

  /* The shards a query term needs: those whose prefix it starts with, and
     for a prefix term those whose prefix starts with it. */
  function shardsFor(idx, term) {
    return idx.main.shards.filter(function (s) {
      return term.text.indexOf(s.prefix) === 0 || (term.prefix && s.prefix.indexOf(term.text) === 0);
    });
  }

  /* Loads the shards the terms need with script elements, then calls done. */
  function ensure(lang, terms, siteRoot, done) {
    var idx = indexFor(lang);
    if (!idx.main) { waiting.push(function () { ensure(lang, terms, siteRoot, done); }); return; }
    var missing = [];
    terms.forEach(function (t) {
      shardsFor(idx, t).forEach(function (s) { if (!idx.parts[s.prefix]) missing.push(s); });
    });
    if (missing.length === 0) { done(); return; }
    waiting.push(function () { ensure(lang, terms, siteRoot, done); });
    missing.forEach(function (s) {
      if (idx.loading[s.src]) return;
      idx.loading[s.src] = true;
      var el = document.createElement("script");
      el.src = siteRoot + s.src;
      document.head.appendChild(el);
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

  /* Ranked results [{doc, n, score}] for loaded terms: every query term
     must match; exact terms count in full, longer words by prefix half. */
  function rank(lang, query) {
    var idx = indexFor(lang);
    var terms = queryTerms(query);
    if (!idx.main || terms.length === 0) return [];
    var maps = [idx.main.terms].concat(Object.keys(idx.parts).map(function (k) { return idx.parts[k]; }));
    var total = null;
    for (var t = 0; t < terms.length; t++) {
      var hits = new Map();
      maps.forEach(function (m) {
        eachMatch(idx, m, terms[t], function (key, postings) {
          var factor = key === terms[t].text ? 1 : 0.5;
          // [gap, weight, ...]: document numbers are stored as gaps.
          for (var i = 0, n = 0; i < postings.length; i += 2) {
            n += postings[i];
            var w = postings[i + 1] * factor;
            if (!(hits.get(n) >= w)) hits.set(n, w);
          }
        });
      });
      if (total === null) { total = hits; } else {
        var both = new Map();
        total.forEach(function (s, d) { if (hits.has(d)) both.set(d, s + hits.get(d)); });
        total = both;
      }
      if (total.size === 0) break;
    }
    var phrase = query.trim().toLowerCase();
    var out = [];
    total.forEach(function (score, n) {
      var doc = idx.main.docs[n];
      var title = doc.t.toLowerCase();
      // The whole query in the title counts extra, the more so the more of
      // the title it is: "Witkoff" ranks "Steve Witkoff" above a sentence.
      if (phrase && title.indexOf(phrase) >= 0) score += 5 + 10 * phrase.length / title.length;
      out.push({ doc: doc, n: n, score: score });
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

  function renderResults(ui, query, results) {
    var list = ui.list;
    while (list.firstChild) list.removeChild(list.firstChild);
    var shown = results.slice(0, MAX_RESULTS);
    var docs = indexFor(ui.lang).main ? indexFor(ui.lang).main.docs : [];
    shown.forEach(function (r) {
      var d = r.doc;
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
      var parent = d.p !== undefined ? docs[d.p] : null;
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
      list.appendChild(li);
    });
    var s = ui.status;
    var message = !query.trim() ? s.getAttribute("data-empty")
      : results.length === 0 ? s.getAttribute("data-none")
      : results.length > shown.length ? s.getAttribute("data-more") : s.getAttribute("data-some");
    s.textContent = fill(message || "", { n: results.length, shown: shown.length, q: query.trim() });
  }

  function runQuery(ui, query) {
    var token = ++ui.generation;
    ensure(ui.lang, queryTerms(query), ui.siteRoot, function () {
      if (token === ui.generation) renderResults(ui, query, rank(ui.lang, query));
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
      generation: 0,
    };
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
    /* Ranked results for a query over the loaded parts of lang's index. */
    search: rank,
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
