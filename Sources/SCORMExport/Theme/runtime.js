/*
 * Portail SCO runtime (portail/runtime.js).
 *
 * Runs inside every SCO page that the Portail exporter writes. It implements the "SCO page contract" and
 * "SCO-side runtime" sections of docs/export.md: it finds the LMS's SCORM API (1.2 or 2004 4th edition),
 * or falls back to a standalone mode that keeps progress in localStorage; it shows one page at a time,
 * runs the quiz, and reports progress, score and interactions in each standard's own formats.
 *
 * Plain ES2017, no library, no network. The only global it defines is window.PortailSCO, a read-only
 * debugging surface.
 */
(function () {
  'use strict';

  var FORMAT_VERSION = '1';
  var MAX_SUBMISSIONS_IN_SUSPEND_DATA = 1295; // "zz" in base 36: the quiz field never exceeds 3 characters

  var FALLBACK_STRINGS = {
    fr: {
      next: 'Suivant',
      previous: 'Précédent',
      page: 'Page {n} sur {total}',
      saved: 'Progression enregistrée.',
      savedLocally: 'Mode autonome : progression enregistrée sur cet appareil.',
      saveFailed: 'La progression n’a pas pu être enregistrée.',
      noLMS: 'Mode autonome : progression enregistrée sur cet appareil.',
      score: 'Votre score : {score} %',
      passed: 'Réussi.',
      failed: 'Pas encore réussi.',
      retry: 'Réessayer',
      answerAll: 'Répondez à toutes les questions avant de valider.',
      correct: 'Bonne réponse',
      incorrect: 'Réponse incorrecte',
      suspendTruncated: 'Trop de données à enregistrer : vos réponses ne seront pas conservées.',
      sessionEnded: 'Session terminée.'
    },
    en: {
      next: 'Next',
      previous: 'Previous',
      page: 'Page {n} of {total}',
      saved: 'Progress saved.',
      savedLocally: 'Standalone mode: progress saved on this device.',
      saveFailed: 'Your progress could not be saved.',
      noLMS: 'Standalone mode: progress saved on this device.',
      score: 'Your score: {score}%',
      passed: 'Passed.',
      failed: 'Not passed yet.',
      retry: 'Try again',
      answerAll: 'Answer every question before submitting.',
      correct: 'Correct',
      incorrect: 'Incorrect',
      suspendTruncated: 'Too much data to save: your answers will not be kept.',
      sessionEnded: 'Session ended.'
    }
  };

  // ---------------------------------------------------------------------------------------------
  // Small utilities
  // ---------------------------------------------------------------------------------------------

  function $(id) {
    return document.getElementById(id);
  }

  function pad(n, width) {
    return String(n).padStart(width, '0');
  }

  function shuffled(list) {
    // Fisher–Yates, on a copy.
    var a = list.slice();
    for (var i = a.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  function sameOrder(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  /** Number of base-36 digits of n (n ≥ 0). */
  function width36(n) {
    return Math.max(1, n).toString(36).length;
  }

  /** A bit set (array of booleans, bit i = element i) written in base 36, of any length. */
  function bitsToBase36(bits) {
    var digits = [0]; // little-endian base-36 digits
    for (var i = bits.length - 1; i >= 0; i--) {
      var carry = bits[i] ? 1 : 0;
      for (var k = 0; k < digits.length; k++) {
        var v = digits[k] * 2 + carry;
        digits[k] = v % 36;
        carry = Math.floor(v / 36);
      }
      while (carry > 0) {
        digits.push(carry % 36);
        carry = Math.floor(carry / 36);
      }
    }
    var out = '';
    for (var d = digits.length - 1; d >= 0; d--) out += digits[d].toString(36);
    return out;
  }

  /** The inverse of bitsToBase36: returns null when the text is not base 36. */
  function base36ToBits(text, length) {
    if (!/^[0-9a-z]+$/.test(text)) return null;
    var binary = [0]; // little-endian bits
    for (var i = 0; i < text.length; i++) {
      var carry = parseInt(text.charAt(i), 36);
      for (var k = 0; k < binary.length; k++) {
        var v = binary[k] * 36 + carry;
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

  /** Escapes free text for the suspend data: %, ~, | and C0/DEL control characters become %XX. */
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

  function unescapeText(text) {
    return text.replace(/(%[0-9A-Fa-f]{2})+/g, function (run) {
      try {
        return decodeURIComponent(run);
      } catch (e) {
        return run.replace(/%([0-9A-Fa-f]{2})/g, function (m, hex) {
          return String.fromCharCode(parseInt(hex, 16));
        });
      }
    });
  }

  /**
   * Reads a number typed by a learner ("6", "6,5", "-0.50", "1 000") and returns it in a canonical decimal
   * form valid as SCORM 1.2 CMIDecimal and SCORM 2004 real ("6.5", "-0.5", "1000"), or null.
   */
  function canonicalNumber(text) {
    var t = String(text).replace(/[\s\u00a0\u202f]+/g, '');
    if (t.indexOf(',') >= 0 && t.indexOf('.') < 0 && t.split(',').length === 2) t = t.replace(',', '.');
    var m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(t);
    if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) return null;
    var intPart = m[2].replace(/^0+/, '') || '0';
    var frac = (m[3] || '').replace(/0+$/, '');
    var body = frac ? intPart + '.' + frac : intPart;
    if (body === '0') return '0';
    return (m[1] === '-' ? '-' : '') + body;
  }

  function numberToText(n) {
    // JSON numbers from the SCO description: plain decimal notation for SCORM formats.
    var s = String(n);
    if (/e/i.test(s)) s = Number(n).toFixed(7).replace(/\.?0+$/, '');
    return s;
  }

  /** Truncates to at most max UTF-16 units without splitting a surrogate pair. */
  function truncate(text, max) {
    if (text.length <= max) return text;
    var cut = text.slice(0, max);
    var last = cut.charCodeAt(cut.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
    return cut;
  }

  function roundTo(value, decimals) {
    var f = Math.pow(10, decimals);
    return Math.round(value * f) / f;
  }

  // Times -------------------------------------------------------------------------------------

  /** SCORM 1.2 CMITimespan, HHHH:MM:SS.SS. */
  function timespan12(ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    var maxCs = (9999 * 3600 + 59 * 60 + 59) * 100 + 99;
    if (cs > maxCs) cs = maxCs;
    var h = Math.floor(cs / 360000);
    var m = Math.floor((cs % 360000) / 6000);
    var s = Math.floor((cs % 6000) / 100);
    return pad(h, 4) + ':' + pad(m, 2) + ':' + pad(s, 2) + '.' + pad(cs % 100, 2);
  }

  /** SCORM 2004 timeinterval (ISO 8601 duration), PT1H2M3.5S. */
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

  /** SCORM 1.2 CMITime (time of day), HH:MM:SS. */
  function time12(date) {
    return pad(date.getHours(), 2) + ':' + pad(date.getMinutes(), 2) + ':' + pad(date.getSeconds(), 2);
  }

  /** SCORM 2004 time (second,10,0), YYYY-MM-DDThh:mm:ss. */
  function timestamp2004(date) {
    return pad(date.getFullYear(), 4) + '-' + pad(date.getMonth() + 1, 2) + '-' + pad(date.getDate(), 2) +
      'T' + time12(date);
  }

  // ---------------------------------------------------------------------------------------------
  // The SCO description
  // ---------------------------------------------------------------------------------------------

  var desc;
  try {
    desc = JSON.parse($('portail-sco').textContent);
  } catch (e) {
    var statusEl = $('portail-status');
    if (statusEl) statusEl.textContent = 'portail-sco: ' + e.message;
    return;
  }

  var STANDARD = desc.standard === 'scorm2004' ? 'scorm2004' : 'scorm12';
  var IS2004 = STANDARD === 'scorm2004';
  var course = desc.course || {};
  var sco = desc.sco || {};
  var pageIds = (sco.pages || []).slice();
  var quizDesc = desc.quiz || null;
  var questions = quizDesc ? quizDesc.questions || [] : [];
  var limits = desc.limits || {};
  var SUSPEND_LIMIT = limits.suspendData || (IS2004 ? 64000 : 4096);
  var LOCATION_LIMIT = limits.location || (IS2004 ? 1000 : 255);
  var language = String(course.language || document.documentElement.lang || 'en').toLowerCase();
  var fallback = FALLBACK_STRINGS[language.slice(0, 2)] || FALLBACK_STRINGS.en;
  var strings = desc.strings || {};

  function t(key, values) {
    var s = Object.prototype.hasOwnProperty.call(strings, key) ? String(strings[key]) : fallback[key] || '';
    if (values) {
      Object.keys(values).forEach(function (k) {
        s = s.split('{' + k + '}').join(String(values[k]));
      });
    }
    return s;
  }

  // ---------------------------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------------------------

  var state = {
    current: 0,
    seen: pageIds.map(function () { return false; }),
    quiz: {
      result: null, // last submission's result: 'passed' | 'failed' | null
      submissions: 0,
      open: true, // answers can be edited (never submitted, or retrying)
      answers: questions.map(function () { return null; })
    }
  };

  var mode = 'standalone'; // or 'lms'
  var api = null;
  var terminated = false;
  var sessionStart = Date.now();
  var quizShownAt = null;
  var interactionsWritten = 0; // interactions written by this runtime in this session
  var ownInteractionCount = 0; // our own count, used when cmi.interactions._count cannot be read
  var lastWritten = {};
  var statusFloor12 = null; // SCORM 1.2: a status already reached that a new, non-resumed session must keep
  var lastError = null;
  var suspendNotice = false;
  var storageKey = 'portail:' + (course.id || '') + ':' + (sco.id || '');

  // ---------------------------------------------------------------------------------------------
  // Status line
  // ---------------------------------------------------------------------------------------------

  var statusEl = $('portail-status');

  function showStatus(text, kind) {
    if (!statusEl) return;
    if (statusEl.textContent !== text) statusEl.textContent = text;
    statusEl.setAttribute('data-kind', kind || 'info');
  }

  // ---------------------------------------------------------------------------------------------
  // The LMS API
  // ---------------------------------------------------------------------------------------------

  var NAMES = IS2004 ? {
    object: 'API_1484_11', init: 'Initialize', finish: 'Terminate', get: 'GetValue', set: 'SetValue',
    commit: 'Commit', lastError: 'GetLastError', errorString: 'GetErrorString', diagnostic: 'GetDiagnostic'
  } : {
    object: 'API', init: 'LMSInitialize', finish: 'LMSFinish', get: 'LMSGetValue', set: 'LMSSetValue',
    commit: 'LMSCommit', lastError: 'LMSGetLastError', errorString: 'LMSGetErrorString',
    diagnostic: 'LMSGetDiagnostic'
  };

  function lookIn(win) {
    try {
      var candidate = win[NAMES.object];
      return candidate && typeof candidate === 'object' || typeof candidate === 'function' ? candidate : null;
    } catch (e) {
      return null; // another origin
    }
  }

  /** ADL's discovery algorithm: up to 500 parents, then the same from the opener. */
  function scan(win) {
    var tries = 0;
    var found = lookIn(win);
    while (!found && tries < 500) {
      var parent;
      try {
        parent = win.parent;
      } catch (e) {
        parent = null;
      }
      if (!parent || parent === win) break;
      win = parent;
      tries++;
      found = lookIn(win);
    }
    return found;
  }

  function findAPI() {
    var found = scan(window);
    if (!found) {
      var opener = null;
      try {
        opener = window.opener;
      } catch (e) {
        opener = null;
      }
      if (opener) found = scan(opener);
    }
    return found;
  }

  /** Calls one API method and checks GetLastError; errors go to the status line, never thrown. */
  function call(method, args, writes) {
    var result = '';
    try {
      result = api[NAMES[method]].apply(api, args);
    } catch (e) {
      reportError(NAMES[method], args, '', String(e && e.message || e), writes);
      return { value: '', ok: false, code: '' };
    }
    var code = '0';
    try {
      code = String(api[NAMES.lastError]());
    } catch (e) {
      code = '0';
    }
    if (code !== '0' && code !== '') {
      var text = '';
      try {
        text = String(api[NAMES.errorString](code));
      } catch (e) {
        text = '';
      }
      reportError(NAMES[method], args, code, text, writes);
      return { value: result == null ? '' : String(result), ok: false, code: code };
    }
    return { value: result == null ? '' : String(result), ok: true, code: '0' };
  }

  function reportError(fn, args, code, text, writes) {
    lastError = { fn: fn, args: args.slice(), code: code, text: text };
    var detail = (text || 'Error') + (code ? ' (' + code + ')' : '');
    if (args.length && args[0]) detail += ' — ' + args[0];
    if (!writes) {
      showStatus(detail, 'error');
    } else if (t('saveFailed').indexOf('{error}') >= 0) {
      showStatus(t('saveFailed', { error: detail }), 'error');
    } else {
      showStatus(t('saveFailed') + ' ' + detail, 'error');
    }
  }

  function getValue(element) {
    return call('get', [element], false);
  }

  function setValue(element, value) {
    var r = call('set', [element, String(value)], true);
    if (r.ok) lastWritten[element] = String(value);
    return r.ok;
  }

  function setIfChanged(element, value) {
    if (lastWritten[element] === String(value)) return true;
    return setValue(element, value);
  }

  // ---------------------------------------------------------------------------------------------
  // Suspend data (docs/export.md, "Suspend data")
  // ---------------------------------------------------------------------------------------------

  function encodeAnswer(q, a) {
    if (a === null || a === undefined) return '';
    switch (q.type) {
      case 'single': {
        var i = q.choices.indexOf(a);
        return i < 0 ? '' : i.toString(36);
      }
      case 'multiple': {
        if (!a.length) return '';
        return bitsToBase36(q.choices.map(function (c) { return a.indexOf(c) >= 0; }));
      }
      case 'true-false':
        return a === true ? 't' : a === false ? 'f' : '';
      case 'fill-in':
      case 'numeric':
        return a === '' ? '' : escapeText(truncate(a, q.maxLength || (q.type === 'numeric' ? 20 : 80)));
      case 'matching': {
        var w = width36(q.targets.length - 1);
        var any = false;
        var out = q.sources.map(function (s) {
          var ti = q.targets.indexOf(a[s]);
          if (ti < 0) return '_'.repeat(w);
          any = true;
          return pad(ti.toString(36), w);
        }).join('');
        return any ? out : '';
      }
      case 'ordering': {
        var wi = width36(q.items.length - 1);
        return a.map(function (item) { return pad(q.items.indexOf(item).toString(36), wi); }).join('');
      }
      default:
        return '';
    }
  }

  function decodeAnswer(q, text) {
    if (!text) return null;
    switch (q.type) {
      case 'single': {
        var i = parseInt(text, 36);
        return /^[0-9a-z]+$/.test(text) && i < q.choices.length ? q.choices[i] : null;
      }
      case 'multiple': {
        var bits = base36ToBits(text, q.choices.length);
        if (!bits) return null;
        var chosen = q.choices.filter(function (c, k) { return bits[k]; });
        return chosen.length ? chosen : null;
      }
      case 'true-false':
        return text === 't' ? true : text === 'f' ? false : null;
      case 'fill-in':
      case 'numeric':
        return unescapeText(text);
      case 'matching': {
        var w = width36(q.targets.length - 1);
        if (text.length !== w * q.sources.length) return null;
        var map = {};
        q.sources.forEach(function (s, k) {
          var part = text.substr(k * w, w);
          var ti = parseInt(part, 36);
          map[s] = /^[0-9a-z]+$/.test(part) && ti < q.targets.length ? q.targets[ti] : null;
        });
        return map;
      }
      case 'ordering': {
        var wi = width36(q.items.length - 1);
        if (text.length !== wi * q.items.length) return null;
        var order = [];
        for (var k = 0; k < q.items.length; k++) {
          var idx = parseInt(text.substr(k * wi, wi), 36);
          if (!(idx < q.items.length) || order.indexOf(q.items[idx]) >= 0) return null;
          order.push(q.items[idx]);
        }
        return order;
      }
      default:
        return null;
    }
  }

  function encodeSuspendData(options) {
    options = options || {};
    var pages = options.dropPages ? '0' : bitsToBase36(state.seen);
    var n = Math.min(state.quiz.submissions, MAX_SUBMISSIONS_IN_SUSPEND_DATA);
    var quiz;
    if (!quizDesc) quiz = '-';
    else if (state.quiz.open) quiz = '-' + (n > 0 ? n.toString(36) : '');
    else quiz = (state.quiz.result === 'passed' ? 'p' : 'f') + n.toString(36);
    var answers = options.dropAnswers ? '' : questions.map(function (q, i) {
      return encodeAnswer(q, state.quiz.answers[i]);
    }).join('~');
    return FORMAT_VERSION + '|' + pages + '|' + quiz + '|' + answers;
  }

  /** The suspend data within limits.suspendData: answers are dropped first, then pages. */
  function suspendDataWithinBudget() {
    var full = encodeSuspendData();
    if (full.length <= SUSPEND_LIMIT) {
      suspendNotice = false;
      return full;
    }
    suspendNotice = true;
    var withoutAnswers = encodeSuspendData({ dropAnswers: true });
    if (withoutAnswers.length <= SUSPEND_LIMIT) return withoutAnswers;
    return encodeSuspendData({ dropAnswers: true, dropPages: true });
  }

  /** Applies suspend data to the state; returns false when it cannot be read. */
  function decodeSuspendData(text) {
    if (typeof text !== 'string') return false;
    var parts = text.split('|');
    if (parts.length !== 4 || parts[0] !== FORMAT_VERSION) return false;
    var bits = base36ToBits(parts[1], pageIds.length);
    if (bits) state.seen = bits;
    var m = /^([-pf])([0-9a-z]*)$/.exec(parts[2]);
    if (quizDesc && m) {
      var n = m[2] ? parseInt(m[2], 36) : 0;
      state.quiz.submissions = n;
      if (m[1] === '-') {
        state.quiz.open = true;
        state.quiz.result = n > 0 ? 'failed' : null;
      } else {
        state.quiz.open = false;
        state.quiz.result = m[1] === 'p' ? 'passed' : 'failed';
        if (n === 0) state.quiz.submissions = 1;
      }
    }
    if (quizDesc) {
      var answers = parts[3] === '' ? [] : parts[3].split('~');
      state.quiz.answers = questions.map(function (q, i) {
        return decodeAnswer(q, answers[i] || '');
      });
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Statuses
  // ---------------------------------------------------------------------------------------------

  function allSeen() {
    return state.seen.length > 0 && state.seen.every(Boolean);
  }

  function seenCount() {
    return state.seen.filter(Boolean).length;
  }

  function lessonStatus12() {
    var status;
    if (quizDesc && state.quiz.result && allSeen()) status = state.quiz.result;
    else if (!quizDesc && allSeen()) status = 'completed';
    else status = 'incomplete';
    if (statusFloor12 === 'passed') return 'passed';
    if (statusFloor12 === 'completed' && status === 'incomplete') return 'completed';
    return status;
  }

  function completion2004() {
    return allSeen() ? 'completed' : 'incomplete';
  }

  function success2004() {
    if (!quizDesc) return allSeen() ? 'passed' : 'unknown';
    return state.quiz.result || 'unknown';
  }

  function exitValue() {
    if (IS2004) {
      return completion2004() === 'completed' && success2004() === 'passed' ? 'normal' : 'suspend';
    }
    var s = lessonStatus12();
    return s === 'completed' || s === 'passed' ? '' : 'suspend';
  }

  function progressMeasure() {
    if (!pageIds.length) return '1';
    return String(roundTo(seenCount() / pageIds.length, 4));
  }

  // ---------------------------------------------------------------------------------------------
  // Saving
  // ---------------------------------------------------------------------------------------------

  function writeState() {
    var location = pageIds[state.current] || '';
    var suspend = suspendDataWithinBudget();
    var ok = true;
    if (IS2004) {
      if (location && location.length <= LOCATION_LIMIT) ok = setIfChanged('cmi.location', location) && ok;
      ok = setIfChanged('cmi.suspend_data', suspend) && ok;
      ok = setIfChanged('cmi.completion_status', completion2004()) && ok;
      ok = setIfChanged('cmi.progress_measure', progressMeasure()) && ok;
      var success = success2004();
      if (success !== 'unknown') ok = setIfChanged('cmi.success_status', success) && ok;
      ok = setIfChanged('cmi.exit', exitValue()) && ok;
    } else {
      if (location && location.length <= LOCATION_LIMIT) {
        ok = setIfChanged('cmi.core.lesson_location', location) && ok;
      }
      ok = setIfChanged('cmi.suspend_data', suspend) && ok;
      ok = setIfChanged('cmi.core.lesson_status', lessonStatus12()) && ok;
      ok = setIfChanged('cmi.core.exit', exitValue()) && ok;
    }
    return ok;
  }

  function saveLocally() {
    try {
      window.localStorage.setItem(storageKey, JSON.stringify({
        location: pageIds[state.current] || '',
        suspendData: suspendDataWithinBudget()
      }));
      return true;
    } catch (e) {
      return false;
    }
  }

  /** Saves after a meaningful change: sets what changed and commits (or writes localStorage). */
  function persist() {
    if (terminated) return;
    syncAnswers();
    if (mode === 'lms') {
      var ok = writeState();
      ok = call('commit', [''], true).ok && ok;
      if (ok) showStatus(suspendNotice ? t('suspendTruncated') : t('saved'), suspendNotice ? 'warning' : 'saved');
    } else if (saveLocally()) {
      showStatus(suspendNotice ? t('suspendTruncated') : t('savedLocally'), suspendNotice ? 'warning' : 'saved');
    } else {
      showStatus(t('saveFailed'), 'error');
    }
  }

  /** The end of the session: last values, session time, commit and Terminate, exactly once. */
  function finish() {
    if (terminated) return;
    syncAnswers(); // a text typed but not yet left (no change event) is kept too
    if (mode !== 'lms') {
      saveLocally();
      terminated = true;
      return;
    }
    writeState();
    var elapsed = Date.now() - sessionStart;
    setValue(IS2004 ? 'cmi.session_time' : 'cmi.core.session_time', IS2004 ? duration2004(elapsed) : timespan12(elapsed));
    call('commit', [''], true);
    terminated = true;
    call('finish', [''], false);
  }

  // ---------------------------------------------------------------------------------------------
  // Pages and navigation
  // ---------------------------------------------------------------------------------------------

  var sections = pageIds.map(function (id) {
    return document.getElementById('page-' + id) ||
      document.querySelector('.portail-page[data-page="' + id + '"]');
  });
  var prevButton = $('portail-prev');
  var nextButton = $('portail-next');
  var positionEl = $('portail-position');
  var toc = $('portail-toc');
  var quizPageIndex = pageIds.indexOf('quiz');

  function tocLinks() {
    return toc ? Array.prototype.slice.call(toc.querySelectorAll('a[data-page]')) : [];
  }

  function navRequestValid(request) {
    if (!IS2004 || mode !== 'lms' || terminated) return false;
    var r = getValue('adl.nav.request_valid.' + request);
    return r.ok && r.value === 'true';
  }

  var navAtStart = false;
  var navAtEnd = false;

  function updateNavigation() {
    var last = pageIds.length - 1;
    navAtStart = state.current === 0 && navRequestValid('previous');
    navAtEnd = state.current === last && navRequestValid('continue');
    if (prevButton) prevButton.disabled = terminated || (state.current <= 0 && !navAtStart);
    if (nextButton) nextButton.disabled = terminated || (state.current >= last && !navAtEnd);
    if (positionEl) positionEl.textContent = t('page', { n: state.current + 1, total: pageIds.length });
    tocLinks().forEach(function (link) {
      var index = pageIds.indexOf(link.getAttribute('data-page'));
      if (index === state.current) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
      link.classList.toggle('seen', index >= 0 && state.seen[index] === true);
    });
  }

  function focusHeading(section) {
    var target = section.querySelector('h2') || section;
    if (!target.hasAttribute('tabindex') && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) {
      target.setAttribute('tabindex', '-1');
    }
    try {
      target.focus({ preventScroll: false });
    } catch (e) {
      target.focus();
    }
    if (typeof target.scrollIntoView === 'function') target.scrollIntoView({ block: 'start' });
  }

  function showPage(index, moveFocus) {
    if (index < 0 || index >= pageIds.length) return;
    sections.forEach(function (section, i) {
      if (section) section.hidden = i !== index;
    });
    state.current = index;
    state.seen[index] = true;
    if (index === quizPageIndex && quizShownAt === null) quizShownAt = Date.now();
    updateNavigation();
    if (moveFocus && sections[index]) focusHeading(sections[index]);
  }

  function goTo(index) {
    if (terminated || index < 0 || index >= pageIds.length) return;
    showPage(index, true);
    persist();
    updateNavigation(); // request_valid may change once the status is saved
  }

  function sendNavRequest(request) {
    if (!setValue('adl.nav.request', request)) return;
    if (prevButton) prevButton.disabled = true;
    if (nextButton) nextButton.disabled = true;
    finish();
  }

  function onPrevious() {
    if (state.current > 0) goTo(state.current - 1);
    else if (IS2004 && navRequestValid('previous')) sendNavRequest('previous');
  }

  function onNext() {
    if (state.current < pageIds.length - 1) goTo(state.current + 1);
    else if (IS2004 && navRequestValid('continue')) sendNavRequest('continue');
  }

  /** In-page links never change location.hash: pages are shown, other targets focused. */
  function onDocumentClick(event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    var link = event.target.closest ? event.target.closest('a[href^="#"]') : null;
    if (!link) return;
    var id = decodeURIComponent(link.getAttribute('href').slice(1));
    if (!id) return;
    var pageId = link.getAttribute('data-page');
    var pageIndex = pageId !== null ? pageIds.indexOf(pageId) : -1;
    var target = document.getElementById(id);
    if (pageIndex < 0 && target) {
      var section = target.closest ? target.closest('.portail-page') : null;
      if (section && section === target) pageIndex = sections.indexOf(section);
      else if (section) {
        event.preventDefault();
        var owner = sections.indexOf(section);
        if (owner >= 0 && owner !== state.current) goTo(owner);
        if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
        target.focus();
        return;
      }
    }
    if (pageIndex >= 0) {
      event.preventDefault();
      if (pageIndex !== state.current) goTo(pageIndex);
      else if (sections[pageIndex]) focusHeading(sections[pageIndex]);
      return;
    }
    if (target) {
      event.preventDefault();
      if (!target.hasAttribute('tabindex') && target.tabIndex < 0) target.setAttribute('tabindex', '-1');
      target.focus();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Quiz
  // ---------------------------------------------------------------------------------------------

  var form = $('portail-quiz');
  var quizReady = false; // the quiz's DOM reflects the state (after initQuiz)
  var submitButton = $('portail-submit');
  var scoreEl = $('portail-score');
  var retryButton = $('portail-retry');

  function fieldsetOf(q) {
    return form ? form.querySelector('fieldset.portail-question[data-question="' + q.id + '"]') : null;
  }

  function inputsOf(q) {
    var fs = fieldsetOf(q);
    return fs ? Array.prototype.slice.call(fs.querySelectorAll('[name="q-' + q.id + '"]')) : [];
  }

  /** The element around each input that moves when choices are shuffled (child of their common ancestor). */
  function choiceWrappers(inputs) {
    if (inputs.length < 2) return null;
    var chains = inputs.map(function (input) {
      var chain = [];
      for (var node = input; node && node.tagName !== 'FIELDSET'; node = node.parentElement) chain.unshift(node);
      return chain;
    });
    var depth = 0;
    while (chains.every(function (c) { return c.length > depth + 1 && c[depth] === chains[0][depth]; })) depth++;
    var wrappers = chains.map(function (c) { return c[depth]; });
    var parent = wrappers[0].parentNode;
    var distinct = wrappers.every(function (w, i) { return w.parentNode === parent && wrappers.indexOf(w) === i; });
    return distinct ? wrappers : null;
  }

  /** Puts elements, currently in some slots of their parent, in the given order in those same slots. */
  function reorderInSlots(elements, order) {
    if (!elements.length) return;
    var markers = elements.map(function (el) {
      var marker = document.createComment('slot');
      el.parentNode.insertBefore(marker, el);
      return marker;
    });
    order.forEach(function (el, i) {
      markers[i].parentNode.insertBefore(el, markers[i]);
    });
    markers.forEach(function (m) { m.parentNode.removeChild(m); });
  }

  function orderingList(q) {
    var fs = fieldsetOf(q);
    return fs ? fs.querySelector('ol.portail-ordering') : null;
  }

  function orderingItems(q) {
    var list = orderingList(q);
    return list ? Array.prototype.slice.call(list.querySelectorAll(':scope > li[data-item]')) : [];
  }

  function updateMoveButtons(q) {
    var items = orderingItems(q);
    var locked = !state.quiz.open || terminated;
    items.forEach(function (li, i) {
      var up = li.querySelector('[data-move="up"]');
      var down = li.querySelector('[data-move="down"]');
      if (up) up.disabled = locked || i === 0;
      if (down) down.disabled = locked || i === items.length - 1;
    });
  }

  function applyOrdering(q, order) {
    var list = orderingList(q);
    if (!list) return;
    var items = orderingItems(q);
    var byId = {};
    items.forEach(function (li) { byId[li.getAttribute('data-item')] = li; });
    var sorted = order.map(function (id) { return byId[id]; }).filter(Boolean);
    if (sorted.length === items.length) reorderInSlots(items, sorted);
    updateMoveButtons(q);
  }

  function shuffleOrdering(q) {
    var ids = q.items.slice();
    var order = shuffled(ids);
    for (var tries = 0; ids.length > 1 && sameOrder(order, ids) && tries < 20; tries++) order = shuffled(ids);
    applyOrdering(q, order);
  }

  function shuffleChoices(q) {
    if (q.type === 'single' || q.type === 'multiple') {
      var wrappers = choiceWrappers(inputsOf(q));
      if (wrappers) reorderInSlots(wrappers, shuffled(wrappers));
    } else if (q.type === 'matching') {
      var selects = inputsOf(q);
      if (!selects.length) return;
      var permutation = shuffled(q.targets);
      selects.forEach(function (select) {
        var options = Array.prototype.slice.call(select.options).filter(function (o) { return o.value !== ''; });
        var byValue = {};
        options.forEach(function (o) { byValue[o.value] = o; });
        reorderInSlots(options, permutation.map(function (v) { return byValue[v]; }).filter(Boolean));
      });
    }
  }

  function shuffleQuestions() {
    if (!form || !quizDesc || !quizDesc.shuffle) return;
    var sets = questions.map(fieldsetOf).filter(Boolean);
    if (sets.length > 1) reorderInSlots(sets, shuffled(sets));
    // Questions shown in a new order are numbered in that order (the theme's .portail-question-number).
    Array.prototype.slice.call(form.querySelectorAll('fieldset.portail-question')).forEach(function (fs, i) {
      var number = fs.querySelector('.portail-question-number');
      if (number) number.textContent = number.textContent.replace(/\d+/, String(i + 1));
    });
  }

  function readAnswer(q) {
    var inputs = inputsOf(q);
    switch (q.type) {
      case 'single': {
        var checked = inputs.filter(function (i) { return i.checked; })[0];
        return checked ? checked.value : null;
      }
      case 'true-false': {
        var tf = inputs.filter(function (i) { return i.checked; })[0];
        return tf ? tf.value === 'true' : null;
      }
      case 'multiple': {
        var values = inputs.filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
        var ordered = q.choices.filter(function (c) { return values.indexOf(c) >= 0; });
        return ordered.length ? ordered : null;
      }
      case 'fill-in':
      case 'numeric': {
        var value = inputs[0] ? inputs[0].value : '';
        return value === '' ? null : truncate(value, q.maxLength || (q.type === 'numeric' ? 20 : 80));
      }
      case 'matching': {
        var map = {};
        var any = false;
        inputs.forEach(function (select) {
          var source = select.getAttribute('data-source');
          map[source] = select.value || null;
          if (select.value) any = true;
        });
        return any ? map : null;
      }
      case 'ordering':
        return orderingItems(q).map(function (li) { return li.getAttribute('data-item'); });
      default:
        return null;
    }
  }

  function writeAnswer(q, a) {
    var inputs = inputsOf(q);
    switch (q.type) {
      case 'single':
      case 'multiple':
        inputs.forEach(function (i) {
          i.checked = a !== null && (q.type === 'single' ? i.value === a : a.indexOf(i.value) >= 0);
        });
        break;
      case 'true-false':
        inputs.forEach(function (i) { i.checked = a !== null && i.value === String(a); });
        break;
      case 'fill-in':
      case 'numeric':
        if (inputs[0]) inputs[0].value = a === null ? '' : a;
        break;
      case 'matching':
        inputs.forEach(function (select) {
          var v = a ? a[select.getAttribute('data-source')] : null;
          select.value = v || '';
        });
        break;
      case 'ordering':
        if (a) applyOrdering(q, a);
        else shuffleOrdering(q);
        break;
      default:
        break;
    }
  }

  function isAnswered(q, a) {
    if (a === null || a === undefined) return false;
    switch (q.type) {
      case 'fill-in':
        return a.trim() !== '';
      case 'numeric':
        return canonicalNumber(a) !== null;
      case 'matching':
        return q.sources.every(function (s) { return !!a[s]; });
      case 'multiple':
      case 'ordering':
        return a.length > 0;
      default:
        return true;
    }
  }

  function isCorrect(q, a) {
    switch (q.type) {
      case 'single':
        return (q.correct || []).indexOf(a) >= 0;
      case 'multiple': {
        var correct = q.correct || [];
        return a.length === correct.length && a.every(function (c) { return correct.indexOf(c) >= 0; });
      }
      case 'true-false':
        return a === q.correct;
      case 'fill-in': {
        var given = a.trim().normalize('NFC');
        return (q.accepted || []).some(function (accepted) {
          var expected = String(accepted).trim().normalize('NFC');
          return q.caseSensitive ? given === expected : given.toLowerCase() === expected.toLowerCase();
        });
      }
      case 'numeric': {
        var n = Number(canonicalNumber(a));
        return n >= q.min && n <= q.max;
      }
      case 'matching':
        return (q.correct || []).every(function (pair) { return a[pair[0]] === pair[1]; }) &&
          q.sources.every(function (s) {
            return (q.correct || []).some(function (pair) { return pair[0] === s && pair[1] === a[s]; });
          });
      case 'ordering':
        return sameOrder(a, q.items);
      default:
        return false;
    }
  }

  function setQuizLocked(locked) {
    questions.forEach(function (q) {
      inputsOf(q).forEach(function (input) { input.disabled = locked; });
      updateMoveButtons(q);
    });
  }

  /** A verdict ("Correct") so that the result never relies on colour; the theme may provide its own. */
  function verdictLabel(feedback) {
    if (feedback.querySelector('[data-feedback] .portail-verdict')) return null;
    var label = feedback.querySelector(':scope > .portail-verdict');
    if (!label) {
      label = document.createElement('p');
      label.className = 'portail-verdict';
      feedback.insertBefore(label, feedback.firstChild);
    }
    return label;
  }

  function showFeedback(q, correct) {
    var fs = fieldsetOf(q);
    if (!fs) return;
    fs.setAttribute('data-result', correct ? 'correct' : 'incorrect');
    fs.removeAttribute('aria-invalid');
    fs.classList.remove('portail-unanswered');
    var feedback = fs.querySelector('.portail-feedback');
    if (!feedback) return;
    var label = verdictLabel(feedback);
    if (label) {
      label.textContent = correct ? t('correct') : t('incorrect');
      label.setAttribute('data-result', correct ? 'correct' : 'incorrect');
    }
    Array.prototype.slice.call(feedback.querySelectorAll('[data-feedback]')).forEach(function (div) {
      div.hidden = div.getAttribute('data-feedback') !== (correct ? 'correct' : 'incorrect');
    });
    feedback.hidden = false;
  }

  function hideFeedback(q) {
    var fs = fieldsetOf(q);
    if (!fs) return;
    fs.removeAttribute('data-result');
    var feedback = fs.querySelector('.portail-feedback');
    if (!feedback) return;
    feedback.hidden = true;
    Array.prototype.slice.call(feedback.querySelectorAll('[data-feedback]')).forEach(function (div) {
      div.hidden = true;
    });
  }

  function scoreOf(answers) {
    var total = 0;
    var right = 0;
    var results = questions.map(function (q, i) {
      var weight = Number(q.weight) > 0 ? Number(q.weight) : 1;
      total += weight;
      var ok = isAnswered(q, answers[i]) && isCorrect(q, answers[i]);
      if (ok) right += weight;
      return ok;
    });
    var percent = total > 0 ? (100 * right) / total : 0;
    return { results: results, percent: percent, passed: percent + 1e-9 >= Number(quizDesc.passingScore || 0) };
  }

  function formatPercent(value) {
    var rounded = roundTo(value, 2);
    try {
      return rounded.toLocaleString(language, { maximumFractionDigits: 2 });
    } catch (e) {
      return String(rounded);
    }
  }

  function showResult(score) {
    if (!scoreEl) return;
    var text = t('score', { score: formatPercent(score.percent) });
    var verdict = t(score.passed ? 'passed' : 'failed', { threshold: formatPercent(Number(quizDesc.passingScore || 0)) });
    scoreEl.textContent = text + (verdict ? ' ' + verdict : '');
    scoreEl.setAttribute('data-result', score.passed ? 'passed' : 'failed');
    scoreEl.hidden = false;
  }

  function showSubmittedQuiz(moveFocus) {
    // The quiz as it stands after a submission: answers shown, feedback, score, retry when failed.
    var complete = questions.every(function (q, i) { return isAnswered(q, state.quiz.answers[i]); });
    if (complete) {
      var score = scoreOf(state.quiz.answers);
      questions.forEach(function (q, i) { showFeedback(q, score.results[i]); });
      showResult(score);
    } else if (scoreEl) {
      scoreEl.textContent = t(state.quiz.result === 'passed' ? 'passed' : 'failed',
        { threshold: formatPercent(Number(quizDesc.passingScore || 0)) });
      scoreEl.setAttribute('data-result', state.quiz.result || '');
      scoreEl.hidden = false;
    }
    setQuizLocked(true);
    if (submitButton) submitButton.hidden = true;
    if (retryButton) retryButton.hidden = state.quiz.result !== 'failed';
    if (moveFocus && scoreEl) {
      if (!scoreEl.hasAttribute('tabindex')) scoreEl.setAttribute('tabindex', '-1');
      scoreEl.focus();
    }
  }

  function showOpenQuiz() {
    questions.forEach(function (q) { hideFeedback(q); });
    setQuizLocked(false);
    if (scoreEl) {
      scoreEl.hidden = true;
      scoreEl.textContent = '';
      scoreEl.removeAttribute('data-result');
    }
    if (submitButton) submitButton.hidden = false;
    if (retryButton) retryButton.hidden = true;
  }

  function collectAnswers() {
    state.quiz.answers = questions.map(readAnswer);
  }

  /** The answers on screen, while they can still be edited. */
  function syncAnswers() {
    if (quizReady && state.quiz.open) collectAnswers();
  }

  // Interactions ------------------------------------------------------------------------------

  var TYPE = {
    single: 'choice', multiple: 'choice', 'true-false': 'true-false', 'fill-in': 'fill-in',
    matching: 'matching', ordering: 'sequencing', numeric: 'numeric'
  };

  function list(values) {
    return values.join(IS2004 ? '[,]' : ',');
  }

  function pair(source, target) {
    return source + (IS2004 ? '[.]' : '.') + target;
  }

  // SCORM 1.2 responses name choices, sources, targets and items with single characters 0-9a-z: Portail writes
  // each one's position (the build refuses more than 36), so strict LMSs accept them. 2004 takes the ids as they are.
  var CODES12 = '0123456789abcdefghijklmnopqrstuvwxyz';

  function code(all, id) {
    if (IS2004) return id;
    var index = all.indexOf(id);
    return index >= 0 && index < CODES12.length ? CODES12.charAt(index) : id;
  }

  function codes(all, ids) {
    return ids.map(function (id) { return code(all, id); });
  }

  function codedPair(q, source, target) {
    return pair(code(q.sources, source), code(q.targets, target));
  }

  /** SCORM 2004 LMSs only have to keep 5 correct-response patterns per fill-in interaction. */
  var MAX_FILL_IN_PATTERNS_2004 = 5;

  function learnerResponse(q, a) {
    switch (q.type) {
      case 'single':
        return code(q.choices, a);
      case 'multiple':
        return list(codes(q.choices, a));
      case 'true-false':
        return IS2004 ? String(a) : a ? 't' : 'f';
      case 'fill-in': {
        var text = a.trim();
        return IS2004 ? text.split('[,]').join(',') : truncate(text, 255);
      }
      case 'matching':
        return list(q.sources.filter(function (s) { return a[s]; }).map(function (s) { return codedPair(q, s, a[s]); }));
      case 'ordering':
        return list(codes(q.items, a));
      case 'numeric':
        return canonicalNumber(a);
      default:
        return '';
    }
  }

  function correctPatterns(q) {
    switch (q.type) {
      case 'single':
        return codes(q.choices, (q.correct || []).slice(0, 1));
      case 'multiple':
        return [list(codes(q.choices, q.choices.filter(function (c) { return (q.correct || []).indexOf(c) >= 0; })))];
      case 'true-false':
        return [IS2004 ? String(q.correct === true) : q.correct === true ? 't' : 'f'];
      case 'fill-in':
        return (q.accepted || []).slice(0, IS2004 ? MAX_FILL_IN_PATTERNS_2004 : undefined).map(function (text) {
          return IS2004 ? '{case_matters=' + (q.caseSensitive ? 'true' : 'false') + '}' + text : truncate(String(text), 255);
        });
      case 'matching':
        return [list((q.correct || []).map(function (p) { return codedPair(q, p[0], p[1]); }))];
      case 'ordering':
        return [list(codes(q.items, q.items))];
      case 'numeric':
        if (IS2004) return [numberToText(q.min) + '[:]' + numberToText(q.max)];
        // SCORM 1.2 patterns are a CMIDecimal: a range cannot be written, an exact answer can.
        return q.min === q.max ? [numberToText(q.min)] : [];
      default:
        return [];
    }
  }

  /** Index of the next interaction: cmi.interactions._count (readable in both standards), else our own count. */
  function interactionBase() {
    var r = getValue('cmi.interactions._count');
    if (r.ok && /^\d+$/.test(r.value)) return Math.max(parseInt(r.value, 10), 0);
    return ownInteractionCount;
  }

  function writeInteractions(score, submission) {
    if (mode !== 'lms') return;
    var now = new Date();
    var latency = Date.now() - (quizShownAt === null ? sessionStart : quizShownAt);
    var base = interactionBase();
    var index = base;
    questions.forEach(function (q, i) {
      var a = state.quiz.answers[i];
      if (!isAnswered(q, a)) return;
      var prefix = 'cmi.interactions.' + index + '.';
      var id = (q.interaction || ((sco.module || sco.id || 'sco') + '-' + q.id)) + (submission > 1 ? '-' + submission : '');
      if (!setValue(prefix + 'id', id)) return;
      setValue(prefix + 'type', TYPE[q.type]);
      if (IS2004) {
        if (q.description) setValue(prefix + 'description', truncate(String(q.description), 250));
        setValue(prefix + 'timestamp', timestamp2004(now));
      } else {
        setValue(prefix + 'time', time12(now));
      }
      setValue(prefix + 'weighting', numberToText(Number(q.weight) > 0 ? Number(q.weight) : 1));
      setValue(prefix + (IS2004 ? 'learner_response' : 'student_response'), learnerResponse(q, a));
      correctPatterns(q).forEach(function (pattern, k) {
        setValue(prefix + 'correct_responses.' + k + '.pattern', pattern);
      });
      setValue(prefix + 'result', score.results[i] ? 'correct' : IS2004 ? 'incorrect' : 'wrong');
      setValue(prefix + 'latency', IS2004 ? duration2004(latency) : timespan12(latency));
      index++;
      interactionsWritten++;
    });
    ownInteractionCount = index;
  }

  function writeScore(score) {
    if (mode !== 'lms') return;
    var raw = String(roundTo(score.percent, 2));
    if (IS2004) {
      setValue('cmi.score.scaled', String(roundTo(score.percent / 100, 4)));
      setValue('cmi.score.raw', raw);
      setValue('cmi.score.min', '0');
      setValue('cmi.score.max', '100');
    } else {
      setValue('cmi.core.score.raw', raw);
      setValue('cmi.core.score.min', '0');
      setValue('cmi.core.score.max', '100');
    }
  }

  function markUnanswered(list) {
    questions.forEach(function (q, i) {
      var fs = fieldsetOf(q);
      if (!fs) return;
      var missing = list.indexOf(i) >= 0;
      fs.classList.toggle('portail-unanswered', missing);
      if (missing) fs.setAttribute('aria-invalid', 'true');
      else fs.removeAttribute('aria-invalid');
    });
  }

  function onSubmit(event) {
    event.preventDefault();
    if (terminated || !state.quiz.open) return;
    collectAnswers();
    var missing = [];
    questions.forEach(function (q, i) {
      if (!isAnswered(q, state.quiz.answers[i])) missing.push(i);
    });
    markUnanswered(missing);
    if (missing.length) {
      showStatus(t('answerAll'), 'warning');
      var fs = fieldsetOf(questions[missing[0]]);
      var first = fs ? fs.querySelector('input:not([disabled]), select:not([disabled]), button:not([disabled])') : null;
      if (first) first.focus();
      return;
    }
    var score = scoreOf(state.quiz.answers);
    state.quiz.submissions += 1;
    state.quiz.result = score.passed ? 'passed' : 'failed';
    state.quiz.open = false;
    writeInteractions(score, state.quiz.submissions);
    writeScore(score);
    showSubmittedQuiz(true);
    persist();
    updateNavigation();
  }

  function onRetry() {
    if (terminated || state.quiz.open || state.quiz.result !== 'failed') return;
    state.quiz.open = true;
    state.quiz.answers = questions.map(function () { return null; });
    showOpenQuiz();
    questions.forEach(function (q) {
      if (q.shuffle) shuffleChoices(q);
      writeAnswer(q, null);
    });
    markUnanswered([]);
    quizShownAt = Date.now();
    state.quiz.answers = questions.map(readAnswer);
    persist();
    var firstSet = form ? form.querySelector('fieldset.portail-question') : null;
    var first = firstSet ? firstSet.querySelector('input, select, button') : null;
    if (first) first.focus();
  }

  function onMove(event) {
    var button = event.target.closest ? event.target.closest('[data-move]') : null;
    if (!button || !form || !form.contains(button) || button.disabled) return;
    event.preventDefault();
    var li = button.closest('li[data-item]');
    var fs = button.closest('fieldset.portail-question');
    if (!li || !fs) return;
    var q = questions.filter(function (x) { return x.id === fs.getAttribute('data-question'); })[0];
    if (!q) return;
    var direction = button.getAttribute('data-move');
    if (direction === 'up' && li.previousElementSibling) li.parentNode.insertBefore(li, li.previousElementSibling);
    else if (direction === 'down' && li.nextElementSibling) li.parentNode.insertBefore(li.nextElementSibling, li);
    updateMoveButtons(q);
    var focusTarget = button.disabled ? li.querySelector('[data-move="' + (direction === 'up' ? 'down' : 'up') + '"]') : button;
    if (focusTarget) focusTarget.focus();
    onAnswerChange();
  }

  function onAnswerChange() {
    if (terminated || !state.quiz.open) return;
    collectAnswers();
    persist();
  }

  function initQuiz(restored) {
    if (!form || !quizDesc) return;
    shuffleQuestions();
    questions.forEach(function (q) {
      if (q.shuffle) shuffleChoices(q);
    });
    questions.forEach(function (q, i) {
      var a = restored ? state.quiz.answers[i] : null;
      writeAnswer(q, a);
    });
    state.quiz.answers = questions.map(function (q, i) {
      // Keep what was restored, plus the order in which the ordering items are shown.
      return q.type === 'ordering' ? readAnswer(q) : state.quiz.answers[i];
    });
    if (state.quiz.open) showOpenQuiz();
    else showSubmittedQuiz(false);
    quizReady = true;
    form.setAttribute('novalidate', '');
    form.addEventListener('submit', onSubmit);
    form.addEventListener('click', onMove);
    form.addEventListener('change', onAnswerChange);
    if (retryButton) retryButton.addEventListener('click', onRetry);
  }

  // ---------------------------------------------------------------------------------------------
  // Start
  // ---------------------------------------------------------------------------------------------

  function restoreFromStandalone() {
    var saved = null;
    try {
      saved = JSON.parse(window.localStorage.getItem(storageKey) || 'null');
    } catch (e) {
      saved = null;
    }
    if (!saved || typeof saved !== 'object') return false;
    var ok = decodeSuspendData(saved.suspendData);
    var index = pageIds.indexOf(saved.location);
    if (index >= 0) state.current = index;
    return ok;
  }

  function restoreFromLMS() {
    var entry = getValue(IS2004 ? 'cmi.entry' : 'cmi.core.entry');
    if (!IS2004) {
      var status = getValue('cmi.core.lesson_status');
      if (status.ok && entry.value !== 'resume' && (status.value === 'passed' || status.value === 'completed')) {
        statusFloor12 = status.value;
      }
    }
    if (!entry.ok || entry.value !== 'resume') return false;
    var location = getValue(IS2004 ? 'cmi.location' : 'cmi.core.lesson_location');
    var suspend = getValue('cmi.suspend_data');
    var ok = suspend.ok && decodeSuspendData(suspend.value);
    var index = location.ok ? pageIds.indexOf(location.value) : -1;
    if (index >= 0) state.current = index;
    if (suspend.ok) lastWritten['cmi.suspend_data'] = suspend.value;
    // Every submission records one interaction per question (all must be answered).
    ownInteractionCount = state.quiz.submissions * questions.length;
    return ok || index >= 0;
  }

  function start() {
    var restored = false;
    api = findAPI();
    if (api) {
      var init = call('init', [''], false);
      if (init.ok && init.value !== 'false') {
        mode = 'lms';
        sessionStart = Date.now();
        restored = restoreFromLMS();
      } else {
        if (init.ok) showStatus(NAMES.init + '("") → ' + init.value, 'error');
        api = null;
      }
    }
    if (mode !== 'lms') {
      var hadError = statusEl && statusEl.getAttribute('data-kind') === 'error';
      if (!hadError) showStatus(t('noLMS'), 'info');
      restored = restoreFromStandalone();
    }
    initQuiz(restored);
    if (prevButton) prevButton.addEventListener('click', onPrevious);
    if (nextButton) nextButton.addEventListener('click', onNext);
    document.addEventListener('click', onDocumentClick);
    showPage(state.current, false);
    persist();
    if (mode === 'standalone' && !suspendNotice) showStatus(t('noLMS'), 'info');
    updateNavigation();
    window.addEventListener('pagehide', finish);
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden' && !terminated) persist();
    });
    window.addEventListener('pageshow', function (event) {
      if (!event.persisted || !terminated) return;
      if (mode !== 'lms') {
        terminated = false; // back from the back-forward cache: standalone mode simply carries on
        return;
      }
      // The LMS session ended on pagehide and cannot be reopened from this page.
      showStatus(t('sessionEnded'), 'info');
      updateNavigation();
    });
    document.documentElement.classList.add('portail-ready');
  }

  // ---------------------------------------------------------------------------------------------
  // Debug surface
  // ---------------------------------------------------------------------------------------------

  function snapshot() {
    return JSON.parse(JSON.stringify({
      standard: STANDARD,
      mode: mode,
      terminated: terminated,
      page: pageIds[state.current] || null,
      pagesSeen: pageIds.filter(function (id, i) { return state.seen[i]; }),
      quiz: quizDesc ? {
        result: state.quiz.result,
        submissions: state.quiz.submissions,
        open: state.quiz.open,
        answers: state.quiz.answers
      } : null,
      interactionsWritten: interactionsWritten,
      lastError: lastError
    }));
  }

  var debug = {
    version: FORMAT_VERSION,
    state: snapshot,
    encodeSuspendData: function () { return encodeSuspendData(); },
    storageKey: function () { return storageKey; }
  };
  try {
    Object.defineProperty(window, 'PortailSCO', { value: Object.freeze(debug), writable: false, configurable: false });
  } catch (e) {
    // Already defined (the script was included twice): keep the first one.
    return;
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
