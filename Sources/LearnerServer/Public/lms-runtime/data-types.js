// @ts-check
// The data types of the run-time data model: the same rules as Sources/LearnerServer/Runtime/CMIFormats.swift,
// so that what a SCO may set is what the server accepts.

import { has, isVisibleText, INVISIBLE, length, pad } from './util.js';

export var SHORT_SPM = 250;
export var LONG_SPM = 4000;
export var LOCATION_SPM = 1000;
export var SUSPEND_SPM = 64000;

var RE_DECIMAL12 = /^-?(\d+(\.\d*)?|\.\d+)$/;
var RE_REAL = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;
export var RE_TIME12 = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/;
export var RE_TIMESPAN12 = /^(\d{2,4}):([0-5]\d):([0-5]\d)(?:\.(\d{1,2}))?$/;
var RE_INTERVAL = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:\.(\d{1,2}))?S)?)?$/;

/**
 * CMIDecimal (1.2: no '+') or real(10,7) (2004: an optional '+'); null when not one. No exponent.
 * @param {string} value
 * @param {boolean} allowPlus
 * @returns {number | null}
 */
export function decimal(value, allowPlus) {
  if (!(allowPlus ? RE_REAL : RE_DECIMAL12).test(value)) return null;
  var n = Number(value);
  return isFinite(n) ? n : null;
}

/**
 * @param {string} value
 * @returns {number | null}
 */
export function cmiSInteger(value) {
  if (!/^-?\d{1,6}$/.test(value)) return null;
  var n = Number(value);
  return n >= -32768 && n <= 32767 ? n : null;
}

/** @param {string} value */
export function isIdentifier12(value) {
  return value.length > 0 && length(value) <= 255 && isVisibleText(value);
}

/**
 * @param {number} month
 * @param {number} year
 */
function daysIn(month, year) {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].indexOf(month) >= 0 ? 30 : 31;
}

/**
 * SCORM 2004 time (second,10,2): YYYY[-MM[-DD[Thh[:mm[:ss[.s[TZD]]]]]]], years 1970–2038.
 * @param {string} value
 */
export function isTime2004(value) {
  var m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,2})(Z|z|[+-]\d{2}(?::\d{2})?)?)?)?)?)?)?)?$/
    .exec(value);
  if (!m) return false;
  var year = Number(m[1]);
  if (year < 1970 || year > 2038) return false;
  if (m[2] !== undefined) {
    var month = Number(m[2]);
    if (month < 1 || month > 12) return false;
    if (m[3] !== undefined) {
      var day = Number(m[3]);
      if (day < 1 || day > daysIn(month, year)) return false;
    }
  }
  if (m[4] !== undefined && Number(m[4]) > 23) return false;
  if (m[5] !== undefined && Number(m[5]) > 59) return false;
  if (m[6] !== undefined && Number(m[6]) > 59) return false;
  if (m[8] !== undefined && m[8] !== 'Z' && m[8] !== 'z') {
    var zone = /^[+-](\d{2})(?::(\d{2}))?$/.exec(m[8]);
    if (!zone || Number(zone[1]) > 23 || (zone[2] !== undefined && Number(zone[2]) > 59)) return false;
  }
  return true;
}

// Durations, in hundredths of a second -----------------------------------------------------------------------

/**
 * SCORM 2004 timeinterval (second,10,2) → centiseconds; null when not one. Years are 365.25 days.
 * @param {unknown} value
 * @returns {number | null}
 */
export function intervalCentiseconds(value) {
  if (typeof value !== 'string') return null;
  var m = RE_INTERVAL.exec(value);
  if (!m || value === 'P' || /T$/.test(value)) return null;
  /** @param {string | undefined} x */
  var n = function (x) { return x ? Number(x) : 0; };
  var year = 365.25 * 86400;
  var seconds = n(m[1]) * year + n(m[2]) * (year / 12) + n(m[3]) * 86400 + n(m[4]) * 3600 + n(m[5]) * 60 + n(m[6]);
  var hundredths = m[7] ? Number((m[7] + '0').slice(0, 2)) : 0;
  return Math.round(seconds * 100) + hundredths;
}

/**
 * SCORM 1.2 CMITimespan HHHH:MM:SS[.SS] → centiseconds; null when not one.
 * @param {unknown} value
 * @returns {number | null}
 */
