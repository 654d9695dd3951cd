// @ts-check
// The suspend data (docs/export.md, "Suspend data"): FORMAT|pages seen|quiz|answers, compact enough for SCORM
// 1.2's 4096 characters; answers are dropped first, then pages, when it would not fit.

/**
 * @param {Question} q
 * @param {Answer | undefined} a
 */
function encodeAnswer(q, a) {
  if (a === null || a === undefined) return '';
  switch (q.type) {
    case 'single': {
      var i = q.choices.indexOf(/** @type {string} */ (a));
      return i < 0 ? '' : i.toString(36);
    }
    case 'multiple': {
      var chosen = /** @type {string[]} */ (a);
      if (!chosen.length) return '';
      return bitsToBase36(q.choices.map(function (c) { return chosen.indexOf(c) >= 0; }));
    }
    case 'true-false':
      return a === true ? 't' : a === false ? 'f' : '';
    case 'fill-in':
    case 'numeric':
      return a === '' ? '' : escapeText(truncate(/** @type {string} */ (a), q.maxLength || (q.type === 'numeric' ? 20 : 80)));
    case 'matching': {
      var map = /** @type {Record<string, string | null>} */ (a);
      var targets = q.targets;
      var w = width36(targets.length - 1);
      var any = false;
      var out = q.sources.map(function (s) {
        var ti = targets.indexOf(/** @type {string} */ (map[s]));
        if (ti < 0) return '_'.repeat(w);
        any = true;
        return pad(ti.toString(36), w);
      }).join('');
      return any ? out : '';
    }
    case 'ordering': {
      var items = q.items;
      var wi = width36(items.length - 1);
      return /** @type {string[]} */ (a).map(function (item) { return pad(items.indexOf(item).toString(36), wi); }).join('');
    }
    default:
      return '';
  }
}

/**
 * @param {Question} q
 * @param {string} text
 * @returns {Answer}
 */
function decodeAnswer(q, text) {
  if (!text) return null;
  switch (q.type) {
    case 'single': {
      var i = parseInt(text, 36);
      return /^[0-9a-z]+$/.test(text) && i < q.choices.length ? q.choices[i] || null : null;
    }
    case 'multiple': {
      var bits = base36ToBits(text, q.choices.length);
      if (!bits) return null;
      var set = bits;
      var chosen = q.choices.filter(function (_c, k) { return set[k]; });
      return chosen.length ? chosen : null;
    }
    case 'true-false':
      return text === 't' ? true : text === 'f' ? false : null;
    case 'fill-in':
    case 'numeric':
      return unescapeText(text);
    case 'matching': {
      var targets = q.targets;
      var w = width36(targets.length - 1);
      if (text.length !== w * q.sources.length) return null;
      /** @type {Record<string, string | null>} */
      var map = {};
      q.sources.forEach(function (s, k) {
        var part = text.substr(k * w, w);
        var ti = parseInt(part, 36);
        map[s] = /^[0-9a-z]+$/.test(part) && ti < targets.length ? targets[ti] || null : null;
      });
      return map;
    }
    case 'ordering': {
      var wi = width36(q.items.length - 1);
      if (text.length !== wi * q.items.length) return null;
      /** @type {string[]} */
      var order = [];
      for (var k = 0; k < q.items.length; k++) {
        var idx = parseInt(text.substr(k * wi, wi), 36);
        var item = q.items[idx];
        if (!(idx < q.items.length) || item === undefined || order.indexOf(item) >= 0) return null;
        order.push(item);
      }
      return order;
    }
    default:
      return null;
  }
}

/** @param {{dropPages?: boolean, dropAnswers?: boolean}} [options] */
function encodeSuspendData(options) {
  var opts = options || {};
  var pages = opts.dropPages ? '0' : bitsToBase36(state.seen);
  var n = Math.min(state.quiz.submissions, MAX_SUBMISSIONS_IN_SUSPEND_DATA);
  var quiz;
  if (!quizDesc) quiz = '-';
  else if (state.quiz.open) quiz = '-' + (n > 0 ? n.toString(36) : '');
  else quiz = (state.quiz.result === 'passed' ? 'p' : 'f') + n.toString(36);
  var answers = opts.dropAnswers ? '' : questions.map(function (q, i) {
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

/**
 * Applies suspend data to the state; returns false when it cannot be read.
 * @param {unknown} text
 */
function decodeSuspendData(text) {
  if (typeof text !== 'string') return false;
  var parts = text.split('|');
  if (parts.length !== 4 || parts[0] !== FORMAT_VERSION) return false;
  var bits = base36ToBits(parts[1] || '', pageIds.length);
  if (bits) state.seen = bits;
  var m = /^([-pf])([0-9a-z]*)$/.exec(parts[2] || '');
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
    var answers = parts[3] === '' ? [] : (parts[3] || '').split('~');
    state.quiz.answers = questions.map(function (q, i) {
      return decodeAnswer(q, answers[i] || '');
    });
  }
  return true;
}
