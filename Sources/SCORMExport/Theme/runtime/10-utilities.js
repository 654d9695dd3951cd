// @ts-check
// Small utilities: DOM lookup, shuffling, base-36 bit sets and text escaping for the suspend data, numbers, and
// the standards' time formats.

/** @param {string} id */
function $(id) {
  return document.getElementById(id);
}

/**
 * @param {number | string} n
 * @param {number} width
 */
function pad(n, width) {
  return String(n).padStart(width, '0');
}

/**
 * Fisher–Yates, on a copy.
 * @template T
 * @param {T[]} list
 * @returns {T[]}
 */
function shuffled(list) {
  var a = list.slice();
  for (var i = a.length - 1; i > 0; i--) {
    var j = Math.floor(Math.random() * (i + 1));
    var t = /** @type {T} */ (a[i]);
    a[i] = /** @type {T} */ (a[j]);
    a[j] = t;
  }
  return a;
}

/**
 * @param {unknown[]} a
 * @param {unknown[]} b
 */
function sameOrder(a, b) {
  if (a.length !== b.length) return false;
  for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Number of base-36 digits of n (n ≥ 0).
 * @param {number} n
 */
function width36(n) {
  return Math.max(1, n).toString(36).length;
}

/**
 * A bit set (array of booleans, bit i = element i) written in base 36, of any length.
 * @param {boolean[]} bits
 */
function bitsToBase36(bits) {
  var digits = [0]; // little-endian base-36 digits
  for (var i = bits.length - 1; i >= 0; i--) {
    var carry = bits[i] ? 1 : 0;
    for (var k = 0; k < digits.length; k++) {
      var v = (digits[k] || 0) * 2 + carry;
      digits[k] = v % 36;
      carry = Math.floor(v / 36);
    }
    while (carry > 0) {
      digits.push(carry % 36);
      carry = Math.floor(carry / 36);
    }
  }
  var out = '';
  for (var d = digits.length - 1; d >= 0; d--) out += (digits[d] || 0).toString(36);
  return out;
}

/**
 * The inverse of bitsToBase36: returns null when the text is not base 36.
 * @param {string} text
 * @param {number} length
 * @returns {boolean[] | null}
 */
function base36ToBits(text, length) {
  if (!/^[0-9a-z]+$/.test(text)) return null;
  var binary = [0]; // little-endian bits
  for (var i = 0; i < text.length; i++) {
    var carry = parseInt(text.charAt(i), 36);
    for (var k = 0; k < binary.length; k++) {
      var v = (binary[k] || 0) * 36 + carry;
      binary[k] = v % 2;
      carry = Math.floor(v / 2);
    }
    while (carry > 0) {
      binary.push(carry % 2);
      carry = Math.floor(carry / 2);
    }
  }
  var bits = [];
  for (var b = 0; b < length; b++) bits.push(binary[b] === 1);
  return bits;
}

/**
 * Escapes free text for the suspend data: %, ~, | and C0/DEL control characters become %XX.
 * @param {string} text
 */
function escapeText(text) {
  var out = '';
  for (var i = 0; i < text.length; i++) {
    var c = text.charCodeAt(i);
    if (c === 0x25 || c === 0x7e || c === 0x7c || c < 0x20 || c === 0x7f) {
      out += '%' + pad(c.toString(16).toUpperCase(), 2);
    } else {
      out += text.charAt(i);
    }
  }
  return out;
}

/** @param {string} text */
function unescapeText(text) {
  return text.replace(/(%[0-9A-Fa-f]{2})+/g, function (run) {
    try {
      return decodeURIComponent(run);
    } catch (e) {
      return run.replace(/%([0-9A-Fa-f]{2})/g, function (_m, hex) {
        return String.fromCharCode(parseInt(hex, 16));
      });
    }
  });
}

/**
 * Reads a number typed by a learner ("6", "6,5", "-0.50", "1 000") and returns it in a canonical decimal
 * form valid as SCORM 1.2 CMIDecimal and SCORM 2004 real ("6.5", "-0.5", "1000"), or null.
 * @param {unknown} text
 * @returns {string | null}
 */
function canonicalNumber(text) {
  var t = String(text).replace(/[\s\u00a0\u202f]+/g, '');
  if (t.indexOf(',') >= 0 && t.indexOf('.') < 0 && t.split(',').length === 2) t = t.replace(',', '.');
  var m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(t);
  if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) return null;
  var intPart = (m[2] || '').replace(/^0+/, '') || '0';
  var frac = (m[3] || '').replace(/0+$/, '');
  var body = frac ? intPart + '.' + frac : intPart;
  if (body === '0') return '0';
  return (m[1] === '-' ? '-' : '') + body;
}

/**
 * JSON numbers from the SCO description: plain decimal notation for SCORM formats.
 * @param {number} n
 */
function numberToText(n) {
  var s = String(n);
  if (/e/i.test(s)) s = Number(n).toFixed(7).replace(/\.?0+$/, '');
  return s;
}

/**
 * Truncates to at most max UTF-16 units without splitting a surrogate pair.
 * @param {string} text
 * @param {number} max
 */
function truncate(text, max) {
  if (text.length <= max) return text;
  var cut = text.slice(0, max);
  var last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut;
}

/**
 * @param {number} value
 * @param {number} decimals
 */
function roundTo(value, decimals) {
  var f = Math.pow(10, decimals);
  return Math.round(value * f) / f;
}

// Times -------------------------------------------------------------------------------------

/**
 * SCORM 1.2 CMITimespan, HHHH:MM:SS.SS.
 * @param {number} ms
 */
function timespan12(ms) {
  var cs = Math.max(0, Math.round(ms / 10));
  var maxCs = (9999 * 3600 + 59 * 60 + 59) * 100 + 99;
  if (cs > maxCs) cs = maxCs;
  var h = Math.floor(cs / 360000);
  var m = Math.floor((cs % 360000) / 6000);
  var s = Math.floor((cs % 6000) / 100);
  return pad(h, 4) + ':' + pad(m, 2) + ':' + pad(s, 2) + '.' + pad(cs % 100, 2);
}

/**
 * SCORM 2004 timeinterval (ISO 8601 duration), PT1H2M3.5S.
 * @param {number} ms
 */
function duration2004(ms) {
  var cs = Math.max(0, Math.round(ms / 10));
  var h = Math.floor(cs / 360000);
  var m = Math.floor((cs % 360000) / 6000);
  var s = Math.floor((cs % 6000) / 100);
  var frac = pad(cs % 100, 2).replace(/0+$/, '');
  var out = 'PT';
  if (h) out += h + 'H';
  if (m) out += m + 'M';
  out += s + (frac ? '.' + frac : '') + 'S';
  return out;
}

/**
 * SCORM 1.2 CMITime (time of day), HH:MM:SS.
 * @param {Date} date
 */
function time12(date) {
  return pad(date.getHours(), 2) + ':' + pad(date.getMinutes(), 2) + ':' + pad(date.getSeconds(), 2);
}

/**
 * SCORM 2004 time (second,10,0), YYYY-MM-DDThh:mm:ss.
 * @param {Date} date
 */
function timestamp2004(date) {
  return pad(date.getFullYear(), 4) + '-' + pad(date.getMonth() + 1, 2) + '-' + pad(date.getDate(), 2) +
    'T' + time12(date);
}