export function timespanCentiseconds(value) {
  if (typeof value !== 'string') return null;
  var m = RE_TIMESPAN12.exec(value);
  if (!m) return null;
  return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 100 + (m[4] ? Number((m[4] + '0').slice(0, 2)) : 0);
}

/** @param {number} cs */
export function formatTimespan12(cs) {
  cs = Math.max(0, Math.round(cs));
  var hours = Math.min(9999, Math.floor(cs / 360000));
  if (hours === 9999 && cs >= 360000 * 10000) return '9999:59:59.99';
  return pad(hours, 4) + ':' + pad(Math.floor((cs % 360000) / 6000), 2) + ':' + pad(Math.floor((cs % 6000) / 100), 2) +
    '.' + pad(cs % 100, 2);
}

/** @param {number} cs */
export function formatInterval(cs) {
  cs = Math.max(0, Math.round(cs));
  var hours = Math.floor(cs / 360000);
  var minutes = Math.floor((cs % 360000) / 6000);
  var rest = cs % 6000;
  var seconds = String(Math.floor(rest / 100)) + (rest % 100 ? '.' + pad(rest % 100, 2).replace(/0$/, '') : '');
  return 'PT' + hours + 'H' + minutes + 'M' + seconds + 'S';
}

// URIs, languages, delimiters --------------------------------------------------------------------------------

/**
 * A URI (RFC 3986, non-ASCII allowed as in an IRI) of at most `spm` characters, as SCORM 2004 identifiers.
 * @param {string} value
 * @param {number} spm
 */
