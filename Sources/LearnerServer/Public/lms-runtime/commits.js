// @ts-check
// Commits: the batch of values changed since the previous commit, handed to the outbox; the statuses the player
// shows; SCORM 1.2's status at LMSFinish.

import { completionStatus, successStatus, totalTimeText, parseDuration } from './launch.js';
import { has, toNumber } from './util.js';

/** @typedef {import('./launch.js').Launch} Launch */
/** @typedef {import('./contracts.js').Values} Values */
/** @typedef {import('./contracts.js').CommitBatch} CommitBatch */
/** @typedef {import('./contracts.js').StatusSummary} StatusSummary */

/**
 * A raw score as a percent of its range (min 0 and max 100 by default); null without a usable one.
 * @param {Launch} launch
 * @param {string} prefix cmi.score. or cmi.core.score.
 */
function rawScore(launch, prefix) {
  var raw = toNumber(launch.values[prefix + 'raw']);
  if (raw === null) return null;
  var min = toNumber(launch.values[prefix + 'min']);
  var max = toNumber(launch.values[prefix + 'max']);
  if (min === null) min = 0;
  if (max === null) max = 100;
  if (max <= min) return null;
  return Math.round(Math.max(0, Math.min(1, (raw - min) / (max - min))) * 10000) / 100;
}

/**
 * The launch's statuses, as the player shows them (onStatusChange).
 * @param {Launch} launch
 * @returns {StatusSummary}
 */
export function statusSummary(launch) {
  var values = launch.values;
  var common = {
    kind: /** @type {'sco'} */ ('sco'), standard: launch.standard, scoId: launch.scoId, attempt: launch.attempt,
    seq: launch.lastSeq, entry: launch.entry, mode: launch.mode, credit: launch.credit, session: launch.session,
    totalTime: totalTimeText(launch, launch.storedTotal)
  };
  var location = values[launch.names.location];
  var exit = values[launch.names.exit];
  var where = { location: location === undefined ? null : location, exit: exit === undefined ? null : exit };
  if (launch.is2004) {
    var scaled = toNumber(values['cmi.score.scaled']);
    return Object.assign(common, {
      completion: completionStatus(launch),
      success: successStatus(launch),
      score: scaled === null ? rawScore(launch, 'cmi.score.') : Math.round(scaled * 10000) / 100,
      progress: toNumber(values['cmi.progress_measure']),
      navRequest: values['adl.nav.request'] || '_none_'
    }, where);
  }
  var status = values['cmi.core.lesson_status'];
  return Object.assign(common, {
    lessonStatus: status,
    completion: status === 'passed' || status === 'failed' || status === 'completed' ? 'completed'
      : status === 'not attempted' ? 'not attempted' : 'incomplete',
    success: status === 'passed' || status === 'failed' ? status : 'unknown',
    score: rawScore(launch, 'cmi.core.score.')
  }, where);
}

/**
 * The session time the SCO reported, in centiseconds (0 when it did not).
 * @param {Launch} launch
 */
export function sessionCs(launch) {
  return launch.sessionSet ? parseDuration(launch, launch.values[launch.names.session]) : 0;
}

/**
 * SCORM 1.2 at LMSFinish (RTE 3.4.4): not attempted → completed (browsed in browse mode), then the mastery score.
 * @param {Launch} launch
 */
export function finishStatus12(launch) {
  if (launch.mode === 'review') return; // a review changes no status
  var values = launch.values;
  var status = values['cmi.core.lesson_status'];
  if (status === 'not attempted') status = launch.mode === 'browse' ? 'browsed' : 'completed';
  var raw = toNumber(values['cmi.core.score.raw']);
  if (status === 'completed' && launch.masteryScore !== null && launch.credit === 'credit' && raw !== null) {
    status = raw >= launch.masteryScore ? 'passed' : 'failed';
  }
  if (status !== undefined && status !== values['cmi.core.lesson_status']) {
    values['cmi.core.lesson_status'] = status;
    launch.dirty['cmi.core.lesson_status'] = true;
  }
}

