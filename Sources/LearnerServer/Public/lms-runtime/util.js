// @ts-check
// Small helpers the data model, the API object and the outbox share: object keys, text lengths, numbers.

/** @typedef {import('./contracts.js').Values} Values */

var hasOwn = Object.prototype.hasOwnProperty;

/**
 * @param {unknown} object
 * @param {PropertyKey} key
 * @returns {boolean}
 */
export function has(object, key) {
  return object !== null && object !== undefined && hasOwn.call(object, key);
}

/**
 * Length in Unicode code points (ISO 10646 characters), as SCORM counts (and the server does).
 * @param {string} text
 */
export function length(text) {
  var n = 0;
  for (var i = 0; i < text.length; i++) {
    var c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      var d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/**
 * Bytes of the UTF-8 encoding of a string.
 * @param {string} text
 */
export function utf8Length(text) {
  var bytes = 0;
  for (var i = 0; i < text.length; i++) {
    var c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

// White space (Unicode White_Space) and control characters.
export var INVISIBLE = /[\s\u0000-\u001f\u007f-\u009f\u0085]/;

/** @param {string} text */
export function isVisibleText(text) {
  return !INVISIBLE.test(text);
}

/**
 * @param {number | string} n
 * @param {number} width
 */
export function pad(n, width) {
  var s = String(n);
  while (s.length < width) s = '0' + s;
  return s;
}

/**
 * A number as a real(10,7) / CMIDecimal string: at most 7 decimals, no exponent, no trailing zeros.
 * @param {number} n
 */
export function decimalText(n) {
  var fixed = Number(n).toFixed(7);
  if (fixed.indexOf('.') >= 0) fixed = fixed.replace(/0+$/, '').replace(/\.$/, '');
  return fixed === '-0' ? '0' : fixed;
}

/**
 * @param {unknown} value
 * @returns {number | null}
 */
export function toNumber(value) {
  if (value === null || value === undefined || value === '') return null;
  var n = Number(value);
  return isFinite(n) ? n : null;
}

/**
 * The string values of an object (numbers and booleans as text; anything else dropped).
 * @param {unknown} values
 * @returns {Values}
 */
export function stringValues(values) {
  /** @type {Values} */
  var out = {};
  if (!values || typeof values !== 'object') return out;
  var source = /** @type {Record<string, unknown>} */ (values);
  Object.keys(source).forEach(function (k) {
    var v = source[k];
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  });
  return out;
}

/**
 * Calls a callback of the page; what it throws is logged, never passed on to the SCO.
 * @param {unknown} fn
 * @param {unknown} self
 * @param {unknown[]} args
 * @returns {unknown}
 */
export function safeCall(fn, self, args) {
  if (typeof fn !== 'function') return undefined;
  try {
    return fn.apply(self, args);
  } catch (e) {
    if (typeof console !== 'undefined' && console.error) console.error('PortailLMS: a callback failed', e);
    return undefined;
  }
}

/**
 * What an exception says (its message, else itself as text).
 * @param {unknown} e
 */
export function describeError(e) {
  var message = e && typeof e === 'object' ? /** @type {{message?: unknown}} */ (e).message : undefined;
  return message ? String(message) : String(e);
}
