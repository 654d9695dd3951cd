// @ts-check
// The two run-time data models (SCORM 1.2 RTE 3.4, SCORM 2004 4th edition RTE 4): every element with its access
// and the rule its values follow, the arrays, and how an element name resolves to its entry.

import {
  decimal, cmiSInteger, isIdentifier12, isTime2004, intervalCentiseconds, isLongIdentifier, isLanguage,
  languagePrefix, isLocalized, leadingDelimiters, isLearnerResponse, isCorrectResponsePattern, isFeedback12,
  RESPONSE_DESCRIPTIONS, FEEDBACK_DESCRIPTIONS, RE_TIME12, RE_TIMESPAN12, SHORT_SPM, LONG_SPM, LOCATION_SPM,
  SUSPEND_SPM
} from './data-types.js';
import { has, isVisibleText, length } from './util.js';

/** @typedef {{kind: 'type' | 'range', text: string}} RuleProblem */
/** @typedef {{interactionType: () => (string | undefined)}} RuleContext */
/**
 * A rule checks a value; it returns null or the problem.
 * @typedef {(value: string, context: RuleContext) => (RuleProblem | null)} Rule
 */
/**
 * An element: read-write or write-only with its rule (and the element it depends on, 2004), read-only (the LMS
 * sets it), or a keyword (_children, _version, _count) with its fixed value.
 * @typedef {{access: 'rw' | 'wo', rule: Rule, dependsOn: string | null}
 *   | {access: 'ro', rule: null, dependsOn: null}
 *   | {access: 'kw', rule: null, dependsOn: null, value: string | null}} ElementSpec
 */
/**
 * @typedef {Object} DataModel
 * @property {string} name
 * @property {string} version
 * @property {string[]} arrays the arrays, their indexes written n
 * @property {string[]} extendable the arrays a SCO may add entries to
 * @property {Record<string, ElementSpec>} elements
 */
/**
 * An index in an element name: cmi.interactions.2.objectives.0.id has two.
 * @typedef {{container: string, pattern: string, index: number}} ArrayIndex
 */
/**
 * What an element name is in a model.
 * @typedef {{kind: 'empty'}
 *   | {kind: 'malformed', reason: string}
 *   | {kind: 'unknown', pattern: string, parent?: string, last?: string | undefined, indexes?: ArrayIndex[]}
 *   | {kind: 'found', pattern: string, spec: ElementSpec, indexes: ArrayIndex[], last?: string | undefined,
 *      request?: string | undefined, target?: string | undefined}} Resolved
 */

/** @param {string} text @returns {RuleProblem} */
function typeError(text) { return { kind: 'type', text: text }; }
/** @param {string} text @returns {RuleProblem} */
function rangeError(text) { return { kind: 'range', text: text }; }

/** @param {string[]} words */
function listText(words) {
  var named = words.filter(function (w) { return w !== ''; }).join(', ');
  return words.indexOf('') >= 0 ? named + ' or an empty string' : named;
}

var NAV_REQUESTS = ['continue', 'previous', 'exit', 'exitAll', 'abandon', 'abandonAll', 'suspendAll', '_none_'];
export var TYPES12 = ['true-false', 'choice', 'fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric'];
export var TYPES2004 = ['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert',
  'numeric', 'other'];
export var SINGLE_PATTERN_TYPES = ['true-false', 'likert', 'numeric', 'other'];
var COMPLETION = ['completed', 'incomplete', 'not attempted', 'unknown'];
var SUCCESS = ['passed', 'failed', 'unknown'];

