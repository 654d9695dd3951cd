// @ts-check
// What a submission reports to the LMS: one interaction per answered question (type, response, correct
// patterns, result, latency) in each standard's own formats, and the score.

/** @type {Record<Question['type'], string>} the interaction type of each question type */
var TYPE = {
  single: 'choice', multiple: 'choice', 'true-false': 'true-false', 'fill-in': 'fill-in',
  matching: 'matching', ordering: 'sequencing', numeric: 'numeric'
};

/** @param {string[]} values */
function list(values) {
  return values.join(IS2004 ? '[,]' : ',');
}

/**
 * @param {string} source
 * @param {string} target
 */
function pair(source, target) {
  return source + (IS2004 ? '[.]' : '.') + target;
}

// SCORM 1.2 responses name choices, sources, targets and items with single characters 0-9a-z: Portail writes
// each one's position (the build refuses more than 36), so strict LMSs accept them. 2004 takes the ids as they are.
var CODES12 = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * @param {string[]} all
 * @param {string} id
 */
function code(all, id) {
  if (IS2004) return id;
  var index = all.indexOf(id);
  return index >= 0 && index < CODES12.length ? CODES12.charAt(index) : id;
}

/**
 * @param {string[]} all
 * @param {string[]} ids
 */
function codes(all, ids) {
  return ids.map(function (id) { return code(all, id); });
}

/**
 * @param {{sources: string[], targets: string[]}} q
 * @param {string} source
 * @param {string} target
 */
function codedPair(q, source, target) {
  return pair(code(q.sources, source), code(q.targets, target));
}

/** SCORM 2004 LMSs only have to keep 5 correct-response patterns per fill-in interaction. */
var MAX_FILL_IN_PATTERNS_2004 = 5;

/**
 * @param {Question} q
 * @param {Answer | undefined} a an answer (isAnswered)
 */
function learnerResponse(q, a) {
  switch (q.type) {
    case 'single':
      return code(q.choices, /** @type {string} */ (a));
    case 'multiple':
      return list(codes(q.choices, /** @type {string[]} */ (a)));
    case 'true-false':
      return IS2004 ? String(a) : a ? 't' : 'f';
    case 'fill-in': {
      var text = /** @type {string} */ (a).trim();
      return IS2004 ? text.split('[,]').join(',') : truncate(text, 255);
    }
    case 'matching': {
      var map = /** @type {Record<string, string | null>} */ (a);
      var question = q;
      return list(q.sources.filter(function (s) { return map[s]; }).map(function (s) {
        return codedPair(question, s, /** @type {string} */ (map[s]));
      }));
    }
    case 'ordering':
      return list(codes(q.items, /** @type {string[]} */ (a)));
    case 'numeric':
      return /** @type {string} */ (canonicalNumber(a));
    default:
      return '';
  }
}

/**
 * @param {Question} q
 * @returns {string[]}
 */
function correctPatterns(q) {
  switch (q.type) {
    case 'single':
      return codes(q.choices, (q.correct || []).slice(0, 1));
    case 'multiple': {
      var correct = q.correct || [];
      return [list(codes(q.choices, q.choices.filter(function (c) { return correct.indexOf(c) >= 0; })))];
    }
    case 'true-false':
      return [IS2004 ? String(q.correct === true) : q.correct === true ? 't' : 'f'];
    case 'fill-in': {
      var caseSensitive = q.caseSensitive;
      return (q.accepted || []).slice(0, IS2004 ? MAX_FILL_IN_PATTERNS_2004 : undefined).map(function (text) {
        return IS2004 ? '{case_matters=' + (caseSensitive ? 'true' : 'false') + '}' + text : truncate(String(text), 255);
      });
    }
    case 'matching': {
      var question = q;
      return [list((q.correct || []).map(function (p) { return codedPair(question, p[0] || '', p[1] || ''); }))];
    }
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

/**
 * @param {Score} score
 * @param {number} submission 1 for the first: later ones get their own interaction ids (-2, -3…)
 */
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

/** @param {Score} score */
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
