/*
 * Portail's player page (/learn/{courseId}, docs/player.md "Page contracts"). Plain ES2017, no library, no
 * external URL. Needs lms-runtime.js (window.PortailLMS) loaded first.
 *
 * The server renders the shell: <nav><ol id="portail-toc"></ol></nav>, <iframe id="portail-sco-frame">,
 * <button id="portail-prev">, <button id="portail-next">, <p id="portail-sync-status" role="status">, and the
 * JSON <script type="application/json" id="portail-player"> {course, learner, api, csrfHeader, scos, strings}.
 *
 * This script:
 * - fills the table of contents from `scos` (grouped by `parents`), with each SCO's status from
 *   GET {api}/me/courses/{c}/scos/{s}/state (and the outbox's unsent batches), locked SCOs (`prerequisites`,
 *   aicc_script: identifiers with & | ~ and parentheses) and aria-current on the SCO shown;
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
 * Texts come from the page JSON `strings` (the course language), with French and English fallbacks.
 * For tests and debugging: window.PortailPlayer (read-only helpers).
 */
(function () {
  'use strict';

  var HEARTBEAT_MS = 60000;
  var UNLOAD_TIMEOUT_MS = 4000;

  // =============================================================================================================
  // Texts
  // =============================================================================================================

  var FALLBACK = {
    fr: {
      contents: 'Sommaire du cours',
      previousModule: 'Module précédent',
      nextModule: 'Module suivant',
      statusNotAttempted: 'Non commencé',
      statusIncomplete: 'En cours',
      statusCompleted: 'Terminé',
      statusPassed: 'Réussi',
      statusFailed: 'Échoué',
      statusLocked: 'Verrouillé',
      statusUnknown: '…',
      lockedHint: 'Ce module s’ouvrira quand vous aurez terminé : {list}.',
      saved: 'Enregistré',
      pending: '{n} en attente',
      offline: 'Hors ligne',
      saveFailed: 'L’enregistrement a échoué : {message}',
      storageProblem: 'Attention : votre progression ne peut pas être gardée sur cet appareil.',
      retryNow: 'Réessayer',
      sessionExpired: 'Votre session a expiré : reconnectez-vous pour enregistrer votre progression.',
      signInAgain: 'Se reconnecter',
      loading: 'Chargement…',
      loadError: 'Le cours n’a pas pu être chargé : {message}',
      notEnrolled: 'Vous n’êtes pas inscrit·e à ce cours.',
      noScos: 'Ce cours n’a aucun module à afficher.',
      moduleFrame: 'Contenu du module',
      suspended: 'Votre progression est enregistrée. Vous pourrez reprendre plus tard.',
      exited: 'Vous avez quitté ce module. Choisissez un module dans le sommaire.',
      exitedAll: 'Vous avez quitté le cours.',
      courseCompleted: 'Vous avez terminé ce cours.',
      endOfCourse: 'C’était le dernier module du cours.',
      resume: 'Reprendre',
      reopen: 'Rouvrir le module',
      myCourses: 'Mes cours',
      navUnavailable: 'Cette navigation n’est pas possible ici.',
      currentModule: 'module affiché'
    },
    en: {
      contents: 'Course contents',
      previousModule: 'Previous module',
      nextModule: 'Next module',
      statusNotAttempted: 'Not started',
      statusIncomplete: 'In progress',
      statusCompleted: 'Completed',
      statusPassed: 'Passed',
      statusFailed: 'Failed',
      statusLocked: 'Locked',
      statusUnknown: '…',
      lockedHint: 'This module opens once you have completed: {list}.',
      saved: 'Saved',
      pending: '{n} pending',
      offline: 'Offline',
      saveFailed: 'Saving failed: {message}',
      storageProblem: 'Warning: your progress cannot be kept on this device.',
      retryNow: 'Retry',
      sessionExpired: 'Your session has expired: sign in again to save your progress.',
      signInAgain: 'Sign in again',
      loading: 'Loading…',
      loadError: 'The course could not be loaded: {message}',
      notEnrolled: 'You are not enrolled in this course.',
      noScos: 'This course has no module to show.',
      moduleFrame: 'Module content',
      suspended: 'Your progress is saved. You can resume later.',
      exited: 'You left this module. Choose a module in the contents.',
      exitedAll: 'You left the course.',
      courseCompleted: 'You have completed this course.',
      endOfCourse: 'That was the last module of the course.',
      resume: 'Resume',
      reopen: 'Open the module again',
      myCourses: 'My courses',
      navUnavailable: 'This navigation is not available here.',
      currentModule: 'current module'
    }
  };

  // =============================================================================================================
  // The page
  // =============================================================================================================

  function $(id) {
    return document.getElementById(id);
  }

  var dataEl = $('portail-player');
  var toc = $('portail-toc');
  var frame = $('portail-sco-frame');
  var prevButton = $('portail-prev');
  var nextButton = $('portail-next');
  var syncEl = $('portail-sync-status');

  var config = null;
  var configProblem = null;
  try {
    config = JSON.parse(dataEl ? dataEl.textContent : 'null');
  } catch (e) {
    configProblem = e && e.message ? e.message : String(e);
  }
  if (!config || typeof config !== 'object') config = {};

  var course = config.course && typeof config.course === 'object' ? config.course : {};
  var learner = config.learner && typeof config.learner === 'object' ? config.learner : {};
  var API_BASE = String(config.api || '/api/v1').replace(/\/+$/, '');
  var CSRF_HEADER = String(config.csrfHeader || 'X-Portail-CSRF');
  var STANDARD = /1\.?2/.test(String(course.standard || '')) && !/2004/.test(String(course.standard || ''))
    ? 'scorm12' : 'scorm2004';
  var IS2004 = STANDARD === 'scorm2004';
  var COURSE_ID = course.id === undefined || course.id === null ? '' : String(course.id);
  var LEARNER_ID = learner.id === undefined || learner.id === null ? '' : String(learner.id);
  var scos = (Array.isArray(config.scos) ? config.scos : []).filter(function (s) {
    return s && typeof s === 'object' && typeof s.id === 'string' && s.id !== '' && typeof s.url === 'string';
  });

  var langTag = String(document.documentElement.getAttribute('lang') || course.language || 'fr').toLowerCase();
  var fallback = FALLBACK[langTag.slice(0, 2)] || FALLBACK.en;
  var pageStrings = config.strings && typeof config.strings === 'object' ? config.strings : {};

  /** A text of the page: the server's `strings`, else the fallback; {name} placeholders filled. */
  function t(key, params) {
    var text = typeof pageStrings[key] === 'string' && pageStrings[key] !== '' ? pageStrings[key]
      : fallback[key] !== undefined ? fallback[key] : FALLBACK.en[key] !== undefined ? FALLBACK.en[key] : key;
    if (params) {
      text = text.replace(/\{(\w+)\}/g, function (all, name) {
        return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : all;
      });
    }
    return text;
  }

  function indexOfSco(id) {
    for (var i = 0; i < scos.length; i++) if (scos[i].id === id) return i;
    return -1;
  }

  function apiUrl(path) {
    return API_BASE + path;
  }

  function scoPath(scoId, tail) {
    return '/me/courses/' + encodeURIComponent(COURSE_ID) + '/scos/' + encodeURIComponent(scoId) + tail;
  }

  function csrfHeaders(extra) {
    var headers = {};
    headers[CSRF_HEADER] = '1';
    if (extra) Object.keys(extra).forEach(function (k) { headers[k] = extra[k]; });
    return headers;
  }

  /** The server's error sentence from a response, or the status. */
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

  // =============================================================================================================
  // Local cache of the states (for a visit without network) and the outbox's storage, per learner
  // =============================================================================================================

  var CACHE_KEY = 'portail-player:' + COURSE_ID + ':' + LEARNER_ID;

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
   */
  var learnerStorage = storage ? {
    getItem: function (key) { return storage.getItem(key + ':' + LEARNER_ID); },
    setItem: function (key, value) { storage.setItem(key + ':' + LEARNER_ID, value); },
    removeItem: function (key) { storage.removeItem(key + ':' + LEARNER_ID); }
  } : null;

  function readCache() {
    if (!storage) return {};
    try {
      var parsed = JSON.parse(storage.getItem(CACHE_KEY) || 'null');
      return parsed && parsed.states && typeof parsed.states === 'object' ? parsed.states : {};
    } catch (e) {
      return {};
    }
  }

  function writeCache() {
    if (!storage) return;
    try {
      storage.setItem(CACHE_KEY, JSON.stringify({ v: 1, states: known }));
    } catch (e) {
      // a full storage only costs the offline start
    }
  }

  // =============================================================================================================
  // State and status of each SCO
  // =============================================================================================================

  var known = {};          // scoId → {attempt, seq, values}: the server's state, then this page's snapshots
  var lastAccess = {};     // scoId → ms since epoch, from the progress API
  var live = {};           // scoId → the running API object's last status summary
  var current = -1;        // index of the SCO shown (or last shown)
  var currentApi = null;
  var launchCounter = 0;   // identifies a launch: late navigation callbacks of an older one are ignored
  var switching = false;
  var frameHasContent = false;
  var scoClosed = false;   // the SCO ended by exit, exitAll, suspendAll or the end of the course: a message shows
  var userHint = null;     // {index, text}: why the module the learner chose cannot open
  var queued = null;       // a launch asked for while another one was switching

  function emptyState() {
    return { attempt: 0, seq: 0, values: {} };
  }

  function normalizeState(s) {
    if (!s || typeof s !== 'object') return emptyState();
    var values = {};
    if (s.values && typeof s.values === 'object') {
      Object.keys(s.values).forEach(function (k) {
        if (typeof s.values[k] === 'string') values[k] = s.values[k];
      });
    }
    return { attempt: Math.max(0, Math.floor(Number(s.attempt) || 0)), seq: Math.max(0, Math.floor(Number(s.seq) || 0)),
      values: values };
  }

  var pendingCache = null; // scoId → unsent batches, during one render pass

  function pendingOf(scoId) {
    if (pendingCache) return pendingCache[scoId] || [];
    try {
      return outbox ? outbox.pending(scoId) : [];
    } catch (e) {
      return [];
    }
  }

  /** Runs fn with the outbox read once (it parses localStorage on every call). */
  function withPendingCache(fn) {
    if (pendingCache) return fn();
    var cache = {};
    try {
      (outbox ? outbox.pending() : []).forEach(function (b) {
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

  /** The state of a SCO with the outbox's unsent batches on top (what the server will have). */
  function effectiveState(scoId) {
    var state = known[scoId] ? known[scoId] : emptyState();
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

  /** not attempted | incomplete | completed | passed | failed */
  function statusOf(index) {
    var sco = scos[index];
    var summary = live[sco.id];
    if (summary && index === current && currentApi) {
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
      if (v['cmi.success_status'] === 'passed' || v['cmi.success_status'] === 'failed') return v['cmi.success_status'];
      if (v['cmi.completion_status'] === 'completed') return 'completed';
      return 'incomplete';
    }
    var lesson = v['cmi.core.lesson_status'];
    if (lesson === 'passed' || lesson === 'failed' || lesson === 'completed') return lesson;
    if (lesson === 'not attempted' && Object.keys(v).length === 1) return 'not attempted';
    return 'incomplete';
  }

  function isDone(index) {
    var s = statusOf(index);
    return s === 'completed' || s === 'passed';
  }

  function isSuspended(scoId) {
    var v = effectiveState(scoId).values;
    return v[IS2004 ? 'cmi.exit' : 'cmi.core.exit'] === 'suspend' || (IS2004 && v['adl.nav.request'] === 'suspendAll');
  }

  // =============================================================================================================
  // Prerequisites (SCORM 1.2 aicc_script: identifiers, & | ~ and parentheses)
  // =============================================================================================================

  var prerequisiteCache = {};

  /** Parses an expression into a tree; throws on a syntax error. */
  function parsePrerequisites(text) {
    var tokens = [];
    var re = /\s*(?:([&|~()])|([^\s&|~()]+))/g;
    var m;
    var rest = String(text);
    re.lastIndex = 0;
    var consumed = 0;
    while ((m = re.exec(rest)) !== null && m[0] !== '') {
      tokens.push(m[1] ? { op: m[1] } : { id: m[2] });
      consumed = re.lastIndex;
    }
    if (rest.slice(consumed).trim() !== '') throw new Error('unexpected text: ' + rest.slice(consumed));
    var position = 0;

    function peek() {
      return tokens[position];
    }

    function expect(op) {
      var tok = tokens[position++];
      if (!tok || tok.op !== op) throw new Error('expected ' + op);
    }

    function primary() {
      var tok = tokens[position++];
      if (!tok) throw new Error('unexpected end');
      if (tok.op === '~') return { not: primary() };
      if (tok.op === '(') {
        var inner = orExpr();
        expect(')');
        return inner;
      }
      if (tok.id) return { id: tok.id };
      throw new Error('unexpected ' + tok.op);
    }

    function andExpr() {
      var node = primary();
      while (peek() && peek().op === '&') {
        position++;
        node = { and: [node, primary()] };
      }
      return node;
    }

    function orExpr() {
      var node = andExpr();
      while (peek() && peek().op === '|') {
        position++;
        node = { or: [node, andExpr()] };
      }
      return node;
    }

    if (!tokens.length) return null;
    var tree = orExpr();
    if (position !== tokens.length) throw new Error('unexpected ' + (tokens[position].op || tokens[position].id));
    return tree;
  }

  function prerequisiteTree(sco) {
    if (typeof sco.prerequisites !== 'string' || sco.prerequisites.trim() === '') return null;
    if (!Object.prototype.hasOwnProperty.call(prerequisiteCache, sco.id)) {
      try {
        prerequisiteCache[sco.id] = parsePrerequisites(sco.prerequisites);
      } catch (e) {
        // A script this player cannot read never locks the learner out.
        if (window.console && console.warn) {
          console.warn('Portail: prerequisites of ' + sco.id + ' not understood (' + e.message + '); ignored');
        }
        prerequisiteCache[sco.id] = null;
      }
    }
    return prerequisiteCache[sco.id];
  }

  /**
   * Evaluates a parsed expression; `done(id)` is true/false for a launchable item, null for an identifier that
   * names none (nothing to wait for). The items not done yet are collected in `missing`.
   */
  function evaluate(node, missing, done) {
    if (node.id !== undefined) {
      var ok = done(node.id);
      if (ok === null) return true;
      if (!ok && missing.indexOf(node.id) < 0) missing.push(node.id);
      return ok;
    }
    if (node.not) return !evaluate(node.not, [], done);
    if (node.and) {
      var a = evaluate(node.and[0], missing, done);
      var b = evaluate(node.and[1], missing, done);
      return a && b;
    }
    var left = evaluate(node.or[0], missing, done);
    var right = evaluate(node.or[1], missing, done);
    return left || right;
  }

  function scoDone(id) {
    var index = indexOfSco(id);
    return index < 0 ? null : isDone(index);
  }

  /** null when the SCO may be launched, else the indexes of the SCOs to complete first. */
  function lockOf(index) {
    var tree = prerequisiteTree(scos[index]);
    if (!tree) return null;
    var missing = [];
    return evaluate(tree, missing, scoDone) ? null : missing.map(indexOfSco);
  }

  // =============================================================================================================
  // Table of contents, buttons, messages
  // =============================================================================================================

  var STATUS_KEY = {
    'not attempted': 'statusNotAttempted', incomplete: 'statusIncomplete', completed: 'statusCompleted',
    passed: 'statusPassed', failed: 'statusFailed', locked: 'statusLocked'
  };

  var tocButtons = [];
  var tocStatus = [];
  var hintEl = null;
  var messageEl = null;
  var loaded = false;

  function buildTree() {
    var root = { children: [] };
    scos.forEach(function (sco, index) {
      var node = root;
      (Array.isArray(sco.parents) ? sco.parents : []).forEach(function (title) {
        var last = node.children[node.children.length - 1];
        if (last && last.group && last.title === String(title)) {
          node = last;
        } else {
          var group = { group: true, title: String(title), children: [] };
          node.children.push(group);
          node = group;
        }
      });
      node.children.push({ index: index });
    });
    return root;
  }

  var groupCounter = 0;

  function renderNodes(list, children) {
    children.forEach(function (node) {
      if (node.group && node.children.length === 1 && !node.children[0].group &&
          scos[node.children[0].index].title === node.title) {
        node = node.children[0]; // a module holding one SCO of the same title: one line
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
        renderNodes(sub, node.children);
      } else {
        var sco = scos[node.index];
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
        button.addEventListener('click', (function (index) {
          return function () { userLaunch(index, 'toc'); };
        })(node.index));
        tocButtons[node.index] = button;
        tocStatus[node.index] = status;
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
    var main = frame && frame.closest ? frame.closest('main') : null;
    if (!main && frame) main = frame.parentNode;
    if (nav) nav.classList.add('portail-player-toc');
    if (main) main.classList.add('portail-player-main');
    if (nav && main && nav.parentNode === main.parentNode && main.parentNode !== document.body) {
      main.parentNode.classList.add('portail-player-layout');
    } else if (document.body) {
      document.body.classList.add('portail-player-layout');
    }
    if (prevButton && nextButton && prevButton.parentNode === nextButton.parentNode && prevButton.parentNode !== main) {
      prevButton.parentNode.classList.add('portail-player-pager');
    } else if (main && (prevButton || nextButton)) {
      // Buttons placed directly in <main>: one bar for both.
      var bar = document.createElement('div');
      bar.className = 'portail-player-pager';
      main.insertBefore(bar, (prevButton || nextButton));
      if (prevButton) bar.appendChild(prevButton);
      if (nextButton) bar.appendChild(nextButton);
    }
  }

  function buildPage() {
    tagLayout();
    if (toc) {
      var nav = toc.closest ? toc.closest('nav') : null;
      if (nav && !nav.hasAttribute('aria-label') && !nav.hasAttribute('aria-labelledby')) {
        nav.setAttribute('aria-label', t('contents'));
      }
      while (toc.firstChild) toc.removeChild(toc.firstChild);
      renderNodes(toc, buildTree().children);
    }
    if (prevButton && !prevButton.textContent.trim()) prevButton.textContent = t('previousModule');
    if (nextButton && !nextButton.textContent.trim()) nextButton.textContent = t('nextModule');
    if (prevButton) prevButton.addEventListener('click', function () { step(-1); });
    if (nextButton) nextButton.addEventListener('click', function () { step(1); });

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
    buildSyncControls();
  }

  function showHint(text) {
    if (!hintEl) return;
    hintEl.textContent = text || '';
    hintEl.hidden = !text;
  }

  /** Shows a message in place of the SCO; actions: [{label, href} | {label, onClick}]. */
  function showMessage(text, kind, actions, moveFocus) {
    if (!messageEl) return;
    while (messageEl.firstChild) messageEl.removeChild(messageEl.firstChild);
    var p = document.createElement('p');
    p.textContent = text;
    messageEl.appendChild(p);
    if (actions && actions.length) {
      var row = document.createElement('p');
      row.className = 'portail-actions';
      actions.forEach(function (action) {
        var el;
        if (action.href) {
          el = document.createElement('a');
          el.href = action.href;
        } else {
          el = document.createElement('button');
          el.type = 'button';
          el.addEventListener('click', action.onClick);
        }
        el.textContent = action.label;
        row.appendChild(el);
      });
      messageEl.appendChild(row);
    }
    messageEl.setAttribute('data-kind', kind || 'info');
    messageEl.hidden = false;
    if (frame) frame.hidden = true;
    if (moveFocus) messageEl.focus();
  }

  function hideMessage() {
    if (messageEl) messageEl.hidden = true;
    if (frame) frame.hidden = false;
  }

  function myCoursesAction() {
    return { label: t('myCourses'), href: '/' };
  }

  function neighbour(from, direction) {
    var i = from + direction;
    return i >= 0 && i < scos.length ? i : -1;
  }

  function render() {
    withPendingCache(renderNow);
  }

  function renderNow() {
    scos.forEach(function (sco, index) {
      var button = tocButtons[index];
      if (!button) return;
      var lock = lockOf(index);
      var status = loaded ? statusOf(index) : null;
      var shown = lock && index !== current ? 'locked' : status;
      tocStatus[index].textContent = shown ? t(STATUS_KEY[shown]) : t('statusUnknown');
      var li = button.parentNode;
      li.setAttribute('data-status', shown || 'loading');
      button.setAttribute('data-status', shown || 'loading');
      if (lock && index !== current) button.setAttribute('aria-disabled', 'true');
      else button.removeAttribute('aria-disabled');
      if (index === current && !scoClosed) button.setAttribute('aria-current', 'page');
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
    if (userHint && (userHint.index < 0 || !lockOf(userHint.index))) userHint = null;
    if (loaded && !userHint) {
      var nextLock = next >= 0 ? lockOf(next) : null;
      showHint(nextLock ? lockText(nextLock) : '');
    }
  }

  function showUserHint(index, text) {
    userHint = { index: index, text: text };
    showHint(text);
  }

  /** Why a SCO is locked: the page's `lockedHint` (with {list}), else its `locked` sentence, else the fallback. */
  function lockText(missing) {
    var list = missing.map(function (i) { return scos[i].title || scos[i].id; }).join(', ');
    if (typeof pageStrings.lockedHint !== 'string' && typeof pageStrings.locked === 'string' && pageStrings.locked) {
      return pageStrings.locked;
    }
    return t('lockedHint', { list: list });
  }

  // =============================================================================================================
  // The sync status line
  // =============================================================================================================

  var retryButton = null;
  var signInLink = null;
  var pendingTimer = null;
  var lastSync = null;

  function buildSyncControls() {
    if (!syncEl) return;
    if (!syncEl.hasAttribute('role')) syncEl.setAttribute('role', 'status');
    if (!syncEl.hasAttribute('aria-live')) syncEl.setAttribute('aria-live', 'polite');
    retryButton = document.createElement('button');
    retryButton.type = 'button';
    retryButton.id = 'portail-sync-retry';
    retryButton.className = 'portail-sync-retry';
    retryButton.textContent = t('retryNow');
    retryButton.hidden = true;
    retryButton.addEventListener('click', function () {
      if (outbox) outbox.flush();
    });
    signInLink = document.createElement('a');
    signInLink.id = 'portail-sync-signin';
    signInLink.href = '/';
    signInLink.textContent = t('signInAgain');
    signInLink.hidden = true;
    // The status line, its retry button and sign-in link share one line, where the server put the status.
    var line = document.createElement('div');
    line.className = 'portail-sync';
    syncEl.parentNode.insertBefore(line, syncEl);
    line.appendChild(syncEl);
    line.appendChild(retryButton);
    line.appendChild(signInLink);
  }

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

  function showSync(event) {
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

  var STICKY_MS = 15000;
  var sticky = null;       // {event, until}: a refused value stays on screen a while, though later saves succeed
  var stickyTimer = null;

  function onSync(event) {
    if (!event) return;
    if (event.state === 'error' && Array.isArray(event.errors) && event.errors.length) {
      sticky = { event: event, until: Date.now() + STICKY_MS };
      if (stickyTimer) clearTimeout(stickyTimer);
      stickyTimer = setTimeout(function () {
        sticky = null;
        stickyTimer = null;
        showSync(outbox.status());
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
    if (quick && loaded) {
      pendingTimer = setTimeout(function () {
        pendingTimer = null;
        showSync(outbox.status());
      }, 400);
      return;
    }
    showSync(event);
    if (event.state === 'saved' || event.state === 'error') render();
  }

  // =============================================================================================================
  // Outbox
  // =============================================================================================================

  var outbox = null;

  function createOutbox() {
    var options = { api: API_BASE, csrfHeader: CSRF_HEADER, courseId: COURSE_ID, onStatusChange: onSync };
    if (learnerStorage) options.storage = learnerStorage;
    outbox = window.PortailLMS.createOutbox(options);
  }

  // =============================================================================================================
  // Launching SCOs
  // =============================================================================================================

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

  /** This page's view of a SCO after its API object ran; only when it saved something (else the server keeps
   * the previous attempt: the runtime does not create an empty one). */
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

  /** Unloads the SCO in the frame (it gets pagehide and terminates), then ends its API session if it did not. */
  function unloadCurrent() {
    return new Promise(function (resolve) {
      var api = currentApi;
      var sco = current >= 0 ? scos[current] : null;
      function done() {
        if (api) {
          try {
            api.forceTerminate();
          } catch (e) {
            // already ended
          }
          if (sco) rememberSnapshot(api, sco.id);
        }
        currentApi = null;
        frameHasContent = false;
        resolve();
      }
      if (!frame || !frameHasContent) {
        done();
        return;
      }
      var finished = false;
      var timer = setTimeout(finish, UNLOAD_TIMEOUT_MS);
      function finish() {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        frame.removeEventListener('load', finish);
        done();
      }
      frame.addEventListener('load', finish);
      frame.src = 'about:blank';
    });
  }

  function markAssetViewed(sco) {
    if (isDone(indexOfSco(sco.id))) return;
    var state = effectiveState(sco.id);
    var attempt = Math.max(1, state.attempt);
    var values = {};
    values[IS2004 ? 'cmi.completion_status' : 'cmi.core.lesson_status'] = 'completed';
    try {
      outbox.enqueue({ scoId: sco.id, attempt: attempt, seq: outbox.nextSeq(sco.id, attempt, state.attempt === attempt ? state.seq : 0),
        values: values });
    } catch (e) {
      showSync({ state: 'error', message: e && e.message ? e.message : String(e), pending: 0 });
    }
  }

  function onScoStatus(launchId, scoId) {
    return function (summary) {
      if (launchId !== launchCounter) return;
      live[scoId] = summary;
      if (currentApi) rememberSnapshot(currentApi, scoId);
      render();
    };
  }

  function navigationFor(launchId) {
    return {
      valid: function (request, target) {
        if (launchId !== launchCounter) return false;
        if (request === 'continue') {
          var next = neighbour(current, 1);
          return next >= 0 && !lockOf(next);
        }
        if (request === 'previous') {
          var prev = neighbour(current, -1);
          return prev >= 0 && !lockOf(prev);
        }
        if (request === 'choice' || request === 'jump') {
          var index = indexOfSco(String(target));
          return index >= 0 && (request === 'jump' || !lockOf(index));
        }
        return undefined;
      },
      request: function (request, target) {
        if (launchId !== launchCounter || switching) return;
        navigationRequest(request, target);
      }
    };
  }

  /** A 2004 navigation request, after the SCO's Terminate. */
  function navigationRequest(request, target) {
    userHint = null;
    if (request === 'continue' || request === 'previous') {
      var index = neighbour(current, request === 'continue' ? 1 : -1);
      if (index < 0) {
        if (request === 'continue') endOfCourse();
        return;
      }
      launch(index, 'sco');
    } else if (request === 'choice' || request === 'jump') {
      var chosen = indexOfSco(String(target));
      if (chosen < 0 || (request === 'choice' && lockOf(chosen))) {
        showUserHint(-1, chosen >= 0 ? lockText(lockOf(chosen)) : t('navUnavailable'));
        return;
      }
      launch(chosen, 'sco');
    } else if (request === 'exit' || request === 'abandon') {
      closeSco(t('exited'), [{ label: t('reopen'), onClick: function () { userLaunch(current, 'reopen'); } }, myCoursesAction()]);
    } else if (request === 'exitAll' || request === 'abandonAll') {
      closeSco(t('exitedAll'), [myCoursesAction()]);
    } else if (request === 'suspendAll') {
      closeSco(t('suspended'), [{ label: t('resume'), onClick: function () { userLaunch(current, 'resume'); } }, myCoursesAction()]);
    }
  }

  function endOfCourse() {
    var all = scos.every(function (s, i) { return isDone(i); });
    closeSco(all ? t('courseCompleted') : t('endOfCourse'), [myCoursesAction()]);
  }

  function closeSco(text, actions) {
    switching = true;
    launchCounter++;
    unloadCurrent().then(function () {
      switching = false;
      clearApi();
      scoClosed = true;
      showMessage(text, 'info', actions, true);
      render();
      if (queued) {
        var q = queued;
        queued = null;
        launch(q.index, q.reason);
      }
    });
  }

  function userLaunch(index, reason) {
    if (index < 0 || index >= scos.length) return;
    var lock = lockOf(index);
    if (lock && index !== current) {
      showUserHint(index, lockText(lock));
      return;
    }
    userHint = null;
    launch(index, reason);
  }

  function step(direction) {
    if (!loaded) return;
    var index = current < 0 ? 0 : neighbour(current, direction);
    if (index < 0) return;
    userLaunch(index, direction > 0 ? 'next' : 'previous');
  }

  /** Unloads the SCO shown, installs the API object of the new one, then loads it. */
  function launch(index, reason) {
    if (switching) {
      queued = { index: index, reason: reason };
      return;
    }
    switching = true;
    var launchId = ++launchCounter;
    unloadCurrent().then(function () {
      var sco = scos[index];
      current = index;
      scoClosed = false;
      hideMessage();
      clearApi();
      delete live[sco.id];
      if (sco.isSCO !== false) {
        var api;
        try {
          api = window.PortailLMS.create({
            standard: STANDARD,
            scoId: sco.id,
            learner: { id: LEARNER_ID, name: learner.name === undefined ? '' : String(learner.name) },
            state: effectiveState(sco.id),
            masteryScore: sco.masteryScore,
            completionThreshold: sco.completionThreshold,
            launchData: sco.launchData,
            outbox: outbox,
            onStatusChange: onScoStatus(launchId, sco.id),
            navigation: navigationFor(launchId)
          });
        } catch (e) {
          switching = false;
          showMessage(t('loadError', { message: e && e.message ? e.message : String(e) }), 'error', [myCoursesAction()], true);
          render();
          return;
        }
        currentApi = api;
        // The API object is in place before the SCO's first script runs.
        if (IS2004) window.API_1484_11 = api;
        else window.API = api;
      } else {
        currentApi = null;
        markAssetViewed(sco);
      }
      if (frame) {
        frame.setAttribute('title', t('moduleFrame') + ' — ' + (sco.title || sco.id));
        frame.setAttribute('data-sco', sco.id);
        if (reason === 'sco') {
          var focusOnLoad = function () {
            frame.removeEventListener('load', focusOnLoad);
            try {
              frame.focus();
            } catch (e) {
              // nothing to focus
            }
          };
          frame.addEventListener('load', focusOnLoad);
        }
        frameHasContent = true;
        frame.src = sco.url;
      }
      switching = false;
      render();
      if (queued) {
        var q = queued;
        queued = null;
        launch(q.index, q.reason);
      }
    });
  }

  /** The SCO to open: the suspended one accessed last, else the first one not completed. */
  function resumeTarget() {
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

  // =============================================================================================================
  // Loading the states
  // =============================================================================================================

  function HttpError(status, message) {
    this.status = status;
    this.message = message;
  }

  function getJSON(path) {
    return fetch(apiUrl(path), { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (response.ok) return response.json();
        return errorMessage(response).then(function (message) {
          throw new HttpError(response.status, message);
        });
      });
  }

  function loadStates() {
    var cache = readCache();
    var offline = false;
    var fatal = null;
    var requests = scos.map(function (sco) {
      return getJSON(scoPath(sco.id, '/state')).then(function (state) {
        known[sco.id] = normalizeState(state);
      }, function (e) {
        if (e instanceof HttpError) {
          if (e.status === 401 || e.status === 403) fatal = fatal || e;
          else if (e.status === 404 && /enrol/i.test(e.message)) fatal = fatal || e;
          known[sco.id] = cache[sco.id] ? normalizeState(cache[sco.id]) : emptyState();
        } else {
          offline = true;
          known[sco.id] = cache[sco.id] ? normalizeState(cache[sco.id]) : emptyState();
        }
      });
    });
    var progress = getJSON('/me/courses/' + encodeURIComponent(COURSE_ID) + '/progress').then(function (p) {
      (p && Array.isArray(p.scos) ? p.scos : []).forEach(function (s) {
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

  // =============================================================================================================
  // Heartbeat, page lifecycle
  // =============================================================================================================

  function heartbeat() {
    if (document.visibilityState !== 'visible' || current < 0 || !frameHasContent) return;
    var sco = scos[current];
    fetch(apiUrl(scoPath(sco.id, '/heartbeat')), {
      method: 'POST', credentials: 'same-origin', cache: 'no-store', headers: csrfHeaders()
    }).then(function (response) {
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
      if (outbox) outbox.flush({ keepalive: true });
    });
    window.addEventListener('pageshow', function (event) {
      // Back from the back-forward cache: the SCO ended its session on pagehide; launch it again.
      if (event.persisted && current >= 0 && loaded) {
        frameHasContent = true;
        launch(current, 'resume');
      }
    });
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible' && outbox && outbox.status().state === 'offline') outbox.flush();
    });
    window.addEventListener('offline', function () {
      if (outbox) showSync(Object.assign({}, outbox.status(), { state: 'offline' }));
    });
  }

  // =============================================================================================================
  // Start
  // =============================================================================================================

  function fail(text) {
    loaded = true;
    showMessage(text, 'error', [myCoursesAction()], false);
    render();
    document.documentElement.classList.add('portail-player-ready');
  }

  function start() {
    buildPage();
    if (configProblem || !dataEl) {
      fail(t('loadError', { message: configProblem || 'no #portail-player data' }));
      return;
    }
    if (!window.PortailLMS) {
      fail(t('loadError', { message: 'lms-runtime.js is missing' }));
      return;
    }
    if (!scos.length) {
      fail(t('noScos'));
      return;
    }
    createOutbox();
    showSync(outbox.status());
    showMessage(t('loading'), 'info', null, false);
    installLifecycle();
    loadStates().then(function (result) {
      loaded = true;
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
        var allDone = scos.every(function (s, i) { return isDone(i); });
        current = -1;
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
    current: function () { return current >= 0 ? scos[current].id : null; },
    statuses: function () {
      return withPendingCache(function () {
        var out = {};
        scos.forEach(function (sco, i) { out[sco.id] = lockOf(i) && i !== current ? 'locked' : statusOf(i); });
        return out;
      });
    },
    sync: function () { return outbox ? JSON.parse(JSON.stringify(outbox.status())) : null; },
    pending: function () { return outbox ? outbox.pending() : []; },
    flush: function () { return outbox ? outbox.flush() : Promise.resolve(null); },
    state: function (scoId) { return JSON.parse(JSON.stringify(effectiveState(scoId))); },
    api: function () { return currentApi; },
    /** Evaluates an aicc_script expression against a list of identifiers taken as completed or passed. */
    prerequisitesMet: function (text, doneIds) {
      var tree = parsePrerequisites(text);
      if (!tree) return true;
      return evaluate(tree, [], function (id) { return doneIds.indexOf(id) >= 0; });
    }
  };
  try {
    Object.defineProperty(window, 'PortailPlayer', { value: Object.freeze(debug), writable: false, configurable: false });
  } catch (e) {
    return; // loaded twice
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
