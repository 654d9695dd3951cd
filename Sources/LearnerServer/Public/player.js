// @ts-check
/*
 * Portail's player page (/learn/{courseId}, docs/player.md "Page contracts"). ES2017 modules, no library, no
 * external URL.
 *
 * The server renders the shell: <nav><ol id="portail-toc"></ol></nav>, <iframe id="portail-sco-frame">,
 * <button id="portail-prev">, <button id="portail-next">, <p id="portail-sync-status" role="status">, and the
 * JSON <script type="application/json" id="portail-player"> {course, learner, api, csrfHeader, scos, strings}.
 *
 * The player:
 * - fills the table of contents from `scos` (grouped by `parents`), with each SCO's status from
 *   GET {api}/me/courses/{c}/scos/{s}/state (and the outbox's unsent batches), locked SCOs (`prerequisites`,
 *   aicc_script: player/prerequisites.js) and aria-current on the SCO shown;
 * - opens the SCO to resume: the suspended one accessed last (`cmi.exit` / `cmi.core.exit` = suspend), else the
 *   first one not completed;
 * - installs window.API (1.2) or window.API_1484_11 (2004), made by PortailLMS.create with the SCO's state,
 *   mastery score, completion threshold, launch data, the shared outbox and a navigation object, BEFORE it sets
 *   the frame's src;
 * - navigates: previous/next by the organization order; 2004 adl.nav.request (continue, previous, choice, jump,
 *   exit, exitAll, suspendAll, abandon, abandonAll) after Terminate;
 * - sends a heartbeat every 60 s while the page is visible; keeps the sync status line up to date ("Enregistré",
 *   "N en attente", "Hors ligne", the error); flushes the outbox on pagehide with keepalive.
 *
 * Modules (player/): page.js (the shell and its JSON), strings.js (fallback texts), state.js (what the modules
 * share), progress.js (states, statuses, locks), prerequisites.js, view.js (table of contents, buttons,
 * messages), sync-status.js, launcher.js. Texts come from the page JSON `strings` (the course language), with
 * French and English fallbacks (../i18n.js). For tests and debugging: window.PortailPlayer (read-only helpers).
 */

import { createOutbox } from './lms-runtime.js';
import {
  dataEl, configProblem, scos, API_BASE, CSRF_HEADER, COURSE_ID, t, scoAt, apiUrl, scoPath, csrfHeaders
} from './player/page.js';
import { player } from './player/state.js';
import { learnerStorage, loadStates, effectiveState, statusOf, isDone, lockOf, withPendingCache } from './player/progress.js';
import { parsePrerequisites, evaluatePrerequisites } from './player/prerequisites.js';
import { buildPage, render, showMessage, myCoursesAction } from './player/view.js';
import { buildSyncControls, showSync, onSync, outboxStatus } from './player/sync-status.js';
import { launch, userLaunch, step, resumeTarget } from './player/launcher.js';

/** @typedef {import('./lms-runtime/outbox.js').OutboxOptions} OutboxOptions */

var HEARTBEAT_MS = 60000;

function heartbeat() {
  if (document.visibilityState !== 'visible' || player.current < 0 || !player.frameHasContent) return;
  var sco = scoAt(player.current);
  fetch(apiUrl(scoPath(sco.id, '/heartbeat')), {
    method: 'POST', credentials: 'same-origin', cache: 'no-store', headers: csrfHeaders()
  }).then(function (response) {
    var outbox = player.outbox;
    // The server answers again: whatever waits in the outbox can go now.
    if (response.ok && outbox) {
      var s = outbox.status();
      if (s.state === 'offline' || (s.state === 'pending' && s.pending > 0)) outbox.flush();
    }
    if (response.status === 401) showSync({ state: 'error', status: 401, pending: outbox ? outbox.status().pending : 0 });
  }, function () {
    // offline: the outbox shows it
  });
}

