// @ts-check
// What the player knows of each SCO: its state (the server's, this page's snapshots, the outbox's unsent
// batches on top), its status, whether its prerequisites lock it; the states loaded at start and kept for a
// visit without network.

import {
  scos, IS2004, COURSE_ID, LEARNER_ID, pageStrings, t, indexOfSco, scoAt, apiUrl, scoPath
} from './page.js';
import { player } from './state.js';
import { parsePrerequisites, evaluatePrerequisites } from './prerequisites.js';

/** @typedef {import('../lms-runtime/contracts.js').AttemptState} AttemptState */
/** @typedef {import('../lms-runtime/contracts.js').OutboxEntry} OutboxEntry */
/** @typedef {import('../lms-runtime/contracts.js').StatusSummary} StatusSummary */
/** @typedef {import('../lms-runtime/outbox.js').OutboxStorage} OutboxStorage */
/** @typedef {import('./prerequisites.js').Prerequisite} Prerequisite */
/** @typedef {import('./prerequisites.js').LessonStatus} LessonStatus */
/** @typedef {'not attempted' | 'incomplete' | 'completed' | 'passed' | 'failed'} Status */

/** @type {Record<string, AttemptState>} scoId → the server's state, then this page's snapshots */
export var known = {};
/** @type {Record<string, number>} scoId → ms since epoch, from the progress API */
export var lastAccess = {};
/** @type {Record<string, StatusSummary>} scoId → the running API object's last status summary */
export var live = {};

// --- Local cache of the states (for a visit without network) and the outbox's storage, per learner --------------

var CACHE_KEY = 'portail-player:' + COURSE_ID + ':' + LEARNER_ID;

/** @returns {Storage | null} */
function safeStorage() {
  try {
    return window.localStorage;
  } catch (e) {
    return null;
  }
}

var storage = safeStorage();

/**
 * The outbox's keys carry the learner: two people sharing a browser never send each other's batches with
 * their own session.
 * @type {OutboxStorage | null}
 */
export var learnerStorage = storage ? (function (s) {
  return {
    getItem: function (/** @type {string} */ key) { return s.getItem(key + ':' + LEARNER_ID); },
    setItem: function (/** @type {string} */ key, /** @type {string} */ value) { s.setItem(key + ':' + LEARNER_ID, value); },
    removeItem: function (/** @type {string} */ key) { s.removeItem(key + ':' + LEARNER_ID); }
  };
})(storage) : null;

/** @returns {Record<string, unknown>} */
function readCache() {
  if (!storage) return {};
  try {
    var parsed = JSON.parse(storage.getItem(CACHE_KEY) || 'null');
    return parsed && parsed.states && typeof parsed.states === 'object' ? parsed.states : {};
  } catch (e) {
    return {};
  }
}

export function writeCache() {
  if (!storage) return;
  try {
    storage.setItem(CACHE_KEY, JSON.stringify({ v: 1, states: known }));
  } catch (e) {
    // a full storage only costs the offline start
  }
}

// --- States ------------------------------------------------------------------------------------------------------

/** @returns {AttemptState} */
export function emptyState() {
  return { attempt: 0, seq: 0, values: {} };
}

/**
 * @param {unknown} input
 * @returns {AttemptState}
 */
export function normalizeState(input) {
  if (!input || typeof input !== 'object') return emptyState();
  var s = /** @type {{attempt?: unknown, seq?: unknown, values?: unknown}} */ (input);
  /** @type {Record<string, string>} */
  var values = {};
  var given = s.values && typeof s.values === 'object' ? /** @type {Record<string, unknown>} */ (s.values) : null;
  if (given) {
    Object.keys(given).forEach(function (k) {
      var v = given && given[k];
      if (typeof v === 'string') values[k] = v;
    });
  }
  return { attempt: Math.max(0, Math.floor(Number(s.attempt) || 0)), seq: Math.max(0, Math.floor(Number(s.seq) || 0)),
    values: values };
}

/** @type {Record<string, OutboxEntry[]> | null} scoId → unsent batches, during one render pass */
var pendingCache = null;

