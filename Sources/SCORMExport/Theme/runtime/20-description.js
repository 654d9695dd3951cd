// @ts-check
// The SCO description (the page's #portail-sco JSON, written by SCODescription.swift; docs/export.md), the texts,
// and the state of this session.

/**
 * @typedef {Object} QuestionBase
 * @property {string} id
 * @property {string} [interaction] the interaction's id (module-question)
 * @property {number} [weight] points, 1 by default
 * @property {string} [description] the prompt as plain text
 * @property {boolean} [shuffle] choices shown in a random order
 */
/**
 * A question of the quiz, by type.
 * @typedef {QuestionBase & (
 *     {type: 'single' | 'multiple', choices: string[], correct?: string[]}
 *   | {type: 'true-false', correct?: boolean}
 *   | {type: 'fill-in', accepted?: string[], caseSensitive?: boolean, maxLength?: number}
 *   | {type: 'matching', sources: string[], targets: string[], correct?: string[][]}
 *   | {type: 'ordering', items: string[]}
 *   | {type: 'numeric', min: number, max: number, maxLength?: number})} Question
 */
/**
 * A learner's answer, by question type: a choice id (single), choice ids (multiple), a boolean (true-false),
 * the text typed (fill-in, numeric), source → target (matching), item ids in order (ordering); null: none yet.
 * @typedef {string | string[] | boolean | Record<string, string | null> | null} Answer
 */
/**
 * @typedef {Object} QuizDescription
 * @property {number} [passingScore] percent
 * @property {boolean} [shuffle] questions shown in a random order
 * @property {Question[]} [questions]
 */
/**
 * The #portail-sco JSON. The runtime tolerates missing fields (a theme's own page may leave some out).
 * @typedef {Object} SCODescription
 * @property {number} [format]
 * @property {string} [standard] scorm12 or scorm2004
 * @property {{id?: string, title?: string, language?: string}} [course]
 * @property {{id?: string, title?: string, module?: string, pages?: string[]}} [sco]
 * @property {{suspendData?: number, location?: number}} [limits]
 * @property {QuizDescription | null} [quiz]
 * @property {Record<string, string>} [strings] the UI texts in the course language
 */

/** Whether the description could be read: without it the runtime does nothing but say why. */
var descriptionRead = true;
/** @type {SCODescription} */
var desc = {};
try {
  desc = JSON.parse(/** @type {HTMLElement} */ ($('portail-sco')).textContent || '');
} catch (e) {
  descriptionRead = false;
  var statusLine = $('portail-status');
  if (statusLine) statusLine.textContent = 'portail-sco: ' + (e instanceof Error ? e.message : String(e));
}

var STANDARD = desc.standard === 'scorm2004' ? 'scorm2004' : 'scorm12';
var IS2004 = STANDARD === 'scorm2004';
var course = desc.course || {};
var sco = desc.sco || {};
var pageIds = (sco.pages || []).slice();
var quizDesc = desc.quiz || null;
/** @type {Question[]} */
var questions = quizDesc ? quizDesc.questions || [] : [];
var limits = desc.limits || {};
var SUSPEND_LIMIT = limits.suspendData || (IS2004 ? 64000 : 4096);
var LOCATION_LIMIT = limits.location || (IS2004 ? 1000 : 255);
var language = String(course.language || document.documentElement.lang || 'en').toLowerCase();
var fallback = FALLBACK_STRINGS[language.slice(0, 2)] || FALLBACK_STRINGS.en || {};
/** @type {Record<string, string>} */
var strings = desc.strings || {};

/**
 * A text: the description's, else the fallback; {name} placeholders filled.
 * @param {string} key
 * @param {Record<string, unknown>} [values]
 */
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

/**
 * What the suspend data keeps: the page shown, the pages seen, the quiz.
 * @typedef {Object} RuntimeState
 * @property {number} current index of the page shown
 * @property {boolean[]} seen
 * @property {{result: 'passed' | 'failed' | null, submissions: number, open: boolean, answers: Answer[]}} quiz
 *   result: the last submission's; open: answers can be edited (never submitted, or retrying)
 */

/** @type {RuntimeState} */
var state = {
  current: 0,
  seen: pageIds.map(function () { return false; }),
  quiz: {
    result: null,
    submissions: 0,
    open: true,
    answers: questions.map(function () { return null; })
  }
};

/** @type {'standalone' | 'lms'} */
var mode = 'standalone';
/** @type {Record<string, unknown> | null} the LMS's API object */
var api = null;
var terminated = false;
var sessionStart = Date.now();
/** @type {number | null} */
var quizShownAt = null;
var interactionsWritten = 0; // interactions written by this runtime in this session
var ownInteractionCount = 0; // our own count, used when cmi.interactions._count cannot be read
/** @type {Record<string, string>} element → the value last set successfully */
var lastWritten = {};
/** @type {string | null} SCORM 1.2: a status already reached that a new, non-resumed session must keep */
var statusFloor12 = null;
/** @type {{fn: string, args: string[], code: string, text: string} | null} */
var lastError = null;
var suspendNotice = false;
var storageKey = 'portail:' + (course.id || '') + ':' + (sco.id || '');

// ---------------------------------------------------------------------------------------------
// Status line
// ---------------------------------------------------------------------------------------------

var statusEl = $('portail-status');

/**
 * @param {string} text
 * @param {string} [kind] info, saved, warning or error
 */
function showStatus(text, kind) {
  if (!statusEl) return;
  if (statusEl.textContent !== text) statusEl.textContent = text;
  statusEl.setAttribute('data-kind', kind || 'info');
}
