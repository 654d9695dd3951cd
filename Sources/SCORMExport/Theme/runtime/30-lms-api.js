// @ts-check
// The LMS's API: found by ADL's discovery algorithm, called through one function that checks the error code
// after each call and reports errors on the status line (never thrown into the page).

/**
 * The API's method names in this SCO's standard.
 * @typedef {Object} ApiNames
 * @property {'API' | 'API_1484_11'} object
 * @property {string} init
 * @property {string} finish
 * @property {string} get
 * @property {string} set
 * @property {string} commit
 * @property {string} lastError
 * @property {string} errorString
 * @property {string} diagnostic
 */
/** @typedef {'init' | 'finish' | 'get' | 'set' | 'commit'} ApiMethod */
/** @typedef {{value: string, ok: boolean, code: string}} CallResult */

/** @type {ApiNames} */
var NAMES = IS2004 ? {
  object: 'API_1484_11', init: 'Initialize', finish: 'Terminate', get: 'GetValue', set: 'SetValue',
  commit: 'Commit', lastError: 'GetLastError', errorString: 'GetErrorString', diagnostic: 'GetDiagnostic'
} : {
  object: 'API', init: 'LMSInitialize', finish: 'LMSFinish', get: 'LMSGetValue', set: 'LMSSetValue',
  commit: 'LMSCommit', lastError: 'LMSGetLastError', errorString: 'LMSGetErrorString',
  diagnostic: 'LMSGetDiagnostic'
};

/**
 * @param {Window} win
 * @returns {Record<string, unknown> | null}
 */
function lookIn(win) {
  try {
    var candidate = /** @type {unknown} */ (win[NAMES.object]);
    return candidate && typeof candidate === 'object' || typeof candidate === 'function'
      ? /** @type {Record<string, unknown>} */ (candidate) : null;
  } catch (e) {
    return null; // another origin
  }
}

/**
 * ADL's discovery algorithm: up to 500 parents, then the same from the opener.
 * @param {Window} win
 */
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
    /** @type {Window | null} */
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

/**
 * Calls a method of the API object by name (what it throws is the caller's).
 * @param {string} name
 * @param {unknown[]} args
 */
function invoke(name, args) {
  var target = /** @type {Record<string, unknown>} */ (api);
  return /** @type {Function} */ (target[name]).apply(target, args);
}

/**
 * Calls one API method and checks GetLastError; errors go to the status line, never thrown.
 * @param {ApiMethod} method
 * @param {string[]} args
 * @param {boolean} writes an error means the progress was not saved
 * @returns {CallResult}
 */
function call(method, args, writes) {
  var result = '';
  try {
    result = invoke(NAMES[method], args);
  } catch (e) {
    reportApiError(NAMES[method], args, '', String(e && /** @type {{message?: unknown}} */ (e).message || e), writes);
    return { value: '', ok: false, code: '' };
  }
  var code = '0';
  try {
    code = String(invoke(NAMES.lastError, []));
  } catch (e) {
    code = '0';
  }
  if (code !== '0' && code !== '') {
    var text = '';
    try {
      text = String(invoke(NAMES.errorString, [code]));
    } catch (e) {
      text = '';
    }
    reportApiError(NAMES[method], args, code, text, writes);
    return { value: result == null ? '' : String(result), ok: false, code: code };
  }
  return { value: result == null ? '' : String(result), ok: true, code: '0' };
}

/**
 * @param {string} fn
 * @param {string[]} args
 * @param {string} code
 * @param {string} text
 * @param {boolean} writes
 */
function reportApiError(fn, args, code, text, writes) {
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

/** @param {string} element */
function getValue(element) {
  return call('get', [element], false);
}

/**
 * @param {string} element
 * @param {unknown} value
 */
function setValue(element, value) {
  var r = call('set', [element, String(value)], true);
  if (r.ok) lastWritten[element] = String(value);
  return r.ok;
}

/**
 * Sets an element unless this session already set it to the same value.
 * @param {string} element
 * @param {unknown} value
 */
function setIfChanged(element, value) {
  if (lastWritten[element] === String(value)) return true;
  return setValue(element, value);
}