/** @param {string} scoId */
function pendingOf(scoId) {
  if (pendingCache) return pendingCache[scoId] || [];
  try {
    return player.outbox ? player.outbox.pending(scoId) : [];
  } catch (e) {
    return [];
  }
}

/**
 * Runs fn with the outbox read once (it parses localStorage on every call).
 * @template T
 * @param {() => T} fn
 * @returns {T}
 */
export function withPendingCache(fn) {
  if (pendingCache) return fn();
  /** @type {Record<string, OutboxEntry[]>} */
  var cache = {};
  try {
    (player.outbox ? player.outbox.pending() : []).forEach(function (b) {
      (cache[b.scoId] = cache[b.scoId] || []).push(b);
    });
  } catch (e) {
    cache = {};
  }
  pendingCache = cache;
  try {
    return fn();
  } finally {
    pendingCache = null;
  }
}

/**
 * The state of a SCO with the outbox's unsent batches on top (what the server will have).
 * @param {string} scoId
 * @returns {AttemptState}
 */
export function effectiveState(scoId) {
  var state = known[scoId] || emptyState();
  pendingOf(scoId).forEach(function (batch) {
    var attempt = Number(batch.attempt) || 0;
    if (attempt > state.attempt) {
      state = { attempt: attempt, seq: Number(batch.seq) || 0, values: Object.assign({}, batch.values || {}) };
    } else if (attempt === state.attempt) {
      state = { attempt: attempt, seq: Math.max(state.seq, Number(batch.seq) || 0),
        values: Object.assign({}, state.values, batch.values || {}) };
    }
  });
  return state;
}

/**
 * @param {number} index
 * @returns {Status}
 */
export function statusOf(index) {
  var sco = scoAt(index);
  var summary = live[sco.id];
  if (summary && index === player.current && player.currentApi) {
    if (summary.success === 'passed' || summary.success === 'failed') return summary.success;
    if (summary.completion === 'completed') return 'completed';
    if (summary.completion === 'not attempted' && !IS2004) return 'not attempted';
    return 'incomplete';
  }
  var state = effectiveState(sco.id);
  var v = state.values;
  var started = state.attempt > 0 || Object.keys(v).length > 0;
  if (!started) return 'not attempted';
  if (IS2004) {
    var success = v['cmi.success_status'];
    if (success === 'passed' || success === 'failed') return success;
    if (v['cmi.completion_status'] === 'completed') return 'completed';
    return 'incomplete';
  }
  var lesson = v['cmi.core.lesson_status'];
  if (lesson === 'passed' || lesson === 'failed' || lesson === 'completed') return lesson;
  if (lesson === 'not attempted' && Object.keys(v).length === 1) return 'not attempted';
  return 'incomplete';
}

/** @param {number} index */
export function isDone(index) {
  var s = statusOf(index);
  return s === 'completed' || s === 'passed';
}

/** @param {string} scoId */
export function isSuspended(scoId) {
  var v = effectiveState(scoId).values;
  return v[IS2004 ? 'cmi.exit' : 'cmi.core.exit'] === 'suspend' || (IS2004 && v['adl.nav.request'] === 'suspendAll');
}

// --- Prerequisites -----------------------------------------------------------------------------------------------

/** @type {Record<string, Prerequisite | null>} */
var prerequisiteCache = {};

/** @param {number} index */
function prerequisiteTree(index) {
  var sco = scoAt(index);
  if (typeof sco.prerequisites !== 'string' || sco.prerequisites.trim() === '') return null;
  if (!Object.prototype.hasOwnProperty.call(prerequisiteCache, sco.id)) {
    try {
      prerequisiteCache[sco.id] = parsePrerequisites(sco.prerequisites);
    } catch (e) {
      // A script this player cannot read never locks the learner out.
      if (window.console && console.warn) {
        console.warn('Portail: prerequisites of ' + sco.id + ' not understood (' + (e instanceof Error ? e.message : e) +
          '); ignored');
      }
      prerequisiteCache[sco.id] = null;
    }
  }
  return prerequisiteCache[sco.id] || null;
}

/**
 * An item's status for its prerequisites: null for an identifier that names no item of the course.
 * @param {string} id
 * @returns {LessonStatus | null}
 */
