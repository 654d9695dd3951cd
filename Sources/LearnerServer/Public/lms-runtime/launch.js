// @ts-check
// One launch of a SCO: the attempt it resumes or starts, the values it starts from, and the values the LMS sets.

import { MODEL12, MODEL2004, arrayIndex, resolve } from './data-model.js';
import { ERRORS12, ERRORS2004, CODES12, CODES2004 } from './errors.js';
import { intervalCentiseconds, timespanCentiseconds, formatInterval, formatTimespan12 } from './data-types.js';
import { decimalText, stringValues, toNumber, safeCall } from './util.js';

/** @typedef {import('./contracts.js').Values} Values */
/** @typedef {import('./contracts.js').AttemptState} AttemptState */
/** @typedef {import('./contracts.js').CommitBatch} CommitBatch */
/** @typedef {import('./contracts.js').CreateOptions} CreateOptions */
/** @typedef {import('./contracts.js').OutboxPort} OutboxPort */
/** @typedef {import('./contracts.js').OutboxEntry} OutboxEntry */
/** @typedef {import('./contracts.js').Navigation} Navigation */
/** @typedef {import('./contracts.js').StatusSummary} StatusSummary */
/** @typedef {import('./data-model.js').DataModel} DataModel */
/** @typedef {import('./errors.js').FailureKind} FailureKind */

/**
 * The elements whose names differ between the standards.
 * @typedef {Object} ElementNames
 * @property {string} entry
 * @property {string} exit
 * @property {string} session
 * @property {string} total
 * @property {string} credit
 * @property {string} mode
 * @property {string} learnerId
 * @property {string} learnerName
 * @property {string} location
 * @property {string} preferences prefix of the learner's preferences
 */

/**
 * What one API object knows and keeps.
 * @typedef {Object} Launch
 * @property {'scorm12' | 'scorm2004'} standard
 * @property {boolean} is2004
 * @property {DataModel} model
 * @property {Record<number, string>} errors
 * @property {Record<FailureKind, number>} codes
 * @property {ElementNames} names
 * @property {string} scoId
 * @property {OutboxPort | null} outbox
 * @property {Navigation | null} navigation
 * @property {((summary: StatusSummary) => void) | null} onStatusChange
 * @property {string} mode normal, browse or review
 * @property {string} credit credit or no-credit
 * @property {number | null} masteryScore 0–100 (1.2 masteryscore, 2004 minNormalizedMeasure × 100)
 * @property {number | null} threshold 0–1
 * @property {boolean} persist false in review mode: a review changes nothing on the server
 * @property {number} attempt
 * @property {string} entry ab-initio, resume, or '' (review)
 * @property {boolean} restoring the values of the attempt were restored (resume, review)
 * @property {number} seqFloor the server's seq of this attempt when it started
 * @property {number} lastSeq the seq of the last batch
 * @property {Values} values element → value, for the elements a SCO sets (rw, wo)
 * @property {Values} committed element → the value last handed to the outbox (or restored from the server)
 * @property {Record<string, boolean>} dirty elements set since the last commit
 * @property {Record<string, number>} counts concrete array → number of entries
 * @property {number} storedTotal centiseconds of the attempt's earlier sessions
 * @property {boolean} sessionSet the SCO set the session time
 * @property {Record<string, string | null>} lms the values the LMS sets (null: not initialized)
 * @property {Values} defaults values of elements the SCO has not set
 * @property {CommitBatch[]} batches every batch this launch produced (for snapshot and debugging)
 * @property {'not initialized' | 'running' | 'terminated'} session
 */

/**
 * @param {unknown} standard
 * @returns {'scorm12' | 'scorm2004'}
 */
export function normalizeStandard(standard) {
  var s = String(standard || '').toLowerCase().replace(/[^0-9a-z.]/g, '');
  if (s === 'scorm2004' || s === '2004' || /2004/.test(s)) return 'scorm2004';
  if (s === 'scorm12' || s === '12' || s === 'scorm1.2' || s === '1.2') return 'scorm12';
  throw new Error('PortailLMS.create: unknown standard ' + JSON.stringify(standard) + ' (scorm12 or scorm2004)');
}

/**
 * Applies the outbox's unsent batches of a SCO on top of the server's state (what the server will have).
 * @param {AttemptState} base
 * @param {OutboxEntry[] | undefined} batches
 * @returns {AttemptState}
 */
