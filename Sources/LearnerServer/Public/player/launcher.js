// @ts-check
// Launching SCOs: the SCO shown is unloaded (and its session ended), the API object of the next one installed
// before its frame loads; navigation by the organization order, the table of contents and SCORM 2004
// adl.nav.request; what to open first.

import { create } from '../lms-runtime.js';
import {
  scos, frame, STANDARD, IS2004, LEARNER_ID, learner, t, indexOfSco, neighbour, scoAt
} from './page.js';
import { player } from './state.js';
import {
  known, live, lastAccess, effectiveState, isDone, isSuspended, lockOf, lockText, normalizeState, writeCache,
  withPendingCache
} from './progress.js';
import { render, showMessage, hideMessage, myCoursesAction, showUserHint } from './view.js';
import { showSync } from './sync-status.js';

/** @typedef {import('../lms-runtime/contracts.js').PortailApi} PortailApi */
/** @typedef {import('../lms-runtime/contracts.js').Navigation} Navigation */
/** @typedef {import('../lms-runtime/contracts.js').StatusSummary} StatusSummary */
/** @typedef {import('./page.js').ScoEntry} ScoEntry */
/** @typedef {import('./view.js').MessageAction} MessageAction */

var UNLOAD_TIMEOUT_MS = 4000;

function clearApi() {
  try {
    delete window.API;
  } catch (e) {
    window.API = undefined;
  }
  try {
    delete window.API_1484_11;
  } catch (e) {
    window.API_1484_11 = undefined;
  }
}

/**
 * This page's view of a SCO after its API object ran; only when it saved something (else the server keeps
 * the previous attempt: the runtime does not create an empty one).
 * @param {PortailApi} api
 * @param {string} scoId
 */
function rememberSnapshot(api, scoId) {
  try {
    var snap = api.snapshot();
    if (snap && snap.state && Array.isArray(snap.batches) && snap.batches.length) {
      known[scoId] = normalizeState(snap.state);
      writeCache();
    }
  } catch (e) {
    // a snapshot is a convenience
  }
}

/**
 * Unloads the SCO in the frame (it gets pagehide and terminates), then ends its API session if it did not.
 * @returns {Promise<void>}
 */
function unloadCurrent() {
  return new Promise(function (resolve) {
    var api = player.currentApi;
    var sco = player.current >= 0 ? scos[player.current] : undefined;
    function done() {
      if (api) {
        try {
          api.forceTerminate();
        } catch (e) {
          // already ended
        }
        if (sco) rememberSnapshot(api, sco.id);
      }
      player.currentApi = null;
      player.frameHasContent = false;
      resolve();
    }
    var shown = frame;
    if (!shown || !player.frameHasContent) {
      done();
      return;
    }
    var target = shown;
    var finished = false;
    var timer = setTimeout(finish, UNLOAD_TIMEOUT_MS);
    function finish() {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      target.removeEventListener('load', finish);
      done();
    }
    target.addEventListener('load', finish);
    target.src = 'about:blank';
  });
}

/**
 * An asset (no API): completed once shown.
 * @param {ScoEntry} sco
 */
function markAssetViewed(sco) {
  var outbox = player.outbox;
  if (isDone(indexOfSco(sco.id)) || !outbox) return;
  var state = effectiveState(sco.id);
  var attempt = Math.max(1, state.attempt);
  /** @type {Record<string, string>} */
  var values = {};
  values[IS2004 ? 'cmi.completion_status' : 'cmi.core.lesson_status'] = 'completed';
  try {
    outbox.enqueue({ scoId: sco.id, attempt: attempt, seq: outbox.nextSeq(sco.id, attempt, state.attempt === attempt ? state.seq : 0),
      values: values });
  } catch (e) {
    showSync({ state: 'error', message: e instanceof Error ? e.message : String(e), pending: 0 });
  }
}

/**
 * @param {number} launchId
 * @param {string} scoId
 * @returns {(summary: StatusSummary) => void}
 */
function onScoStatus(launchId, scoId) {
  return function (summary) {
    if (launchId !== player.launchCounter) return;
    live[scoId] = summary;
    if (player.currentApi) rememberSnapshot(player.currentApi, scoId);
    render();
  };
}

/**
 * What the API object asks the player (SCORM 2004 navigation).
 * @param {number} launchId
 * @returns {Navigation}
 */
function navigationFor(launchId) {
  return {
    valid: function (request, target) {
      if (launchId !== player.launchCounter) return false;
      if (request === 'continue') {
        var next = neighbour(player.current, 1);
        return next >= 0 && !lockOf(next);
      }
      if (request === 'previous') {
        var prev = neighbour(player.current, -1);
        return prev >= 0 && !lockOf(prev);
      }
      if (request === 'choice' || request === 'jump') {
        var index = indexOfSco(String(target));
        return index >= 0 && (request === 'jump' || !lockOf(index));
      }
      return undefined;
    },
    request: function (request, target) {
      if (launchId !== player.launchCounter || player.switching) return;
      navigationRequest(request, target);
    }
  };
}

/**
 * A 2004 navigation request, after the SCO's Terminate.
 * @param {string} request
 * @param {string} [target]
 */
