/* The distribution point: find a beneficiary by name, ID number or card, queue each
   hand-over in IndexedDB under an id made here, and send the queue when the connection
   returns. Nothing queued leaves the queue unless the server recorded it (or the officer
   dismisses a refusal the page shows). */
(function () {
  "use strict";
  /* Name skeletons, as registry/names.py makes them: every spelling, in either script,
     meets on the consonants both scripts write. */
  var AR = {"ا":"a","أ":"a","إ":"i","آ":"a","ء":"","ئ":"y","ؤ":"w","ب":"b","پ":"p","ت":"t",
    "ث":"s","ج":"j","چ":"ch","ح":"h","خ":"kh","د":"d","ذ":"z","ر":"r","ز":"z","ژ":"zh",
    "س":"s","ش":"sh","ص":"s","ض":"z","ط":"t","ظ":"z","ع":"a","غ":"gh","ف":"f","ق":"q",
    "ک":"k","ك":"k","گ":"g","ل":"l","م":"m","ن":"n","ه":"h","ة":"a","و":"w","ي":"y","ی":"y",
    "ى":"a","ۍ":"y","ې":"e","ټ":"t","ډ":"d","ړ":"r","ښ":"sh","ږ":"zh","ڼ":"n","ځ":"z","څ":"s",
    " ":" ","ـ":""};
  var SK = {"خ":"x","غ":"g","ش":"S","چ":"C","ژ":"Z","ث":"s","ذ":"z","ض":"z","ظ":"z","ص":"s",
    "ط":"t","ق":"k","ک":"k","ك":"k","گ":"g","ح":"h","ه":"h","ښ":"S","ږ":"Z","ټ":"t","ډ":"d",
    "ړ":"r","ڼ":"n","ځ":"z","څ":"s","پ":"p"};
  var SILENT = "اأإآءئؤعةويیىۍې";
  var DIGRAPHS = [["dzh","j"],["kh","x"],["gh","g"],["sh","S"],["ch","C"],["zh","Z"],["th","s"],["dh","z"],
    ["ph","f"],["ck","k"],["ou","u"],["ee","i"],["oo","u"]];
  var SAME = {q: "k", c: "k", v: "w", x: "x"};
  var ABBREVIATIONS = {mohd: "muhammad", muhd: "muhammad", md: "muhammad", mhd: "muhammad"};
  var DIACRITICS = /[\u064b-\u065f\u0670\u06d6-\u06ed]/g;
  var ONE_LETTER = {"ş":"sh","ș":"sh","ç":"ch","ž":"zh","ğ":"gh"};
  var CYRILLIC = {"а":"a","б":"b","в":"v","г":"g","д":"d","е":"e","ё":"e","ж":"zh","з":"z",
    "и":"i","й":"y","к":"k","л":"l","м":"m","н":"n","о":"o","п":"p","р":"r","с":"s","т":"t",
    "у":"u","ф":"f","х":"kh","ц":"ts","ч":"ch","ш":"sh","щ":"sh","ъ":"","ы":"y","ь":"","э":"e",
    "ю":"yu","я":"ya","ә":"a","ғ":"gh","қ":"q","ң":"n","ө":"o","ұ":"u","ү":"u","һ":"h","і":"i",
    "ҳ":"h","ў":"u","ҷ":"j","ӣ":"i","ӯ":"u"};

  function collapse(text) { return text.replace(/(.)\1+/g, "$1"); }
  function latinWord(word) {
    word = ABBREVIATIONS[word] || word;
    DIGRAPHS.forEach(function (pair) { word = word.split(pair[0]).join(pair[1]); });
    word = word.replace(/[qcvx]/g, function (ch) { return SAME[ch]; });
    if (word.length > 2 && word.slice(-1) === "h" && "aeiouwy".indexOf(word.slice(-2, -1)) >= 0) {
      word = word.slice(0, -1);
    }
    return word.replace(/[aeiouwy]/g, "");
  }
  function arabicWord(word) {
    if (word.length > 2 && /[هة]$/.test(word)) word = word.slice(0, -1);
    var out = "";
    for (var i = 0; i < word.length; i++) {
      var ch = word.charAt(i);
      if (SILENT.indexOf(ch) < 0) out += SK[ch] || AR[ch] || "";
    }
    return out;
  }
  function skeleton(name) {
    name = name.replace(DIACRITICS, "").trim();
    if (!name) return "";
    if (/[\u0600-\u06ff]/.test(name)) return collapse(name.split(/\s+/).map(arabicWord).join(""));
    var plain = name.toLowerCase().replace(/[şșçžğ]/g, function (ch) { return ONE_LETTER[ch]; });
    if (/[\u0400-\u04ff]/.test(plain)) {
      plain = plain.split("дж").join("j").replace(/[\u0400-\u04ff]/g, function (ch) {
        return CYRILLIC[ch] === undefined ? ch : CYRILLIC[ch];
      });
    }
    plain = plain.normalize("NFKD").replace(/[^a-z ]/g, "");
    return collapse(plain.split(/\s+/).filter(Boolean).map(latinWord).join(""));
  }
  window.SunbulaNames = {skeleton: skeleton};

  var root = document.getElementById("point");
  if (!root) return;
  var D = root.dataset;
  var T = JSON.parse(document.getElementById("point-strings").textContent);
  var POINT = D.cycle + "/" + D.site;
  var CACHE = "sunbula-point";
  var csrfInput = document.querySelector("[name=csrfmiddlewaretoken]");
  var csrf = csrfInput ? csrfInput.value : "";
  var list = null;
  var queue = [];
  var syncing = false;
  var again = false;

  function $(id) { return document.getElementById(id); }
  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    return node;
  }

  function digest(text) {
    var bytes = new TextEncoder().encode(list.salt + text);
    return crypto.subtle.digest("SHA-256", bytes).then(function (buffer) {
      return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
        return (b < 16 ? "0" : "") + b.toString(16);
      }).join("").slice(0, 10);
    });
  }

  /* The queue, in IndexedDB: one record per hand-over, keyed by the id made here. */
  var opened = null;
  function db() {
    opened = opened || new Promise(function (ok, fail) {
      var request = indexedDB.open("sunbula-point", 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore("queue", {keyPath: "client_id"});
      };
      request.onsuccess = function () { ok(request.result); };
      request.onerror = function () { fail(request.error); };
    });
    return opened;
  }
  function store(mode, action) {
    return db().then(function (base) {
      return new Promise(function (ok, fail) {
        var tx = base.transaction("queue", mode);
        var request = action(tx.objectStore("queue"));
        tx.oncomplete = function () { ok(request.result); };
        tx.onerror = function () { fail(tx.error); };
      });
    });
  }
  var KEEP_SENT = 3 * 24 * 3600 * 1000;  // sent hand-overs stay on the page three days
  function load() {
    return store("readonly", function (s) { return s.getAll(); }).then(function (all) {
      queue = all.sort(function (a, b) { return a.at - b.at; });
      var old = queue.filter(function (e) { return e.state === "sent" && Date.now() - e.at > KEEP_SENT; });
      if (!old.length) return;
      queue = queue.filter(function (e) { return old.indexOf(e) < 0; });
      return store("readwrite", function (s) {
        old.forEach(function (e) { s.delete(e.client_id); });
        return s.count();
      });
    });
  }
  function save(entry) { return store("readwrite", function (s) { return s.put(entry); }); }
  function drop(entry) { return store("readwrite", function (s) { return s.delete(entry.client_id); }); }

  /* Quantities are counted in thousandths (grams), so that 50 - 20 - 30 leaves exactly nothing;
     they are written with the page's language and digits (sunbula.core.figures.numbering_system). */
  var NUMBER;
  try {
    NUMBER = new Intl.NumberFormat(document.documentElement.lang || undefined,
      {numberingSystem: D.digits || "latn", maximumFractionDigits: 3});
  } catch (error) {
    NUMBER = new Intl.NumberFormat(undefined, {maximumFractionDigits: 3});
  }
  function milli(text) { return Math.round(Number(text) * 1000); }
  function decimal(thousandths) { return String(thousandths / 1000); }
  function amount(thousandths, unit) { return NUMBER.format(thousandths / 1000) + " " + unit; }

  /* What this phone handed over and the list does not count yet: every hand-over kept here
     but those refused and those whose id the list's line names as counted. */
  function onPhone(line) {
    var counted = line[3] || [];
    return queue.reduce(function (sum, e) {
      if (e.entitlement !== line[0] || e.state === "refused") return sum;
      if (counted.indexOf(e.client_id.slice(0, 8)) >= 0) return sum;
      return sum + milli(e.quantity);
    }, 0);
  }
  function commodity(id) { return (list.commodities[id] || ["", "", ""]); }

  function showQueue() {
    var mine = queue.filter(function (e) { return e.point === POINT; });
    var pending = mine.filter(function (e) { return e.state === "pending"; }).length;
    var count = $("pending");
    count.textContent = T.pending.replace("%(count)s", pending);
    count.dataset.count = pending;
    var ol = $("queue");
    ol.textContent = "";
    mine.slice().reverse().forEach(function (e) {
      var li = el("li", null, {"data-state": e.state, "data-client-id": e.client_id});
      li.appendChild(el("strong")).appendChild(el("bdi", e.label));
      li.appendChild(el("span", " · " + e.what + " · " + e.distributed_on + " · "));
      li.appendChild(el("span", e.state === "sent" ? T.sent : e.state === "refused" ? T.refused : T.queued, {"class": "state"}));
      if (e.state === "refused") {
        li.appendChild(el("p", e.message, {"class": "why"}));
        var dismiss = el("button", T.dismiss, {type: "button"});
        dismiss.onclick = function () { drop(e).then(load).then(showQueue); };
        li.appendChild(dismiss);
      }
      ol.appendChild(li);
    });
  }

  function record(row, line, thousandths) {
    var what = commodity(line[1]);
    var entry = {
      client_id: crypto.randomUUID(), point: POINT, entitlement: line[0], site: Number(D.site),
      quantity: decimal(thousandths), distributed_on: new Date().toLocaleDateString("en-CA"),
      label: row.n ? row.n + " (" + row.r + ")" : row.r, what: what[0] + " " + amount(thousandths, what[1]),
      state: "pending", message: "", at: Date.now()
    };
    return save(entry).then(load).then(function () {
      showQueue();
      show([row]);
      sync();
    });
  }

  function show(rows) {
    var ul = $("results");
    ul.textContent = "";
    if (!rows.length) { ul.appendChild(el("li", T.none)); return; }
    rows.slice(0, 20).forEach(function (row) {
      var li = el("li", null, {"data-reference": row.r});
      li.appendChild(el("strong")).appendChild(el("bdi", row.n || row.r));
      var facts = [row.r, T.people + ": " + row.p];
      if (row.h && row.h !== row.r) facts.push(T.household + ": " + row.h);
      if (row.i) facts.push(T.idNumber + ": " + row.i);
      li.appendChild(el("div", facts.join(" · ")));
      row.e.forEach(function (line) { li.appendChild(handOver(row, line)); });
      ul.appendChild(li);
    });
  }

  /* The thousandths typed, or why they cannot be handed over. */
  function asked(text, open, step, unit) {
    var value = Number(text);
    if (!text.trim() || !isFinite(value) || value <= 0) return {why: T.notNumber};
    var thousandths = Math.round(value * 1000);
    if (Math.abs(value * 1000 - thousandths) > 1e-6) return {why: T.tooFine};
    if (thousandths % milli(step)) return {why: T.notWhole};
    if (thousandths > open) return {why: T.tooMuch.replace("%(quantity)s", amount(open, unit))};
    return {thousandths: thousandths};
  }

  /* One entitlement of a beneficiary: what is left, and the part handed over now. */
  function handOver(row, line) {
    var what = commodity(line[1]);
    var step = what[2] || "0.001";
    var left = milli(line[2]);
    var here = onPhone(line);
    var open = left - here;
    var box = el("div", null, {"class": "line", "data-entitlement": line[0]});
    if (left <= 0 || open <= 0) {
      var text = what[0] + ": " + amount(Math.max(left, 0), what[1]) + " · ";
      box.appendChild(el("div", text + (left <= 0 ? T.served : T.queuedBefore), {"class": "state"}));
      return box;
    }
    box.appendChild(el("div", what[0] + ": " + T.left.replace("%(quantity)s", amount(open, what[1]))));
    if (here > 0) {
      box.appendChild(el("div", T.queuedPart.replace("%(quantity)s", amount(here, what[1])), {"class": "queued"}));
    }
    var id = "quantity-" + line[0];
    box.appendChild(el("label", T.toHandOver, {"for": id}));
    var input = el("input", null, {id: id, type: "number", inputmode: "decimal", min: step,
      max: decimal(open), step: step, value: decimal(open), "aria-describedby": id + "-why"});
    var field = el("span", null, {"class": "quantity"});
    field.appendChild(input);
    field.appendChild(el("span", " " + what[1]));
    box.appendChild(field);
    var button = el("button", T.record, {type: "button", "class": "primary"});
    var why = el("p", null, {id: id + "-why", "class": "why", role: "alert"});
    button.onclick = function () {
      var answer = asked(input.value, open, step, what[1]);
      if (answer.why) {
        why.textContent = answer.why;
        input.setAttribute("aria-invalid", "true");
        input.focus();
        return;
      }
      button.disabled = true;
      record(row, line, answer.thousandths);
    };
    box.appendChild(button);
    box.appendChild(why);
    return box;
  }

  function find(query) {
    query = query.trim();
    if (!query || !list) return Promise.resolve([]);
    var card = query.replace(/^SUNBULA:/i, "").toUpperCase();
    var exact = list.rows.filter(function (r) { return r.r.toUpperCase() === card; });
    if (exact.length) return Promise.resolve(exact);
    var number = query.toUpperCase().replace(/[^\p{L}\p{N}]/gu, "");
    var words = query.split(/\s+/).map(skeleton).filter(Boolean);
    return Promise.all([digest("i:" + number), digest("n:" + skeleton(query))].concat(
      words.map(function (w) { return digest("n:" + w); })
    )).then(function (keys) {
      var parts = keys.slice(2);
      var low = query.toLowerCase();
      return list.rows.filter(function (r) {
        if (r.k.indexOf(keys[0]) >= 0 || r.k.indexOf(keys[1]) >= 0) return true;
        if (parts.length && parts.every(function (p) { return r.k.indexOf(p) >= 0; })) return true;
        return low.length > 2 && (r.r + " " + r.n + " " + r.t).toLowerCase().indexOf(low) >= 0;
      });
    });
  }
  function search(query) { return find(query).then(show); }

  /* Cards: the QR code holds "SUNBULA:" and the beneficiary's reference. */
  function scanned(payload) {
    $("q").value = payload;
    if (!/^SUNBULA:/i.test(payload)) { $("scan-message").textContent = T.notCard; return; }
    $("scan-message").textContent = "";
    find(payload).then(function (rows) {
      if (!rows.length) $("scan-message").textContent = T.notCard;
      show(rows);
    });
  }
  function decodeImage(image) {
    if ("BarcodeDetector" in window) {
      return new window.BarcodeDetector({formats: ["qr_code"]}).detect(image).then(function (codes) {
        return codes.length ? codes[0].rawValue : window.SunbulaQR.fromImage(image);
      }).catch(function () { return window.SunbulaQR.fromImage(image); });
    }
    return Promise.resolve(window.SunbulaQR.fromImage(image));
  }
  $("scan-file").addEventListener("change", function (event) {
    var file = event.target.files[0];
    if (!file) return;
    createImageBitmap(file).then(decodeImage).then(function (payload) {
      if (payload) scanned(payload); else $("scan-message").textContent = T.noQr;
    }).catch(function () { $("scan-message").textContent = T.noQr; });
    event.target.value = "";
  });
  if ("BarcodeDetector" in window && navigator.mediaDevices) {
    var camera = $("scan-camera");
    camera.hidden = false;
    camera.onclick = function () {
      var video = $("camera");
      var detector = new window.BarcodeDetector({formats: ["qr_code"]});
      navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}}).then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        video.play();
        var timer = setInterval(function () {
          detector.detect(video).then(function (codes) {
            if (!codes.length) return;
            clearInterval(timer);
            stream.getTracks().forEach(function (track) { track.stop(); });
            video.hidden = true;
            scanned(codes[0].rawValue);
          });
        }, 300);
      });
    };
  }

  /* Sending: one hand-over at a time, oldest first; a refusal stays on the page. */
  function reason(body) {
    if (body.detail) return String(body.detail);
    return Object.keys(body).map(function (key) { return [].concat(body[key]).join(" "); }).join(" ");
  }
  function send(entry) {
    return fetch(D.sync, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf},
      body: JSON.stringify({client_id: entry.client_id, entitlement: entry.entitlement, site: entry.site,
        quantity: entry.quantity, distributed_on: entry.distributed_on})
    }).then(function (response) {
      if (response.status === 200 || response.status === 201) {
        return response.json().then(function (body) {
          entry.state = "sent";
          entry.distribution = body.distribution;
          return save(entry).then(function () { return true; });
        });
      }
      if (response.status === 400 || response.status === 404 || response.status === 409) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          entry.state = "refused";
          entry.message = reason(body) || T.refused;
          return save(entry).then(function () { return true; });
        });
      }
      if (response.status === 401 || response.status === 403) $("net").textContent = T.signIn;
      return false;  // kept as it is, sent again later
    });
  }
  function sync() {
    if (!navigator.onLine) return Promise.resolve();
    if (syncing) { again = true; return Promise.resolve(); }
    syncing = true;
    again = false;
    var pending = queue.filter(function (e) { return e.state === "pending"; });
    if (pending.length) $("net").textContent = T.sending;
    var chain = Promise.resolve(true);
    pending.forEach(function (entry) {
      chain = chain.then(function (goOn) { return goOn ? send(entry) : false; });
    });
    return chain.catch(function () { return false; }).then(function () {
      syncing = false;
      if (pending.length && $("net").textContent === T.sending) $("net").textContent = T.online;
      return load();
    }).then(function () {
      showQueue();
      if (again) return sync();
    });
  }

  function network() {
    $("net").textContent = navigator.onLine ? T.online : T.offline;
    if (navigator.onLine) sync();
  }
  function useList(data) {
    list = data;
    $("list-age").textContent = T.listAge.replace("%(made)s", new Date(data.made).toLocaleString());
  }
  function getList() {
    return fetch(D.list, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        var copy = response.clone();
        return caches.open(CACHE).then(function (cache) {
          return Promise.all([cache.put(D.list, copy), cache.add(location.href)]);
        }).then(function () { return response.json(); });
      })
      .catch(function () {
        return caches.match(D.list).then(function (hit) {
          if (!hit) throw new Error("no list");
          return hit.json();
        });
      })
      .then(useList)
      .catch(function () { $("list-age").textContent = T.noList; });
  }

  $("find").addEventListener("submit", function (event) {
    event.preventDefault();
    search($("q").value);
  });
  window.addEventListener("online", network);
  window.addEventListener("offline", network);
  setInterval(function () { if (navigator.onLine) sync(); }, 15000);

  var worker = "serviceWorker" in navigator
    ? navigator.serviceWorker.register(D.sw).then(function () { return navigator.serviceWorker.ready; })
    : Promise.resolve();
  Promise.all([load().then(showQueue), getList(), worker.catch(function () {})]).then(function () {
    network();
    root.dataset.ready = "1";
  });
})();