/**
 * The values changed since the last commit (the final batch also carries exit, session time, nav request).
 * @param {Launch} launch
 * @param {boolean} final
 * @returns {Values}
 */
function changes(launch, final) {
  var values = launch.values;
  var committed = launch.committed;
  var names = launch.names;
  /** @type {Values} */
  var out = {};
  Object.keys(launch.dirty).forEach(function (element) {
    if (element === names.session || element === names.exit || element === 'adl.nav.request') return;
    var value = values[element];
    if (value === undefined || committed[element] === value) return;
    out[element] = value;
  });
  if (launch.is2004) {
    var c = completionStatus(launch);
    if ((c !== 'unknown' || has(values, 'cmi.completion_status')) && committed['cmi.completion_status'] !== c) {
      out['cmi.completion_status'] = c;
    }
    var s = successStatus(launch);
    if ((s !== 'unknown' || has(values, 'cmi.success_status')) && committed['cmi.success_status'] !== s) {
      out['cmi.success_status'] = s;
    }
  }
  // Exit: whenever the SCO changed it (so that a crash after a suspend still resumes), and always at the end.
  var exit = values[names.exit];
  if (final || (launch.dirty[names.exit] && committed[names.exit] !== exit)) out[names.exit] = exit === undefined ? '' : exit;
  if (final) {
    // Session time is what the SCO reports for the whole session: only the last value counts (RTE), so it is
    // sent once, at the end, and the server adds it once.
    var session = values[names.session];
    if (launch.sessionSet && session !== undefined) out[names.session] = session;
    if (launch.is2004) out['adl.nav.request'] = values['adl.nav.request'] === undefined ? '_none_' : values['adl.nav.request'];
    var onlyDefaults = Object.keys(out).every(function (k) {
      return (k === names.exit && out[k] === '') || (k === 'adl.nav.request' && out[k] === '_none_');
    });
    // A new attempt in which the SCO saved nothing is not created on the server by an empty exit alone.
    if (onlyDefaults && !launch.restoring && launch.lastSeq === launch.seqFloor) out = {};
  }
  return out;
}

/**
 * The next sequence number of the attempt: above every one this launch used, and the outbox's own (other tabs).
 * @param {Launch} launch
 */
function nextSeq(launch) {
  var floor = Math.max(launch.seqFloor, launch.lastSeq);
  var seq = floor + 1;
  var outbox = launch.outbox;
  if (outbox && typeof outbox.nextSeq === 'function') {
    var s = Number(outbox.nextSeq(launch.scoId, launch.attempt, floor));
    if (isFinite(s) && s > floor) seq = Math.floor(s);
  }
  launch.lastSeq = seq;
  return seq;
}

/**
 * Hands the changes to the outbox (throws when it cannot keep them: nothing is then marked committed).
 * @param {Launch} launch
 * @param {boolean} final
 * @returns {CommitBatch | null}
 */
export function commitChanges(launch, final) {
  var out = changes(launch, final);
  var keys = Object.keys(out);
  if (!keys.length) {
    launch.dirty = {};
    return null;
  }
  var batch = null;
  if (launch.persist) {
    /** @type {CommitBatch} */
    var made = { scoId: launch.scoId, attempt: launch.attempt, seq: nextSeq(launch), values: out };
    var outbox = launch.outbox;
    if (outbox && typeof outbox.enqueue === 'function') {
      var queued = /** @type {unknown} */ (outbox.enqueue(made)); // throws: the commit fails
      var id = queued && typeof queued === 'object' ? /** @type {{id?: unknown}} */ (queued).id : undefined;
      if (id) made.id = /** @type {string} */ (id);
    }
    launch.batches.push(made);
    batch = made;
  }
  keys.forEach(function (k) { launch.committed[k] = /** @type {string} */ (out[k]); });
  launch.dirty = {};
  return batch;
}
