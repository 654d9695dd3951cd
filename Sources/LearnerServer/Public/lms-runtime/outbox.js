// @ts-check
// PortailLMS.createOutbox: batches go to localStorage first, then to POST {api}/me/sync in order, with retries
// and backoff; a keepalive flush when the page goes; whatever is left is replayed on the next visit.

import { has, pad, utf8Length, stringValues, safeCall, describeError } from './util.js';

/** @typedef {import('./contracts.js').Outbox} Outbox */
/** @typedef {import('./contracts.js').OutboxEntry} OutboxEntry */
/** @typedef {import('./contracts.js').BatchInput} BatchInput */
/** @typedef {import('./contracts.js').SyncEvent} SyncEvent */
/** @typedef {import('./contracts.js').SyncProblem} SyncProblem */

/**
 * The storage the outbox keeps its record in (localStorage, or the player's per-learner view of it).
 * @typedef {Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>} OutboxStorage
 */

/**
 * @typedef {Object} OutboxOptions
 * @property {unknown} courseId
 * @property {unknown} [api] the API's base path, /api/v1 by default
 * @property {string} [csrfHeader]
 * @property {OutboxStorage | null} [storage] null: nothing is kept on the device
 * @property {(url: string, init: RequestInit) => Promise<Response>} [fetch]
 * @property {{initial?: number, max?: number, factor?: number}} [backoff] milliseconds
 * @property {() => number} [random] for the backoff's jitter
 * @property {number} [timeout] milliseconds before a request is given up
 * @property {(event: SyncEvent) => void} [onStatusChange]
 */

/**
 * What the outbox keeps under its key: the unsent batches, and the last seq per SCO and attempt (shared by the
 * tabs of a course, so that two never send the same one).
 * @typedef {{v: number, batches: OutboxEntry[], seqs: SeqMap}} OutboxRecord
 * @typedef {Record<string, Record<string, number>>} SeqMap
 */

/**
 * How a request ended.
 * @typedef {Object} Outcome
 * @property {boolean} [done] every batch got its result
 * @property {boolean} [retry]
 * @property {boolean} [offline]
 * @property {boolean} [stop] refused: no automatic retry
 * @property {number} [status]
 * @property {string} [message]
 * @property {SyncProblem[]} [problems]
 */

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
  b[6] = ((b[6] || 0) & 0x0f) | 0x40;
  b[8] = ((b[8] || 0) & 0x3f) | 0x80;
  var hex = Array.prototype.map.call(b, function (/** @type {number} */ x) { return pad(x.toString(16), 2); }).join('');
  return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
}

/** @returns {OutboxStorage | null} */
function defaultStorage() {
  try {
    return window.localStorage;
  } catch (e) {
    return null; // storage disabled
  }
}

/**
 * @param {OutboxEntry} b
 * @returns {OutboxEntry} the fields sent, in this order
 */
function wire(b) {
  return { courseId: b.courseId, scoId: b.scoId, id: b.id, attempt: b.attempt, seq: b.seq, values: b.values, at: b.at };
}

/** @param {OutboxEntry[]} list */
function bodyOf(list) {
  return JSON.stringify({ batches: list.map(wire) });
}

/**
 * Consecutive batches from the start of `list`, within a number and a byte budget (at least one).
 * @param {OutboxEntry[]} list
 * @param {number} maxBatches
 * @param {number} maxBytes
 */
function takeChunk(list, maxBatches, maxBytes) {
  /** @type {OutboxEntry[]} */
  var chunk = [];
  var bytes = 14; // {"batches":[]}
  for (var i = 0; i < list.length && chunk.length < maxBatches; i++) {
    var b = /** @type {OutboxEntry} */ (list[i]);
    var size = utf8Length(JSON.stringify(wire(b))) + (chunk.length ? 1 : 0);
    if (chunk.length && bytes + size > maxBytes) break;
    chunk.push(b);
    bytes += size;
  }
  return chunk;
}

/**
 * @param {SeqMap} map
 * @param {string} scoId
 * @param {number} attempt
 */
function seqOf(map, scoId, attempt) {
  var known = map[scoId];
  var s = known && known[String(attempt)];
  return typeof s === 'number' && isFinite(s) ? s : 0;
}

/**
 * @param {SeqMap} map
 * @param {string} scoId
 * @param {number} attempt
 * @param {number} seq
 */
function recordSeq(map, scoId, attempt, seq) {
  var known = map[scoId];
  var entry = known && typeof known === 'object' ? known : {};
  entry[String(attempt)] = Math.max(seqOf(map, scoId, attempt), seq);
  // Only the latest attempts matter: keep three.
  var attempts = Object.keys(entry).map(Number).sort(function (a, b) { return b - a; });
  attempts.slice(3).forEach(function (a) { delete entry[String(a)]; });
  map[scoId] = entry;
}