function installLifecycle() {
  setInterval(heartbeat, HEARTBEAT_MS);
  window.addEventListener('pagehide', function () {
    if (player.outbox) player.outbox.flush({ keepalive: true });
  });
  window.addEventListener('pageshow', function (event) {
    // Back from the back-forward cache: the SCO ended its session on pagehide; launch it again.
    if (event.persisted && player.current >= 0 && player.loaded) {
      player.frameHasContent = true;
      launch(player.current, 'resume');
    }
  });
  document.addEventListener('visibilitychange', function () {
    var outbox = player.outbox;
    if (document.visibilityState === 'visible' && outbox && outbox.status().state === 'offline') outbox.flush();
  });
  window.addEventListener('offline', function () {
    var status = outboxStatus();
    if (status) showSync(Object.assign({}, status, { state: /** @type {'offline'} */ ('offline') }));
  });
}

/** @param {string} text */
function fail(text) {
  player.loaded = true;
  showMessage(text, 'error', [myCoursesAction()], false);
  render();
  document.documentElement.classList.add('portail-player-ready');
}

function start() {
  buildPage({
    choose: function (index) { userLaunch(index, 'toc'); },
    step: step
  });
  buildSyncControls();
  if (configProblem || !dataEl) {
    fail(t('loadError', { message: configProblem || 'no #portail-player data' }));
    return;
  }
  if (!scos.length) {
    fail(t('noScos'));
    return;
  }
  /** @type {OutboxOptions} */
  var options = { api: API_BASE, csrfHeader: CSRF_HEADER, courseId: COURSE_ID, onStatusChange: onSync };
  if (learnerStorage) options.storage = learnerStorage;
  var outbox = createOutbox(options);
  player.outbox = outbox;
  showSync(outbox.status());
  showMessage(t('loading'), 'info', null, false);
  installLifecycle();
  loadStates().then(function (result) {
    player.loaded = true;
    if (result.fatal) {
      if (result.fatal.status === 401 || result.fatal.status === 403) {
        showSync({ state: 'error', status: 401, pending: outbox.status().pending });
        fail(t('sessionExpired'));
      } else {
        fail(t('notEnrolled'));
      }
      return;
    }
    var target = resumeTarget();
    if (target < 0) {
      var allDone = scos.every(function (_s, i) { return isDone(i); });
      player.current = -1;
      showMessage(allDone ? t('courseCompleted') : t('noScos'), 'info', [myCoursesAction()], false);
      render();
    } else {
      launch(target, 'resume');
    }
    document.documentElement.classList.add('portail-player-ready');
  });
}

// For tests and debugging only: read-only views of the player's state.
var debug = {
  current: function () { return player.current >= 0 ? scoAt(player.current).id : null; },
  statuses: function () {
    return withPendingCache(function () {
      /** @type {Record<string, string>} */
      var out = {};
      scos.forEach(function (sco, i) { out[sco.id] = lockOf(i) && i !== player.current ? 'locked' : statusOf(i); });
      return out;
    });
  },
  sync: function () { return player.outbox ? JSON.parse(JSON.stringify(player.outbox.status())) : null; },
  pending: function () { return player.outbox ? player.outbox.pending() : []; },
  flush: function () { return player.outbox ? player.outbox.flush() : Promise.resolve(null); },
  /** @param {string} scoId */
  state: function (scoId) { return JSON.parse(JSON.stringify(effectiveState(scoId))); },
  api: function () { return player.currentApi; },
  /**
   * Evaluates an aicc_script expression, taking the listed identifiers as completed and the others as not
   * attempted; throws on a syntax error.
   * @param {string} text
   * @param {string[]} doneIds
   */
  prerequisitesMet: function (text, doneIds) {
    var tree = parsePrerequisites(text);
    if (!tree) return true;
    return evaluatePrerequisites(tree, function (id) { return doneIds.indexOf(id) >= 0 ? 'completed' : 'not attempted'; });
  }
};

var defined = true;
try {
  Object.defineProperty(window, 'PortailPlayer', { value: Object.freeze(debug), writable: false, configurable: false });
} catch (e) {
  defined = false; // loaded twice (from another URL): the first one runs the page
}
if (defined) {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}
