// @ts-check
// The page around the SCO: the table of contents (grouped by the items' parents, each SCO's status, locks,
// aria-current), the previous/next buttons, the hint under them, and the message shown in place of the SCO.

import { scos, toc, frame, prevButton, nextButton, syncEl, t, neighbour, scoAt } from './page.js';
import { player } from './state.js';
import { statusOf, lockOf, lockText, withPendingCache } from './progress.js';

/** @typedef {import('./progress.js').Status} Status */

/**
 * What the learner's clicks ask for (the launcher's functions, given at start).
 * @typedef {Object} ViewActions
 * @property {(index: number) => void} choose a SCO chosen in the table of contents
 * @property {(direction: number) => void} step previous (-1) or next (1)
 */

/**
 * An action under a message: a link, or a button.
 * @typedef {{label: string, href: string} | {label: string, onClick: () => void}} MessageAction
 */

/**
 * The table of contents as a tree: groups (the items' parents) holding SCOs (by index).
 * @typedef {{group: true, title: string, children: TocNode[]} | {group?: false, index: number}} TocNode
 */

/** @type {Record<Status | 'locked', string>} */
var STATUS_KEY = {
  'not attempted': 'statusNotAttempted', incomplete: 'statusIncomplete', completed: 'statusCompleted',
  passed: 'statusPassed', failed: 'statusFailed', locked: 'statusLocked'
};

/** @type {HTMLButtonElement[]} */
var tocButtons = [];
/** @type {HTMLElement[]} */
var tocStatus = [];
/** @type {HTMLElement | null} */
var hintEl = null;
/** @type {HTMLElement | null} */
var messageEl = null;
var groupCounter = 0;

/** @returns {TocNode[]} */
function buildTree() {
  /** @type {{children: TocNode[]}} */
  var root = { children: [] };
  scos.forEach(function (sco, index) {
    var node = root;
    (Array.isArray(sco.parents) ? sco.parents : []).forEach(function (title) {
      var last = node.children[node.children.length - 1];
      if (last && last.group && last.title === String(title)) {
        node = last;
      } else {
        /** @type {TocNode} */
        var group = { group: true, title: String(title), children: [] };
        node.children.push(group);
        node = group;
      }
    });
    node.children.push({ index: index });
  });
  return root.children;
}

/**
 * @param {HTMLElement} list
 * @param {TocNode[]} children
 * @param {ViewActions} actions
 */
function renderNodes(list, children, actions) {
  children.forEach(function (node) {
    var only = node.group && node.children.length === 1 ? node.children[0] : undefined;
    if (node.group && only && !only.group && scoAt(only.index).title === node.title) {
      node = only; // a module holding one SCO of the same title: one line
    }
    var li = document.createElement('li');
    if (node.group) {
      li.className = 'portail-toc-group';
      var heading = document.createElement('span');
      heading.className = 'portail-toc-module';
      heading.id = 'portail-toc-group-' + (++groupCounter);
      heading.textContent = node.title;
      var sub = document.createElement('ol');
      sub.setAttribute('aria-labelledby', heading.id);
      li.appendChild(heading);
      li.appendChild(sub);
      renderNodes(sub, node.children, actions);
    } else {
      var index = node.index;
      var sco = scoAt(index);
      li.className = 'portail-toc-item';
      li.setAttribute('data-sco', sco.id);
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'portail-toc-link';
      button.setAttribute('data-sco', sco.id);
      var title = document.createElement('span');
      title.className = 'portail-toc-title';
      title.textContent = sco.title || sco.id;
      var separator = document.createElement('span');
      separator.className = 'portail-visually-hidden';
      separator.textContent = ' — ';
      var status = document.createElement('span');
      status.className = 'portail-toc-status';
      status.textContent = t('statusUnknown');
      button.appendChild(title);
      button.appendChild(separator);
      button.appendChild(status);
      button.addEventListener('click', function () { actions.choose(index); });
      tocButtons[index] = button;
      tocStatus[index] = status;
      li.appendChild(button);
    }
    list.appendChild(li);
  });
}

/**
 * Tags the shell for portail.css (the server's classes are used when present): the layout holding the TOC and
 * the main column, the main column, the bar of the previous/next buttons.
 */
function tagLayout() {
  document.documentElement.classList.add('portail-player-page');
  var nav = toc && toc.closest ? toc.closest('nav') : null;
  /** @type {HTMLElement | null} */
  var main = frame && frame.closest ? frame.closest('main') : null;
  if (!main && frame) main = /** @type {HTMLElement | null} */ (frame.parentElement);
  if (nav) nav.classList.add('portail-player-toc');
  if (main) main.classList.add('portail-player-main');
  var layout = main ? main.parentElement : null;
  if (nav && main && layout && nav.parentNode === layout && layout !== document.body) {
    layout.classList.add('portail-player-layout');
  } else if (document.body) {
    document.body.classList.add('portail-player-layout');
  }
  var buttonBar = prevButton ? prevButton.parentElement : null;
  if (prevButton && nextButton && buttonBar && buttonBar === nextButton.parentElement && buttonBar !== main) {
    buttonBar.classList.add('portail-player-pager');
  } else if (main && (prevButton || nextButton)) {
    // Buttons placed directly in <main>: one bar for both.
    var bar = document.createElement('div');
    bar.className = 'portail-player-pager';
    main.insertBefore(bar, prevButton || nextButton);
    if (prevButton) bar.appendChild(prevButton);
    if (nextButton) bar.appendChild(nextButton);
  }
}

/**
 * Builds the page around the server's shell: the table of contents, the buttons, the hint line and the message
 * panel.
 * @param {ViewActions} actions
 */
