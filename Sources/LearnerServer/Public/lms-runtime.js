/*
 * Portail's LMS-side SCORM run-time (docs/player.md, issue 6 §2). Plain ES2017, no library, no external URL.
 *
 *   var outbox = PortailLMS.createOutbox({api: '/api/v1', csrfHeader: 'X-Portail-CSRF', courseId: 'facilitateur',
 *                                         onStatusChange: showSyncStatus});
 *   var api = PortailLMS.create({standard: 'scorm2004', scoId: 'SCO-accueil', learner: {id, name},
 *                                state: {attempt, seq, values},        // GET /me/courses/{c}/scos/{s}/state
 *                                masteryScore, completionThreshold, launchData, outbox, onStatusChange, navigation});
 *   window.API_1484_11 = api;                                          // (window.API for SCORM 1.2)
 *   window.addEventListener('pagehide', function () { outbox.flush({keepalive: true}); });
 *
 * The run-time implements the whole run-time data model of SCORM 1.2 and of SCORM 2004 4th edition: element
 * names, access (read-only, write-only, keywords), data types, vocabularies and ranges, arrays and their index and
 * dependency rules, the error codes with their strings and diagnostics, and the API state machine. It validates
 * values exactly as the server does (Sources/LearnerServer/Runtime/CMIValidator.swift), so that what a SCO may
 * set is what the server accepts. Commits become batches of the values changed since the previous commit; the
 * outbox writes them to localStorage before sending them, in order, to POST {api}/me/sync.
 *
 * Only `window.PortailLMS` is defined.
 */