export function overlayPending(base, batches) {
  var state = { attempt: base.attempt, seq: base.seq, values: base.values };
  (batches || []).forEach(function (batch) {
    var attempt = Number(batch.attempt) || 0;
    var seq = Number(batch.seq) || 0;
    if (attempt > state.attempt) {
      state = { attempt: attempt, seq: seq, values: stringValues(batch.values) };
    } else if (attempt === state.attempt) {
      var incoming = stringValues(batch.values);
      var merged = Object.assign({}, state.values);
      Object.keys(incoming).forEach(function (k) { merged[k] = /** @type {string} */ (incoming[k]); });
      state = { attempt: attempt, seq: Math.max(state.seq, seq), values: merged };
    }
  });
  return state;
}

/** @type {ElementNames} */
var NAMES2004 = {
  entry: 'cmi.entry', exit: 'cmi.exit', session: 'cmi.session_time', total: 'cmi.total_time', credit: 'cmi.credit',
  mode: 'cmi.mode', learnerId: 'cmi.learner_id', learnerName: 'cmi.learner_name', location: 'cmi.location',
  preferences: 'cmi.learner_preference.'
};

/** @type {ElementNames} */
var NAMES12 = {
  entry: 'cmi.core.entry', exit: 'cmi.core.exit', session: 'cmi.core.session_time', total: 'cmi.core.total_time',
  credit: 'cmi.core.credit', mode: 'cmi.core.lesson_mode', learnerId: 'cmi.core.student_id',
  learnerName: 'cmi.core.student_name', location: 'cmi.core.lesson_location', preferences: 'cmi.student_preference.'
};

/**
 * Starts a launch: resumes a suspended attempt (or reviews the last one), else starts a new attempt.
 * @param {CreateOptions} options
 * @returns {Launch}
 */