export function buildPage(actions) {
  tagLayout();
  if (toc) {
    var nav = toc.closest ? toc.closest('nav') : null;
    if (nav && !nav.hasAttribute('aria-label') && !nav.hasAttribute('aria-labelledby')) {
      nav.setAttribute('aria-label', t('contents'));
    }
    while (toc.firstChild) toc.removeChild(toc.firstChild);
    renderNodes(toc, buildTree(), actions);
  }
  if (prevButton && !(prevButton.textContent || '').trim()) prevButton.textContent = t('previousModule');
  if (nextButton && !(nextButton.textContent || '').trim()) nextButton.textContent = t('nextModule');
  if (prevButton) prevButton.addEventListener('click', function () { actions.step(-1); });
  if (nextButton) nextButton.addEventListener('click', function () { actions.step(1); });

  // A line under the buttons for navigation hints (locked module, end of course).
  hintEl = document.createElement('p');
  hintEl.id = 'portail-nav-hint';
  hintEl.className = 'portail-nav-hint';
  hintEl.setAttribute('aria-live', 'polite');
  var anchor = nextButton || prevButton || syncEl;
  if (anchor && anchor.parentNode) anchor.parentNode.insertBefore(hintEl, anchor.nextSibling);
  else if (frame && frame.parentNode) frame.parentNode.appendChild(hintEl);

  // A panel shown instead of the SCO (loading, end of course, errors).
  messageEl = document.createElement('div');
  messageEl.id = 'portail-player-message';
  messageEl.className = 'portail-player-message';
  messageEl.setAttribute('tabindex', '-1');
  messageEl.hidden = true;
  if (frame && frame.parentNode) frame.parentNode.insertBefore(messageEl, frame);

  if (frame && !frame.getAttribute('title')) frame.setAttribute('title', t('moduleFrame'));
}

/** @param {string} text */
function showHint(text) {
  if (!hintEl) return;
  hintEl.textContent = text || '';
  hintEl.hidden = !text;
}

/**
 * A hint the learner asked for (a locked module clicked): it stays until that module opens up.
 * @param {number} index
 * @param {string} text
 */
export function showUserHint(index, text) {
  player.userHint = { index: index, text: text };
  showHint(text);
}

/**
 * Shows a message in place of the SCO.
 * @param {string} text
 * @param {string} kind info or error
 * @param {MessageAction[] | null} actions
 * @param {boolean} moveFocus
 */
export function showMessage(text, kind, actions, moveFocus) {
  var panel = messageEl;
  if (!panel) return;
  while (panel.firstChild) panel.removeChild(panel.firstChild);
  var p = document.createElement('p');
  p.textContent = text;
  panel.appendChild(p);
  if (actions && actions.length) {
    var row = document.createElement('p');
    row.className = 'portail-actions';
    actions.forEach(function (action) {
      var el;
      if ('href' in action) {
        var link = document.createElement('a');
        link.href = action.href;
        el = link;
      } else {
        var button = document.createElement('button');
        button.type = 'button';
        button.addEventListener('click', action.onClick);
        el = button;
      }
      el.textContent = action.label;
      row.appendChild(el);
    });
    panel.appendChild(row);
  }
  panel.setAttribute('data-kind', kind || 'info');
  panel.hidden = false;
  if (frame) frame.hidden = true;
  if (moveFocus) panel.focus();
}

export function hideMessage() {
  if (messageEl) messageEl.hidden = true;
  if (frame) frame.hidden = false;
}

/** @returns {MessageAction} */
export function myCoursesAction() {
  return { label: t('myCourses'), href: '/' };
}

/** Updates the statuses, locks, aria-current, the buttons and the hint. */
export function render() {
  withPendingCache(renderNow);
}

function renderNow() {
  var current = player.current;
  var loaded = player.loaded;
  scos.forEach(function (_sco, index) {
    var button = tocButtons[index];
    var statusEl = tocStatus[index];
    if (!button || !statusEl) return;
    var lock = lockOf(index);
    var status = loaded ? statusOf(index) : null;
    /** @type {Status | 'locked' | null} */
    var shown = lock && index !== current ? 'locked' : status;
    statusEl.textContent = shown ? t(STATUS_KEY[shown]) : t('statusUnknown');
    var li = button.parentElement;
    if (li) li.setAttribute('data-status', shown || 'loading');
    button.setAttribute('data-status', shown || 'loading');
    if (lock && index !== current) button.setAttribute('aria-disabled', 'true');
    else button.removeAttribute('aria-disabled');
    if (index === current && !player.scoClosed) button.setAttribute('aria-current', 'page');
    else button.removeAttribute('aria-current');
  });
  var prev = current < 0 ? -1 : neighbour(current, -1);
  var next = current < 0 ? (scos.length ? 0 : -1) : neighbour(current, 1);
  if (prevButton) prevButton.disabled = !loaded || prev < 0;
  if (nextButton) {
    nextButton.disabled = !loaded || next < 0;
    var lock = next >= 0 ? lockOf(next) : null;
    if (lock) nextButton.setAttribute('aria-describedby', 'portail-nav-hint');
    else nextButton.removeAttribute('aria-describedby');
  }
  // A hint the learner asked for (a locked module clicked) stays until that module opens up.
  var hint = player.userHint;
  if (hint && (hint.index < 0 || !lockOf(hint.index))) player.userHint = null;
  if (loaded && !player.userHint) {
    var nextLock = next >= 0 ? lockOf(next) : null;
    showHint(nextLock ? lockText(nextLock) : '');
  }
}
