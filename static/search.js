// Search for every page: the header box (results as you type, in a panel) and search/ (all
// results). The index is classic scripts in search/ (see src/search/mod.rs), loaded on demand
// by adding <script> elements, so it works from file:// with no server and no fetch. Results
// are built with DOM methods only: nothing from the index is ever parsed as HTML.
(function () {
  "use strict";
  var W = typeof window !== "undefined" ? window : {};
  var S = (W.DOSSIER_SEARCH = W.DOSSIER_SEARCH || {});

  // --- Normalisation: mirrors src/search/normalise.rs (a Rust test runs both on the same words).
  var WORD = /[\p{L}\p{N}\p{M}]+/gu;
  var SPECIAL = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i" };
  var WORD_VARIANTS = {
    acknowledgement: "acknowledgment", ageing: "aging", cheque: "check", grey: "gray",
    judgement: "judgment", manoeuvre: "maneuver", plough: "plow", programme: "program",
    programmes: "programs", sceptic: "skeptic", sceptical: "skeptical", tyre: "tire"
  };
  var OUR_TAILS = ["", "s", "ed", "ing", "ite", "ites", "able", "ably", "er", "ers", "ful", "less", "hood", "hoods", "ism", "ist", "ists"];
  var OUR_KEEP = ["cont", "det", "dev", "param", "troubad"];
  var ISE_TAILS = ["e", "ed", "es", "ing", "er", "ers", "ation", "ations", "ational"];
  var LL_TAILS = ["ed", "ing", "er", "ers"];
  var TRE = [["tre", "ter"], ["tres", "ters"], ["tred", "tered"], ["bre", "ber"], ["bres", "bers"]];

  function len(s) { return Array.from(s).length; }
  function fold(w) {
    w = w.toLowerCase();
    if (/^[\x00-\x7f]*$/.test(w)) return w;
    return w.normalize("NFD").replace(/\p{M}/gu, "").replace(/[ßæœøłđðþı]/g, function (c) { return SPECIAL[c]; });
  }
  function isVowel(c) { return c === "a" || c === "e" || c === "i" || c === "o" || c === "u"; }
  function vowelGroups(s) {
    var n = 0, prev = false;
    for (var i = 0; i < s.length; i++) { var v = isVowel(s[i]); if (v && !prev) n++; prev = v; }
    return n;
  }
  function strip(w, suffix) {
    if (w === null || w.length < suffix.length || w.slice(w.length - suffix.length) !== suffix) return null;
    return w.slice(0, w.length - suffix.length);
  }
  // Words no rule below can change (most words): a snippet asks this of every word it shows.
  var UNCHANGED = /^(?!.*(?:ll(?:ed|ing|ers?)$|our|[iy]s(?:e[ds]?|ing|ers?|ations?|ational)$|[tb]re[sd]?$|ences?$|ogues?$))/;
  function variant(w) {
    var i, j, base;
    if (Object.prototype.hasOwnProperty.call(WORD_VARIANTS, w)) return WORD_VARIANTS[w];
    if (UNCHANGED.test(w)) return w;
    for (i = 0; i < LL_TAILS.length; i++) {
      base = strip(strip(w, LL_TAILS[i]), "ll");
      if (base !== null && len(base) >= 3 && isVowel(base[base.length - 1]) && vowelGroups(base) >= 2) return base + "l" + LL_TAILS[i];
    }
    for (i = 0; i < OUR_TAILS.length; i++) {
      base = strip(strip(w, OUR_TAILS[i]), "our");
      if (base !== null && (len(base) >= 3 || base === "od") && OUR_KEEP.indexOf(base) < 0) return base + "or" + OUR_TAILS[i];
    }
    for (i = 0; i < ISE_TAILS.length; i++) {
      var pairs = [["is", "iz"], ["ys", "yz"]];
      for (j = 0; j < 2; j++) {
        base = strip(strip(w, ISE_TAILS[i]), pairs[j][0]);
        if (base !== null && len(base) >= 2) return base + pairs[j][1] + ISE_TAILS[i];
      }
    }
    for (i = 0; i < TRE.length; i++) {
      base = strip(w, TRE[i][0]);
      if (base !== null && len(base) >= 2) return base + TRE[i][1];
    }
    var stems = ["def", "off", "pret", "lic"];
    for (i = 0; i < stems.length; i++) {
      if (w === stems[i] + "ence") return stems[i] + "ense";
      if (w === stems[i] + "ences") return stems[i] + "enses";
    }
    var og = [["ogue", "og"], ["ogues", "ogs"]];
    for (i = 0; i < og.length; i++) {
      base = strip(w, og[i][0]);
      if (base !== null && len(base) >= 3) return base + og[i][1];
    }
    return w;
  }
  function surface(w) { return variant(fold(w)); }
  S.surface = surface;
  // Under Node (the Rust test comparing normalisations), only the functions above are wanted.
  if (typeof module !== "undefined") { module.exports = { fold: fold, variant: variant, surface: surface }; return; }

  // --- Loading the index, as scripts.
  var me = document.currentScript;
  var root = me ? me.getAttribute("data-root") || "" : "";
  // The search page's link, as the page writes it (a folder when published, its index.html
  // in a bundle opened from file://).
  var searchPage = (me && me.getAttribute("data-search")) || root + "search/";
  // Maps from the index are read through own(), so a word such as "constructor" is not
  // mistaken for an inherited property; maps made here have no prototype.
  function dict() { return Object.create(null); }
  function own(o, k) { return o && Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined; }
  var IDX = null, TERMS = dict(), ARTS = dict(), SHARDS = dict(), STOP = dict(), NAMES = [];
  // Items of articles from hit previews (in the shards), by article, then item index; and
  // each preview's hits in its order, as [article, item index, kind].
  var PART = dict(), HITS = dict();
  // Postings kept out of their shard (search/p/STEM.js; the shard lists the stem with 0).
  var APART = dict();
  // Entities by number, from the shards loaded so far (a shard lists those with a key there).
  var ENTS = [];
  var state = {}, waiting = {};
  S.index = function (x) {
    IDX = x;
    x.shards.forEach(function (p) { SHARDS[p] = true; });
    x.stop.forEach(function (w) { STOP[w] = true; });
    NAMES = Object.keys(x.n);
    // For benches and tests: whether a query will find the index already there.
    S.indexed = true;
  };
  S.terms = function (prefix, x) {
    TERMS[prefix] = x;
    // An entity row: [kind, title, url, meta, keys, number]; its keys padded, so a key is
    // found by searching for " key ".
    (x.e || []).forEach(function (e) {
      if (ENTS[e[5]]) return;
      e.keys = " " + e[4] + " ";
      e.i = e[5];
      ENTS[e[5]] = e;
    });
  };
  S.postings = function (stem, list) { APART[stem] = list; };
  S.articles = function (first, docs) { docs.forEach(function (d, k) { ARTS[first + k] = d; }); };
  // The hits of stem's preview, in rank order, its items put in PART on first use. A shard
  // lists a previewed stem as [hits per kind, preview], the preview giving [article, title,
  // url, [[item index, item], ...]] for each article it shows.
  function hitsOf(stem) {
    if (HITS[stem]) return HITS[stem];
    var sh = TERMS[shardFor(stem)], h = sh && own(sh.h, stem);
    if (!h) return null;
    var order = [];
    h[1].forEach(function (d) {
      var p = PART[d[0]] || (PART[d[0]] = { t: d[1], u: d[2], i: dict() });
      d[3].forEach(function (x) { p.i[x[0]] = x[1]; order.push([d[0], x[0], x[1][0]]); });
    });
    return (HITS[stem] = order);
  }
  // Article a's item `item`, with the article's title and link, if loaded.
  function itemOf(a, item) {
    var doc = ARTS[a];
    if (doc && doc.i[item]) return { doc: doc, item: doc.i[item] };
    doc = PART[a];
    return doc && doc.i[item] ? { doc: doc, item: doc.i[item] } : null;
  }
  function load(path, done) {
    if (state[path] === "done") return done();
    if (waiting[path]) { waiting[path].push(done); return; }
    waiting[path] = [done];
    var s = document.createElement("script");
    s.src = root + path;
    s.onload = s.onerror = function () {
      state[path] = "done";
      var w = waiting[path];
      delete waiting[path];
      w.forEach(function (f) { f(); });
    };
    document.head.appendChild(s);
  }
  function loadAll(paths, done) {
    var n = paths.length;
    if (!n) return done();
    paths.forEach(function (p) { load(p, function () { if (--n === 0) done(); }); });
  }
  // A prefix or stem as a file name (as src/search/mod.rs encodes it).
  function encoded(p) {
    return Array.from(p).map(function (c) {
      return /[a-z0-9]/.test(c) ? c : "_" + c.codePointAt(0).toString(16);
    }).join("");
  }
  function shardFile(p) { return "search/t/" + encoded(p) + ".js"; }
  // A stem's postings as its shard gives them (a string), or its own script's once loaded.
  function listOf(s) {
    var sh = TERMS[shardFor(s)], list = sh && own(sh.p, s);
    return list === 0 ? APART[s] : list;
  }
  // The scripts of the postings of `terms`' stems that are kept apart and not loaded yet.
  function apartFiles(terms) {
    var out = [];
    terms.forEach(function (t) {
      for (var s in t.alts) {
        var sh = TERMS[shardFor(s)];
        if (sh && own(sh.p, s) === 0 && APART[s] === undefined) out.push("search/p/" + encoded(s) + ".js");
      }
    });
    return out;
  }
  // The shard a term is in: the longest listed prefix of it (as src/search/shards.rs).
  function shardFor(t) {
    var cs = Array.from(t);
    for (var l = Math.min(4, cs.length); l >= 1; l--) {
      var p = cs.slice(0, l).join("");
      if (SHARDS[p]) return p;
    }
    return null;
  }
  function shardsFor(t, prefix) {
    var out = [], own = shardFor(t);
    if (own) out.push(own);
    if (prefix) IDX.shards.forEach(function (p) { if (p !== own && p.length > t.length && p.indexOf(t) === 0) out.push(p); });
    return out;
  }
  function uniqueFiles(prefixes) {
    var seen = dict(), out = [];
    prefixes.forEach(function (p) { if (p && !seen[p]) { seen[p] = true; out.push(shardFile(p)); } });
    return out;
  }

  // --- Matching.
  // Whether a and b are at most one edit apart (insertion, deletion or substitution).
  function oneEdit(a, b) {
    if (a === b) return false;
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0, j = 0, edits = 0;
    while (i < la && j < lb) {
      if (a[i] === b[j]) { i++; j++; continue; }
      if (++edits > 1) return false;
      if (la > lb) i++; else if (lb > la) j++; else { i++; j++; }
    }
    return edits + (la - i) + (lb - j) <= 1;
  }
  function parse(q) {
    var raw = q.match(WORD) || [], terms = [];
    var endsInWord = raw.length > 0 && /[\p{L}\p{N}\p{M}]$/u.test(q);
    raw.forEach(function (w, i) {
      var s = surface(w);
      if (len(s) < 2 || STOP[s]) return;
      terms.push({ w: s, prefix: endsInWord && i === raw.length - 1 && len(s) >= 3, alts: dict(), forms: dict() });
    });
    return terms;
  }
  // The stems a term stands for, with a score: as typed 3, a completion of what is typed up to
  // 2, a name one letter away 1.
  var MAX_COMPLETIONS = 40;
  function resolve(t) {
    var completions = [];
    function add(stem, score, form) {
      if (!(t.alts[stem] >= score)) t.alts[stem] = score;
      if (form) t.forms[form] = true;
    }
    shardsFor(t.w, t.prefix).forEach(function (p) {
      var sh = TERMS[p];
      if (!sh) return;
      if (own(sh.w, t.w)) add(sh.w[t.w], 3, t.w);
      else if (own(sh.p, t.w) !== undefined) add(t.w, 3, t.w);
      if (!t.prefix) return;
      [sh.w, sh.p].forEach(function (m) {
        Object.keys(m).forEach(function (k) { if (k.indexOf(t.w) === 0 && k !== t.w) completions.push([k, m === sh.w ? m[k] : k]); });
      });
    });
    // The closest completions only (the shortest), so a short prefix stays fast.
    completions.sort(function (a, b) { return a[0].length - b[0].length || (a[0] < b[0] ? -1 : 1); });
    completions.slice(0, MAX_COMPLETIONS).forEach(function (c) { add(c[1], 1 + t.w.length / c[0].length, c[0]); });
    if (len(t.w) >= 4) NAMES.forEach(function (n) { if (oneEdit(t.w, n)) add(IDX.n[n], 1, n); });
    // A word in no article may still share a stem with one ("cancellation", "cancel"): the
    // script does not stem, so it tries the word without a common suffix. The base keeps the
    // first four letters, so it is in a shard already loaded.
    if (Object.keys(t.alts).length) return;
    SUFFIXES.forEach(function (suffix) {
      var base = strip(t.w, suffix);
      if (base === null || len(base) < 4) return;
      [base, base.replace(/ll$/, "l"), base + "e"].forEach(function (b) {
        var sh = TERMS[shardFor(b)];
        if (!sh) return;
        if (own(sh.w, b)) add(sh.w[b], 2, b);
        else if (own(sh.p, b) !== undefined) add(b, 2, b);
      });
    });
  }
  var SUFFIXES = ["ations", "ation", "ments", "ment", "ings", "ing", "ers", "er", "ed", "es", "s", "ly"];
  var KIND_WEIGHT = [3, 1, 2, 1, 1.5];
  var GROUPS = [
    ["person", "People"], ["issue", "Issues"], ["event", "Events"], ["outlet", "Outlets"],
    ["organisation", "Organisations"], ["place", "Places"],
    ["a0", "Articles"], ["a1", "Passages"], ["a2", "Quotes"], ["a3", "Notes"], ["a4", "Event reports"]
  ];
  // The best `k` hits of each group, best first, and how many there are in all (`n`). A hit
  // ranks by score, then (ties) entities by title (the index lists them in title order) and
  // article items newest first. Selecting the top k rather than sorting every hit keeps a
  // word found in 30,000 items fast.
  function Top(k) { this.k = k; this.n = 0; this.hits = []; }
  // Whether a hit (entity e, or item `item` of article a) with this score ranks before hit y.
  function before(score, e, a, item, y) {
    if (score !== y.score) return score > y.score;
    if (e) return e.i < y.e.i;
    return a !== y.a ? a > y.a : item < y.item;
  }
  // Offers a hit; it is made only if kept (most of a common word's hits are not).
  Top.prototype.offer = function (score, e, a, item) {
    this.n++;
    var h = this.hits;
    if (h.length === this.k && !before(score, e, a, item, h[h.length - 1])) return;
    var lo = 0, hi = h.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (before(score, e, a, item, h[mid])) hi = mid; else lo = mid + 1; }
    h.splice(lo, 0, { score: score, e: e, a: a, item: item });
    if (h.length > this.k) h.pop();
  };
  // A query whose header panel a preview gives whole: one word whose best-scored stem (the
  // only one with that score) has a preview holding, for each item kind, as many hits as
  // the panel shows, or every hit of that kind the word has. Its hits rank first, so they
  // are the panel's. The counts of the word's stems together are in the shards: a stem's
  // own with its preview, a set of stems a prefix stands for in the prefix's shard (where
  // the set is large; src/search/unions.rs). Returns {stem, counts}, or null.
  function previewed(terms, sizes) {
    if (terms.length !== 1 || sizes !== PANEL) return null;
    var alts = terms[0].alts, stems = Object.keys(alts).sort(), best = -1, top = null;
    stems.forEach(function (s) {
      if (alts[s] > best) { best = alts[s]; top = s; } else if (alts[s] === best) top = null;
    });
    var sh = top && TERMS[shardFor(top)], h = sh && own(sh.h, top), mine = h && h[0];
    if (!mine || stems.length === 1) return mine ? { stem: top, counts: mine } : null;
    var u = TERMS[shardFor(terms[0].w)], counts = u && own(u.u, stems.join(" "));
    if (!counts) return null;
    for (var k = 0; k < 5; k++) if (mine[k] < IDX.panel[k] && mine[k] !== counts[k]) return null;
    return { stem: top, counts: counts };
  }
  // Ranks the hits of `terms` into groups of sizes(group). With `only` (see previewed()), the
  // article groups come from its stem's preview and its counts: that stem's hits have the
  // best score of their kind, so its first of each kind, newest article first, are the ones
  // ranking would keep, and no postings are decoded.
  function rank(terms, sizes, only) {
    var groups = dict();
    GROUPS.forEach(function (g) { groups[g[0]] = new Top(sizes(g[0])); });
    // An entity matching every term has a key stem of the first term's, so it is listed in
    // the shard of that stem, which is loaded.
    var seen = dict();
    for (var s0 in terms[0].alts) {
      var sh0 = TERMS[shardFor(s0)];
      if (sh0 && sh0.e) sh0.e.forEach(function (e) { seen[e[5]] = ENTS[e[5]]; });
    }
    Object.keys(seen).forEach(function (k) {
      var e = seen[k], score = 0;
      for (var i = 0; i < terms.length; i++) {
        var best = 0;
        for (var s in terms[i].alts) if (terms[i].alts[s] > best && e.keys.indexOf(" " + s + " ") >= 0) best = terms[i].alts[s];
        if (!best) return;
        score += best;
      }
      groups[e[0]].offer(score, e, 0, 0);
    });
    // The items every term matches, by key (article * 65536 + item code), with their summed
    // score: each term's postings (the union over its stems, best score kept) intersected,
    // all as sorted typed arrays, which keeps a prefix standing for 40 words fast.
    var byKind = [groups.a0, groups.a1, groups.a2, groups.a3, groups.a4];
    if (only) {
      var base = terms[0].alts[only.stem];
      hitsOf(only.stem).forEach(function (h) {
        var top = byKind[h[2]];
        if (top.hits.length < top.k) top.hits.push({ score: base * KIND_WEIGHT[h[2]], e: null, a: h[0], item: h[1] });
      });
      byKind.forEach(function (top, k) { top.n = only.counts[k]; });
      return groups;
    }
    scan(terms.map(postings).reduce(intersect), byKind);
    return groups;
  }
  // Offers each of `found` to the group of its kind (byKind), newest article first, so that
  // among equal scores a later hit never ranks before the kept ones and is turned away at
  // once. This loop meets every hit of a common word (tens of thousands), so it turns most
  // hits away inline, calling offer() only for a hit that may be kept.
  function scan(found, byKind) {
    for (var j = found.keys.length - 1; j >= 0; j--) {
      var key = found.keys[j], code = key % 65536, top = byKind[code & 7];
      var score = found.scores[j] * KIND_WEIGHT[code & 7], h = top.hits;
      if (h.length === top.k) {
        var last = h[h.length - 1];
        if (score < last.score || (score === last.score && (key - code) / 65536 < last.a)) { top.n++; continue; }
      }
      top.offer(score, null, (key - code) / 65536, code >> 3);
    }
  }
  // A stem's postings as the shard writes them (src/search/shards.rs, `Delta`): numbers of
  // 5-bit digits, most significant first, where a digit of 32 or more is followed by more;
  // pairs of (article after the previous one, item code). Decoded once, straight into the
  // sorted keys (article * 65536 + item code) that ranking works on.
  var DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  var DIGIT = new Int8Array(128), KEYS = dict();
  DIGITS.split("").forEach(function (c, i) { DIGIT[c.charCodeAt(0)] = i; });
  // For tests and benches: how many stems' postings this page has decoded.
  S.decoded = 0;
  function keysOf(stem, str) {
    if (KEYS[stem]) return KEYS[stem];
    S.decoded++;
    return (KEYS[stem] = decode(str));
  }
  function decode(str) {
    // A pair takes two digits at least.
    var keys = new Float64Array(str.length >> 1), v = 0, a = 0, k = 0, first = true;
    for (var i = 0; i < str.length; i++) {
      var d = DIGIT[str.charCodeAt(i)];
      if (d >= 32) { v = v * 32 + d - 32; continue; }
      v = v * 32 + d;
      if (first) a += v; else keys[k++] = a * 65536 + v;
      first = !first;
      v = 0;
    }
    return keys.subarray(0, k);
  }
  // A list of keys (ascending) with a score each.
  function Found(keys, scores) { this.keys = keys; this.scores = scores; }
  // Term t's postings: its stems' lists merged, each item with the best score of a stem.
  function postings(t) {
    var lists = [];
    for (var s in t.alts) {
      var list = listOf(s);
      if (list === undefined) continue;
      var keys = keysOf(s, list), scores = new Float64Array(keys.length);
      scores.fill(t.alts[s]);
      lists.push(new Found(keys, scores));
    }
    while (lists.length > 1) lists.push(union(lists.shift(), lists.shift()));
    return lists[0] || new Found(new Float64Array(0), new Float64Array(0));
  }
  function union(x, y) {
    var keys = new Float64Array(x.keys.length + y.keys.length), scores = new Float64Array(keys.length);
    var i = 0, j = 0, n = 0, xn = x.keys.length, yn = y.keys.length;
    while (i < xn && j < yn) {
      var kx = x.keys[i], ky = y.keys[j];
      if (kx < ky) { keys[n] = kx; scores[n++] = x.scores[i++]; }
      else if (ky < kx) { keys[n] = ky; scores[n++] = y.scores[j++]; }
      else { keys[n] = kx; scores[n++] = Math.max(x.scores[i++], y.scores[j++]); }
    }
    keys.set(x.keys.subarray(i), n);
    scores.set(x.scores.subarray(i), n);
    n += xn - i;
    keys.set(y.keys.subarray(j), n);
    scores.set(y.scores.subarray(j), n);
    n += yn - j;
    return new Found(keys.subarray(0, n), scores.subarray(0, n));
  }
  function intersect(x, y) {
    var n = Math.min(x.keys.length, y.keys.length), keys = new Float64Array(n), scores = new Float64Array(n);
    var i = 0, j = 0;
    n = 0;
    while (i < x.keys.length && j < y.keys.length) {
      if (x.keys[i] < y.keys[j]) i++;
      else if (y.keys[j] < x.keys[i]) j++;
      else { keys[n] = x.keys[i]; scores[n++] = x.scores[i++] + y.scores[j++]; }
    }
    return new Found(keys.subarray(0, n), scores.subarray(0, n));
  }
  // Runs query q, then calls done(results) once every script it needs is loaded. Results:
  // {terms, groups} (each group a Top of sizes(group) hits), or null for a query with nothing
  // to search for.
  function query(q, sizes, done) {
    load("search/index.js", function () {
      if (!IDX) return done(null);
      var terms = parse(q);
      if (!terms.length) return done(null);
      var first = [];
      terms.forEach(function (t) { first = first.concat(shardsFor(t.w, t.prefix)); });
      loadAll(uniqueFiles(first), function () {
        terms.forEach(resolve);
        var second = [];
        terms.forEach(function (t) { for (var s in t.alts) second.push(shardFor(s)); });
        loadAll(uniqueFiles(second), function () {
          var groups;
          // The item scripts of the hits not loaded yet (a few articles to a script).
          function missing() {
            var files = dict();
            GROUPS.forEach(function (g) {
              if (g[0][0] === "a") groups[g[0]].hits.forEach(function (h) {
                if (!itemOf(h.a, h.item)) files["search/a/" + Math.floor(h.a / IDX.per) + ".js"] = true;
              });
            });
            return Object.keys(files);
          }
          function finish() { done({ terms: terms, groups: groups }); }
          // A panel its shards' counts and previews give whole (see previewed()).
          var only = previewed(terms, sizes);
          if (only) {
            groups = rank(terms, sizes, only);
            return loadAll(missing(), finish);
          }
          // Any other query ranks from postings. In the header's panel for one word, each hit
          // shown is among the first hits of the stem that gives it its score, which that
          // stem's preview holds when the stem has one (a stem without one has those hits in
          // one item script); then the item scripts of any hit still missing are loaded. The
          // search page shows more hits than a preview holds.
          loadAll(apartFiles(terms), function () {
            groups = rank(terms, sizes, null);
            if (terms.length === 1 && sizes === PANEL) for (var s in terms[0].alts) hitsOf(s);
            loadAll(missing(), finish);
          });
        });
      });
    });
  }
  S.query = query;

  // --- Showing results.
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  // Whether word w (as written) is one the query matched.
  function matcher(terms) {
    var forms = dict(), stems = dict(), prefixes = [];
    terms.forEach(function (t) {
      for (var f in t.forms) forms[f] = true;
      for (var s in t.alts) stems[s] = true;
      if (t.prefix) prefixes.push(t.w);
    });
    function test(w) {
      var s = surface(w);
      if (forms[s] || stems[s]) return true;
      var sh = TERMS[shardFor(s)];
      var st = sh && own(sh.w, s);
      if (st && stems[st]) return true;
      return prefixes.some(function (p) { return s.indexOf(p) === 0; });
    }
    // Words recur in a page of snippets: each is normalised once.
    var known = dict();
    return function (w) { return known[w] === undefined ? (known[w] = test(w)) : known[w]; };
  }
  // The text around the first match, with every match marked.
  function snippet(text, isMatch) {
    var spans = [], m, re = new RegExp(WORD.source, "gu");
    while ((m = re.exec(text))) if (isMatch(m[0])) spans.push([m.index, m.index + m[0].length]);
    var start = 0, end = text.length, max = 220;
    if (spans.length && text.length > max) {
      start = Math.max(0, spans[0][0] - 70);
      if (start > 0) { var sp = text.indexOf(" ", start); if (sp >= 0 && sp < spans[0][0]) start = sp + 1; }
      end = Math.min(text.length, start + max);
      if (end < text.length) { var e2 = text.lastIndexOf(" ", end); if (e2 > spans[0][1]) end = e2; }
    } else if (text.length > max) {
      end = text.lastIndexOf(" ", max);
      if (end <= 0) end = max;
    }
    var out = el("span", "snippet"), pos = start;
    if (start > 0) out.appendChild(document.createTextNode("… "));
    spans.forEach(function (s) {
      if (s[0] < pos || s[1] > end) return;
      out.appendChild(document.createTextNode(text.slice(pos, s[0])));
      out.appendChild(el("mark", "", text.slice(s[0], s[1])));
      pos = s[1];
    });
    out.appendChild(document.createTextNode(text.slice(pos, end)));
    if (end < text.length) out.appendChild(document.createTextNode(" …"));
    return out;
  }
  // One result as {href, title, meta, snippet}.
  function describe(h, isMatch) {
    if (h.e) return { href: root + h.e[2], title: h.e[1], meta: h.e[3] };
    var found = itemOf(h.a, h.item);
    if (!found) return null;
    var doc = found.doc, item = found.item;
    var r = { href: root + doc.u + (item[1] ? "#" + item[1] : ""), title: doc.t, meta: item[3] };
    // A title match shows the title; any other item shows its text around the match.
    if (item[0] !== 0) r.snippet = snippet(item[2], isMatch);
    return r;
  }
  var seq = 0;
  S.results = 0;

  // The header box: a combobox whose listbox groups results by kind, showing this many of each.
  function PANEL(group) { return group[0] === "a" ? IDX.panel[+group[1]] : 4; }
  function header(input) {
    var panel = document.getElementById(input.getAttribute("aria-controls") || "");
    if (!panel) return;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    var options = [], active = -1;
    function close() {
      panel.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function activate(i) {
      if (active >= 0 && options[active]) {
        options[active].classList.remove("active");
        options[active].setAttribute("aria-selected", "false");
      }
      active = i;
      if (i < 0) { input.removeAttribute("aria-activedescendant"); return; }
      options[i].classList.add("active");
      options[i].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[i].id);
      options[i].scrollIntoView({ block: "nearest" });
    }
    function render(q, res, t0) {
      while (panel.firstChild) panel.removeChild(panel.firstChild);
      options = [];
      active = -1;
      if (!res) { close(); return; }
      var isMatch = matcher(res.terms), total = 0;
      GROUPS.forEach(function (g) {
        var top = res.groups[g[0]];
        total += top.n;
        if (!top.n) return;
        var group = el("div", "search-group");
        group.setAttribute("role", "group");
        var label = el("div", "search-group-label", g[1] + " (" + top.n + ")");
        label.id = input.id + "-g-" + g[0];
        label.setAttribute("role", "presentation");
        group.setAttribute("aria-labelledby", label.id);
        group.appendChild(label);
        top.hits.forEach(function (h) {
          var r = describe(h, isMatch);
          if (!r) return;
          var opt = el("div", "search-option");
          opt.id = input.id + "-o-" + options.length;
          opt.setAttribute("role", "option");
          opt.setAttribute("aria-selected", "false");
          var a = el("a", "", r.title || "");
          a.href = r.href;
          a.tabIndex = -1;
          opt.appendChild(a);
          if (r.meta) opt.appendChild(el("span", "meta", " " + r.meta));
          if (r.snippet) opt.appendChild(r.snippet);
          opt.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
          opt.addEventListener("click", function (ev) { if (ev.target !== a) a.click(); });
          group.appendChild(opt);
          options.push(opt);
        });
        panel.appendChild(group);
      });
      var all = el("a", "search-all", total ? "All " + total + " results for “" + q + "”" : "No results for “" + q + "”");
      all.href = searchPage + "?q=" + encodeURIComponent(q);
      all.tabIndex = -1;
      panel.appendChild(all);
      panel.hidden = false;
      input.setAttribute("aria-expanded", "true");
      S.results = total;
      panel.setAttribute("data-ms", (performance.now() - t0).toFixed(1));
      panel.setAttribute("data-q", q);
    }
    input.addEventListener("input", function () {
      var t0 = performance.now(), mine = ++seq, q = input.value;
      query(q, PANEL, function (res) { if (mine === seq) render(q, res, t0); });
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        if (!options.length) return;
        ev.preventDefault();
        var next = ev.key === "ArrowDown" ? active + 1 : active - 1;
        if (next >= options.length) next = 0;
        if (next < 0) next = options.length - 1;
        activate(next);
      } else if (ev.key === "Enter" && active >= 0) {
        ev.preventDefault();
        options[active].querySelector("a").click();
      } else if (ev.key === "Escape") {
        if (!panel.hidden) { ev.preventDefault(); close(); } else input.value = "";
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  // The search page (search/): every result, grouped.
  function page(input, list, status) {
    function run(q) {
      var mine = ++seq;
      query(q, function () { return 50; }, function (res) {
        if (mine !== seq) return;
        while (list.firstChild) list.removeChild(list.firstChild);
        if (!res) { status.textContent = "Type to search articles, people, issues, events, quotes and notes."; return; }
        var isMatch = matcher(res.terms), total = 0;
        GROUPS.forEach(function (g) {
          var top = res.groups[g[0]];
          total += top.n;
          if (!top.n) return;
          var li = el("li", "search-group");
          li.appendChild(el("h2", "", g[1] + " (" + top.n + ")"));
          var ol = el("ol", "list");
          top.hits.forEach(function (h) {
            var r = describe(h, isMatch);
            if (!r) return;
            var item = el("li", "search-result");
            var a = el("a", "", r.title || "");
            a.href = r.href;
            item.appendChild(a);
            if (r.meta) item.appendChild(el("span", "meta", " " + r.meta));
            if (r.snippet) item.appendChild(r.snippet);
            ol.appendChild(item);
          });
          if (top.n > top.hits.length) ol.appendChild(el("li", "meta", "and " + (top.n - top.hits.length) + " more"));
          li.appendChild(ol);
          list.appendChild(li);
        });
        S.results = total;
        status.textContent = total + " result" + (total === 1 ? "" : "s") + " for “" + q + "”";
      });
    }
    input.addEventListener("input", function () { run(input.value); });
    var q = new URLSearchParams(window.location.search).get("q") || "";
    input.value = q;
    run(q);
  }

  function init() {
    var box = document.getElementById("site-search-q");
    if (box) {
      header(box);
      // A reader who points at or focuses the box is about to type: load the index now. From
      // the file system (the offline bundle) loading costs no network, so the index is loaded
      // as soon as the page is idle and a first query only waits for its own shards.
      var warm = function () { load("search/index.js", function () {}); };
      box.addEventListener("focus", warm);
      if (box.form) box.form.addEventListener("pointerenter", warm);
      if (location.protocol === "file:") (W.requestIdleCallback || setTimeout)(warm);
    }
    var input = document.getElementById("q"), list = document.getElementById("search-results"),
      status = document.getElementById("search-status");
    if (input && list && status) page(input, list, status);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
