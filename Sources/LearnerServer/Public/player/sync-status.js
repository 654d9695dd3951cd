// @ts-check
// The sync status line: saved, N pending, offline, or the error (with the server's message), a retry button and
// a sign-in link when the session has expired. A refused value stays visible a while.

import { syncEl, pageStrings, t } from './page.js';
import { player } from './state.js';
import { render } from './view.js';

/** @typedef {import('../lms-runtime/contracts.js').SyncEvent} SyncEvent */
/**
 * What the line shows: an outbox event, or the player's own (an error, offline).
 * @typedef {Object} SyncLine
 * @property {SyncEvent['state']} state
 * @property {number | undefined} [pending]
 * @property {string | undefined} [message]
 * @property {number | undefined} [status] HTTP status of a refusal (401: the session has expired)
 * @property {string | undefined} [storage] why progress cannot be kept on this device
 * @property {number | undefined} [retryIn]
 * @property {SyncEvent['errors']} [errors]
 */

var STICKY_MS = 15000;

/** @type {HTMLButtonElement | null} */
var retryButton = null;
/** @type {HTMLAnchorElement | null} */
var signInLink = null;
/** @type {ReturnType<typeof setTimeout> | null} */
var pendingTimer = null;
/** @type {SyncLine | null} */
var lastSync = null;
/** @type {{event: SyncLine, until: number} | null} a refused value stays on screen a while, though later saves succeed */
var sticky = null;
/** @type {ReturnType<typeof setTimeout> | null} */
var stickyTimer = null;

/** Adds the retry button and the sign-in link beside the server's status line. */
export function buildSyncControls() {
  var line = syncEl;
  if (!line) return;
  if (!line.hasAttribute('role')) line.setAttribute('role', 'status');
  if (!line.hasAttribute('aria-live')) line.setAttribute('aria-live', 'polite');
  var retry = document.createElement('button');
  retry.type = 'button';
  retry.id = 'portail-sync-retry';
  retry.className = 'portail-sync-retry';
  retry.textContent = t('retryNow');
  retry.hidden = true;
  retry.addEventListener('click', function () {
    if (player.outbox) player.outbox.flush();
  });
  var signIn = document.createElement('a');
  signIn.id = 'portail-sync-signin';
  signIn.href = '/';
  signIn.textContent = t('signInAgain');
  signIn.hidden = true;
  retryButton = retry;
  signInLink = signIn;
  // The status line, its retry button and sign-in link share one line, where the server put the status.
  var row = document.createElement('div');
  row.className = 'portail-sync';
  if (line.parentNode) line.parentNode.insertBefore(row, line);
  row.appendChild(line);
  row.appendChild(retry);
  row.appendChild(signIn);
}

/** @param {SyncLine} event */
function syncText(event) {
  var n = event.pending || 0;
  if (event.state === 'saved') return t('saved');
  if (event.state === 'pending') return t('pending', { n: n });
  if (event.state === 'offline') {
    if (typeof pageStrings.offlinePending === 'string') return t('offlinePending', { n: n });
    return n ? t('offline') + ' — ' + t('pending', { n: n }) : t('offline');
  }
  if (event.status === 401) return t('sessionExpired');
  return t('saveFailed', { message: event.message || ('HTTP ' + (event.status || '')) });
}

/** @param {SyncLine | null} event */
export function showSync(event) {
  if (!syncEl || !event) return;
  lastSync = event;
  var state = event.state || 'saved';
  if (state === 'saved' && (event.pending || 0) > 0) state = 'pending';
  var text = syncText({ state: state, pending: event.pending, message: event.message, status: event.status });
  if (event.storage) text += ' ' + t('storageProblem');
  if (syncEl.textContent !== text) syncEl.textContent = text;
  syncEl.setAttribute('data-state', state);
  syncEl.setAttribute('data-pending', String(event.pending || 0));
  if (event.message && state !== 'saved') syncEl.setAttribute('title', event.message);
  else syncEl.removeAttribute('title');
  if (retryButton) retryButton.hidden = !(state === 'offline' || (state === 'error' && event.status !== 401));
  if (signInLink) signInLink.hidden = !(state === 'error' && event.status === 401);
}

/** The outbox's status now (null before the outbox exists). */
export function outboxStatus() {
  return player.outbox ? player.outbox.status() : null;
}

/**
 * The outbox's status events.
 * @param {SyncEvent} event
 */
export function onSync(event) {
  if (!event) return;
  if (event.state === 'error' && Array.isArray(event.errors) && event.errors.length) {
    sticky = { event: event, until: Date.now() + STICKY_MS };
    if (stickyTimer) clearTimeout(stickyTimer);
    stickyTimer = setTimeout(function () {
      sticky = null;
      stickyTimer = null;
      showSync(outboxStatus());
    }, STICKY_MS);
  } else if (sticky && (event.state === 'saved' || event.state === 'pending') && Date.now() < sticky.until) {
    showSync(sticky.event); // the refusal stays visible; the line follows the outbox again when the timer ends
    render();
    return;
  }
  // A commit is usually saved within a few milliseconds: "1 en attente" only shows when it lasts.
  if (pendingTimer) {
    clearTimeout(pendingTimer);
    pendingTimer = null;
  }
  var quick = event.state === 'pending' && !event.retryIn && (!lastSync || lastSync.state === 'saved');
  if (quick && player.loaded) {
    pendingTimer = setTimeout(function () {
      pendingTimer = null;
      showSync(outboxStatus());
    }, 400);
    return;
  }
  showSync(event);
  if (event.state === 'saved' || event.state === 'error') render();
}