var R = {
  /** @param {string[]} words @returns {Rule} */
  vocabulary: function (words) {
    return function (v) { return words.indexOf(v) >= 0 ? null : typeError('must be one of ' + listText(words)); };
  },
  /** @param {number} max @returns {Rule} */
  string12: function (max) {
    return function (v) {
      return length(v) <= max ? null : typeError('must be a string of at most ' + max + ' characters (CMIString' + max + ')');
    };
  },
  /** @type {Rule} */
  score12: function (v) {
    if (v === '') return null;
    var n = decimal(v, false);
    if (n === null) return typeError('must be a decimal number between 0 and 100 or an empty string');
    return n >= 0 && n <= 100 ? null : rangeError('must be between 0 and 100');
  },
  /** @type {Rule} */
  decimal12: function (v) {
    return decimal(v, false) !== null ? null : typeError('must be a decimal number (CMIDecimal)');
  },
  /** @param {number} min @param {number} max @returns {Rule} */
  sInteger12: function (min, max) {
    return function (v) {
      var n = cmiSInteger(v);
      if (n === null) return typeError('must be an integer between ' + min + ' and ' + max);
      return n >= min && n <= max ? null : rangeError('must be between ' + min + ' and ' + max);
    };
  },
  /** @type {Rule} */
  identifier12: function (v) {
    return isIdentifier12(v) ? null : typeError('must be an identifier of 1 to 255 characters without spaces (CMIIdentifier)');
  },
  /** @type {Rule} */
  time12: function (v) {
    return RE_TIME12.test(v) ? null : typeError('must be a time of day HH:MM:SS[.SS] (CMITime)');
  },
  /** @type {Rule} */
  timespan12: function (v) {
    return RE_TIMESPAN12.test(v) ? null : typeError('must be a duration HHHH:MM:SS[.SS] (CMITimespan)');
  },
  /** @type {Rule} */
  result12: function (v) {
    return ['correct', 'wrong', 'unanticipated', 'neutral'].indexOf(v) >= 0 || decimal(v, false) !== null ? null
      : typeError('must be correct, wrong, unanticipated, neutral or a decimal number');
  },
  /** @type {Rule} */
  feedback12: function (v, ctx) {
    var type = ctx.interactionType();
    if (type === undefined) return length(v) <= 255 ? null : typeError('must be at most 255 characters (CMIFeedback)');
    return isFeedback12(v, type) ? null
      : typeError('must be, for a ' + type + ' interaction, ' + (FEEDBACK_DESCRIPTIONS[type] || 'a string of at most 255 characters'));
  },
  /** @param {number} spm @returns {Rule} */
  characterString: function (spm) {
    return function (v) { return length(v) <= spm ? null : typeError('must be at most ' + spm + ' characters'); };
  },
  /** @param {number} spm @returns {Rule} */
  localized: function (spm) {
    return function (v) {
      if (languagePrefix(v) === null) return typeError('starts with an invalid {lang=} language tag');
      return isLocalized(v, spm) ? null : typeError('must be at most ' + spm + ' characters after an optional {lang=…} prefix');
    };
  },
  /** @type {Rule} */
  longIdentifier: function (v) {
    return isLongIdentifier(v) ? null : typeError('must be a URI without spaces of at most 4000 characters, such as urn:example:item-1');
  },
  /** @type {Rule} */
  language: function (v) {
    return isLanguage(v, true) ? null : typeError('must be a language code such as fr, fr-CA or en-GB, or an empty string');
  },
  /** @param {number | null} min @param {number | null} max @returns {Rule} */
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
  /** @type {Rule} */
  timeInterval: function (v) {
    return intervalCentiseconds(v) !== null ? null : typeError('must be an ISO 8601 duration such as PT1H2M3.45S (timeinterval)');
  },
  /** @type {Rule} */
  time: function (v) {
    return isTime2004(v) ? null : typeError('must be a time YYYY[-MM[-DD[Thh[:mm[:ss[.s[TZD]]]]]]] from 1970 to 2038, ' +
      'with a time zone only after fractional seconds, such as 2024-05-01T10:20:30.5+02:00');
  },
  /** @type {Rule} */
  result2004: function (v) {
    return ['correct', 'incorrect', 'unanticipated', 'neutral'].indexOf(v) >= 0 || decimal(v, true) !== null ? null
      : typeError('must be correct, incorrect, unanticipated, neutral or a real number');
  },
  /** @type {Rule} */
  learnerResponse: function (v, ctx) {
    var type = ctx.interactionType();
    if (type === undefined) return null; // the dependency check has refused it already
    return isLearnerResponse(v, type) ? null : typeError('must be, for a ' + type + ' interaction, ' + RESPONSE_DESCRIPTIONS[type]);
  },
  /** @type {Rule} */
  correctResponse: function (v, ctx) {
    var type = ctx.interactionType();
    if (type === undefined) return null;
    return isCorrectResponsePattern(v, type) ? null
      : typeError('must be, for a ' + type + ' interaction, a correct response pattern: ' + RESPONSE_DESCRIPTIONS[type] +
        (type === 'numeric' ? ' range min[:]max (either bound may be empty, min ≤ max)' : ''));
  },
  /** @type {Rule} */
  navigationRequest: function (v) {
    if (NAV_REQUESTS.indexOf(v) >= 0) return null;
    var parsed = leadingDelimiters(v, { target: 'identifier' });
    if (parsed !== null && has(parsed.values, 'target') && (parsed.rest === 'choice' || parsed.rest === 'jump')) return null;
    return typeError('must be continue, previous, {target=ID}choice, {target=ID}jump, exit, exitAll, abandon, abandonAll, suspendAll or _none_');
  }
};