function navigationRequest(request, target) {
  player.userHint = null;
  if (request === 'continue' || request === 'previous') {
    var index = neighbour(player.current, request === 'continue' ? 1 : -1);
    if (index < 0) {
      if (request === 'continue') endOfCourse();
      return;
    }
    launch(index, 'sco');
  } else if (request === 'choice' || request === 'jump') {
    var chosen = indexOfSco(String(target));
    var lock = chosen >= 0 ? lockOf(chosen) : null;
    if (chosen < 0 || (request === 'choice' && lock)) {
      showUserHint(-1, lock ? lockText(lock) : t('navUnavailable'));
      return;
    }
    launch(chosen, 'sco');
  } else if (request === 'exit' || request === 'abandon') {
    closeSco(t('exited'), [{ label: t('reopen'), onClick: function () { userLaunch(player.current, 'reopen'); } }, myCoursesAction()]);
  } else if (request === 'exitAll' || request === 'abandonAll') {
    closeSco(t('exitedAll'), [myCoursesAction()]);
  } else if (request === 'suspendAll') {
    closeSco(t('suspended'), [{ label: t('resume'), onClick: function () { userLaunch(player.current, 'resume'); } }, myCoursesAction()]);
  }
}

function endOfCourse() {
  var all = scos.every(function (_s, i) { return isDone(i); });
  closeSco(all ? t('courseCompleted') : t('endOfCourse'), [myCoursesAction()]);
}

/**
 * Ends the SCO shown and shows a message in its place.
 * @param {string} text
 * @param {MessageAction[]} actions
 */
function closeSco(text, actions) {
  player.switching = true;
  player.launchCounter++;
  unloadCurrent().then(function () {
    player.switching = false;
    clearApi();
    player.scoClosed = true;
    showMessage(text, 'info', actions, true);
    render();
    launchQueued();
  });
}

function launchQueued() {
  var q = player.queued;
  if (q) {
    player.queued = null;
    launch(q.index, q.reason);
  }
}

/**
 * The learner asks for a SCO: a locked one says why instead.
 * @param {number} index
 * @param {string} reason
 */
export function userLaunch(index, reason) {
  if (index < 0 || index >= scos.length) return;
  var lock = lockOf(index);
  if (lock && index !== player.current) {
    showUserHint(index, lockText(lock));
    return;
  }
  player.userHint = null;
  launch(index, reason);
}

/**
 * The previous or next button.
 * @param {number} direction
 */
export function step(direction) {
  if (!player.loaded) return;
  var index = player.current < 0 ? 0 : neighbour(player.current, direction);
  if (index < 0) return;
  userLaunch(index, direction > 0 ? 'next' : 'previous');
}

/**
 * Unloads the SCO shown, installs the API object of the new one, then loads it.
 * @param {number} index
 * @param {string} reason toc, next, previous, sco (its navigation request), resume, reopen
 */
export function launch(index, reason) {
  if (player.switching) {
    player.queued = { index: index, reason: reason };
    return;
  }
  player.switching = true;
  var launchId = ++player.launchCounter;
  unloadCurrent().then(function () {
    var sco = scoAt(index);
    player.current = index;
    player.scoClosed = false;
    hideMessage();
    clearApi();
    delete live[sco.id];
    if (sco.isSCO !== false) {
      var api;
      try {
        api = create({
          standard: STANDARD,
          scoId: sco.id,
          learner: { id: LEARNER_ID, name: learner.name === undefined ? '' : String(learner.name) },
          state: effectiveState(sco.id),
          masteryScore: sco.masteryScore,
          completionThreshold: sco.completionThreshold,
          launchData: sco.launchData,
          outbox: player.outbox,
          onStatusChange: onScoStatus(launchId, sco.id),
          navigation: navigationFor(launchId)
        });
      } catch (e) {
        player.switching = false;
        showMessage(t('loadError', { message: e instanceof Error ? e.message : String(e) }), 'error', [myCoursesAction()], true);
        render();
        return;
      }
      player.currentApi = api;
      // The API object is in place before the SCO's first script runs.
      if (IS2004) window.API_1484_11 = /** @type {ScormApi2004} */ (api);
      else window.API = /** @type {ScormApi12} */ (api);
    } else {
      player.currentApi = null;
      markAssetViewed(sco);
    }
    var shown = frame;
    if (shown) {
      shown.setAttribute('title', t('moduleFrame') + ' — ' + (sco.title || sco.id));
      shown.setAttribute('data-sco', sco.id);
      if (reason === 'sco') {
        var target = shown;
        var focusOnLoad = function () {
          target.removeEventListener('load', focusOnLoad);
          try {
            target.focus();
          } catch (e) {
            // nothing to focus
          }
        };
        target.addEventListener('load', focusOnLoad);
      }
      player.frameHasContent = true;
      shown.src = sco.url;
    }
    player.switching = false;
    render();
    launchQueued();
  });
}

/**
 * The SCO to open: the suspended one accessed last, else the first one not completed (-1: none).
 * @returns {number}
 */
export function resumeTarget() {
  return withPendingCache(findResumeTarget);
}

function findResumeTarget() {
  var best = -1;
  var bestTime = -Infinity;
  scos.forEach(function (sco, index) {
    if (sco.isSCO === false || !isSuspended(sco.id) || lockOf(index)) return;
    var time = lastAccess[sco.id] || 0;
    if (time >= bestTime) {
      best = index;
      bestTime = time;
    }
  });
  if (best >= 0) return best;
  for (var i = 0; i < scos.length; i++) {
    if (!isDone(i) && !lockOf(i)) return i;
  }
  return -1;
}