/**
 * @param {OutboxOptions} [options]
 * @returns {Outbox}
 */
export function createOutbox(options) {
  var opts = options || /** @type {OutboxOptions} */ ({});
  if (opts.courseId === undefined || opts.courseId === null || opts.courseId === '') {
    throw new Error('PortailLMS.createOutbox: courseId is required');
  }
  var courseId = String(opts.courseId);
  var url = String(opts.api === undefined ? '/api/v1' : opts.api).replace(/\/+$/, '') + '/me/sync';
  var csrfHeader = opts.csrfHeader || 'X-Portail-CSRF';
  var storage = has(opts, 'storage') ? opts.storage || null : defaultStorage();
  var fetchFn = opts.fetch || (typeof fetch === 'function' ? fetch.bind(window) : null);
  var KEY = 'portail-outbox:' + courseId;
  var backoff = Object.assign({ initial: 1000, max: 30000, factor: 2 }, opts.backoff || {});
  var random = typeof opts.random === 'function' ? opts.random : Math.random;
  var timeoutMs = opts.timeout === undefined ? 30000 : Number(opts.timeout);
  /** @type {((event: SyncEvent) => void)[]} */
  var listeners = [];
  if (typeof opts.onStatusChange === 'function') listeners.push(opts.onStatusChange);

  /** @type {OutboxEntry[]} */
  var unsaved = [];     // batches that could not be written to storage (kept in memory, sent all the same)
  /** @type {SeqMap} */
  var memorySeqs = {};  // scoId → {attempt: seq}, mirrors storage
  /** @type {string | null} */
  var storageProblem = null;
  var inFlight = false;
  /** @type {ReturnType<typeof setTimeout> | null} */
  var retryTimer = null;
  var failures = 0;
  /** @type {string | null} */
  var stopped = null;   // message of a refused request: no automatic retry until flush()
  var closing = false;  // after flush({keepalive: true}): new batches go out with keepalive at once
  /** @type {((event: SyncEvent | null) => void)[]} */
  var waiters = [];
  /** @type {SyncEvent | null} */
  var lastStatus = null;
  /** @type {SyncProblem[]} */
  var lastProblems = [];

  // --- Storage ----------------------------------------------------------------------------------------------
  /** @returns {OutboxRecord} */
  function readRecord() {
    /** @type {any} */
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

  /** @param {OutboxRecord} record */
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
      var name = e && typeof e === 'object' ? /** @type {{name?: unknown}} */ (e).name : undefined;
      storageProblem = 'progress could not be kept on this device (' + (name ? name : 'storage error') + ')';
      return false;
    }
  }

  function pendingBatches() {
    var stored = readRecord().batches;
    /** @type {Record<string, boolean>} */
    var ids = {};
    stored.forEach(function (b) { ids[b.id] = true; });
    return stored.concat(unsaved.filter(function (b) { return !ids[b.id]; }));
  }

  /** @param {string[]} ids */
  function removeBatches(ids) {
    if (!ids.length) return;
    /** @type {Record<string, boolean>} */
    var gone = {};
    ids.forEach(function (id) { gone[id] = true; });
    var record = readRecord();
    var before = record.batches.length;
    record.batches = record.batches.filter(function (b) { return !gone[b.id]; });
    if (record.batches.length !== before) writeRecord(record);
    unsaved = unsaved.filter(function (b) { return !gone[b.id]; });
  }

  // --- Status -----------------------------------------------------------------------------------------------
  /**
   * @param {SyncEvent['state']} state
   * @param {string} [message]
   * @param {Partial<SyncEvent>} [extra]
   */
  function emit(state, message, extra) {
    var pending = pendingBatches().length;
    /** @type {SyncEvent} */
    var event = { kind: 'sync', state: state, pending: pending, message: message || '' };
    if (!event.message) {
      if (state === 'saved') event.message = 'All progress is saved.';
      else if (state === 'pending') event.message = pending + (pending === 1 ? ' change' : ' changes') + ' waiting to be saved.';
    }
    if (storageProblem) event.storage = storageProblem;
    if (extra) Object.assign(event, extra);
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
  /**
   * Sends batches; resolves (never rejects) with the outcome.
   * @param {OutboxEntry[]} list
   * @param {boolean} keepalive
   * @returns {Promise<Outcome>}
   */
  function post(list, keepalive) {
    /** @type {Record<string, string>} */
    var headers = { 'Content-Type': 'application/json' };
    headers[csrfHeader] = '1';
    /** @type {RequestInit} */
    var init = { method: 'POST', headers: headers, body: bodyOf(list), credentials: 'same-origin', cache: 'no-store' };
    if (keepalive) init.keepalive = true;
    /** @type {ReturnType<typeof setTimeout> | null} */
    var timer = null;
    if (!keepalive && timeoutMs > 0 && typeof AbortController === 'function') {
      var controller = new AbortController();
      init.signal = controller.signal;
      timer = setTimeout(function () { controller.abort(); }, timeoutMs);
    }
    /** @type {Promise<Response>} */
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

  /**
   * A /me/sync answer: every batch with a result is done (applied or not: both are final).
   * @param {OutboxEntry[]} list
   * @param {any} json
   * @returns {Outcome}
   */
  function handleResults(list, json) {
    var results = json && Array.isArray(json.results) ? json.results : null;
    if (!results) return { retry: true, message: 'the server\'s answer has no results' };
    /** @type {Record<string, OutboxEntry>} */
    var wanted = {};
    list.forEach(function (b) { wanted[b.id] = b; });
    /** @type {string[]} */
    var done = [];
    /** @type {SyncProblem[]} */
    var problems = [];
    results.forEach(function (/** @type {any} */ r) {
      if (!r || !has(wanted, r.id)) return;
      var b = /** @type {OutboxEntry} */ (wanted[r.id]);
      done.push(r.id);
      if (r.error) problems.push({ scoId: b.scoId, batch: r.id, seq: b.seq, message: String(r.error) });
      (Array.isArray(r.errors) ? r.errors : []).forEach(function (/** @type {any} */ e) {
        problems.push({ scoId: b.scoId, batch: r.id, seq: b.seq, code: e.code, element: e.element, message: e.message });
      });
    });
    removeBatches(done);
    var missing = list.length - done.length;
    return missing ? { retry: true, problems: problems, message: missing + ' batch(es) got no answer' }
      : { done: true, problems: problems };
  }

  /** @param {SyncProblem[] | undefined} problems */
  function reportProblems(problems) {
    var first = problems && problems[0];
    if (!problems || !first) return;
    lastProblems = problems;
    var message = 'the server refused ' + (problems.length === 1 ? 'a value' : problems.length + ' values') + ': ' +
      (first.element ? first.element + ' — ' : '') + first.message;
    emit('error', message, { errors: problems });
  }

  /** @param {number} n failures in a row */
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
        stopped = outcome.message || '';
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

  /**
   * Sends with keepalive, in bodies of at most 64 KiB; a single larger batch goes out without keepalive.
   * @param {OutboxEntry[]} list
   */
  function sendKeepalive(list) {
    /** @type {Promise<Outcome>[]} */
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
  /**
   * @param {BatchInput} input
   * @returns {OutboxEntry}
   */
  function enqueue(input) {
    if (!input || typeof input !== 'object') throw new Error('PortailLMS outbox: enqueue needs {scoId, attempt, seq, values}');
    var scoId = String(input.scoId === undefined ? '' : input.scoId);
    var attempt = Math.floor(Number(input.attempt));
    if (!(attempt >= 1)) throw new Error('PortailLMS outbox: attempt must be 1 or more');
    var seq = input.seq === undefined || input.seq === null ? nextSeq(scoId, attempt, 0) : Math.floor(Number(input.seq));
    if (!(seq >= 0)) throw new Error('PortailLMS outbox: seq must be 0 or more');
    /** @type {OutboxEntry} */
    var batch = {
      courseId: courseId, scoId: scoId, id: input.id ? String(input.id) : uuid(), attempt: attempt, seq: seq,
      values: stringValues(input.values), at: new Date().toISOString()
    };
    // First to storage: the batch survives a closed tab from now on.
    var record = readRecord();
    /** @type {Record<string, boolean>} */
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

  /**
   * Reserves the next sequence number of a SCO's attempt (above `floor` and every one reserved before).
   * @param {unknown} scoId
   * @param {number} attempt
   * @param {unknown} floor
   */
  function nextSeq(scoId, attempt, floor) {
    var id = String(scoId);
    var record = readRecord();
    var seq = Math.max(Math.floor(Number(floor) || 0), seqOf(record.seqs, id, attempt), seqOf(memorySeqs, id, attempt)) + 1;
    recordSeq(record.seqs, id, attempt, seq);
    recordSeq(memorySeqs, id, attempt, seq);
    writeRecord(record);
    return seq;
  }

  /**
   * Sends now: with keepalive when the page goes; else retries at once, even after a refusal.
   * @param {{keepalive?: boolean}} [flushOptions]
   * @returns {Promise<SyncEvent | null>}
   */
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

  /** @param {(event: SyncEvent) => void} fn */
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

  /** @type {Outbox} */
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