/** @param {Rule} rule @param {string} [dependsOn] @returns {ElementSpec} */
function rw(rule, dependsOn) { return { access: 'rw', rule: rule, dependsOn: dependsOn || null }; }
/** @param {Rule} rule @returns {ElementSpec} */
function wo(rule) { return { access: 'wo', rule: rule, dependsOn: null }; }
/** @type {ElementSpec} */
var RO = { access: 'ro', rule: null, dependsOn: null };
/** @param {string | null} value @returns {ElementSpec} */
function kw(value) { return { access: 'kw', rule: null, dependsOn: null, value: value }; }

/** @type {DataModel} */
export var MODEL12 = {
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

/** @type {DataModel} */
export var MODEL2004 = {
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

/**
 * A canonical array index: decimal digits without a leading zero (except 0 itself).
 * @param {string} part
 */
export function arrayIndex(part) {
  return /^(0|[1-9]\d{0,8})$/.test(part) ? Number(part) : null;
}

/**
 * Whether `pattern` (indexes written n) is an element, or a prefix of one, of the model.
 * @param {DataModel} model
 * @param {string} pattern
 */
export function knownPattern(model, pattern) {
  if (has(model.elements, pattern) || model.arrays.indexOf(pattern) >= 0) return true;
  var prefix = pattern + '.';
  return Object.keys(model.elements).some(function (k) { return k.indexOf(prefix) === 0; });
}

/**
 * Resolves an element name: its entry in the model with the indexes it holds, e.g. for
 * cmi.interactions.2.objectives.0.id, [{container: 'cmi.interactions', pattern: 'cmi.interactions', index: 2},
 * {container: 'cmi.interactions.2.objectives', pattern: 'cmi.interactions.n.objectives', index: 0}].
 * @param {DataModel} model
 * @param {string} element
 * @returns {Resolved}
 */
export function resolve(model, element) {
  if (element === '') return { kind: 'empty' };
  if (!isVisibleText(element)) return { kind: 'malformed', reason: 'it contains spaces or control characters' };
  var nav = /^adl\.nav\.request_valid\.(choice|jump)\.(.*)$/.exec(element);
  var navKey = nav ? 'adl.nav.request_valid.' + nav[1] + '.{target=}' : '';
  var navSpec = nav && has(model.elements, navKey) ? model.elements[navKey] : undefined;
  if (nav && navSpec) {
    var target = /^\{target=(.+)\}$/.exec(nav[2] || '');
    if (!target) return { kind: 'unknown', pattern: element };
    return { kind: 'found', pattern: navKey, spec: navSpec, indexes: [], request: nav[1], target: target[1] };
  }
  var parts = element.split('.');
  /** @type {string[]} */
  var pattern = [];
  /** @type {string[]} */
  var concrete = [];
  /** @type {ArrayIndex[]} */
  var indexes = [];
  for (var i = 0; i < parts.length; i++) {
    var part = parts[i] || '';
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
  var last = parts[parts.length - 1];
  var spec = has(model.elements, key) ? model.elements[key] : undefined;
  if (!spec) return { kind: 'unknown', pattern: key, parent: pattern.slice(0, -1).join('.'), last: last, indexes: indexes };
  return { kind: 'found', pattern: key, spec: spec, indexes: indexes, last: last };
}

/**
 * `pattern` of an element of the same entry, with the indexes of `indexes` in place of its n's.
 * @param {ArrayIndex[]} indexes
 * @param {string} pattern
 */
export function concreteOf(indexes, pattern) {
  var k = 0;
  return pattern.split('.').map(function (part) {
    var ix = part === 'n' ? indexes[k] : undefined;
    if (ix) {
      k++;
      return String(ix.index);
    }
    return part;
  }).join('.');
}
