// @ts-check
// PortailLMS.create: the API object of one SCO launch, SCORM's state machine (RTE 3.1 of 2004, 3.3 of 1.2) over
// a launch's values (launch.js), GetValue/SetValue (elements.js) and commits (commits.js).

import { startLaunch, completionStatus, successStatus, totalTimeText } from './launch.js';
import { getValue, setValue } from './elements.js';
import { statusSummary, sessionCs, finishStatus12, commitChanges } from './commits.js';
import { Failure, fail } from './errors.js';
import { has, safeCall, describeError } from './util.js';

/** @typedef {import('./contracts.js').CreateOptions} CreateOptions */
/** @typedef {import('./contracts.js').PortailApi} PortailApi */
/** @typedef {import('./contracts.js').Snapshot} Snapshot */
/** @typedef {import('./contracts.js').Values} Values */
/** @typedef {import('./errors.js').FailureKind} FailureKind */

/**
 * @param {CreateOptions} [options]
 * @returns {PortailApi}
 */
export function create(options) {
  var launch = startLaunch(options || { standard: undefined });
  var is2004 = launch.is2004;
  var lastError = { code: 0, diagnostic: '' };

  /**
   * Runs an API method: its result, or the failure's code kept for GetLastError and `failureResult`.
   * @param {() => string} body
   * @param {string} failureResult
   */
  function run(body, failureResult) {
    var result;
    try {
      result = body();
      lastError = { code: 0, diagnostic: '' };
    } catch (e) {
      if (e instanceof Failure) {
        lastError = { code: launch.codes[e.kind], diagnostic: e.diagnostic || '' };
      } else {
        lastError = { code: 101, diagnostic: 'PortailLMS internal error: ' + describeError(e) };
      }
      result = failureResult;
    }
    return result;
  }

  /**
   * @param {string} fn
   * @param {unknown[]} args
   */
  function requireEmptyArgument(fn, args) {
    if (args.length > 1 || (args.length === 1 && args[0] !== '' && args[0] !== undefined && args[0] !== null)) {
      fail('argument', fn + ' takes one argument, the empty string ""');
    }
  }

  /**
   * @param {FailureKind} before
   * @param {FailureKind} after
   */
  function requireRunning(before, after) {
    if (launch.session === 'running') return;
    fail(launch.session === 'terminated' ? after : before, 'the API is ' + launch.session);
  }

  function notify() {
    if (launch.onStatusChange) safeCall(launch.onStatusChange, null, [statusSummary(launch)]);
  }

  /**
   * @param {string} fn
   * @param {unknown[]} args
   */
  function initialize(fn, args) {
    return run(function () {
      requireEmptyArgument(fn, args);
      if (launch.session === 'running') fail('initTwice', 'already initialized');
      if (launch.session === 'terminated') fail('initAfterEnd', 'this launch was terminated; the SCO must be launched again');
      launch.session = 'running';
      notify();
      return 'true';
    }, 'false');
  }

  /**
   * @param {string} fn
   * @param {unknown[]} args
   * @param {boolean} forced the player ends a session the SCO left running
   */
  function terminate(fn, args, forced) {
    return run(function () {
      if (!forced) requireEmptyArgument(fn, args);
      if (launch.session === 'not initialized') fail('endBeforeInit', 'not initialized');
      if (launch.session === 'terminated') fail('endTwice', 'already terminated');
      if (!is2004) finishStatus12(launch);
      try {
        commitChanges(launch, true);
      } catch (e) {
        fail('endFailure', 'the data could not be saved: ' + describeError(e));
      }
      launch.session = 'terminated';
      launch.storedTotal += sessionCs(launch);
      launch.sessionSet = false;
      notify();
      var navigation = launch.navigation;
      if (is2004 && !forced) {
        var request = launch.values['adl.nav.request'] || '_none_';
        if (request !== '_none_' && navigation && typeof navigation.request === 'function') {
          var nav = navigation;
          var m = /^\{target=([^}]*)\}(choice|jump)$/.exec(request);
          // After the SCO's Terminate has returned: the player may unload the SCO.
          setTimeout(function () {
            if (m) safeCall(nav.request, nav, [m[2], m[1]]);
            else safeCall(nav.request, nav, [request]);
          }, 0);
        }
      }
      return 'true';
    }, 'false');
  }

  /**
   * @param {string} fn
   * @param {unknown[]} args
   */
  function commit(fn, args) {
    return run(function () {
      requireEmptyArgument(fn, args);
      requireRunning('commitBefore', 'commitAfter');
      try {
        commitChanges(launch, false);
      } catch (e) {
        fail('commitFailure', 'the data could not be saved: ' + describeError(e));
      }
      notify();
      return 'true';
    }, 'false');
  }

  /** @param {unknown[]} args */
  function get(args) {
    return run(function () {
      requireRunning('getBefore', 'getAfter');
      return getValue(launch, args[0]);
    }, '');
  }

  /** @param {unknown[]} args */
  function set(args) {
    return run(function () {
      requireRunning('setBefore', 'setAfter');
      return setValue(launch, args[0], args[1], args.length);
    }, 'false');
  }

  function getLastError() {
    return String(lastError.code);
  }

  /** @param {unknown} code */
  function getErrorString(code) {
    if (code === undefined || code === null || String(code) === '') return '';
    var text = launch.errors[Number(code)];
    return text === undefined ? '' : text;
  }

  /** @param {unknown} code */
  function getDiagnostic(code) {
    if (code === undefined || code === null || String(code) === '' || Number(code) === lastError.code) {
      if (lastError.code === 0) return '';
      return lastError.code + ' ' + launch.errors[lastError.code] + (lastError.diagnostic ? ': ' + lastError.diagnostic : '');
    }
    return getErrorString(code);
  }

  /** @param {IArguments} list */
  function argsOf(list) {
    return Array.prototype.slice.call(list);
  }

  /** @type {ScormApi12 | ScormApi2004} */
  var methods = is2004 ? {
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

  /**
   * For the player (not part of SCORM): the state to relaunch from.
   * @returns {Snapshot}
   */
  function snapshot() {
    /** @type {Values} */
    var out = {};
    var values = launch.values;
    Object.keys(values).forEach(function (k) { out[k] = /** @type {string} */ (values[k]); });
    Object.keys(launch.counts).forEach(function (k) { out[k + '._count'] = String(launch.counts[k]); });
    if (is2004) {
      if (has(out, 'cmi.completion_status') || completionStatus(launch) !== 'unknown') out['cmi.completion_status'] = completionStatus(launch);
      if (has(out, 'cmi.success_status') || successStatus(launch) !== 'unknown') out['cmi.success_status'] = successStatus(launch);
    }
    out[launch.names.total] = totalTimeText(launch, launch.storedTotal);
    return Object.assign(statusSummary(launch), {
      values: out,
      batches: launch.batches.map(function (b) { return JSON.parse(JSON.stringify(b)); }),
      state: { attempt: launch.attempt, seq: launch.lastSeq, values: out }
    });
  }

  /** The player ends a session the SCO left running (it was unloaded without Terminate): what it set is kept. */
  function forceTerminate() {
    if (launch.session !== 'running') return false;
    var saved = lastError;
    var ok = terminate('forceTerminate', [], true) === 'true';
    lastError = saved;
    return ok;
  }

  Object.defineProperty(methods, 'snapshot', { enumerable: false, value: snapshot });
  Object.defineProperty(methods, 'forceTerminate', { enumerable: false, value: forceTerminate });
  return /** @type {PortailApi} */ (methods);
}