export function startLaunch(options) {
  var standard = normalizeStandard(options.standard);
  var is2004 = standard === 'scorm2004';
  var names = is2004 ? NAMES2004 : NAMES12;
  var learner = options.learner || {};
  var mode = typeof options.mode === 'string' && ['normal', 'browse', 'review'].indexOf(options.mode) >= 0 ? options.mode
    : 'normal';
  var credit = mode === 'normal' && options.credit !== 'no-credit' ? 'credit' : 'no-credit';
  var masteryScore = toNumber(options.masteryScore);
  var threshold = toNumber(options.completionThreshold);
  var launchData = options.launchData === undefined || options.launchData === null ? null : String(options.launchData);
  var scoId = options.scoId === undefined || options.scoId === null ? '' : String(options.scoId);
  var outbox = options.outbox || null;

  // --- The attempt: resume a suspended one, else start a new one ------------------------------------------------
  var given = options.state || options.initialState || {};
  /** @type {AttemptState} */
  var base = {
    attempt: Math.max(0, Math.floor(Number(given.attempt) || 0)),
    seq: Math.max(0, Math.floor(Number(given.seq) || 0)),
    values: stringValues(given.values)
  };
  if (base.attempt === 0 && Object.keys(base.values).length) base.attempt = 1;
  if (outbox && typeof outbox.pending === 'function') {
    base = overlayPending(base, /** @type {OutboxEntry[] | undefined} */ (safeCall(outbox.pending, outbox, [scoId])));
  }
  var suspended = base.values[names.exit] === 'suspend' || (is2004 && base.values['adl.nav.request'] === 'suspendAll');
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

  /** @type {Launch} */
  var launch = {
    standard: standard,
    is2004: is2004,
    model: is2004 ? MODEL2004 : MODEL12,
    errors: is2004 ? ERRORS2004 : ERRORS12,
    codes: is2004 ? CODES2004 : CODES12,
    names: names,
    scoId: scoId,
    outbox: outbox,
    navigation: options.navigation || null,
    onStatusChange: typeof options.onStatusChange === 'function' ? options.onStatusChange : null,
    mode: mode,
    credit: credit,
    masteryScore: masteryScore,
    threshold: threshold,
    persist: mode !== 'review',
    attempt: attempt,
    entry: entry,
    restoring: restoring,
    seqFloor: seqFloor,
    lastSeq: seqFloor,
    values: {},
    committed: {},
    dirty: {},
    counts: {},
    storedTotal: 0,
    sessionSet: false,
    lms: {},
    defaults: is2004 ? {
      'cmi.learner_preference.audio_level': '1', 'cmi.learner_preference.language': '',
      'cmi.learner_preference.delivery_speed': '1', 'cmi.learner_preference.audio_captioning': '0',
      'adl.nav.request': '_none_'
    } : {
      'cmi.student_preference.audio': '0', 'cmi.student_preference.language': '', 'cmi.student_preference.speed': '0',
      'cmi.student_preference.text': '0'
    },
    batches: [],
    session: 'not initialized'
  };

  if (restoring) {
    restore(launch, base.values, false);
    launch.storedTotal = parseDuration(launch, base.values[names.total]);
  } else {
    // Preferences belong to the learner, not to an attempt: they carry over, and go with the first commit.
    restore(launch, base.values, true);
    Object.keys(launch.values).forEach(function (k) { launch.dirty[k] = true; });
  }
  if (!is2004 && launch.values['cmi.core.lesson_status'] === undefined) {
    launch.values['cmi.core.lesson_status'] = 'not attempted';
    launch.committed['cmi.core.lesson_status'] = 'not attempted';
  }

  // Values set by the LMS (read-only for the SCO). null: not initialized (2004: 403; 1.2: "").
  var lms = launch.lms;
  lms[names.learnerId] = learner.id === undefined || learner.id === null ? '' : String(learner.id);
  lms[names.learnerName] = learner.name === undefined || learner.name === null ? '' : String(learner.name);
  lms[names.credit] = credit;
  lms[names.mode] = mode;
  lms[names.entry] = entry;
  lms['cmi.launch_data'] = launchData;
  if (is2004) {
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
  return launch;
}

/**
 * Takes the stored values the SCO may set (all of them, or only the learner's preferences).
 * @param {Launch} launch
 * @param {Values} source
 * @param {boolean} onlyPreferences
 */
function restore(launch, source, onlyPreferences) {
  var names = launch.names;
  Object.keys(source).forEach(function (element) {
    var value = /** @type {string} */ (source[element]);
    if (/\._count$/.test(element)) {
      var n = arrayIndex(value);
      if (!onlyPreferences && n !== null) bumpCount(launch, element.slice(0, -7), n);
      return;
    }
    if (onlyPreferences && element.indexOf(names.preferences) !== 0) return;
    if (element === names.exit || element === names.session || element === 'adl.nav.request') return;
    var r = resolve(launch.model, element);
    if (r.kind !== 'found' || (r.spec.access !== 'rw' && r.spec.access !== 'wo')) return;
    launch.values[element] = value;
    if (!onlyPreferences) launch.committed[element] = value;
    r.indexes.forEach(function (ix) {
      if (launch.model.extendable.indexOf(ix.pattern) >= 0) bumpCount(launch, ix.container, ix.index + 1);
    });
  });
}

/**
 * @param {Launch} launch
 * @param {string} container
 */
export function count(launch, container) {
  return launch.counts[container] || 0;
}

/**
 * @param {Launch} launch
 * @param {string} container
 * @param {number} n
 */
export function bumpCount(launch, container, n) {
  if (count(launch, container) < n) launch.counts[container] = n;
}

/**
 * A duration in either standard's format, in centiseconds (0 when neither).
 * @param {Launch} launch
 * @param {unknown} value
 */
export function parseDuration(launch, value) {
  var cs = launch.is2004 ? intervalCentiseconds(value) : timespanCentiseconds(value);
  if (cs === null) cs = launch.is2004 ? timespanCentiseconds(value) : intervalCentiseconds(value);
  return cs || 0;
}

/**
 * @param {Launch} launch
 * @param {number} cs
 */
export function totalTimeText(launch, cs) {
  return launch.is2004 ? formatInterval(cs) : formatTimespan12(cs);
}

// SCORM 2004 status evaluation (RTE 4.2.4 and 4.2.22) -----------------------------------------------------------

/** @param {Launch} launch */
export function completionStatus(launch) {
  var progress = toNumber(launch.values['cmi.progress_measure']);
  if (launch.threshold !== null && progress !== null) return progress >= launch.threshold ? 'completed' : 'incomplete';
  var status = launch.values['cmi.completion_status'];
  return status === undefined ? 'unknown' : status;
}

/** @param {Launch} launch */
export function successStatus(launch) {
  var scaled = toNumber(launch.values['cmi.score.scaled']);
  if (launch.masteryScore !== null && scaled !== null) return scaled >= launch.masteryScore / 100 ? 'passed' : 'failed';
  var status = launch.values['cmi.success_status'];
  return status === undefined ? 'unknown' : status;
}