function prerequisiteStatus(id) {
  var index = indexOfSco(id);
  if (index < 0) return null;
  var status = statusOf(index);
  if (status !== 'incomplete' || IS2004) return status;
  // SCORM 1.2's browsed is "incomplete" in the table of contents, but a script may name it.
  var summary = live[id];
  var lesson = summary && index === player.current && player.currentApi ? summary.lessonStatus
    : effectiveState(id).values['cmi.core.lesson_status'];
  return lesson === 'browsed' ? 'browsed' : status;
}

/**
 * null when the SCO may be launched, else the indexes of the SCOs to complete first.
 * @param {number} index
 * @returns {number[] | null}
 */
export function lockOf(index) {
  var tree = prerequisiteTree(index);
  if (!tree) return null;
  /** @type {string[]} */
  var missing = [];
  return evaluatePrerequisites(tree, prerequisiteStatus, missing) ? null : missing.map(indexOfSco);
}

/**
 * Why a SCO is locked: the page's `lockedHint` (with {list}), else its `locked` sentence, else the fallback.
 * @param {number[]} missing
 */
export function lockText(missing) {
  var list = missing.map(function (i) {
    var sco = scos[i];
    return sco ? sco.title || sco.id : '';
  }).join(', ');
  if (typeof pageStrings.lockedHint !== 'string' && typeof pageStrings.locked === 'string' && pageStrings.locked) {
    return pageStrings.locked;
  }
  return t('lockedHint', { list: list });
}

// --- Loading the states ------------------------------------------------------------------------------------------

/** An answer of the API other than 2xx. */
class HttpError {
  /**
   * @param {number} status
   * @param {string} message
   */
  constructor(status, message) {
    this.status = status;
    this.message = message;
  }
}

/**
 * The server's error sentence from a response, or the status.
 * @param {Response} response
 * @returns {Promise<string>}
 */
function errorMessage(response) {
  return response.text().then(function (text) {
    try {
      var json = JSON.parse(text);
      if (json && json.error && json.error.message) return String(json.error.message);
      if (json && json.message) return String(json.message);
    } catch (e) {
      // not JSON
    }
    return 'HTTP ' + response.status;
  }, function () {
    return 'HTTP ' + response.status;
  });
}

/**
 * @param {string} path
 * @returns {Promise<unknown>}
 */
function getJSON(path) {
  return fetch(apiUrl(path), { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } })
    .then(function (response) {
      if (response.ok) return response.json();
      return errorMessage(response).then(function (message) {
        throw new HttpError(response.status, message);
      });
    });
}

/**
 * Loads every SCO's state (the cached one when the server cannot be reached) and the last access times.
 * @returns {Promise<{offline: boolean, fatal: HttpError | null}>}
 */
export function loadStates() {
  var cache = readCache();
  var offline = false;
  /** @type {HttpError | null} */
  var fatal = null;
  var requests = scos.map(function (sco) {
    return getJSON(scoPath(sco.id, '/state')).then(function (state) {
      known[sco.id] = normalizeState(state);
    }, function (e) {
      if (e instanceof HttpError) {
        if (e.status === 401 || e.status === 403) fatal = fatal || e;
        else if (e.status === 404 && /enrol/i.test(e.message)) fatal = fatal || e;
      } else {
        offline = true;
      }
      known[sco.id] = cache[sco.id] ? normalizeState(cache[sco.id]) : emptyState();
    });
  });
  var progress = getJSON('/me/courses/' + encodeURIComponent(COURSE_ID) + '/progress').then(function (p) {
    var list = p && typeof p === 'object' ? /** @type {{scos?: unknown}} */ (p).scos : undefined;
    (Array.isArray(list) ? list : []).forEach(function (s) {
      var time = s && s.lastAccess ? Date.parse(s.lastAccess) : NaN;
      if (s && s.id && isFinite(time)) lastAccess[s.id] = time;
    });
  }, function () {
    // the order of the suspended SCOs then falls back to the course order
  });
  return Promise.all(requests.concat([progress])).then(function () {
    if (!offline) writeCache();
    return { offline: offline, fatal: fatal };
  });
}