export function isURI(value, spm) {
  if (!value || length(value) > spm) return false;
  var fragment = false;
  for (var i = 0; i < value.length; i++) {
    var ch = value.charAt(i);
    var code = value.charCodeAt(i);
    if (code < 0x80) {
      if (/[A-Za-z0-9\-._~:/?@!$&'()*+,;=]/.test(ch)) continue;
      if (ch === '#') {
        if (fragment) return false;
        fragment = true;
      } else if (ch === '%') {
        if (!/^[0-9A-Fa-f]{2}$/.test(value.substr(i + 1, 2))) return false;
        i += 2;
      } else {
        return false;
      }
    } else if (INVISIBLE.test(ch)) {
      return false;
    }
  }
  var delimiter = /[:/?#]/.exec(value);
  if (!delimiter || delimiter[0] !== ':') return true;
  var scheme = value.slice(0, delimiter.index);
  var rest = value.slice(delimiter.index + 1);
  if (!/^[A-Za-z][A-Za-z0-9+\-.]*$/.test(scheme) || rest === '') return false;
  if (scheme.toLowerCase() === 'urn') {
    var colon = rest.indexOf(':');
    if (colon < 0) return false;
    var nid = rest.slice(0, colon);
    if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/.test(nid) || rest.slice(colon + 1) === '') return false;
  }
  return true;
}

/** @param {string} value */
export function isShortIdentifier(value) {
  return isURI(value, SHORT_SPM);
}

/** @param {string} value */
export function isLongIdentifier(value) {
  return isURI(value, LONG_SPM);
}

/**
 * language_type (RFC 3066 syntax).
 * @param {string} value
 * @param {boolean} allowEmpty
 */
export function isLanguage(value, allowEmpty) {
  if (value === '') return !!allowEmpty;
  if (value.length > SHORT_SPM || /[^\x00-\x7f]/.test(value)) return false;
  var subtags = value.split('-');
  for (var i = 0; i < subtags.length; i++) {
    if (!/^[A-Za-z0-9]{1,8}$/.test(subtags[i] || '')) return false;
  }
  var primary = (subtags[0] || '').toLowerCase();
  if (primary === 'i' || primary === 'x') return subtags.length > 1;
  if (!/^[a-z]{2,3}$/.test(primary)) return false;
  return subtags.length === 1 || (subtags[1] || '').length > 1;
}

/**
 * Splits an optional {lang=…} prefix: {text} or null when the prefix names an invalid language.
 * @param {string} value
 * @returns {{text: string} | null}
 */
export function languagePrefix(value) {
  if (value.indexOf('{lang=') !== 0) return { text: value };
  var close = value.indexOf('}');
  if (close < 0) return { text: value };
  if (!isLanguage(value.slice(6, close), false)) return null;
  return { text: value.slice(close + 1) };
}

/**
 * @param {string} value
 * @param {number} spm
 */
export function isLocalized(value, spm) {
  var parsed = languagePrefix(value);
  return parsed !== null && length(parsed.text) <= spm;
}

/** @typedef {'boolean' | 'language' | 'identifier'} DelimiterKind */

/** @type {Record<DelimiterKind, (value: string) => boolean>} */
var DELIMITER_KINDS = {
  boolean: function (v) { return v === 'true' || v === 'false'; },
  language: function (v) { return isLanguage(v, false); },
  identifier: function (v) { return isURI(v, LONG_SPM); }
};

/**
 * The {name=value} delimiters a value starts with, for an element that defines `known` ones ({name: kind}).
 * Parsing stops at the first group that is not a known name seen for the first time. Null when a known
 * delimiter is malformed or has an invalid value.
 * @param {string} value
 * @param {Record<string, DelimiterKind>} known
 * @returns {{values: Record<string, string>, rest: string} | null}
 */
export function leadingDelimiters(value, known) {
  var rest = value;
  /** @type {Record<string, string>} */
  var values = {};
  for (;;) {
    if (rest.charAt(0) !== '{') break;
    var close = rest.indexOf('}');
    if (close < 0) break;
    var equals = rest.slice(0, close).indexOf('=');
    if (equals < 0) break;
    var rawName = rest.slice(1, equals);
    var name = rawName.trim();
    var kind = has(known, name) ? known[name] : undefined;
    if (kind === undefined || has(values, name)) break;
    var content = rest.slice(equals + 1, close);
    if (name !== rawName || !DELIMITER_KINDS[kind](content)) return null;
    values[name] = content;
    rest = rest.slice(close + 1);
  }
  return { values: values, rest: rest };
}

/** @param {string} list */
export function items(list) {
  return list.split('[,]');
}

/** @param {string} value */
function isChoiceSet(value) {
  if (value === '') return true;
  var list = items(value);
  /** @type {Record<string, boolean>} */
  var seen = {};
  return list.every(function (item) {
    if (!isShortIdentifier(item) || has(seen, item)) return false;
    seen[item] = true;
    return true;
  });
}

/** @param {string} value */
function isFillInList(value) {
  return items(value).every(function (item) {
    var parsed = languagePrefix(item);
    return parsed !== null && length(parsed.text) <= SHORT_SPM;
  });
}

/** @param {string} value */
function isMatchingList(value) {
  return value !== '' && items(value).every(function (pair) {
    var ends = pair.split('[.]');
    return ends.length === 2 && ends.every(isShortIdentifier);
  });
}

/** @param {string} value */
function isNumericRange(value) {
  var bounds = value.split('[:]');
  if (bounds.length !== 2) return false;
  var lowText = bounds[0] || '';
  var highText = bounds[1] || '';
  var low = lowText === '' ? null : decimal(lowText, true);
  var high = highText === '' ? null : decimal(highText, true);
  if ((lowText !== '' && low === null) || (highText !== '' && high === null)) return false;
  return !(low !== null && high !== null && low > high);
}

/**
 * @param {string} value
 * @param {boolean} allowRanges
 */
function isPerformanceList(value, allowRanges) {
  return value !== '' && items(value).every(function (record) {
    var parts = record.split('[.]');
    if (parts.length !== 2) return false;
    var name = parts[0] || '';
    var answer = parts[1] || '';
    if (name === '' && answer === '') return false;
    if (name !== '' && !isShortIdentifier(name)) return false;
    if (allowRanges && answer.indexOf('[:]') >= 0) return isNumericRange(answer);
    return length(answer) <= SHORT_SPM;
  });
}

/** @param {string} value */
function isSequence(value) {
  return value !== '' && items(value).every(isShortIdentifier);
}

/**
 * @param {string} value
 * @param {string} type an interaction type of SCORM 2004
 */
export function isLearnerResponse(value, type) {
  switch (type) {
    case 'true-false': return value === 'true' || value === 'false';
    case 'choice': return isChoiceSet(value);
    case 'fill-in': return isFillInList(value);
    case 'long-fill-in': return isLocalized(value, LONG_SPM);
    case 'matching': return isMatchingList(value);
    case 'performance': return isPerformanceList(value, false);
    case 'sequencing': return isSequence(value);
    case 'likert': return isShortIdentifier(value);
    case 'numeric': return decimal(value, true) !== null;
    default: return length(value) <= LONG_SPM; // other
  }
}

/**
 * @param {string} value
 * @param {string} type
 */
export function isCorrectResponsePattern(value, type) {
  var parsed;
  switch (type) {
    case 'fill-in':
      parsed = leadingDelimiters(value, { case_matters: 'boolean', order_matters: 'boolean' });
      return parsed !== null && isFillInList(parsed.rest);
    case 'long-fill-in':
      parsed = leadingDelimiters(value, { case_matters: 'boolean', lang: 'language' });
      return parsed !== null && length(parsed.rest) <= LONG_SPM;
    case 'performance':
      parsed = leadingDelimiters(value, { order_matters: 'boolean' });
      return parsed !== null && isPerformanceList(parsed.rest, true);
    case 'numeric':
      return isNumericRange(value);
    default:
      return isLearnerResponse(value, type);
  }
}

/** @type {Record<string, string>} */
export var RESPONSE_DESCRIPTIONS = {
  'true-false': 'true or false',
  choice: 'short identifiers separated by [,] without duplicates',
  'fill-in': 'strings of at most 250 characters separated by [,], each optionally prefixed by {lang=…}',
  'long-fill-in': 'a string of at most 4000 characters, optionally prefixed by {lang=…}',
  matching: 'source[.]target pairs of short identifiers separated by [,]',
  performance: 'step_name[.]step_answer records separated by [,]',
  sequencing: 'short identifiers separated by [,]',
  likert: 'a short identifier',
  numeric: 'a real number',
  other: 'a string of at most 4000 characters'
};

// SCORM 1.2 CMIFeedback, as leniently as the server: identifiers of any visible characters (authoring tools and
// Portail's own packages write `s1.t1`, `i1,i2`), not only SCORM 1.2's single characters.

/**
 * @param {string} token
 * @param {string} delimiters characters a token cannot hold
 */
function feedbackToken(token, delimiters) {
  if (token === '' || !isVisibleText(token)) return false;
  for (var i = 0; i < delimiters.length; i++) {
    if (token.indexOf(delimiters.charAt(i)) >= 0) return false;
  }
  return true;
}

/** @param {string} value */
function unbraced(value) {
  return value.length >= 2 && value.charAt(0) === '{' && value.charAt(value.length - 1) === '}' ? value.slice(1, -1) : value;
}

/**
 * @param {string} list
 * @param {(item: string) => boolean} item
 */
function feedbackList(list, item) {
  return list !== '' && list.split(',').every(item);
}

/**
 * @param {string} value
 * @param {string} type an interaction type of SCORM 1.2
 */
export function isFeedback12(value, type) {
  if (length(value) > 255) return false;
  switch (type) {
    case 'true-false':
      return ['0', '1', 't', 'f', 'true', 'false'].indexOf(value.toLowerCase()) >= 0;
    case 'choice':
      return feedbackList(unbraced(value), function (t) { return feedbackToken(t, ',{}'); });
    case 'matching':
      return feedbackList(unbraced(value), function (item) {
        var parts = item.split('.');
        return parts.length === 2 && parts.every(function (p) { return feedbackToken(p, ',.{}'); });
      });
    case 'sequencing':
      return feedbackList(value, function (t) { return feedbackToken(t, ',{}'); });
    case 'likert':
      return value === '' || feedbackToken(value, ',{}');
    case 'numeric':
      return decimal(value, false) !== null;
    default:
      return true; // fill-in, performance: CMIString255
  }
}

/** @type {Record<string, string>} */
export var FEEDBACK_DESCRIPTIONS = {
  'true-false': '0, 1, t, f, true or false',
  choice: 'choice identifiers separated by commas, optionally in braces such as {a,b}',
  matching: 'source.target pairs separated by commas, such as 1.a,2.c',
  sequencing: 'identifiers separated by commas, such as c,a,b',
  likert: 'a single identifier or an empty string',
  numeric: 'a decimal number'
};