(function () {
  'use strict';

  // =============================================================================================================
  // Text and number helpers
  // =============================================================================================================

  var hasOwn = Object.prototype.hasOwnProperty;

  function has(object, key) {
    return object !== null && object !== undefined && hasOwn.call(object, key);
  }

  /** Length in Unicode code points (ISO 10646 characters), as SCORM counts (and the server does). */
  function length(text) {
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

  /** Bytes of the UTF-8 encoding of a string. */
  function utf8Length(text) {
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
  var INVISIBLE = /[\s\u0000-\u001f\u007f-\u009f\u0085]/;

  function isVisibleText(text) {
    return !INVISIBLE.test(text);
  }

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) s = '0' + s;
    return s;
  }

  /** A number as a real(10,7) / CMIDecimal string: at most 7 decimals, no exponent, no trailing zeros. */
  function decimalText(n) {
    var fixed = Number(n).toFixed(7);
    if (fixed.indexOf('.') >= 0) fixed = fixed.replace(/0+$/, '').replace(/\.$/, '');
    return fixed === '-0' ? '0' : fixed;
  }

  function toNumber(value) {
    if (value === null || value === undefined || value === '') return null;
    var n = Number(value);
    return isFinite(n) ? n : null;
  }

  // =============================================================================================================
  // Data types (the same rules as Sources/LearnerServer/Runtime/CMIFormats.swift)
  // =============================================================================================================

  var SHORT_SPM = 250;
  var LONG_SPM = 4000;
  var LOCATION_SPM = 1000;
  var SUSPEND_SPM = 64000;

  var RE_DECIMAL12 = /^-?(\d+(\.\d*)?|\.\d+)$/;
  var RE_REAL = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;
  var RE_TIME12 = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/;
  var RE_TIMESPAN12 = /^(\d{2,4}):([0-5]\d):([0-5]\d)(?:\.(\d{1,2}))?$/;
  var RE_INTERVAL = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:\.(\d{1,2}))?S)?)?$/;

  /** CMIDecimal (1.2: no '+') or real(10,7) (2004: an optional '+'); null when not one. No exponent. */
  function decimal(value, allowPlus) {
    if (!(allowPlus ? RE_REAL : RE_DECIMAL12).test(value)) return null;
    var n = Number(value);
    return isFinite(n) ? n : null;
  }

  function cmiSInteger(value) {
    if (!/^-?\d{1,6}$/.test(value)) return null;
    var n = Number(value);
    return n >= -32768 && n <= 32767 ? n : null;
  }

  function isIdentifier12(value) {
    return value.length > 0 && length(value) <= 255 && isVisibleText(value);
  }

  function daysIn(month, year) {
    if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
    return [4, 6, 9, 11].indexOf(month) >= 0 ? 30 : 31;
  }

  /** SCORM 2004 time (second,10,2): YYYY[-MM[-DD[Thh[:mm[:ss[.s[TZD]]]]]]], years 1970–2038. */
  function isTime2004(value) {
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
      if (Number(zone[1]) > 23 || (zone[2] !== undefined && Number(zone[2]) > 59)) return false;
    }
    return true;
  }

  // Durations, in hundredths of a second -------------------------------------------------------------------

  /** SCORM 2004 timeinterval (second,10,2) → centiseconds; null when not one. Years are 365.25 days. */
  function intervalCentiseconds(value) {
    if (typeof value !== 'string') return null;
    var m = RE_INTERVAL.exec(value);
    if (!m || value === 'P' || /T$/.test(value)) return null;
    var n = function (x) { return x ? Number(x) : 0; };
    var year = 365.25 * 86400;
    var seconds = n(m[1]) * year + n(m[2]) * (year / 12) + n(m[3]) * 86400 + n(m[4]) * 3600 + n(m[5]) * 60 + n(m[6]);
    var hundredths = m[7] ? Number((m[7] + '0').slice(0, 2)) : 0;
    return Math.round(seconds * 100) + hundredths;
  }

  /** SCORM 1.2 CMITimespan HHHH:MM:SS[.SS] → centiseconds; null when not one. */
  function timespanCentiseconds(value) {
    if (typeof value !== 'string') return null;
    var m = RE_TIMESPAN12.exec(value);
    if (!m) return null;
    return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 100 + (m[4] ? Number((m[4] + '0').slice(0, 2)) : 0);
  }

  function formatTimespan12(cs) {
    cs = Math.max(0, Math.round(cs));
    var hours = Math.min(9999, Math.floor(cs / 360000));
    if (hours === 9999 && cs >= 360000 * 10000) return '9999:59:59.99';
    return pad(hours, 4) + ':' + pad(Math.floor((cs % 360000) / 6000), 2) + ':' + pad(Math.floor((cs % 6000) / 100), 2) +
      '.' + pad(cs % 100, 2);
  }

  function formatInterval(cs) {
    cs = Math.max(0, Math.round(cs));
    var hours = Math.floor(cs / 360000);
    var minutes = Math.floor((cs % 360000) / 6000);
    var rest = cs % 6000;
    var seconds = String(Math.floor(rest / 100)) + (rest % 100 ? '.' + pad(rest % 100, 2).replace(/0$/, '') : '');
    return 'PT' + hours + 'H' + minutes + 'M' + seconds + 'S';
  }

  // URIs, languages, delimiters ----------------------------------------------------------------------------

  /** A URI (RFC 3986, non-ASCII allowed as in an IRI) of at most `spm` characters, as SCORM 2004 identifiers. */
  function isURI(value, spm) {
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

  function isShortIdentifier(value) {
    return isURI(value, SHORT_SPM);
  }

  function isLongIdentifier(value) {
    return isURI(value, LONG_SPM);
  }

  /** language_type (RFC 3066 syntax). */
  function isLanguage(value, allowEmpty) {
    if (value === '') return !!allowEmpty;
    if (value.length > SHORT_SPM || /[^\x00-\x7f]/.test(value)) return false;
    var subtags = value.split('-');
    for (var i = 0; i < subtags.length; i++) {
      if (!/^[A-Za-z0-9]{1,8}$/.test(subtags[i])) return false;
    }
    var primary = subtags[0].toLowerCase();
    if (primary === 'i' || primary === 'x') return subtags.length > 1;
    if (!/^[a-z]{2,3}$/.test(primary)) return false;
    return subtags.length === 1 || subtags[1].length > 1;
  }

  /** Splits an optional {lang=…} prefix: {text} or null when the prefix names an invalid language. */
  function languagePrefix(value) {
    if (value.indexOf('{lang=') !== 0) return { text: value };
    var close = value.indexOf('}');
    if (close < 0) return { text: value };
    if (!isLanguage(value.slice(6, close), false)) return null;
    return { text: value.slice(close + 1) };
  }

  function isLocalized(value, spm) {
    var parsed = languagePrefix(value);
    return parsed !== null && length(parsed.text) <= spm;
  }

  var DELIMITER_KINDS = {
    boolean: function (v) { return v === 'true' || v === 'false'; },
    language: function (v) { return isLanguage(v, false); },
    identifier: function (v) { return isURI(v, LONG_SPM); }
  };

  /**
   * The {name=value} delimiters a value starts with, for an element that defines `known` ones ({name: kind}).
   * Parsing stops at the first group that is not a known name seen for the first time. Null when a known
   * delimiter is malformed or has an invalid value.
   */
  function leadingDelimiters(value, known) {
    var rest = value;
    var values = {};
    for (;;) {
      if (rest.charAt(0) !== '{') break;
      var close = rest.indexOf('}');
      if (close < 0) break;
      var equals = rest.slice(0, close).indexOf('=');
      if (equals < 0) break;
      var rawName = rest.slice(1, equals);
      var name = rawName.trim();
      if (!has(known, name) || has(values, name)) break;
      var content = rest.slice(equals + 1, close);
      if (name !== rawName || !DELIMITER_KINDS[known[name]](content)) return null;
      values[name] = content;
      rest = rest.slice(close + 1);
    }
    return { values: values, rest: rest };
  }

  function items(list) {
    return list.split('[,]');
  }

  function isChoiceSet(value) {
    if (value === '') return true;
    var list = items(value);
    var seen = {};
    for (var i = 0; i < list.length; i++) {
      if (!isShortIdentifier(list[i]) || has(seen, list[i])) return false;
      seen[list[i]] = true;
    }
    return true;
  }

  function isFillInList(value) {
    return items(value).every(function (item) {
      var parsed = languagePrefix(item);
      return parsed !== null && length(parsed.text) <= SHORT_SPM;
    });
  }

  function isMatchingList(value) {
    return value !== '' && items(value).every(function (pair) {
      var ends = pair.split('[.]');
      return ends.length === 2 && ends.every(isShortIdentifier);
    });
  }

  function isNumericRange(value) {
    var bounds = value.split('[:]');
    if (bounds.length !== 2) return false;
    var low = bounds[0] === '' ? null : decimal(bounds[0], true);
    var high = bounds[1] === '' ? null : decimal(bounds[1], true);
    if ((bounds[0] !== '' && low === null) || (bounds[1] !== '' && high === null)) return false;
    return !(low !== null && high !== null && low > high);
  }

  function isPerformanceList(value, allowRanges) {
    return value !== '' && items(value).every(function (record) {
      var parts = record.split('[.]');
      if (parts.length !== 2) return false;
      var name = parts[0];
      var answer = parts[1];
      if (name === '' && answer === '') return false;
      if (name !== '' && !isShortIdentifier(name)) return false;
      if (allowRanges && answer.indexOf('[:]') >= 0) return isNumericRange(answer);
      return length(answer) <= SHORT_SPM;
    });
  }

  function isSequence(value) {
    return value !== '' && items(value).every(isShortIdentifier);
  }

  function isLearnerResponse(value, type) {
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

  function isCorrectResponsePattern(value, type) {
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

  var RESPONSE_DESCRIPTIONS = {
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
  function feedbackToken(token, delimiters) {
    if (token === '' || !isVisibleText(token)) return false;
    for (var i = 0; i < delimiters.length; i++) {
      if (token.indexOf(delimiters.charAt(i)) >= 0) return false;
    }
    return true;
  }

  function unbraced(value) {
    return value.length >= 2 && value.charAt(0) === '{' && value.charAt(value.length - 1) === '}' ? value.slice(1, -1) : value;
  }

  function feedbackList(list, item) {
    return list !== '' && list.split(',').every(item);
  }

  function isFeedback12(value, type) {
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

  var FEEDBACK_DESCRIPTIONS = {
    'true-false': '0, 1, t, f, true or false',
    choice: 'choice identifiers separated by commas, optionally in braces such as {a,b}',
    matching: 'source.target pairs separated by commas, such as 1.a,2.c',
    sequencing: 'identifiers separated by commas, such as c,a,b',
    likert: 'a single identifier or an empty string',
    numeric: 'a decimal number'
  };

  // =============================================================================================================
  // Error codes
  // =============================================================================================================

  var ERRORS12 = {
    0: 'No error',
    101: 'General exception',
    201: 'Invalid argument error',
    202: 'Element cannot have children',
    203: 'Element not an array - cannot have count',
    301: 'Not initialized',
    401: 'Not implemented error',
    402: 'Invalid set value, element is a keyword',
    403: 'Element is read only',
    404: 'Element is write only',
    405: 'Incorrect data type'
  };

  var ERRORS2004 = {
    0: 'No Error',
    101: 'General Exception',
    102: 'General Initialization Failure',
    103: 'Already Initialized',
    104: 'Content Instance Terminated',
    111: 'General Termination Failure',
    112: 'Termination Before Initialization',
    113: 'Termination After Termination',
    122: 'Retrieve Data Before Initialization',
    123: 'Retrieve Data After Termination',
    132: 'Store Data Before Initialization',
    133: 'Store Data After Termination',
    142: 'Commit Before Initialization',
    143: 'Commit After Termination',
    201: 'General Argument Error',
    301: 'General Get Failure',
    351: 'General Set Failure',
    391: 'General Commit Failure',
    401: 'Undefined Data Model Element',
    402: 'Unimplemented Data Model Element',
    403: 'Data Model Element Value Not Initialized',
    404: 'Data Model Element Is Read Only',
    405: 'Data Model Element Is Write Only',
    406: 'Data Model Element Type Mismatch',
    407: 'Data Model Element Value Out Of Range',
    408: 'Data Model Dependency Not Established'
  };

  // Which code each kind of failure gets in each standard.
  var CODES12 = {
    argument: 201, undefinedElement: 201, malformed: 201, keywordSet: 402, readOnly: 403, writeOnly: 404,
    noChildren: 202, noCount: 203, getIndex: 201, emptyGet: 201, emptySet: 201, gap: 201, dependency: 201,
    setFailure: 201, type: 405, range: 405, notInitialized: 301, general: 101,
    initTwice: 101, initAfterEnd: 101, endBeforeInit: 301, endTwice: 301, getBefore: 301, getAfter: 301,
    setBefore: 301, setAfter: 301, commitBefore: 301, commitAfter: 301, commitFailure: 101, endFailure: 101
  };

  var CODES2004 = {
    argument: 201, undefinedElement: 401, malformed: 401, keywordSet: 404, readOnly: 404, writeOnly: 405,
    noChildren: 301, noCount: 301, getIndex: 301, emptyGet: 301, emptySet: 351, gap: 351, dependency: 408,
    setFailure: 351, type: 406, range: 407, notInitialized: 403, general: 101,
    initTwice: 103, initAfterEnd: 104, endBeforeInit: 112, endTwice: 113, getBefore: 122, getAfter: 123,
    setBefore: 132, setAfter: 133, commitBefore: 142, commitAfter: 143, commitFailure: 391, endFailure: 111
  };

  function Failure(kind, diagnostic) {
    this.kind = kind;
    this.diagnostic = diagnostic;
  }

  function fail(kind, diagnostic) {
    throw new Failure(kind, diagnostic);
  }

  // =============================================================================================================
  // The two data models
  // =============================================================================================================

  // A rule checks a value; it returns null or {kind: 'type'|'range', text}.
  function typeError(text) { return { kind: 'type', text: text }; }
  function rangeError(text) { return { kind: 'range', text: text }; }

  function listText(words) {
    var named = words.filter(function (w) { return w !== ''; }).join(', ');
    return words.indexOf('') >= 0 ? named + ' or an empty string' : named;
  }

  var R = {
    vocabulary: function (words) {
      return function (v) { return words.indexOf(v) >= 0 ? null : typeError('must be one of ' + listText(words)); };
    },
    string12: function (max) {
      return function (v) {
        return length(v) <= max ? null : typeError('must be a string of at most ' + max + ' characters (CMIString' + max + ')');
      };
    },
    score12: function (v) {
      if (v === '') return null;
      var n = decimal(v, false);
      if (n === null) return typeError('must be a decimal number between 0 and 100 or an empty string');
      return n >= 0 && n <= 100 ? null : rangeError('must be between 0 and 100');
    },
    decimal12: function (v) {
      return decimal(v, false) !== null ? null : typeError('must be a decimal number (CMIDecimal)');
    },
    sInteger12: function (min, max) {
      return function (v) {
        var n = cmiSInteger(v);
        if (n === null) return typeError('must be an integer between ' + min + ' and ' + max);
        return n >= min && n <= max ? null : rangeError('must be between ' + min + ' and ' + max);
      };
    },
    identifier12: function (v) {
      return isIdentifier12(v) ? null : typeError('must be an identifier of 1 to 255 characters without spaces (CMIIdentifier)');
    },
    time12: function (v) {
      return RE_TIME12.test(v) ? null : typeError('must be a time of day HH:MM:SS[.SS] (CMITime)');
    },
    timespan12: function (v) {
      return RE_TIMESPAN12.test(v) ? null : typeError('must be a duration HHHH:MM:SS[.SS] (CMITimespan)');
    },
    result12: function (v) {
      return ['correct', 'wrong', 'unanticipated', 'neutral'].indexOf(v) >= 0 || decimal(v, false) !== null ? null
        : typeError('must be correct, wrong, unanticipated, neutral or a decimal number');
    },
    feedback12: function (v, ctx) {
      var type = ctx.interactionType();
      if (type === undefined) return length(v) <= 255 ? null : typeError('must be at most 255 characters (CMIFeedback)');
      return isFeedback12(v, type) ? null
        : typeError('must be, for a ' + type + ' interaction, ' + (FEEDBACK_DESCRIPTIONS[type] || 'a string of at most 255 characters'));
    },
    characterString: function (spm) {
      return function (v) { return length(v) <= spm ? null : typeError('must be at most ' + spm + ' characters'); };
    },
    localized: function (spm) {
      return function (v) {
        if (languagePrefix(v) === null) return typeError('starts with an invalid {lang=} language tag');
        return isLocalized(v, spm) ? null : typeError('must be at most ' + spm + ' characters after an optional {lang=…} prefix');
      };
    },
    longIdentifier: function (v) {
      return isLongIdentifier(v) ? null : typeError('must be a URI without spaces of at most 4000 characters, such as urn:example:item-1');
    },
    language: function (v) {
      return isLanguage(v, true) ? null : typeError('must be a language code such as fr, fr-CA or en-GB, or an empty string');
    },
    real: function (min, max) {
      return function (v) {
        var n = decimal(v, true);
        if (n === null) return typeError('must be a real number such as 0.75');
        if ((min !== null && n < min) || (max !== null && n > max)) {
          if (min !== null && max !== null) return rangeError('must be between ' + min + ' and ' + max);
          return min !== null ? rangeError('must be ' + min + ' or more') : rangeError('must be ' + max + ' or less');
        }
        return null;
      };
    },
    timeInterval: function (v) {
      return intervalCentiseconds(v) !== null ? null : typeError('must be an ISO 8601 duration such as PT1H2M3.45S (timeinterval)');
    },
    time: function (v) {
      return isTime2004(v) ? null : typeError('must be a time YYYY[-MM[-DD[Thh[:mm[:ss[.s[TZD]]]]]]] from 1970 to 2038, ' +
        'with a time zone only after fractional seconds, such as 2024-05-01T10:20:30.5+02:00');
    },
    result2004: function (v) {
      return ['correct', 'incorrect', 'unanticipated', 'neutral'].indexOf(v) >= 0 || decimal(v, true) !== null ? null
        : typeError('must be correct, incorrect, unanticipated, neutral or a real number');
    },
    learnerResponse: function (v, ctx) {
      var type = ctx.interactionType();
      if (type === undefined) return null; // the dependency check has refused it already
      return isLearnerResponse(v, type) ? null : typeError('must be, for a ' + type + ' interaction, ' + RESPONSE_DESCRIPTIONS[type]);
    },
    correctResponse: function (v, ctx) {
      var type = ctx.interactionType();
      if (type === undefined) return null;
      return isCorrectResponsePattern(v, type) ? null
        : typeError('must be, for a ' + type + ' interaction, a correct response pattern: ' + RESPONSE_DESCRIPTIONS[type] +
          (type === 'numeric' ? ' range min[:]max (either bound may be empty, min ≤ max)' : ''));
    },
    navigationRequest: function (v) {
      if (NAV_REQUESTS.indexOf(v) >= 0) return null;
      var parsed = leadingDelimiters(v, { target: 'identifier' });
      if (parsed !== null && has(parsed.values, 'target') && (parsed.rest === 'choice' || parsed.rest === 'jump')) return null;
      return typeError('must be continue, previous, {target=ID}choice, {target=ID}jump, exit, exitAll, abandon, abandonAll, suspendAll or _none_');
    }
  };

  var NAV_REQUESTS = ['continue', 'previous', 'exit', 'exitAll', 'abandon', 'abandonAll', 'suspendAll', '_none_'];
  var TYPES12 = ['true-false', 'choice', 'fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric'];
  var TYPES2004 = ['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert',
    'numeric', 'other'];
  var SINGLE_PATTERN_TYPES = ['true-false', 'likert', 'numeric', 'other'];
  var COMPLETION = ['completed', 'incomplete', 'not attempted', 'unknown'];
  var SUCCESS = ['passed', 'failed', 'unknown'];

  function rw(rule, dependsOn) { return { access: 'rw', rule: rule, dependsOn: dependsOn || null }; }
  function wo(rule) { return { access: 'wo', rule: rule, dependsOn: null }; }
  var RO = { access: 'ro', rule: null, dependsOn: null };
  function kw(value) { return { access: 'kw', rule: null, dependsOn: null, value: value }; }

  var MODEL12 = {
    name: 'SCORM 1.2',
    version: '3.4',
    arrays: ['cmi.objectives', 'cmi.interactions', 'cmi.interactions.n.objectives', 'cmi.interactions.n.correct_responses'],
    extendable: ['cmi.objectives', 'cmi.interactions', 'cmi.interactions.n.objectives', 'cmi.interactions.n.correct_responses'],
    elements: {
      'cmi._children': kw('core,suspend_data,launch_data,comments,comments_from_lms,objectives,student_data,student_preference,interactions'),
      'cmi._version': kw('3.4'),
      'cmi.core._children': kw('student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time'),
      'cmi.core.student_id': RO,
      'cmi.core.student_name': RO,
      'cmi.core.lesson_location': rw(R.string12(255)),
      'cmi.core.credit': RO,
      'cmi.core.lesson_status': rw(R.vocabulary(['passed', 'completed', 'failed', 'incomplete', 'browsed'])),
      'cmi.core.entry': RO,
      'cmi.core.score._children': kw('raw,min,max'),
      'cmi.core.score.raw': rw(R.score12),
      'cmi.core.score.min': rw(R.score12),
      'cmi.core.score.max': rw(R.score12),
      'cmi.core.total_time': RO,
      'cmi.core.lesson_mode': RO,
      'cmi.core.exit': wo(R.vocabulary(['time-out', 'suspend', 'logout', ''])),
      'cmi.core.session_time': wo(R.timespan12),
      'cmi.suspend_data': rw(R.string12(4096)),
      'cmi.launch_data': RO,
      'cmi.comments': rw(R.string12(4096)),
      'cmi.comments_from_lms': RO,
      'cmi.objectives._children': kw('id,score,status'),
      'cmi.objectives._count': kw(null),
      'cmi.objectives.n.id': rw(R.identifier12),
      'cmi.objectives.n.score._children': kw('raw,min,max'),
      'cmi.objectives.n.score.raw': rw(R.score12),
      'cmi.objectives.n.score.min': rw(R.score12),
      'cmi.objectives.n.score.max': rw(R.score12),
      'cmi.objectives.n.status': rw(R.vocabulary(['passed', 'completed', 'failed', 'incomplete', 'browsed', 'not attempted'])),
      'cmi.student_data._children': kw('mastery_score,max_time_allowed,time_limit_action'),
      'cmi.student_data.mastery_score': RO,
      'cmi.student_data.max_time_allowed': RO,
      'cmi.student_data.time_limit_action': RO,
      'cmi.student_preference._children': kw('audio,language,speed,text'),
      'cmi.student_preference.audio': rw(R.sInteger12(-1, 100)),
      'cmi.student_preference.language': rw(R.string12(255)),
      'cmi.student_preference.speed': rw(R.sInteger12(-100, 100)),
      'cmi.student_preference.text': rw(R.sInteger12(-1, 1)),
      'cmi.interactions._children': kw('id,objectives,time,type,correct_responses,weighting,student_response,result,latency'),
      'cmi.interactions._count': kw(null),
      'cmi.interactions.n.id': wo(R.identifier12),
      'cmi.interactions.n.objectives._count': kw(null),
      'cmi.interactions.n.objectives.n.id': wo(R.identifier12),
      'cmi.interactions.n.time': wo(R.time12),
      'cmi.interactions.n.type': wo(R.vocabulary(TYPES12)),
      'cmi.interactions.n.correct_responses._count': kw(null),
      'cmi.interactions.n.correct_responses.n.pattern': wo(R.feedback12),
      'cmi.interactions.n.weighting': wo(R.decimal12),
      'cmi.interactions.n.student_response': wo(R.feedback12),
      'cmi.interactions.n.result': wo(R.result12),
      'cmi.interactions.n.latency': wo(R.timespan12)
    }
  };

  var INTERACTION = 'cmi.interactions.n.id';
  var INTERACTION_TYPE = 'cmi.interactions.n.type';
  var OBJECTIVE = 'cmi.objectives.n.id';

  var MODEL2004 = {
    name: 'SCORM 2004',
    version: '1.0',
    arrays: ['cmi.comments_from_learner', 'cmi.comments_from_lms', 'cmi.interactions', 'cmi.interactions.n.objectives',
      'cmi.interactions.n.correct_responses', 'cmi.objectives', 'adl.data'],
    extendable: ['cmi.comments_from_learner', 'cmi.interactions', 'cmi.interactions.n.objectives',
      'cmi.interactions.n.correct_responses', 'cmi.objectives'],
    elements: {
      'cmi._version': kw('1.0'),
      'cmi.comments_from_learner._children': kw('comment,location,timestamp'),
      'cmi.comments_from_learner._count': kw(null),
      'cmi.comments_from_learner.n.comment': rw(R.localized(LONG_SPM)),
      'cmi.comments_from_learner.n.location': rw(R.characterString(SHORT_SPM)),
      'cmi.comments_from_learner.n.timestamp': rw(R.time),
      'cmi.comments_from_lms._children': kw('comment,location,timestamp'),
      'cmi.comments_from_lms._count': kw(null),
      'cmi.comments_from_lms.n.comment': RO,
      'cmi.comments_from_lms.n.location': RO,
      'cmi.comments_from_lms.n.timestamp': RO,
      'cmi.completion_status': rw(R.vocabulary(COMPLETION)),
      'cmi.completion_threshold': RO,
      'cmi.credit': RO,
      'cmi.entry': RO,
      'cmi.exit': wo(R.vocabulary(['time-out', 'suspend', 'logout', 'normal', ''])),
      'cmi.interactions._children': kw('id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description'),
      'cmi.interactions._count': kw(null),
      'cmi.interactions.n.id': rw(R.longIdentifier),
      'cmi.interactions.n.type': rw(R.vocabulary(TYPES2004), INTERACTION),
      'cmi.interactions.n.objectives._count': kw(null),
      'cmi.interactions.n.objectives.n.id': rw(R.longIdentifier, INTERACTION),
      'cmi.interactions.n.timestamp': rw(R.time, INTERACTION),
      'cmi.interactions.n.correct_responses._count': kw(null),
      'cmi.interactions.n.correct_responses.n.pattern': rw(R.correctResponse, INTERACTION_TYPE),
      'cmi.interactions.n.weighting': rw(R.real(null, null), INTERACTION),
      'cmi.interactions.n.learner_response': rw(R.learnerResponse, INTERACTION_TYPE),
      'cmi.interactions.n.result': rw(R.result2004, INTERACTION),
      'cmi.interactions.n.latency': rw(R.timeInterval, INTERACTION),
      'cmi.interactions.n.description': rw(R.localized(SHORT_SPM), INTERACTION),
      'cmi.launch_data': RO,
      'cmi.learner_id': RO,
      'cmi.learner_name': RO,
      'cmi.learner_preference._children': kw('audio_level,language,delivery_speed,audio_captioning'),
      'cmi.learner_preference.audio_level': rw(R.real(0, null)),
      'cmi.learner_preference.language': rw(R.language),
      'cmi.learner_preference.delivery_speed': rw(R.real(0, null)),
      'cmi.learner_preference.audio_captioning': rw(R.vocabulary(['-1', '0', '1'])),
      'cmi.location': rw(R.characterString(LOCATION_SPM)),
      'cmi.max_time_allowed': RO,
      'cmi.mode': RO,
      'cmi.objectives._children': kw('id,score,success_status,completion_status,progress_measure,description'),
      'cmi.objectives._count': kw(null),
      'cmi.objectives.n.id': rw(R.longIdentifier),
      'cmi.objectives.n.score._children': kw('scaled,raw,min,max'),
      'cmi.objectives.n.score.scaled': rw(R.real(-1, 1), OBJECTIVE),
      'cmi.objectives.n.score.raw': rw(R.real(null, null), OBJECTIVE),
      'cmi.objectives.n.score.min': rw(R.real(null, null), OBJECTIVE),
      'cmi.objectives.n.score.max': rw(R.real(null, null), OBJECTIVE),
      'cmi.objectives.n.success_status': rw(R.vocabulary(SUCCESS), OBJECTIVE),
      'cmi.objectives.n.completion_status': rw(R.vocabulary(COMPLETION), OBJECTIVE),
      'cmi.objectives.n.progress_measure': rw(R.real(0, 1), OBJECTIVE),
      'cmi.objectives.n.description': rw(R.localized(SHORT_SPM), OBJECTIVE),
      'cmi.progress_measure': rw(R.real(0, 1)),
      'cmi.scaled_passing_score': RO,
      'cmi.score._children': kw('scaled,raw,min,max'),
      'cmi.score.scaled': rw(R.real(-1, 1)),
      'cmi.score.raw': rw(R.real(null, null)),
      'cmi.score.min': rw(R.real(null, null)),
      'cmi.score.max': rw(R.real(null, null)),
      'cmi.session_time': wo(R.timeInterval),
      'cmi.success_status': rw(R.vocabulary(SUCCESS)),
      'cmi.suspend_data': rw(R.characterString(SUSPEND_SPM)),
      'cmi.time_limit_action': RO,
      'cmi.total_time': RO,
      'adl.nav.request': rw(R.navigationRequest),
      'adl.nav.request_valid.continue': RO,
      'adl.nav.request_valid.previous': RO,
      'adl.nav.request_valid.choice.{target=}': RO,
      'adl.nav.request_valid.jump.{target=}': RO,
      'adl.data._children': kw('id,store'),
      'adl.data._count': kw(null),
      'adl.data.n.id': RO,
      'adl.data.n.store': rw(R.characterString(SUSPEND_SPM), 'adl.data.n.id')
    }
  };

  /** A canonical array index: decimal digits without a leading zero (except 0 itself). */
  function arrayIndex(part) {
    return /^(0|[1-9]\d{0,8})$/.test(part) ? Number(part) : null;
  }

  /** Whether `pattern` (indexes written n) is an element, or a prefix of one, of the model. */
  function knownPattern(model, pattern) {
    if (has(model.elements, pattern) || model.arrays.indexOf(pattern) >= 0) return true;
    var prefix = pattern + '.';
    return Object.keys(model.elements).some(function (k) { return k.indexOf(prefix) === 0; });
  }

  /**
   * Resolves an element name: {kind: 'empty'|'malformed'|'unknown'|'found', pattern, spec, indexes, target?}.
   * indexes: [{container: 'cmi.interactions.2.objectives', pattern: 'cmi.interactions.n.objectives', index}].
   */
  function resolve(model, element) {
    if (element === '') return { kind: 'empty' };
    if (!isVisibleText(element)) return { kind: 'malformed', reason: 'it contains spaces or control characters' };
    var nav = /^adl\.nav\.request_valid\.(choice|jump)\.(.*)$/.exec(element);
    if (nav && has(model.elements, 'adl.nav.request_valid.' + nav[1] + '.{target=}')) {
      var target = /^\{target=(.+)\}$/.exec(nav[2]);
      if (!target) return { kind: 'unknown', pattern: element };
      return {
        kind: 'found', pattern: 'adl.nav.request_valid.' + nav[1] + '.{target=}',
        spec: model.elements['adl.nav.request_valid.' + nav[1] + '.{target=}'], indexes: [], request: nav[1], target: target[1]
      };
    }
    var parts = element.split('.');
    var pattern = [];
    var concrete = [];
    var indexes = [];
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i];
      if (part === '') return { kind: 'malformed', reason: 'it has an empty part' };
      var prefix = pattern.join('.');
      if (model.arrays.indexOf(prefix) >= 0 && part.charAt(0) !== '_') {
        var index = arrayIndex(part);
        if (index === null) return { kind: 'malformed', reason: part + ' is not an array index of ' + concrete.join('.') };
        indexes.push({ container: concrete.join('.'), pattern: prefix, index: index });
        pattern.push('n');
      } else {
        pattern.push(part);
      }
      concrete.push(part);
    }
    var key = pattern.join('.');
    if (!has(model.elements, key)) return { kind: 'unknown', pattern: key, parent: pattern.slice(0, -1).join('.'), last: parts[parts.length - 1], indexes: indexes };
    return { kind: 'found', pattern: key, spec: model.elements[key], indexes: indexes, last: parts[parts.length - 1] };
  }

  /** `pattern` of an element of the same entry, with the indexes of `resolved` in place of its n's. */
  function concreteOf(resolved, pattern) {
    var k = 0;
    return pattern.split('.').map(function (part) {
      if (part === 'n' && k < resolved.indexes.length) return String(resolved.indexes[k++].index);
      return part;
    }).join('.');
  }

  // =============================================================================================================
  // PortailLMS.create: the API object for one SCO launch
  // =============================================================================================================

  function normalizeStandard(standard) {
    var s = String(standard || '').toLowerCase().replace(/[^0-9a-z.]/g, '');
    if (s === 'scorm2004' || s === '2004' || /2004/.test(s)) return 'scorm2004';
    if (s === 'scorm12' || s === '12' || s === 'scorm1.2' || s === '1.2') return 'scorm12';
    throw new Error('PortailLMS.create: unknown standard ' + JSON.stringify(standard) + ' (scorm12 or scorm2004)');
  }

  function stringValues(values) {
    var out = {};
    if (!values || typeof values !== 'object') return out;
    Object.keys(values).forEach(function (k) {
      var v = values[k];
      if (typeof v === 'string') out[k] = v;
      else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    });
    return out;
  }

  /** Applies the outbox's unsent batches of a SCO on top of the server's state (what the server will have). */
  function overlayPending(base, batches) {
    var state = { attempt: base.attempt, seq: base.seq, values: base.values };
    (batches || []).forEach(function (batch) {
      var attempt = Number(batch.attempt) || 0;
      var seq = Number(batch.seq) || 0;
      if (attempt > state.attempt) {
        state = { attempt: attempt, seq: seq, values: stringValues(batch.values) };
      } else if (attempt === state.attempt) {
        var incoming = stringValues(batch.values);
        var merged = Object.assign({}, state.values);
        Object.keys(incoming).forEach(function (k) { merged[k] = incoming[k]; });
        state = { attempt: attempt, seq: Math.max(state.seq, seq), values: merged };
      }
    });
    return state;
  }

  function safeCall(fn, self, args) {
    if (typeof fn !== 'function') return undefined;
    try {
      return fn.apply(self, args);
    } catch (e) {
      if (typeof console !== 'undefined' && console.error) console.error('PortailLMS: a callback failed', e);
      return undefined;
    }
  }

  function create(options) {
    options = options || {};
    var STANDARD = normalizeStandard(options.standard);
    var IS2004 = STANDARD === 'scorm2004';
    var MODEL = IS2004 ? MODEL2004 : MODEL12;
    var ERRORS = IS2004 ? ERRORS2004 : ERRORS12;
    var CODE = IS2004 ? CODES2004 : CODES12;
    var N = IS2004 ? {
      entry: 'cmi.entry', exit: 'cmi.exit', session: 'cmi.session_time', total: 'cmi.total_time', credit: 'cmi.credit',
      mode: 'cmi.mode', learnerId: 'cmi.learner_id', learnerName: 'cmi.learner_name', location: 'cmi.location',
      preferences: 'cmi.learner_preference.'
    } : {
      entry: 'cmi.core.entry', exit: 'cmi.core.exit', session: 'cmi.core.session_time', total: 'cmi.core.total_time',
      credit: 'cmi.core.credit', mode: 'cmi.core.lesson_mode', learnerId: 'cmi.core.student_id',
      learnerName: 'cmi.core.student_name', location: 'cmi.core.lesson_location', preferences: 'cmi.student_preference.'
    };
    var scoId = options.scoId === undefined || options.scoId === null ? '' : String(options.scoId);
    var learner = options.learner || {};
    var outbox = options.outbox || null;
    var navigation = options.navigation || null;
    var onStatusChange = typeof options.onStatusChange === 'function' ? options.onStatusChange : null;

    var mode = ['normal', 'browse', 'review'].indexOf(options.mode) >= 0 ? options.mode : 'normal';
    var credit = mode === 'normal' && options.credit !== 'no-credit' ? 'credit' : 'no-credit';
    var masteryScore = toNumber(options.masteryScore); // 0–100 (1.2 masteryscore, 2004 minNormalizedMeasure × 100)
    var threshold = toNumber(options.completionThreshold); // 0–1
    var launchData = options.launchData === undefined || options.launchData === null ? null : String(options.launchData);
    var persist = mode !== 'review'; // a review changes nothing on the server

    // --- The attempt: resume a suspended one, else start a new one ------------------------------------------
    var given = options.state || options.initialState || {};
    var base = {
      attempt: Math.max(0, Math.floor(Number(given.attempt) || 0)),
      seq: Math.max(0, Math.floor(Number(given.seq) || 0)),
      values: stringValues(given.values)
    };
    if (base.attempt === 0 && Object.keys(base.values).length) base.attempt = 1;
    if (outbox && typeof outbox.pending === 'function') {
      base = overlayPending(base, safeCall(outbox.pending, outbox, [scoId]));
    }
    var suspended = base.values[N.exit] === 'suspend' || (IS2004 && base.values['adl.nav.request'] === 'suspendAll');
    var attempt;
    var entry;
    var restoring;
    if (base.attempt > 0 && mode === 'review') {
      attempt = base.attempt;
      entry = '';
      restoring = true;
    } else if (base.attempt > 0 && suspended) {
      attempt = base.attempt;
      entry = 'resume';
      restoring = true;
    } else {
      attempt = base.attempt + 1;
      entry = 'ab-initio';
      restoring = false;
    }
    var seqFloor = attempt === base.attempt ? base.seq : 0;
    var lastSeq = seqFloor;

    // --- The store --------------------------------------------------------------------------------------------
    var values = {};     // element → value, for the elements a SCO sets (rw, wo)
    var committed = {};  // element → the value last handed to the outbox (or restored from the server)
    var dirty = {};      // elements set since the last commit
    var counts = {};     // concrete array → number of entries
    var storedTotal = 0; // centiseconds of the attempt's earlier sessions
    var sessionSet = false;

    function parseDuration(value) {
      var cs = IS2004 ? intervalCentiseconds(value) : timespanCentiseconds(value);
      if (cs === null) cs = IS2004 ? timespanCentiseconds(value) : intervalCentiseconds(value);
      return cs || 0;
    }

    function bumpCount(container, n) {
      if ((counts[container] || 0) < n) counts[container] = n;
    }

    function restore(source, onlyPreferences) {
      Object.keys(source).forEach(function (element) {
        var value = source[element];
        if (/\._count$/.test(element)) {
          var n = arrayIndex(value);
          if (!onlyPreferences && n !== null) bumpCount(element.slice(0, -7), n);
          return;
        }
        if (onlyPreferences && element.indexOf(N.preferences) !== 0) return;
        if (element === N.exit || element === N.session || element === 'adl.nav.request') return;
        var r = resolve(MODEL, element);
        if (r.kind !== 'found' || (r.spec.access !== 'rw' && r.spec.access !== 'wo')) return;
        values[element] = value;
        if (!onlyPreferences) committed[element] = value;
        r.indexes.forEach(function (ix) {
          if (MODEL.extendable.indexOf(ix.pattern) >= 0) bumpCount(ix.container, ix.index + 1);
        });
      });
    }

    if (restoring) {
      restore(base.values, false);
      storedTotal = parseDuration(base.values[N.total]);
    } else {
      // Preferences belong to the learner, not to an attempt: they carry over, and go with the first commit.
      restore(base.values, true);
      Object.keys(values).forEach(function (k) { dirty[k] = true; });
    }
    if (!IS2004 && values['cmi.core.lesson_status'] === undefined) {
      values['cmi.core.lesson_status'] = 'not attempted';
      committed['cmi.core.lesson_status'] = 'not attempted';
    }

    // Values set by the LMS (read-only for the SCO). null: not initialized (2004: 403; 1.2: "").
    var lms = {};
    lms[N.learnerId] = learner.id === undefined || learner.id === null ? '' : String(learner.id);
    lms[N.learnerName] = learner.name === undefined || learner.name === null ? '' : String(learner.name);
    lms[N.credit] = credit;
    lms[N.mode] = mode;
    lms[N.entry] = entry;
    lms['cmi.launch_data'] = launchData;
    if (IS2004) {
      lms['cmi.scaled_passing_score'] = masteryScore === null ? null : decimalText(Math.max(-1, Math.min(1, masteryScore / 100)));
      lms['cmi.completion_threshold'] = threshold === null ? null : decimalText(Math.max(0, Math.min(1, threshold)));
      lms['cmi.max_time_allowed'] = null;
      lms['cmi.time_limit_action'] = 'continue,no message';
    } else {
      if (lms['cmi.launch_data'] === null) lms['cmi.launch_data'] = '';
      lms['cmi.student_data.mastery_score'] = masteryScore === null ? '' : decimalText(masteryScore);
      lms['cmi.student_data.max_time_allowed'] = '';
      lms['cmi.student_data.time_limit_action'] = '';
      lms['cmi.comments_from_lms'] = '';
    }
    var DEFAULTS = IS2004 ? {
      'cmi.learner_preference.audio_level': '1', 'cmi.learner_preference.language': '',
      'cmi.learner_preference.delivery_speed': '1', 'cmi.learner_preference.audio_captioning': '0',
      'adl.nav.request': '_none_'
    } : {
      'cmi.student_preference.audio': '0', 'cmi.student_preference.language': '', 'cmi.student_preference.speed': '0',
      'cmi.student_preference.text': '0'
    };

    function totalTimeText(cs) {
      return IS2004 ? formatInterval(cs) : formatTimespan12(cs);
    }

    // --- SCORM 2004 status evaluation (RTE 4.2.4 and 4.2.22) -------------------------------------------------
    function completionStatus() {
      var progress = toNumber(values['cmi.progress_measure']);
      if (threshold !== null && progress !== null) return progress >= threshold ? 'completed' : 'incomplete';
      return values['cmi.completion_status'] === undefined ? 'unknown' : values['cmi.completion_status'];
    }

    function successStatus() {
      var scaled = toNumber(values['cmi.score.scaled']);
      if (masteryScore !== null && scaled !== null) return scaled >= masteryScore / 100 ? 'passed' : 'failed';
      return values['cmi.success_status'] === undefined ? 'unknown' : values['cmi.success_status'];
    }

    // --- GetValue / SetValue ----------------------------------------------------------------------------------
    function count(container) {
      return counts[container] || 0;
    }

    function elementName(arg) {
      if (arg === undefined || arg === null) return '';
      if (typeof arg !== 'string') fail('argument', 'the element name must be a string, not ' + typeof arg);
      return arg;
    }

    function unknownElement(r, element, forSet) {
      if (r.kind === 'malformed') fail('malformed', element + ' is not a valid element name: ' + r.reason);
      var last = r.last;
      if (!forSet && (last === '_children' || last === '_count') && r.parent && knownPattern(MODEL, r.parent)) {
        fail(last === '_children' ? 'noChildren' : 'noCount',
          r.parent + (last === '_children' ? ' has no children' : ' is not an array'));
      }
      fail('undefinedElement', element + ' is not an element of the ' + MODEL.name + ' data model');
    }

    function checkIndexesExist(r, element) {
      r.indexes.forEach(function (ix) {
        if (ix.index >= count(ix.container)) {
          fail('getIndex', element + ': ' + ix.container + '.' + ix.index + ' does not exist (' + ix.container +
            ' has ' + count(ix.container) + ' entries)');
        }
      });
    }

    function navValidity(request, target) {
      if (!navigation || typeof navigation.valid !== 'function') return 'unknown';
      var answer = safeCall(navigation.valid, navigation, target === undefined ? [request] : [request, target]);
      if (answer === true || answer === 'true') return 'true';
      if (answer === false || answer === 'false') return 'false';
      return 'unknown';
    }

    function getValue(arg) {
      var element = elementName(arg);
      if (element === '') fail('emptyGet', 'no data model element was named');
      var r = resolve(MODEL, element);
      if (r.kind !== 'found') unknownElement(r, element, false);
      var spec = r.spec;
      if (spec.access === 'kw') {
        checkIndexesExist(r, element);
        if (r.last === '_count') return String(count(element.slice(0, -7)));
        return spec.value;
      }
      if (spec.access === 'wo') fail('writeOnly', element + ' is write-only');
      if (r.request) return navValidity(r.request, r.target);
      if (element === 'adl.nav.request_valid.continue') return navValidity('continue');
      if (element === 'adl.nav.request_valid.previous') return navValidity('previous');
      checkIndexesExist(r, element);
      if (IS2004 && element === 'cmi.completion_status') return completionStatus();
      if (IS2004 && element === 'cmi.success_status') return successStatus();
      if (element === N.total) return totalTimeText(storedTotal);
      if (spec.access === 'ro') {
        var v = has(lms, element) ? lms[element] : null;
        if (v !== null) return v;
        if (IS2004) fail('notInitialized', element + ' has no value (not provided by the LMS)');
        return '';
      }
      if (has(values, element)) return values[element];
      if (has(DEFAULTS, element)) return DEFAULTS[element];
      if (IS2004 && (r.pattern === 'cmi.objectives.n.success_status' || r.pattern === 'cmi.objectives.n.completion_status')) {
        return 'unknown';
      }
      if (IS2004) fail('notInitialized', element + ' has no value yet');
      return '';
    }

    function gap(ix, element) {
      var n = count(ix.container);
      if (ix.index > n) {
        fail('gap', element + ' skips an index: ' + ix.container + ' has ' + n + (n === 1 ? ' entry' : ' entries') +
          ', so a new entry must use index ' + n);
      }
    }

    function interactionTypeOf(r) {
      if (r.pattern.indexOf('cmi.interactions.n.') !== 0) return undefined;
      var type = values['cmi.interactions.' + r.indexes[0].index + '.type'];
      var known = IS2004 ? TYPES2004 : TYPES12;
      return known.indexOf(type) >= 0 ? type : undefined;
    }

    function duplicate(r, value, field, element, same) {
      var last = r.indexes[r.indexes.length - 1];
      var n = Math.max(count(last.container), last.index);
      for (var other = 0; other < n; other++) {
        if (other === last.index) continue;
        var key = last.container + '.' + other + '.' + field;
        if (has(values, key) && same(values[key], value)) {
          fail('setFailure', element + ' must be unique: ' + key + ' already has the same value');
        }
      }
    }

    function sameSet(a, b) {
      var x = items(a).slice().sort();
      var y = items(b).slice().sort();
      return x.length === y.length && x.every(function (v, i) { return v === y[i]; });
    }

    function identity(r, element, value) {
      if (!IS2004) return;
      if (r.pattern === 'cmi.objectives.n.id') {
        if (has(values, element) && values[element] !== value) {
          fail('setFailure', element + ' is already "' + values[element] + '": an objective identifier cannot change');
        }
        duplicate(r, value, 'id', element, function (a, b) { return a === b; });
      } else if (r.pattern === 'cmi.interactions.n.objectives.n.id') {
        duplicate(r, value, 'id', element, function (a, b) { return a === b; });
      } else if (r.pattern === 'cmi.interactions.n.correct_responses.n.pattern') {
        var type = interactionTypeOf(r);
        if (type === 'choice') duplicate(r, value, 'pattern', element, sameSet);
        else if (type === 'sequencing') duplicate(r, value, 'pattern', element, function (a, b) { return a === b; });
      }
    }

    function setValue(arg, rawValue, argCount) {
      var element = elementName(arg);
      if (element === '') fail('emptySet', 'no data model element was named');
      var r = resolve(MODEL, element);
      if (r.kind !== 'found') unknownElement(r, element, true);
      var spec = r.spec;
      if (spec.access === 'kw') fail('keywordSet', element + ' is a keyword and cannot be set');
      if (argCount < 2) fail('argument', 'SetValue takes two arguments: the element and its value');
      var value;
      if (typeof rawValue === 'string') value = rawValue;
      else if ((typeof rawValue === 'number' && isFinite(rawValue)) || typeof rawValue === 'boolean') value = String(rawValue);
      else fail('type', element + ': the value must be a string, not ' + (rawValue === null ? 'null' : typeof rawValue));
      // Read-only whatever the index: no index makes it a set failure.
      if (spec.access === 'ro') fail('readOnly', element + ' is read-only');

      if (r.indexes.length) {
        var first = r.indexes[0];
        gap(first, element);
        if (MODEL.extendable.indexOf(first.pattern) < 0 && first.index >= count(first.container)) {
          fail('setFailure', element + ': ' + first.container + ' has ' + count(first.container) +
            ' entries and a SCO cannot add any');
        }
      }
      if (IS2004 && spec.dependsOn) {
        var required = concreteOf(r, spec.dependsOn);
        if (/\.type$/.test(spec.dependsOn)) {
          if (interactionTypeOf(r) === undefined) {
            fail('dependency', element + ' cannot be set before ' + required + ': its format depends on the interaction type');
          }
        } else if (!has(values, required)) {
          fail('dependency', element + ' cannot be set before ' + required);
        }
      }
      r.indexes.slice(1).forEach(function (ix) { gap(ix, element); });
      if (IS2004 && r.pattern === 'cmi.interactions.n.correct_responses.n.pattern') {
        var type = interactionTypeOf(r);
        if (SINGLE_PATTERN_TYPES.indexOf(type) >= 0 && r.indexes[1].index >= 1) {
          fail('setFailure', element + ' is refused: a ' + type + ' interaction has a single correct response pattern, ' +
            r.indexes[1].container + '.0.pattern');
        }
      }
      // The server refuses NUL (it separates stored values): refused here too, so that the SCO learns it now.
      if (value.indexOf('\u0000') >= 0) fail('type', element + ' must not contain a NUL character');
      var problem = spec.rule(value, { interactionType: function () { return interactionTypeOf(r); } });
      if (problem) fail(problem.kind, element + ' ' + problem.text + ' (got ' + JSON.stringify(value.length > 80 ? value.slice(0, 80) + '…' : value) + ')');
      identity(r, element, value);

      values[element] = value;
      dirty[element] = true;
      if (element === N.session) sessionSet = true;
      r.indexes.forEach(function (ix) {
        if (MODEL.extendable.indexOf(ix.pattern) >= 0) bumpCount(ix.container, ix.index + 1);
      });
      return 'true';
    }

    // --- Commits ----------------------------------------------------------------------------------------------
    function statusSummary() {
      var summary = {
        kind: 'sco', standard: STANDARD, scoId: scoId, attempt: attempt, seq: lastSeq, entry: entry, mode: mode,
        credit: credit, session: session, totalTime: totalTimeText(storedTotal)
      };
      if (IS2004) {
        summary.completion = completionStatus();
        summary.success = successStatus();
        var scaled = toNumber(values['cmi.score.scaled']);
        summary.score = scaled === null ? rawScore('cmi.score.') : Math.round(scaled * 10000) / 100;
        summary.progress = toNumber(values['cmi.progress_measure']);
        summary.navRequest = values['adl.nav.request'] || '_none_';
      } else {
        var status = values['cmi.core.lesson_status'];
        summary.lessonStatus = status;
        summary.completion = status === 'passed' || status === 'failed' || status === 'completed' ? 'completed'
          : status === 'not attempted' ? 'not attempted' : 'incomplete';
        summary.success = status === 'passed' || status === 'failed' ? status : 'unknown';
        summary.score = rawScore('cmi.core.score.');
      }
      summary.location = values[N.location] === undefined ? null : values[N.location];
      summary.exit = values[N.exit] === undefined ? null : values[N.exit];
      return summary;
    }

    function rawScore(prefix) {
      var raw = toNumber(values[prefix + 'raw']);
      if (raw === null) return null;
      var min = toNumber(values[prefix + 'min']);
      var max = toNumber(values[prefix + 'max']);
      if (min === null) min = 0;
      if (max === null) max = 100;
      if (max <= min) return null;
      return Math.round(Math.max(0, Math.min(1, (raw - min) / (max - min))) * 10000) / 100;
    }

    function sessionCs() {
      return sessionSet ? parseDuration(values[N.session]) : 0;
    }

    /** SCORM 1.2 at LMSFinish (RTE 3.4.4): not attempted → completed (browsed in browse mode), then the mastery score. */
    function finishStatus12() {
      if (mode === 'review') return; // a review changes no status
      var status = values['cmi.core.lesson_status'];
      if (status === 'not attempted') status = mode === 'browse' ? 'browsed' : 'completed';
      var raw = toNumber(values['cmi.core.score.raw']);
      if (status === 'completed' && masteryScore !== null && credit === 'credit' && raw !== null) {
        status = raw >= masteryScore ? 'passed' : 'failed';
      }
      if (status !== values['cmi.core.lesson_status']) {
        values['cmi.core.lesson_status'] = status;
        dirty['cmi.core.lesson_status'] = true;
      }
    }

    /** The values changed since the last commit (the final batch also carries exit, session time, nav request). */
    function changes(final) {
      var out = {};
      Object.keys(dirty).forEach(function (element) {
        if (element === N.session || element === N.exit || element === 'adl.nav.request') return;
        if (!has(values, element) || committed[element] === values[element]) return;
        out[element] = values[element];
      });
      if (IS2004) {
        var c = completionStatus();
        if ((c !== 'unknown' || has(values, 'cmi.completion_status')) && committed['cmi.completion_status'] !== c) {
          out['cmi.completion_status'] = c;
        }
        var s = successStatus();
        if ((s !== 'unknown' || has(values, 'cmi.success_status')) && committed['cmi.success_status'] !== s) {
          out['cmi.success_status'] = s;
        }
      }
      // Exit: whenever the SCO changed it (so that a crash after a suspend still resumes), and always at the end.
      if (final || (dirty[N.exit] && committed[N.exit] !== values[N.exit])) out[N.exit] = has(values, N.exit) ? values[N.exit] : '';
      if (final) {
        // Session time is what the SCO reports for the whole session: only the last value counts (RTE), so it is
        // sent once, at the end, and the server adds it once.
        if (sessionSet) out[N.session] = values[N.session];
        if (IS2004) out['adl.nav.request'] = has(values, 'adl.nav.request') ? values['adl.nav.request'] : '_none_';
        var onlyDefaults = Object.keys(out).every(function (k) {
          return (k === N.exit && out[k] === '') || (k === 'adl.nav.request' && out[k] === '_none_');
        });
        // A new attempt in which the SCO saved nothing is not created on the server by an empty exit alone.
        if (onlyDefaults && !restoring && lastSeq === seqFloor) out = {};
      }
      return out;
    }

    function nextSeq() {
      var floor = Math.max(seqFloor, lastSeq);
      var seq = floor + 1;
      if (outbox && typeof outbox.nextSeq === 'function') {
        var s = Number(outbox.nextSeq(scoId, attempt, floor));
        if (isFinite(s) && s > floor) seq = Math.floor(s);
      }
      lastSeq = seq;
      return seq;
    }

    var batches = []; // every batch this API object produced (for snapshot/debugging)

    function commitChanges(final) {
      var out = changes(final);
      var keys = Object.keys(out);
      if (!keys.length) {
        dirty = {};
        return null;
      }
      var batch = null;
      if (persist) {
        batch = { scoId: scoId, attempt: attempt, seq: nextSeq(), values: out };
        if (outbox && typeof outbox.enqueue === 'function') {
          var queued = outbox.enqueue(batch); // throws: the commit fails, nothing is marked committed
          if (queued && typeof queued === 'object' && queued.id) batch.id = queued.id;
        }
        batches.push(batch);
      }
      keys.forEach(function (k) { committed[k] = out[k]; });
      dirty = {};
      return batch;
    }

    // --- The API state machine --------------------------------------------------------------------------------
    var session = 'not initialized';
    var lastError = { code: 0, diagnostic: '' };

    function run(body, failureResult) {
      var result;
      try {
        result = body();
        lastError = { code: 0, diagnostic: '' };
      } catch (e) {
        if (e instanceof Failure) {
          lastError = { code: typeof e.kind === 'number' ? e.kind : CODE[e.kind], diagnostic: e.diagnostic || '' };
        } else {
          lastError = { code: 101, diagnostic: 'PortailLMS internal error: ' + (e && e.message ? e.message : String(e)) };
        }
        result = failureResult;
      }
      return result;
    }

    function requireEmptyArgument(fn, args) {
      if (args.length > 1 || (args.length === 1 && args[0] !== '' && args[0] !== undefined && args[0] !== null)) {
        fail('argument', fn + ' takes one argument, the empty string ""');
      }
    }

    function requireRunning(before, after) {
      if (session === 'running') return;
      fail(session === 'terminated' ? after : before, 'the API is ' + session);
    }

    function notify() {
      if (onStatusChange) safeCall(onStatusChange, null, [statusSummary()]);
    }

    function initialize(fn, args) {
      return run(function () {
        requireEmptyArgument(fn, args);
        if (session === 'running') fail('initTwice', 'already initialized');
        if (session === 'terminated') fail('initAfterEnd', 'this launch was terminated; the SCO must be launched again');
        session = 'running';
        notify();
        return 'true';
      }, 'false');
    }

    function terminate(fn, args, forced) {
      return run(function () {
        if (!forced) requireEmptyArgument(fn, args);
        if (session === 'not initialized') fail('endBeforeInit', 'not initialized');
        if (session === 'terminated') fail('endTwice', 'already terminated');
        if (!IS2004) finishStatus12();
        try {
          commitChanges(true);
        } catch (e) {
          fail('endFailure', 'the data could not be saved: ' + (e && e.message ? e.message : e));
        }
        session = 'terminated';
        storedTotal += sessionCs();
        sessionSet = false;
        notify();
        if (IS2004 && !forced) {
          var request = values['adl.nav.request'] || '_none_';
          if (request !== '_none_' && navigation && typeof navigation.request === 'function') {
            var m = /^\{target=([^}]*)\}(choice|jump)$/.exec(request);
            // After the SCO's Terminate has returned: the player may unload the SCO.
            setTimeout(function () {
              if (m) safeCall(navigation.request, navigation, [m[2], m[1]]);
              else safeCall(navigation.request, navigation, [request]);
            }, 0);
          }
        }
        return 'true';
      }, 'false');
    }

    function commit(fn, args) {
      return run(function () {
        requireEmptyArgument(fn, args);
        requireRunning('commitBefore', 'commitAfter');
        try {
          commitChanges(false);
        } catch (e) {
          fail('commitFailure', 'the data could not be saved: ' + (e && e.message ? e.message : e));
        }
        notify();
        return 'true';
      }, 'false');
    }

    function get(args) {
      return run(function () {
        requireRunning('getBefore', 'getAfter');
        return getValue(args[0]);
      }, '');
    }

    function set(args) {
      return run(function () {
        requireRunning('setBefore', 'setAfter');
        return setValue(args[0], args[1], args.length);
      }, 'false');
    }

    function getLastError() {
      return String(lastError.code);
    }

    function getErrorString(code) {
      if (code === undefined || code === null || String(code) === '') return '';
      var text = ERRORS[Number(code)];
      return text === undefined ? '' : text;
    }

    function getDiagnostic(code) {
      if (code === undefined || code === null || String(code) === '' || Number(code) === lastError.code) {
        if (lastError.code === 0) return '';
        return lastError.code + ' ' + ERRORS[lastError.code] + (lastError.diagnostic ? ': ' + lastError.diagnostic : '');
      }
      return getErrorString(code);
    }

    function argsOf(list) {
      return Array.prototype.slice.call(list);
    }

    var api = IS2004 ? {
      Initialize: function () { return initialize('Initialize', argsOf(arguments)); },
      Terminate: function () { return terminate('Terminate', argsOf(arguments), false); },
      GetValue: function () { return get(argsOf(arguments)); },
      SetValue: function () { return set(argsOf(arguments)); },
      Commit: function () { return commit('Commit', argsOf(arguments)); },
      GetLastError: getLastError,
      GetErrorString: getErrorString,
      GetDiagnostic: getDiagnostic
    } : {
      LMSInitialize: function () { return initialize('LMSInitialize', argsOf(arguments)); },
      LMSFinish: function () { return terminate('LMSFinish', argsOf(arguments), false); },
      LMSGetValue: function () { return get(argsOf(arguments)); },
      LMSSetValue: function () { return set(argsOf(arguments)); },
      LMSCommit: function () { return commit('LMSCommit', argsOf(arguments)); },
      LMSGetLastError: getLastError,
      LMSGetErrorString: getErrorString,
      LMSGetDiagnostic: getDiagnostic
    };

    // For the player (not part of SCORM): the state to relaunch from, and an LMS-side end of the session.
    Object.defineProperty(api, 'snapshot', {
      enumerable: false,
      value: function () {
        var out = {};
        Object.keys(values).forEach(function (k) { out[k] = values[k]; });
        Object.keys(counts).forEach(function (k) { out[k + '._count'] = String(counts[k]); });
        if (IS2004) {
          if (has(out, 'cmi.completion_status') || completionStatus() !== 'unknown') out['cmi.completion_status'] = completionStatus();
          if (has(out, 'cmi.success_status') || successStatus() !== 'unknown') out['cmi.success_status'] = successStatus();
        }
        out[N.total] = totalTimeText(storedTotal);
        var summary = statusSummary();
        summary.values = out;
        summary.batches = batches.map(function (b) { return JSON.parse(JSON.stringify(b)); });
        summary.state = { attempt: attempt, seq: lastSeq, values: out };
        return summary;
      }
    });
    Object.defineProperty(api, 'forceTerminate', {
      enumerable: false,
      value: function () {
        // The player ends a session the SCO left running (it was unloaded without Terminate): what it set is kept.
        if (session !== 'running') return false;
        var saved = lastError;
        var ok = terminate('forceTerminate', [], true) === 'true';
        lastError = saved;
        return ok;
      }
    });
    return api;
  }

  // =============================================================================================================
  // PortailLMS.createOutbox: batches to localStorage first, then POST {api}/me/sync in order
  // =============================================================================================================

  var MAX_BATCHES_PER_REQUEST = 1000;       // the server's limit per /me/sync
  var MAX_BYTES_PER_REQUEST = 4 * 1024 * 1024; // well under the server's 8 MiB
  var KEEPALIVE_BYTES = 65536;              // the browsers' keepalive body quota

  function uuid() {
    var c = typeof crypto !== 'undefined' ? crypto : null;
    if (c && typeof c.randomUUID === 'function') {
      try {
        return c.randomUUID();
      } catch (e) {
        // not a secure context: fall through
      }
    }
    var b = new Uint8Array(16);
    if (c && typeof c.getRandomValues === 'function') c.getRandomValues(b);
    else for (var i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(b, function (x) { return pad(x.toString(16), 2); }).join('');
    return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
  }

  function defaultStorage() {
    try {
      return window.localStorage;
    } catch (e) {
      return null; // storage disabled
    }
  }

  function createOutbox(options) {
    options = options || {};
    if (options.courseId === undefined || options.courseId === null || options.courseId === '') {
      throw new Error('PortailLMS.createOutbox: courseId is required');
    }
    var courseId = String(options.courseId);
    var url = String(options.api === undefined ? '/api/v1' : options.api).replace(/\/+$/, '') + '/me/sync';
    var csrfHeader = options.csrfHeader || 'X-Portail-CSRF';
    var storage = has(options, 'storage') ? options.storage : defaultStorage();
    var fetchFn = options.fetch || (typeof fetch === 'function' ? fetch.bind(window) : null);
    var KEY = 'portail-outbox:' + courseId;
    var backoff = Object.assign({ initial: 1000, max: 30000, factor: 2 }, options.backoff || {});
    var random = typeof options.random === 'function' ? options.random : Math.random;
    var timeoutMs = options.timeout === undefined ? 30000 : Number(options.timeout);
    var listeners = [];
    if (typeof options.onStatusChange === 'function') listeners.push(options.onStatusChange);

    var unsaved = [];     // batches that could not be written to storage (kept in memory, sent all the same)
    var memorySeqs = {};  // scoId → {attempt: seq}, mirrors storage
    var storageProblem = null;
    var inFlight = false;
    var retryTimer = null;
    var failures = 0;
    var stopped = null;   // message of a refused request: no automatic retry until flush()
    var closing = false;  // after flush({keepalive: true}): new batches go out with keepalive at once
    var waiters = [];
    var lastStatus = null;
    var lastProblems = [];

    // --- Storage ----------------------------------------------------------------------------------------------
    function readRecord() {
      var record = null;
      if (storage) {
        try {
          var raw = storage.getItem(KEY);
          record = raw ? JSON.parse(raw) : null;
        } catch (e) {
          record = null;
        }
      }
      if (!record || typeof record !== 'object') record = {};
      if (!Array.isArray(record.batches)) record.batches = [];
      if (!record.seqs || typeof record.seqs !== 'object') record.seqs = {};
      record.v = 1;
      return record;
    }

    function writeRecord(record) {
      if (!storage) {
        storageProblem = 'this browser does not keep data for this site';
        return false;
      }
      try {
        if (!record.batches.length && !Object.keys(record.seqs).length) storage.removeItem(KEY);
        else storage.setItem(KEY, JSON.stringify(record));
        storageProblem = null;
        return true;
      } catch (e) {
        storageProblem = 'progress could not be kept on this device (' + (e && e.name ? e.name : 'storage error') + ')';
        return false;
      }
    }

    function pendingBatches() {
      var stored = readRecord().batches;
      var ids = {};
      stored.forEach(function (b) { ids[b.id] = true; });
      return stored.concat(unsaved.filter(function (b) { return !ids[b.id]; }));
    }

    function seqOf(map, scoId, attempt) {
      var s = map[scoId] && map[scoId][String(attempt)];
      return typeof s === 'number' && isFinite(s) ? s : 0;
    }

    function recordSeq(map, scoId, attempt, seq) {
      var entry = map[scoId] && typeof map[scoId] === 'object' ? map[scoId] : {};
      entry[String(attempt)] = Math.max(seqOf(map, scoId, attempt), seq);
      // Only the latest attempts matter: keep three.
      var attempts = Object.keys(entry).map(Number).sort(function (a, b) { return b - a; });
      attempts.slice(3).forEach(function (a) { delete entry[String(a)]; });
      map[scoId] = entry;
    }

    function removeBatches(ids) {
      if (!ids.length) return;
      var gone = {};
      ids.forEach(function (id) { gone[id] = true; });
      var record = readRecord();
      var before = record.batches.length;
      record.batches = record.batches.filter(function (b) { return !gone[b.id]; });
      if (record.batches.length !== before) writeRecord(record);
      unsaved = unsaved.filter(function (b) { return !gone[b.id]; });
    }

    // --- Status -----------------------------------------------------------------------------------------------
    function emit(state, message, extra) {
      var pending = pendingBatches().length;
      var event = { kind: 'sync', state: state, pending: pending, message: message || '' };
      if (!event.message) {
        if (state === 'saved') event.message = 'All progress is saved.';
        else if (state === 'pending') event.message = pending + (pending === 1 ? ' change' : ' changes') + ' waiting to be saved.';
      }
      if (storageProblem) event.storage = storageProblem;
      if (extra) Object.keys(extra).forEach(function (k) { event[k] = extra[k]; });
      lastStatus = event;
      listeners.slice().forEach(function (fn) { safeCall(fn, null, [event]); });
      return event;
    }

    function settle() {
      var list = waiters;
      waiters = [];
      list.forEach(function (resolve) { resolve(lastStatus); });
    }

    // --- Sending ----------------------------------------------------------------------------------------------
    function wire(b) {
      return { courseId: b.courseId, scoId: b.scoId, id: b.id, attempt: b.attempt, seq: b.seq, values: b.values, at: b.at };
    }

    function bodyOf(list) {
      return JSON.stringify({ batches: list.map(wire) });
    }

    /** Consecutive batches from the start of `list`, within a number and a byte budget (at least one). */
    function takeChunk(list, maxBatches, maxBytes) {
      var chunk = [];
      var bytes = 14; // {"batches":[]}
      for (var i = 0; i < list.length && chunk.length < maxBatches; i++) {
        var size = utf8Length(JSON.stringify(wire(list[i]))) + (chunk.length ? 1 : 0);
        if (chunk.length && bytes + size > maxBytes) break;
        chunk.push(list[i]);
        bytes += size;
      }
      return chunk;
    }

    function describeError(e) {
      return e && e.message ? e.message : String(e);
    }

    /** Sends batches; resolves (never rejects) with {done, retry, offline, stop, message, problems}. */
    function post(list, keepalive) {
      var headers = { 'Content-Type': 'application/json' };
      headers[csrfHeader] = '1';
      var init = { method: 'POST', headers: headers, body: bodyOf(list), credentials: 'same-origin', cache: 'no-store' };
      if (keepalive) init.keepalive = true;
      var timer = null;
      var controller = null;
      if (!keepalive && timeoutMs > 0 && typeof AbortController === 'function') {
        controller = new AbortController();
        init.signal = controller.signal;
        timer = setTimeout(function () { controller.abort(); }, timeoutMs);
      }
      var sent;
      try {
        if (!fetchFn) throw new Error('fetch is not available');
        sent = Promise.resolve(fetchFn(url, init));
      } catch (e) {
        sent = Promise.reject(e);
      }
      return sent.then(function (response) {
        if (timer) clearTimeout(timer);
        var status = response.status;
        if (status >= 200 && status < 300) {
          return response.json().then(function (json) {
            return handleResults(list, json);
          }, function () {
            return { retry: true, message: 'the server\'s answer could not be read' };
          });
        }
        if (status === 408 || status === 429 || status >= 500) {
          return { retry: true, message: 'the server answered ' + status };
        }
        return Promise.resolve(typeof response.text === 'function' ? response.text() : '').then(function (text) {
          var detail = '';
          try {
            var parsed = JSON.parse(text);
            detail = parsed && (parsed.message || parsed.error) ? String(parsed.message || parsed.error) : '';
          } catch (e) {
            detail = '';
          }
          return { stop: true, status: status, message: 'the server refused the progress (' + status + (detail ? ': ' + detail : '') + ')' };
        }, function () {
          return { stop: true, status: status, message: 'the server refused the progress (' + status + ')' };
        });
      }, function (e) {
        if (timer) clearTimeout(timer);
        return { retry: true, offline: true, message: 'no connection to the server (' + describeError(e) + ')' };
      });
    }

    /** A /me/sync answer: every batch with a result is done (applied or not: both are final). */
    function handleResults(list, json) {
      var results = json && Array.isArray(json.results) ? json.results : null;
      if (!results) return { retry: true, message: 'the server\'s answer has no results' };
      var wanted = {};
      list.forEach(function (b) { wanted[b.id] = b; });
      var done = [];
      var problems = [];
      results.forEach(function (r) {
        if (!r || !has(wanted, r.id)) return;
        var b = wanted[r.id];
        done.push(r.id);
        if (r.error) problems.push({ scoId: b.scoId, batch: r.id, seq: b.seq, message: String(r.error) });
        (Array.isArray(r.errors) ? r.errors : []).forEach(function (e) {
          problems.push({ scoId: b.scoId, batch: r.id, seq: b.seq, code: e.code, element: e.element, message: e.message });
        });
      });
      removeBatches(done);
      var missing = list.length - done.length;
      return missing ? { retry: true, problems: problems, message: missing + ' batch(es) got no answer' }
        : { done: true, problems: problems };
    }

    function reportProblems(problems) {
      if (!problems || !problems.length) return;
      lastProblems = problems;
      var first = problems[0];
      var message = 'the server refused ' + (problems.length === 1 ? 'a value' : problems.length + ' values') + ': ' +
        (first.element ? first.element + ' — ' : '') + first.message;
      emit('error', message, { errors: problems });
    }

    function delayFor(n) {
      var base = Math.min(backoff.max, backoff.initial * Math.pow(backoff.factor, Math.max(0, n - 1)));
      return Math.max(0, Math.round(Math.min(backoff.max, base * (0.75 + 0.5 * random()))));
    }

    function pump() {
      if (inFlight || retryTimer) return;
      if (stopped) {
        emit('error', stopped);
        settle();
        return;
      }
      var pending = pendingBatches();
      if (!pending.length) {
        emit('saved');
        settle();
        return;
      }
      var chunk = takeChunk(pending, MAX_BATCHES_PER_REQUEST, MAX_BYTES_PER_REQUEST);
      inFlight = true;
      if (failures === 0) emit('pending');
      post(chunk, false).then(function (outcome) {
        inFlight = false;
        reportProblems(outcome.problems);
        if (outcome.done) {
          failures = 0;
          pump();
        } else if (outcome.retry) {
          failures++;
          var delay = delayFor(failures);
          emit(outcome.offline ? 'offline' : 'pending', outcome.message + '; next try in ' + Math.ceil(delay / 1000) + ' s',
            { retryIn: delay, failures: failures });
          retryTimer = setTimeout(function () {
            retryTimer = null;
            pump();
          }, delay);
          settle();
        } else {
          stopped = outcome.message;
          emit('error', stopped, { status: outcome.status });
          settle();
        }
      });
    }

    function kick() {
      if (closing) {
        sendKeepalive(pendingBatches());
        return;
      }
      pump();
    }

    /** Sends with keepalive, in bodies of at most 64 KiB; a single larger batch goes out without keepalive. */
    function sendKeepalive(list) {
      var sends = [];
      var rest = list.slice();
      while (rest.length) {
        var chunk = takeChunk(rest, MAX_BATCHES_PER_REQUEST, KEEPALIVE_BYTES);
        rest = rest.slice(chunk.length);
        var fits = utf8Length(bodyOf(chunk)) <= KEEPALIVE_BYTES;
        sends.push(post(chunk, fits).then(function (outcome) {
          reportProblems(outcome.problems);
          return outcome;
        }));
      }
      return Promise.all(sends);
    }

    // --- Public -----------------------------------------------------------------------------------------------
    function enqueue(input) {
      if (!input || typeof input !== 'object') throw new Error('PortailLMS outbox: enqueue needs {scoId, attempt, seq, values}');
      var scoId = String(input.scoId === undefined ? '' : input.scoId);
      var attempt = Math.floor(Number(input.attempt));
      if (!(attempt >= 1)) throw new Error('PortailLMS outbox: attempt must be 1 or more');
      var seq = input.seq === undefined || input.seq === null ? nextSeq(scoId, attempt, 0) : Math.floor(Number(input.seq));
      if (!(seq >= 0)) throw new Error('PortailLMS outbox: seq must be 0 or more');
      var batch = {
        courseId: courseId, scoId: scoId, id: input.id ? String(input.id) : uuid(), attempt: attempt, seq: seq,
        values: stringValues(input.values), at: new Date().toISOString()
      };
      // First to storage: the batch survives a closed tab from now on.
      var record = readRecord();
      var ids = {};
      record.batches.forEach(function (b) { ids[b.id] = true; });
      unsaved.forEach(function (b) { if (!ids[b.id]) record.batches.push(b); });
      record.batches.push(batch);
      recordSeq(record.seqs, scoId, attempt, seq);
      recordSeq(memorySeqs, scoId, attempt, seq);
      if (writeRecord(record)) {
        unsaved = [];
      } else {
        unsaved = unsaved.concat([batch]);
      }
      if (closing) sendKeepalive([batch]);
      else if (stopped) emit('error', stopped);
      else if (retryTimer) emit(lastStatus ? lastStatus.state : 'pending', lastStatus ? lastStatus.message : '');
      else if (inFlight) emit('pending');
      else pump();
      return batch;
    }

    function nextSeq(scoId, attempt, floor) {
      scoId = String(scoId);
      var record = readRecord();
      var seq = Math.max(Math.floor(Number(floor) || 0), seqOf(record.seqs, scoId, attempt), seqOf(memorySeqs, scoId, attempt)) + 1;
      recordSeq(record.seqs, scoId, attempt, seq);
      recordSeq(memorySeqs, scoId, attempt, seq);
      writeRecord(record);
      return seq;
    }

    function flush(flushOptions) {
      if (flushOptions && flushOptions.keepalive) {
        closing = true;
        return sendKeepalive(pendingBatches()).then(function () { return lastStatus; });
      }
      closing = false;
      stopped = null;
      failures = 0;
      if (retryTimer) {
        clearTimeout(retryTimer);
        retryTimer = null;
      }
      return new Promise(function (resolve) {
        waiters.push(resolve);
        pump();
      });
    }

    function subscribe(fn) {
      if (typeof fn !== 'function') return function () {};
      listeners.push(fn);
      return function () {
        var i = listeners.indexOf(fn);
        if (i >= 0) listeners.splice(i, 1);
      };
    }

    if (typeof window !== 'undefined' && window.addEventListener) {
      window.addEventListener('online', function () {
        if (!stopped && !inFlight) flush();
      });
      window.addEventListener('pageshow', function (event) {
        if (event && event.persisted) flush();
      });
    }

    var outbox = {
      courseId: courseId,
      storageKey: KEY,
      enqueue: enqueue,
      nextSeq: nextSeq,
      flush: flush,
      subscribe: subscribe,
      pending: function (scoId) {
        return pendingBatches().filter(function (b) { return scoId === undefined || b.scoId === String(scoId); })
          .map(function (b) { return JSON.parse(JSON.stringify(b)); });
      },
      status: function () {
        return lastStatus || { kind: 'sync', state: pendingBatches().length ? 'pending' : 'saved', pending: pendingBatches().length, message: '' };
      },
      problems: function () { return lastProblems.slice(); }
    };
    // Whatever a previous visit left is replayed first (it is at the head of the queue).
    setTimeout(kick, 0);
    return outbox;
  }

  var PortailLMS = Object.freeze({
    version: '1.0.0',
    create: create,
    createOutbox: createOutbox
  });
  Object.defineProperty(window, 'PortailLMS', { value: PortailLMS, enumerable: true, configurable: false, writable: false });
})();
