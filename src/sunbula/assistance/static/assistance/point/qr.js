/* A small QR code reader for browsers without BarcodeDetector: a picture of an entitlement
   card, taken roughly square-on. It finds the three finder patterns, samples the grid
   between them (rotation and scale, not perspective), reads the format, unmasks and
   de-interleaves the data codewords of versions 1 to 6 and decodes numeric, alphanumeric
   and byte segments. It does not correct errors: a misread gives a text no card holds, and
   the page then says the card is not of its list. */
(function () {
  "use strict";
  var ALIGN = [[], [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34]];
  // Per level (L, M, Q, H) and version: [error codewords per block, [blocks, data codewords]...].
  var BLOCKS = {
    L: [0, [7, [1, 19]], [10, [1, 34]], [15, [1, 55]], [20, [1, 80]], [26, [1, 108]], [18, [2, 68]]],
    M: [0, [10, [1, 16]], [16, [1, 28]], [26, [1, 44]], [18, [2, 32]], [24, [2, 43]], [16, [4, 27]]],
    Q: [0, [13, [1, 13]], [22, [1, 22]], [18, [2, 17]], [26, [2, 24]], [18, [2, 15], [2, 16]], [24, [4, 19]]],
    H: [0, [17, [1, 9]], [28, [1, 16]], [22, [2, 13]], [16, [4, 9]], [22, [2, 11], [2, 12]], [28, [4, 15]]]
  };
  var LEVELS = ["M", "L", "H", "Q"];
  var ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
  var MASKS = [
    function (i, j) { return (i + j) % 2 === 0; },
    function (i) { return i % 2 === 0; },
    function (i, j) { return j % 3 === 0; },
    function (i, j) { return (i + j) % 3 === 0; },
    function (i, j) { return (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0; },
    function (i, j) { return (i * j) % 2 + (i * j) % 3 === 0; },
    function (i, j) { return ((i * j) % 2 + (i * j) % 3) % 2 === 0; },
    function (i, j) { return ((i + j) % 2 + (i * j) % 3) % 2 === 0; }
  ];
  var FORMATS = [];
  for (var data = 0; data < 32; data++) {
    var v = data << 10;
    for (var b = 14; b >= 10; b--) if (v & (1 << b)) v ^= 0x537 << (b - 10);
    FORMATS.push([((data << 10) | v) ^ 0x5412, data]);
  }

  function binarize(pixels, w, h) {
    var lum = new Uint8Array(w * h), lo = 255, hi = 0;
    for (var i = 0; i < w * h; i++) {
      var y = (pixels[4 * i] * 299 + pixels[4 * i + 1] * 587 + pixels[4 * i + 2] * 114) / 1000;
      lum[i] = y;
      if (y < lo) lo = y;
      if (y > hi) hi = y;
    }
    var cut = (lo + hi) / 2, dark = new Uint8Array(w * h);
    for (i = 0; i < w * h; i++) dark[i] = lum[i] < cut ? 1 : 0;
    return dark;
  }
  function runs(get, length) {
    var out = [], start = 0;
    for (var i = 1; i <= length; i++) {
      if (i === length || get(i) !== get(start)) { out.push([get(start), start, i - start]); start = i; }
    }
    return out;
  }
  function finderAt(r, k) {  // five runs from k: dark 1, light 1, dark 3, light 1, dark 1
    if (k < 0 || k + 4 >= r.length || !r[k][0]) return null;
    var total = 0, want = [1, 1, 3, 1, 1];
    for (var n = 0; n < 5; n++) total += r[k + n][2];
    var unit = total / 7;
    for (n = 0; n < 5; n++) if (Math.abs(r[k + n][2] - want[n] * unit) > unit * 0.75) return null;
    return {centre: r[k + 2][1] + r[k + 2][2] / 2, unit: unit};
  }
  function finders(dark, w, h) {
    var found = [];
    for (var y = 0; y < h; y++) {
      var row = runs(function (x) { return dark[y * w + x]; }, w);
      for (var k = 0; k + 4 < row.length; k++) {
        var across = finderAt(row, k);
        if (!across) continue;
        var x = Math.floor(across.centre);
        var column = runs(function (yy) { return dark[yy * w + x]; }, h);
        for (var c = 0; c < column.length; c++) {
          if (column[c][1] <= y && y < column[c][1] + column[c][2]) break;
        }
        var down = finderAt(column, c - 2);
        if (!down || Math.abs(down.unit - across.unit) > across.unit * 0.5) continue;
        var point = {x: across.centre, y: down.centre, unit: (across.unit + down.unit) / 2, n: 1};
        var near = found.filter(function (f) {
          return Math.abs(f.x - point.x) < 3 * f.unit && Math.abs(f.y - point.y) < 3 * f.unit;
        })[0];
        if (near) {
          near.x = (near.x * near.n + point.x) / (near.n + 1);
          near.y = (near.y * near.n + point.y) / (near.n + 1);
          near.unit = (near.unit * near.n + point.unit) / (near.n + 1);
          near.n++;
        } else {
          found.push(point);
        }
      }
    }
    return found.sort(function (a, b) { return b.n - a.n; }).slice(0, 3);
  }
  function distance(a, b) { return Math.hypot(a.x - b.x, a.y - b.y); }

  function grid(dark, w, h) {
    var f = finders(dark, w, h);
    if (f.length < 3) return null;
    // The corner finder is the one facing the longest side.
    var pairs = [[0, 1, 2], [0, 2, 1], [1, 2, 0]].sort(function (p, q) {
      return distance(f[q[0]], f[q[1]]) - distance(f[p[0]], f[p[1]]);
    })[0];
    var tl = f[pairs[2]], tr = f[pairs[0]], bl = f[pairs[1]];
    if ((tr.x - tl.x) * (bl.y - tl.y) - (tr.y - tl.y) * (bl.x - tl.x) < 0) { var t = tr; tr = bl; bl = t; }
    var unit = (tl.unit + tr.unit + bl.unit) / 3;
    var size = (distance(tl, tr) + distance(tl, bl)) / 2 / unit + 7;
    var dimension = Math.round((size - 17) / 4) * 4 + 17;
    if (dimension < 21 || dimension > 41) return null;
    var span = dimension - 7;
    return {
      dimension: dimension,
      at: function (row, col) {
        var x = tl.x + (col - 3) * (tr.x - tl.x) / span + (row - 3) * (bl.x - tl.x) / span;
        var y = tl.y + (col - 3) * (tr.y - tl.y) / span + (row - 3) * (bl.y - tl.y) / span;
        x = Math.round(x); y = Math.round(y);
        return x >= 0 && y >= 0 && x < w && y < h ? dark[y * w + x] : 0;
      }
    };
  }

  function format(g) {
    var n = g.dimension, first = 0, second = 0, c;
    for (c = 0; c <= 8; c++) if (c !== 6) first = (first << 1) | g.at(8, c);
    for (c = 7; c >= 0; c--) if (c !== 6) first = (first << 1) | g.at(c, 8);
    for (c = n - 1; c >= n - 7; c--) second = (second << 1) | g.at(c, 8);
    for (c = n - 8; c < n; c++) second = (second << 1) | g.at(8, c);
    var best = null, fewest = 4;
    FORMATS.forEach(function (entry) {
      [first, second].forEach(function (read) {
        var diff = entry[0] ^ read, bits = 0;
        while (diff) { bits += diff & 1; diff >>= 1; }
        if (bits < fewest) { fewest = bits; best = entry[1]; }
      });
    });
    return best === null ? null : {level: LEVELS[best >> 3], mask: MASKS[best & 7]};
  }

  function reserved(n, version) {
    var taken = [], r, c;
    function mark(top, left, height, width) {
      for (r = top; r < top + height; r++) for (c = left; c < left + width; c++) taken[r * n + c] = 1;
    }
    mark(0, 0, 9, 9);
    mark(0, n - 8, 9, 8);
    mark(n - 8, 0, 8, 9);
    mark(6, 9, 1, n - 17);
    mark(9, 6, n - 17, 1);
    ALIGN[version].forEach(function (ar) {
      ALIGN[version].forEach(function (ac) {
        if (!((ar === 6 && ac === 6) || (ar === 6 && ac === n - 7) || (ar === n - 7 && ac === 6))) {
          mark(ar - 2, ac - 2, 5, 5);
        }
      });
    });
    return taken;
  }

  function codewords(g, fmt, version) {
    var n = g.dimension, taken = reserved(n, version), words = [], byte = 0, count = 0, up = true;
    for (var col = n - 1; col > 0; col -= 2) {
      if (col === 6) col--;
      for (var i = 0; i < n; i++) {
        var row = up ? n - 1 - i : i;
        for (var o = 0; o < 2; o++) {
          var c = col - o;
          if (taken[row * n + c]) continue;
          byte = (byte << 1) | (g.at(row, c) ^ (fmt.mask(row, c) ? 1 : 0));
          if (++count === 8) { words.push(byte); byte = 0; count = 0; }
        }
      }
      up = !up;
    }
    var layout = BLOCKS[fmt.level][version], blocks = [];
    layout.slice(1).forEach(function (group) {
      for (var k = 0; k < group[0]; k++) blocks.push({size: group[1], data: []});
    });
    var at = 0, longest = Math.max.apply(null, blocks.map(function (bl) { return bl.size; }));
    for (var j = 0; j < longest; j++) {
      blocks.forEach(function (bl) { if (j < bl.size) bl.data.push(words[at++]); });
    }
    return [].concat.apply([], blocks.map(function (bl) { return bl.data; }));
  }

  function text(data) {
    var bit = 0, out = "";
    function read(length) {
      var value = 0;
      for (var i = 0; i < length; i++, bit++) {
        value = (value << 1) | ((data[bit >> 3] >> (7 - (bit & 7))) & 1);
      }
      return value;
    }
    while (bit + 4 <= data.length * 8) {
      var mode = read(4), count, k;
      if (mode === 1) {
        count = read(10);
        for (k = 0; k + 3 <= count; k += 3) out += ("00" + read(10)).slice(-3);
        if (count - k === 2) out += ("0" + read(7)).slice(-2);
        if (count - k === 1) out += read(4);
      } else if (mode === 2) {
        count = read(9);
        for (k = 0; k + 2 <= count; k += 2) { var pair = read(11); out += ALNUM[Math.floor(pair / 45)] + ALNUM[pair % 45]; }
        if (count % 2) out += ALNUM[read(6)];
      } else if (mode === 4) {
        count = read(8);
        var bytes = new Uint8Array(count);
        for (k = 0; k < count; k++) bytes[k] = read(8);
        try {
          out += new TextDecoder("utf-8", {fatal: true}).decode(bytes);
        } catch (notUtf8) {
          out += new TextDecoder("iso-8859-1").decode(bytes);
        }
      } else {
        break;
      }
    }
    return out;
  }

  function fromPixels(pixels, w, h) {
    var g = grid(binarize(pixels, w, h), w, h);
    if (!g) return null;
    var version = (g.dimension - 17) / 4, fmt = format(g);
    if (!fmt || version > 6) return null;
    return text(codewords(g, fmt, version)) || null;
  }

  function fromImage(image) {
    var scale = Math.min(1, 1000 / Math.max(image.width, image.height));
    var canvas = document.createElement("canvas");
    canvas.width = Math.round(image.width * scale);
    canvas.height = Math.round(image.height * scale);
    var context = canvas.getContext("2d");
    context.fillStyle = "#fff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    var pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    return fromPixels(pixels, canvas.width, canvas.height);
  }

  window.SunbulaQR = {fromImage: fromImage, fromPixels: fromPixels};
})();
