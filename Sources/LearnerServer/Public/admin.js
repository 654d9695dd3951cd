/*
 * Portail's dashboard (/admin, docs/player.md "Page contracts"). Plain ES2017, no library, no external URL.
 *
 * The server renders <main id="portail-admin"> and the JSON <script type="application/json"
 * id="portail-admin-data"> {"api": "/api/v1", "csrfHeader": "X-Portail-CSRF"[, "strings": {…}]}; the admin
 * session cookie authenticates every call (fetch with credentials: 'same-origin'); calls that change anything
 * carry the CSRF header. Sections:
 * - learners: the list, create (the token is shown once), a one-time sign-in link (the URL is shown);
 * - enrollments: enroll a learner in a course's latest version;
 * - packages: upload a SCORM zip (POST {api}/courses, application/zip), the server's message on refusal;
 * - reports per course version: summary figures; SVG charts drawn here (completion funnel per SCO, score
 *   distribution in 10-point bins, time on task per learner, success rate per question), each with <title>,
 *   <desc>, text labels and a data table; CSV links (the report, each learner's attendance).
 */
(function () {
  'use strict';

  var SVG_NS = 'http://www.w3.org/2000/svg';

  var FALLBACK = {
    fr: {
      learners: 'Apprenants',
      createLearner: 'Ajouter un apprenant',
      name: 'Nom',
      email: 'Courriel (facultatif)',
      emailColumn: 'Courriel',
      create: 'Créer',
      createdAt: 'Créé le',
      actions: 'Actions',
      signinLink: 'Lien de connexion',
      signinLinkFor: 'Lien de connexion à usage unique pour {name}, valable jusqu’au {date} :',
      tokenFor: 'Code d’accès de {name} — il ne sera plus affiché, transmettez-le maintenant :',
      copy: 'Copier',
      copied: 'Copié.',
      noLearners: 'Aucun apprenant pour l’instant.',
      enrollments: 'Inscriptions',
      learner: 'Apprenant',
      course: 'Cours',
      enroll: 'Inscrire',
      enrolled: '{name} est inscrit·e à « {course} » (version {version}).',
      alreadyEnrolled: '{name} était déjà inscrit·e à « {course} » (version {version}).',
      packages: 'Paquets SCORM',
      packageFile: 'Paquet SCORM (.zip)',
      courseId: 'Identifiant du cours (facultatif)',
      courseIdHelp: 'Lettres minuscules, chiffres et tirets. Sans identifiant, celui du manifeste est utilisé.',
      upload: 'Téléverser',
      uploading: 'Envoi en cours…',
      uploaded: 'Cours « {title} » ({id}) enregistré : version {version}.',
      unchanged: 'Ce paquet est déjà la dernière version de « {title} » ({id}, version {version}).',
      refused: 'Paquet refusé : {message}',
      chooseFile: 'Choisissez un fichier .zip.',
      courses: 'Cours',
      noCourses: 'Aucun cours enregistré.',
      reports: 'Rapports',
      version: 'Version',
      latest: '{version} (dernière)',
      show: 'Afficher',
      loading: 'Chargement…',
      downloadCsv: 'Télécharger le rapport (CSV)',
      summary: 'Chiffres clés',
      figEnrolled: 'Inscrits',
      figStarted: 'Ont commencé',
      figCompleted: 'Ont terminé',
      figPassed: 'Ont réussi',
      figAverage: 'Score moyen',
      figMedian: 'Score médian',
      figMedianTime: 'Temps médian',
      none: '—',
      funnelTitle: 'Progression par module',
      funnelDesc: 'Nombre d’apprenants qui ont commencé, terminé et réussi chaque module, sur {n} inscrits.',
      started: 'Commencé',
      completed: 'Terminé',
      passed: 'Réussi',
      module: 'Module',
      courseIdColumn: 'Identifiant',
      scoCount: 'Modules',
      scoresTitle: 'Répartition des scores',
      scoresDesc: 'Nombre d’apprenants par tranche de 10 points de score, sur {n} apprenants ayant un score.',
      scoreRange: 'Score',
      learnersCount: 'Apprenants',
      timeTitle: 'Temps passé par apprenant',
      timeDesc: 'Temps passé dans le cours par chaque apprenant, en minutes, mesuré par le serveur.',
      minutes: 'Minutes',
      minutesValue: '{n} min',
      questionsTitle: 'Taux de réussite par question',
      questionsDesc: 'Part des réponses justes à chaque question, sur la dernière tentative de chaque apprenant.',
      question: 'Question',
      answers: 'Réponses',
      correct: 'Justes',
      successRate: 'Réussite',
      noData: 'Pas encore de données.',
      dataTable: 'Tableau des données',
      learnersReport: 'Apprenants inscrits',
      status: 'Statut',
      success: 'Réussite',
      score: 'Score',
      timeOnTask: 'Temps (min)',
      lastAccess: 'Dernier accès',
      attendance: 'Présence (CSV)',
      attendanceFor: 'Relevé de présence de {name} (CSV)',
      'status.not-started': 'Pas commencé',
      'status.in-progress': 'En cours',
      'status.completed': 'Terminé',
      'success.passed': 'Réussi',
      'success.failed': 'Échoué',
      'success.unknown': '—',
      sessionExpired: 'Votre session d’administration a expiré.',
      signIn: 'Se reconnecter',
      error: 'Erreur : {message}',
      networkError: 'Le serveur ne répond pas ({message}).'
    },
    en: {
      learners: 'Learners',
      createLearner: 'Add a learner',
      name: 'Name',
      email: 'E-mail (optional)',
      emailColumn: 'E-mail',
      create: 'Create',
      createdAt: 'Created',
      actions: 'Actions',
      signinLink: 'Sign-in link',
      signinLinkFor: 'One-time sign-in link for {name}, valid until {date}:',
      tokenFor: 'Access code of {name} — it will not be shown again, hand it over now:',
      copy: 'Copy',
      copied: 'Copied.',
      noLearners: 'No learner yet.',
      enrollments: 'Enrollments',
      learner: 'Learner',
      course: 'Course',
      enroll: 'Enroll',
      enrolled: '{name} is enrolled in “{course}” (version {version}).',
      alreadyEnrolled: '{name} was already enrolled in “{course}” (version {version}).',
      packages: 'SCORM packages',
      packageFile: 'SCORM package (.zip)',
      courseId: 'Course id (optional)',
      courseIdHelp: 'Lowercase letters, digits and hyphens. Without one, the manifest’s is used.',
      upload: 'Upload',
      uploading: 'Uploading…',
      uploaded: 'Course “{title}” ({id}) registered: version {version}.',
      unchanged: 'This package is already the latest version of “{title}” ({id}, version {version}).',
      refused: 'Package refused: {message}',
      chooseFile: 'Choose a .zip file.',
      courses: 'Courses',
      noCourses: 'No course registered.',
      reports: 'Reports',
      version: 'Version',
      latest: '{version} (latest)',
      show: 'Show',
      loading: 'Loading…',
      downloadCsv: 'Download the report (CSV)',
      summary: 'Key figures',
      figEnrolled: 'Enrolled',
      figStarted: 'Started',
      figCompleted: 'Completed',
      figPassed: 'Passed',
      figAverage: 'Average score',
      figMedian: 'Median score',
      figMedianTime: 'Median time',
      none: '—',
      funnelTitle: 'Progress per module',
      funnelDesc: 'Learners who started, completed and passed each module, out of {n} enrolled.',
      started: 'Started',
      completed: 'Completed',
      passed: 'Passed',
      module: 'Module',
      courseIdColumn: 'Id',
      scoCount: 'Modules',
      scoresTitle: 'Score distribution',
      scoresDesc: 'Learners per 10-point score range, out of {n} learners with a score.',
      scoreRange: 'Score',
      learnersCount: 'Learners',
      timeTitle: 'Time on task per learner',
      timeDesc: 'Time each learner spent in the course, in minutes, as measured by the server.',
      minutes: 'Minutes',
      minutesValue: '{n} min',
      questionsTitle: 'Success rate per question',
      questionsDesc: 'Share of right answers to each question, from each learner’s latest attempt.',
      question: 'Question',
      answers: 'Answers',
      correct: 'Right',
      successRate: 'Success',
      noData: 'No data yet.',
      dataTable: 'Data table',
      learnersReport: 'Enrolled learners',
      status: 'Status',
      success: 'Success',
      score: 'Score',
      timeOnTask: 'Time (min)',
      lastAccess: 'Last access',
      attendance: 'Attendance (CSV)',
      attendanceFor: 'Attendance record of {name} (CSV)',
      'status.not-started': 'Not started',
      'status.in-progress': 'In progress',
      'status.completed': 'Completed',
      'success.passed': 'Passed',
      'success.failed': 'Failed',
      'success.unknown': '—',
      sessionExpired: 'Your admin session has expired.',
      signIn: 'Sign in again',
      error: 'Error: {message}',
      networkError: 'The server does not answer ({message}).'
    }
  };

  // Chart colours (WCAG 1.4.11: at least 3:1 on white; the same as portail.css --chart-*).
  var COLOURS = ['#0b55a8', '#a35200', '#18632f'];

  var root = document.getElementById('portail-admin');
  if (!root) return;
  var config = {};
  try {
    var dataEl = document.getElementById('portail-admin-data');
    config = JSON.parse(dataEl ? dataEl.textContent : '{}') || {};
  } catch (e) {
    config = {};
  }
  var API = String(config.api || '/api/v1').replace(/\/+$/, '');
  var CSRF = String(config.csrfHeader || 'X-Portail-CSRF');
  var LANG = String(document.documentElement.getAttribute('lang') || 'fr').toLowerCase();
  var fallback = FALLBACK[LANG.slice(0, 2)] || FALLBACK.en;
  var pageStrings = config.strings && typeof config.strings === 'object' ? config.strings : {};

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

  // =============================================================================================================
  // Helpers: DOM, numbers, HTTP
  // =============================================================================================================

  var idCounter = 0;

  function uid(prefix) {
    return prefix + '-' + (++idCounter);
  }

  /** el('p', {className: 'x', 'data-a': 'b'}, [children or text]) */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function setAttrs(node, attrs) {
    if (!attrs) return;
    Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v === undefined || v === null || v === false) return;
      if (k === 'className') node.setAttribute('class', v);
      else if (k === 'text') node.textContent = v;
      // Through the CSSOM: the pages' Content-Security-Policy refuses style attributes.
      else if (k === 'style') node.style.cssText = String(v);
      else if (k.slice(0, 2) === 'on' && typeof v === 'function') node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : String(v));
    });
  }

  function append(node, children) {
    if (children === undefined || children === null) return;
    (Array.isArray(children) ? children : [children]).forEach(function (child) {
      if (child === undefined || child === null || child === false) return;
      node.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
    });
  }

  function svg(tag, attrs, children) {
    var node = document.createElementNS(SVG_NS, tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (attrs[k] === undefined || attrs[k] === null) return;
        if (k === 'className') node.setAttribute('class', attrs[k]);
        else if (k === 'style') node.style.cssText = String(attrs[k]);
        else node.setAttribute(k, String(attrs[k]));
      });
    }
    append(node, children);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function number(value, digits) {
    if (value === undefined || value === null || !isFinite(value)) return t('none');
    var d = digits === undefined ? 1 : digits;
    try {
      return Number(value).toLocaleString(LANG, { maximumFractionDigits: d, minimumFractionDigits: 0 });
    } catch (e) {
      return String(Math.round(value * Math.pow(10, d)) / Math.pow(10, d));
    }
  }

  function round(value, digits) {
    var f = Math.pow(10, digits === undefined ? 1 : digits);
    return Math.round(value * f) / f;
  }

  function minutes(seconds) {
    return round((Number(seconds) || 0) / 60, 1);
  }

  function dateText(iso, withTime) {
    if (!iso) return t('none');
    var d = new Date(iso);
    if (isNaN(d.getTime())) return String(iso);
    try {
      return withTime ? d.toLocaleString(LANG, { dateStyle: 'medium', timeStyle: 'short' })
        : d.toLocaleDateString(LANG, { dateStyle: 'medium' });
    } catch (e) {
      return d.toISOString();
    }
  }

  function truncate(text, n) {
    text = String(text);
    return text.length > n ? text.slice(0, n - 1) + '…' : text;
  }

  function ApiError(status, code, message) {
    this.status = status;
    this.code = code;
    this.message = message;
  }

  /** fetch with the session cookie; the CSRF header on changes; resolves the JSON, rejects with ApiError. */
  function call(method, path, body, contentType) {
    var headers = { Accept: 'application/json' };
    var init = { method: method, credentials: 'same-origin', cache: 'no-store', headers: headers };
    if (method !== 'GET' && method !== 'HEAD') headers[CSRF] = '1';
    if (body !== undefined) {
      if (contentType) {
        headers['Content-Type'] = contentType;
        init.body = body;
      } else {
        headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
    }
    return fetch(API + path, init).then(function (response) {
      return response.text().then(function (text) {
        var json = null;
        try {
          json = text ? JSON.parse(text) : null;
        } catch (e) {
          json = null;
        }
        if (response.ok) return { status: response.status, json: json };
        var error = json && json.error ? json.error : {};
        var failure = new ApiError(response.status, error.code || String(response.status),
          error.message || (text && text.length < 300 ? text : 'HTTP ' + response.status));
        if (response.status === 401) sessionExpired();
        throw failure;
      });
    }, function (e) {
      throw new ApiError(0, 'network', t('networkError', { message: e && e.message ? e.message : String(e) }));
    });
  }

  function errorText(e) {
    if (e instanceof ApiError) return e.status === 0 ? e.message : t('error', { message: e.message });
    return t('error', { message: e && e.message ? e.message : String(e) });
  }

  /** A status region: el with role=status; say(text, kind, extra nodes). */
  function statusBox(id) {
    var box = el('div', { id: id, role: 'status', 'aria-live': 'polite', className: 'portail-notice', hidden: true });
    box.say = function (text, kind, extra) {
      clear(box);
      if (!text && !extra) {
        box.hidden = true;
        return;
      }
      if (text) box.appendChild(el('p', null, text));
      append(box, extra);
      box.setAttribute('data-kind', kind || 'info');
      box.hidden = false;
    };
    return box;
  }

  function copyButton(text) {
    var note = el('span', { className: 'portail-copy-note', 'aria-live': 'polite' });
    var button = el('button', {
      type: 'button', className: 'secondary', onclick: function () {
        var done = function () { note.textContent = ' ' + t('copied'); };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text).then(done, function () { selectText(button.previousSibling); });
        } else {
          selectText(button.previousSibling);
        }
      }
    }, t('copy'));
    return [button, note];
  }

  function selectText(node) {
    if (!node || !window.getSelection) return;
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function secret(text, testId) {
    var out = el('output', { className: 'portail-secret', 'data-secret': testId }, text);
    return el('p', { className: 'portail-actions' }, [out].concat(copyButton(text)));
  }

  var banner = statusBox('portail-admin-banner');

  function sessionExpired() {
    banner.say(t('sessionExpired'), 'error', el('p', null, el('a', { href: '/admin' }, t('signIn'))));
  }

  function field(label, input, help) {
    var id = input.id || uid('f');
    input.id = id;
    var helpNode = null;
    if (help) {
      helpNode = el('span', { id: id + '-help', className: 'portail-help' }, help);
      input.setAttribute('aria-describedby', id + '-help');
    }
    return el('p', { className: 'portail-field' }, [el('label', { for: id }, label), input, helpNode]);
  }

  function table(caption, headers, rows, attrs) {
    var head = el('tr', null, headers.map(function (h) {
      return el('th', { scope: 'col', className: h.num ? 'num' : null }, h.label);
    }));
    var body = rows.map(function (row) {
      return el('tr', row.attrs || null, row.cells.map(function (c, i) {
        var tag = i === 0 && row.header !== false ? 'th' : 'td';
        var cellAttrs = { className: headers[i] && headers[i].num ? 'num' : null };
        if (tag === 'th') cellAttrs.scope = 'row';
        if (c && typeof c === 'object' && !(c instanceof Node)) {
          if (c.value !== undefined && c.value !== null) cellAttrs['data-value'] = c.value;
          if (c.key) cellAttrs['data-key'] = c.key;
          return el(tag, cellAttrs, c.node || c.text);
        }
        return el(tag, cellAttrs, c);
      }));
    });
    return el('div', { className: 'portail-table-wrap' },
      el('table', attrs || null, [caption ? el('caption', null, caption) : null, el('thead', null, head), el('tbody', null, body)]));
  }

  // =============================================================================================================
  // State
  // =============================================================================================================

  var learners = [];
  var courses = [];
  var learnerSelects = [];
  var courseSelects = [];

  function fillLearnerSelects() {
    learnerSelects.forEach(function (select) {
      var keep = select.value;
      clear(select);
      learners.forEach(function (l) {
        select.appendChild(el('option', { value: l.id }, l.name + (l.email ? ' <' + l.email + '>' : '')));
      });
      if (keep) select.value = keep;
    });
  }

  function fillCourseSelects() {
    courseSelects.forEach(function (select) {
      var keep = select.value;
      clear(select);
      courses.forEach(function (c) {
        select.appendChild(el('option', { value: c.id }, c.title + ' (' + c.id + ')'));
      });
      if (keep && courses.some(function (c) { return c.id === keep; })) select.value = keep;
      select.dispatchEvent(new Event('portail-refresh'));
    });
  }

  function loadLearners() {
    return call('GET', '/learners').then(function (r) {
      learners = Array.isArray(r.json) ? r.json : [];
      renderLearners();
      fillLearnerSelects();
    });
  }

  function loadCourses() {
    return call('GET', '/courses').then(function (r) {
      courses = Array.isArray(r.json) ? r.json : [];
      renderCourses();
      fillCourseSelects();
    });
  }

  function courseById(id) {
    for (var i = 0; i < courses.length; i++) if (courses[i].id === id) return courses[i];
    return null;
  }

  function learnerById(id) {
    for (var i = 0; i < learners.length; i++) if (learners[i].id === id) return learners[i];
    return null;
  }

  // =============================================================================================================
  // Learners
  // =============================================================================================================

  var learnersTable = el('div', { id: 'portail-learners-table' });
  var learnerResult = statusBox('portail-learner-result');
  var linkResult = statusBox('portail-signin-link-result');

  function learnersSection() {
    var name = el('input', { type: 'text', name: 'name', required: true, maxlength: 200, autocomplete: 'off' });
    var email = el('input', { type: 'email', name: 'email', maxlength: 320, autocomplete: 'off' });
    var submit = el('button', { type: 'submit' }, t('create'));
    var form = el('form', { id: 'portail-create-learner', novalidate: true }, [
      el('h3', null, t('createLearner')),
      el('div', { className: 'portail-form-row' }, [field(t('name'), name), field(t('email'), email), el('p', null, submit)])
    ]);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var body = { name: name.value.trim() };
      if (!body.name) {
        learnerResult.say(t('error', { message: t('name') }), 'error');
        name.focus();
        return;
      }
      if (email.value.trim()) body.email = email.value.trim();
      submit.disabled = true;
      call('POST', '/learners', body).then(function (r) {
        var created = r.json || {};
        learnerResult.say(t('tokenFor', { name: created.name }), 'ok', secret(created.token || '', 'token'));
        form.reset();
        return loadLearners();
      }).catch(function (e) {
        learnerResult.say(errorText(e), 'error');
      }).then(function () {
        submit.disabled = false;
      });
    });
    return el('section', { id: 'portail-admin-learners', 'aria-labelledby': 'portail-h-learners' }, [
      el('h2', { id: 'portail-h-learners' }, t('learners')), form, learnerResult, linkResult, learnersTable
    ]);
  }

  function renderLearners() {
    clear(learnersTable);
    if (!learners.length) {
      learnersTable.appendChild(el('p', null, t('noLearners')));
      return;
    }
    var rows = learners.map(function (l) {
      var button = el('button', {
        type: 'button', className: 'secondary', 'data-action': 'signin-link', 'data-learner': l.id,
        'aria-label': t('signinLink') + ' — ' + l.name
      }, t('signinLink'));
      button.addEventListener('click', function () {
        button.disabled = true;
        call('POST', '/learners/' + encodeURIComponent(l.id) + '/signin-links').then(function (r) {
          var link = r.json || {};
          linkResult.say(t('signinLinkFor', { name: l.name, date: dateText(link.expiresAt, true) }), 'ok',
            secret(link.url || '', 'signin-url'));
          linkResult.setAttribute('data-learner', l.id);
        }).catch(function (e) {
          linkResult.say(errorText(e), 'error');
        }).then(function () {
          button.disabled = false;
        });
      });
      return { attrs: { 'data-learner': l.id }, cells: [l.name, l.email || t('none'), dateText(l.createdAt), button] };
    });
    learnersTable.appendChild(table(null, [{ label: t('name') }, { label: t('emailColumn') }, { label: t('createdAt') },
      { label: t('actions') }], rows, { 'data-table': 'learners' }));
  }

  // =============================================================================================================
  // Enrollments
  // =============================================================================================================

  function enrollSection() {
    var learnerSelect = el('select', { name: 'learnerId', id: 'portail-enroll-learner' });
    var courseSelect = el('select', { name: 'courseId', id: 'portail-enroll-course' });
    learnerSelects.push(learnerSelect);
    courseSelects.push(courseSelect);
    var result = statusBox('portail-enroll-result');
    var submit = el('button', { type: 'submit' }, t('enroll'));
    var form = el('form', { id: 'portail-enroll' }, el('div', { className: 'portail-form-row' }, [
      field(t('learner'), learnerSelect), field(t('course'), courseSelect), el('p', null, submit)
    ]));
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var learner = learnerById(learnerSelect.value);
      var course = courseById(courseSelect.value);
      if (!learner || !course) return;
      submit.disabled = true;
      call('POST', '/courses/' + encodeURIComponent(course.id) + '/enrollments', { learnerId: learner.id }).then(function (r) {
        var e = r.json || {};
        result.say(t(r.status === 201 ? 'enrolled' : 'alreadyEnrolled',
          { name: learner.name, course: course.title, version: e.version }), 'ok');
        if (currentReport && currentReport.courseId === course.id) showReport(course.id, currentReport.version);
      }).catch(function (e) {
        result.say(errorText(e), 'error');
      }).then(function () {
        submit.disabled = false;
      });
    });
    return el('section', { id: 'portail-admin-enroll', 'aria-labelledby': 'portail-h-enroll' }, [
      el('h2', { id: 'portail-h-enroll' }, t('enrollments')), form, result
    ]);
  }

  // =============================================================================================================
  // Packages
  // =============================================================================================================

  var coursesList = el('div', { id: 'portail-courses-list' });

  function uploadSection() {
    var file = el('input', { type: 'file', name: 'package', accept: '.zip,application/zip', id: 'portail-upload-file' });
    var id = el('input', {
      type: 'text', name: 'id', id: 'portail-upload-id', pattern: '[a-z0-9]+(-[a-z0-9]+)*', maxlength: 64,
      autocomplete: 'off', spellcheck: 'false'
    });
    var result = statusBox('portail-upload-result');
    var submit = el('button', { type: 'submit' }, t('upload'));
    var form = el('form', { id: 'portail-upload', novalidate: true }, el('div', { className: 'portail-form-row' }, [
      field(t('packageFile'), file), field(t('courseId'), id, t('courseIdHelp')), el('p', null, submit)
    ]));
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var chosen = file.files && file.files[0];
      if (!chosen) {
        result.say(t('chooseFile'), 'error');
        file.focus();
        return;
      }
      var query = id.value.trim() ? '?id=' + encodeURIComponent(id.value.trim()) : '';
      submit.disabled = true;
      result.say(t('uploading'), 'info');
      call('POST', '/courses' + query, chosen, 'application/zip').then(function (r) {
        var c = r.json || {};
        result.say(t(r.status === 201 ? 'uploaded' : 'unchanged', { title: c.title, id: c.id, version: c.version }), 'ok');
        result.setAttribute('data-course', c.id || '');
        form.reset();
        return loadCourses();
      }).catch(function (e) {
        result.say(e instanceof ApiError && e.status ? t('refused', { message: e.message }) : errorText(e), 'error');
        if (e instanceof ApiError) result.setAttribute('data-code', e.code);
      }).then(function () {
        submit.disabled = false;
      });
    });
    return el('section', { id: 'portail-admin-upload', 'aria-labelledby': 'portail-h-upload' }, [
      el('h2', { id: 'portail-h-upload' }, t('packages')), form, result, el('h3', null, t('courses')), coursesList
    ]);
  }

  function renderCourses() {
    clear(coursesList);
    if (!courses.length) {
      coursesList.appendChild(el('p', null, t('noCourses')));
      return;
    }
    coursesList.appendChild(table(null, [{ label: t('course') }, { label: t('courseIdColumn') }, { label: t('version') },
      { label: 'SCORM' }, { label: t('scoCount'), num: true }],
    courses.map(function (c) {
      return {
        attrs: { 'data-course': c.id },
        cells: [c.title, c.id, String(c.version) + (c.label ? ' (' + c.label + ')' : ''),
          c.standard === 'scorm12' ? '1.2' : '2004', String((c.scos || []).length)]
      };
    }), { 'data-table': 'courses' }));
  }

  // =============================================================================================================
  // Reports
  // =============================================================================================================

  var reportBox = el('div', { id: 'portail-report', 'aria-live': 'polite', 'aria-busy': 'false' });
  var currentReport = null;
  var reportRequest = 0;
  var pendingReport = null;

  function reportsSection() {
    var courseSelect = el('select', { id: 'portail-report-course', name: 'course' });
    var versionSelect = el('select', { id: 'portail-report-version', name: 'version' });
    courseSelects.push(courseSelect);
    var form = el('form', { id: 'portail-report-form' }, el('div', { className: 'portail-form-row' }, [
      field(t('course'), courseSelect), field(t('version'), versionSelect), el('p', null, el('button', { type: 'submit' }, t('show')))
    ]));

    function loadVersions() {
      var id = courseSelect.value;
      clear(versionSelect);
      if (!id) return Promise.resolve();
      return call('GET', '/courses/' + encodeURIComponent(id) + '/versions').then(function (r) {
        var versions = Array.isArray(r.json) ? r.json : [];
        clear(versionSelect);
        versions.slice().reverse().forEach(function (v, i) {
          versionSelect.appendChild(el('option', { value: String(v.version) },
            i === 0 ? t('latest', { version: v.version }) : String(v.version)));
        });
      }).catch(function (e) {
        reportBox.textContent = errorText(e);
      });
    }

    courseSelect.addEventListener('change', function () {
      loadVersions().then(function () { showReport(courseSelect.value, Number(versionSelect.value) || null); });
    });
    courseSelect.addEventListener('portail-refresh', function () {
      if (!courseSelect.value) return;
      var keep = versionSelect.value;
      var same = currentReport && currentReport.courseId === courseSelect.value;
      pendingReport = loadVersions().then(function () {
        if (same) {
          if (keep) versionSelect.value = keep;
          return null;
        }
        return showReport(courseSelect.value, Number(versionSelect.value) || null);
      });
    });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      showReport(courseSelect.value, Number(versionSelect.value) || null);
    });
    return el('section', { id: 'portail-admin-reports', 'aria-labelledby': 'portail-h-reports' }, [
      el('h2', { id: 'portail-h-reports' }, t('reports')), form, reportBox
    ]);
  }

  function showReport(courseId, version) {
    if (!courseId) return Promise.resolve();
    var known = courseById(courseId);
    if (known && version === known.version) version = null; // the latest version: plain URLs
    var mine = ++reportRequest;
    reportBox.setAttribute('aria-busy', 'true');
    reportBox.setAttribute('data-state', 'loading');
    var query = version ? '?version=' + encodeURIComponent(version) : '';
    return call('GET', '/reports/courses/' + encodeURIComponent(courseId) + query).then(function (r) {
      if (mine !== reportRequest) return;
      currentReport = r.json;
      renderReport(r.json, version);
    }).catch(function (e) {
      if (mine !== reportRequest) return;
      clear(reportBox);
      reportBox.appendChild(el('p', { className: 'portail-notice', 'data-kind': 'error' }, errorText(e)));
      reportBox.setAttribute('data-state', 'error');
    }).then(function () {
      if (mine === reportRequest) reportBox.setAttribute('aria-busy', 'false');
    });
  }

  function figure(key, label, value, display) {
    return el('div', { 'data-figure': key, 'data-value': value === undefined || value === null ? '' : value }, [
      el('dt', null, label), el('dd', null, display)
    ]);
  }

  function renderReport(report, version) {
    clear(reportBox);
    var courseId = report.courseId;
    var csvQuery = (version ? 'version=' + encodeURIComponent(version) + '&' : '') + 'format=csv';
    var csvHref = API + '/reports/courses/' + encodeURIComponent(courseId) + '?' + csvQuery;
    reportBox.appendChild(el('h3', null, report.title + ' — ' + t('version') + ' ' + report.version));
    reportBox.appendChild(el('p', null, el('a', { href: csvHref, download: '', id: 'portail-report-csv' }, t('downloadCsv'))));

    var medianMinutes = report.medianTimeOnTaskSeconds === undefined ? null : minutes(report.medianTimeOnTaskSeconds);
    reportBox.appendChild(el('h4', { className: 'portail-visually-hidden' }, t('summary')));
    reportBox.appendChild(el('dl', { className: 'portail-figures', id: 'portail-report-summary' }, [
      figure('enrolled', t('figEnrolled'), report.enrolled, number(report.enrolled, 0)),
      figure('started', t('figStarted'), report.started, number(report.started, 0)),
      figure('completed', t('figCompleted'), report.completed, number(report.completed, 0)),
      figure('passed', t('figPassed'), report.passed, number(report.passed, 0)),
      figure('averageScore', t('figAverage'), report.averageScore === undefined ? null : round(report.averageScore, 1),
        report.averageScore === undefined ? t('none') : number(report.averageScore, 1) + ' %'),
      figure('medianScore', t('figMedian'), report.medianScore === undefined ? null : round(report.medianScore, 1),
        report.medianScore === undefined ? t('none') : number(report.medianScore, 1) + ' %'),
      figure('medianTimeOnTask', t('figMedianTime'), medianMinutes,
        medianMinutes === null ? t('none') : t('minutesValue', { n: number(medianMinutes, 1) }))
    ]));

    var charts = el('div', { className: 'portail-charts' }, [
      funnelChart(report), scoreChart(report), timeChart(report), questionChart(report)
    ]);
    reportBox.appendChild(charts);
    reportBox.appendChild(learnersReport(report));
    reportBox.setAttribute('data-state', 'ready');
    reportBox.setAttribute('data-course', courseId);
    reportBox.setAttribute('data-version', String(report.version));
  }

  function learnersReport(report) {
    var rows = (report.learners || []).map(function (l) {
      var href = API + '/learners/' + encodeURIComponent(l.learnerId) + '/attendance?courseId=' +
        encodeURIComponent(report.courseId) + '&format=csv';
      var time = minutes(l.timeOnTaskSeconds);
      return {
        attrs: { 'data-learner': l.learnerId },
        cells: [
          l.name,
          { key: 'status', value: l.status, node: el('span', { className: 'portail-badge', 'data-status': l.status }, t('status.' + l.status)) },
          { key: 'success', value: l.success, node: el('span', { className: 'portail-badge', 'data-status': l.success }, t('success.' + l.success)) },
          { key: 'score', value: l.score === undefined ? '' : round(l.score, 1), text: l.score === undefined ? t('none') : number(l.score, 1) },
          { key: 'time', value: time, text: number(time, 1) },
          { key: 'lastAccess', value: l.lastAccess || '', text: dateText(l.lastAccess, true) },
          el('a', { href: href, download: '', 'data-attendance': l.learnerId, 'aria-label': t('attendanceFor', { name: l.name }) }, 'CSV')
        ]
      };
    });
    return el('div', { id: 'portail-report-learners' }, [
      el('h4', null, t('learnersReport')),
      rows.length ? table(null, [{ label: t('name') }, { label: t('status') }, { label: t('success') },
        { label: t('score'), num: true }, { label: t('timeOnTask'), num: true }, { label: t('lastAccess') },
        { label: t('attendance') }], rows, { 'data-table': 'report-learners' }) : el('p', null, t('noData'))
    ]);
  }

  // --- Charts ------------------------------------------------------------------------------------------------

  /** The <figure> for a chart: caption, svg (role img, <title>, <desc>), legend, data table in <details>. */
  function chartFigure(key, title, desc, svgNode, legend, dataTable) {
    var titleId = uid('chart-title');
    var descId = uid('chart-desc');
    if (svgNode) {
      svgNode.setAttribute('role', 'img');
      svgNode.setAttribute('aria-labelledby', titleId + ' ' + descId);
      svgNode.insertBefore(svg('desc', { id: descId }, desc), svgNode.firstChild);
      svgNode.insertBefore(svg('title', { id: titleId }, title), svgNode.firstChild);
      svgNode.setAttribute('focusable', 'false');
    }
    var legendNode = legend ? el('ul', { className: 'portail-legend' }, legend.map(function (item) {
      return el('li', { style: '--swatch: ' + item.colour }, item.label);
    })) : null;
    return el('figure', { className: 'portail-chart', 'data-chart': key }, [
      el('figcaption', null, title),
      svgNode || el('p', null, t('noData')),
      legendNode,
      el('details', { 'data-table-for': key }, [el('summary', null, t('dataTable')), dataTable])
    ]);
  }

  function niceMax(value) {
    if (value <= 5) return Math.max(1, Math.ceil(value));
    var magnitude = Math.pow(10, Math.floor(Math.log10(value)));
    var steps = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < steps.length; i++) {
      if (steps[i] * magnitude >= value) return steps[i] * magnitude;
    }
    return 10 * magnitude;
  }

  function ticks(max) {
    var count = max <= 5 ? max : 5;
    var out = [];
    for (var i = 0; i <= count; i++) out.push(round(max * i / count, 2));
    return out;
  }

  /** Vertical bars: groups [{label, values: [n…]}], series [{label, colour}]. */
  function verticalBars(groups, series, yLabel, format) {
    var left = 44;
    var right = 12;
    var top = 30;
    var bottom = 54;
    var barWidth = series.length > 1 ? 28 : 30;
    var gap = 6;
    var groupWidth = series.length > 1 ? Math.max(series.length * barWidth + (series.length - 1) * gap + 48, 160) : barWidth + 22;
    var plotWidth = Math.max(groups.length * groupWidth, 300);
    var width = left + plotWidth + right;
    var plotHeight = 180;
    var height = top + plotHeight + bottom;
    var maxValue = 0;
    groups.forEach(function (g) { g.values.forEach(function (v) { maxValue = Math.max(maxValue, v); }); });
    var yMax = niceMax(maxValue || 1);
    var y = function (v) { return top + plotHeight - (v / yMax) * plotHeight; };
    var node = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, width: width, height: height, preserveAspectRatio: 'xMinYMin meet',
      style: 'max-width: ' + width + 'px' });
    ticks(yMax).forEach(function (v) {
      node.appendChild(svg('line', { x1: left, x2: left + plotWidth, y1: y(v), y2: y(v), className: 'grid', stroke: '#d5dae0' }));
      node.appendChild(svg('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end' }, number(v, 1)));
    });
    node.appendChild(svg('line', { x1: left, x2: left, y1: top, y2: top + plotHeight, className: 'axis', stroke: '#767f8a' }));
    node.appendChild(svg('line', { x1: left, x2: left + plotWidth, y1: top + plotHeight, y2: top + plotHeight, className: 'axis', stroke: '#767f8a' }));
    node.appendChild(svg('text', { x: 4, y: 12 }, yLabel));
    var slot = plotWidth / Math.max(groups.length, 1);
    groups.forEach(function (g, gi) {
      var inner = series.length * barWidth + (series.length - 1) * gap;
      var x0 = left + gi * slot + (slot - inner) / 2;
      g.values.forEach(function (v, si) {
        var x = x0 + si * (barWidth + gap);
        var h = Math.max(0, top + plotHeight - y(v));
        var bar = svg('rect', {
          x: x, y: y(v), width: barWidth, height: h, fill: series[si].colour, className: 'series-' + (si + 1),
          'data-series': series[si].key, 'data-value': v
        }, svg('title', null, g.label + ' — ' + series[si].label + ' : ' + format(v)));
        node.appendChild(bar);
        node.appendChild(svg('text', { x: x + barWidth / 2, y: y(v) - 4, 'text-anchor': 'middle' }, format(v)));
      });
      var label = svg('text', { x: left + gi * slot + slot / 2, y: top + plotHeight + 18, 'text-anchor': 'middle' },
        truncate(g.label, Math.max(6, Math.floor(slot / 7))));
      label.appendChild(svg('title', null, g.label));
      node.appendChild(label);
      if (g.sublabel) {
        node.appendChild(svg('text', { x: left + gi * slot + slot / 2, y: top + plotHeight + 34, 'text-anchor': 'middle' },
          truncate(g.sublabel, Math.max(6, Math.floor(slot / 7)))));
      }
    });
    return node;
  }

  /** Horizontal bars: rows [{label, value, text}], max value for the scale. */
  function horizontalBars(rows, maxValue, colour, axisLabel) {
    var labelWidth = 170;
    var valueWidth = 96;
    var plotWidth = 320;
    var rowHeight = 28;
    var top = 24;
    var width = labelWidth + plotWidth + valueWidth;
    var height = top + rows.length * rowHeight + 10;
    var scale = maxValue > 0 ? plotWidth / maxValue : 0;
    var node = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, width: width, height: height, preserveAspectRatio: 'xMinYMin meet',
      style: 'max-width: ' + width + 'px' });
    node.appendChild(svg('text', { x: labelWidth, y: 14 }, axisLabel));
    node.appendChild(svg('line', { x1: labelWidth, x2: labelWidth, y1: top - 4, y2: height - 6, className: 'axis', stroke: '#767f8a' }));
    rows.forEach(function (row, i) {
      var yTop = top + i * rowHeight;
      var label = svg('text', { x: labelWidth - 8, y: yTop + 17, 'text-anchor': 'end' }, truncate(row.label, 24));
      label.appendChild(svg('title', null, row.label));
      node.appendChild(label);
      var w = Math.max(row.value > 0 ? 2 : 0, row.value * scale);
      node.appendChild(svg('rect', { x: labelWidth, y: yTop + 4, width: w, height: rowHeight - 10, fill: colour, className: 'series-1', 'data-value': row.value },
        svg('title', null, row.label + ' : ' + row.text)));
      node.appendChild(svg('text', { x: labelWidth + w + 6, y: yTop + 17 }, row.text));
    });
    return node;
  }

  function funnelChart(report) {
    var series = [
      { key: 'started', label: t('started'), colour: COLOURS[0] },
      { key: 'completed', label: t('completed'), colour: COLOURS[1] },
      { key: 'passed', label: t('passed'), colour: COLOURS[2] }
    ];
    var steps = report.funnel || [];
    var groups = steps.map(function (s) {
      return { label: s.title || s.scoId, sublabel: s.module && s.module !== s.title ? s.module : null, values: [s.started, s.completed, s.passed] };
    });
    var chart = steps.length ? verticalBars(groups, series, t('learnersCount'), function (v) { return number(v, 0); }) : null;
    var data = table(t('funnelTitle'), [{ label: t('module') }, { label: t('started'), num: true },
      { label: t('completed'), num: true }, { label: t('passed'), num: true }],
    steps.map(function (s) {
      return {
        attrs: { 'data-sco': s.scoId },
        cells: [s.title || s.scoId, { key: 'started', value: s.started, text: number(s.started, 0) },
          { key: 'completed', value: s.completed, text: number(s.completed, 0) },
          { key: 'passed', value: s.passed, text: number(s.passed, 0) }]
      };
    }), { 'data-table': 'funnel' });
    return chartFigure('funnel', t('funnelTitle'), t('funnelDesc', { n: report.enrolled }) + ' ' + steps.map(function (s) {
      return (s.title || s.scoId) + ' : ' + s.started + ' / ' + s.completed + ' / ' + s.passed;
    }).join(' ; '), chart, series, data);
  }

  /** Ten bins: [0,10), [10,20) … [90,100]; 100 falls in the last one. */
  function scoreBins(report) {
    var bins = [];
    for (var i = 0; i < 10; i++) bins.push({ from: i * 10, to: i * 10 + 10, count: 0 });
    (report.learners || []).forEach(function (l) {
      if (l.score === undefined || l.score === null || !isFinite(l.score)) return;
      var index = Math.min(9, Math.max(0, Math.floor(Number(l.score) / 10)));
      bins[index].count++;
    });
    return bins;
  }

  function binLabel(b) {
    return b.from + '–' + (b.to === 100 ? '100' : b.to);
  }

  function scoreChart(report) {
    var bins = scoreBins(report);
    var total = bins.reduce(function (s, b) { return s + b.count; }, 0);
    var series = [{ key: 'learners', label: t('learnersCount'), colour: COLOURS[0] }];
    var chart = verticalBars(bins.map(function (b) { return { label: binLabel(b), values: [b.count] }; }), series,
      t('learnersCount'), function (v) { return number(v, 0); });
    var data = table(t('scoresTitle'), [{ label: t('scoreRange') }, { label: t('learnersCount'), num: true }],
      bins.map(function (b) {
        return { attrs: { 'data-bin': String(b.from) }, cells: [binLabel(b), { key: 'count', value: b.count, text: number(b.count, 0) }] };
      }), { 'data-table': 'scores' });
    return chartFigure('scores', t('scoresTitle'), t('scoresDesc', { n: total }) + ' ' + bins.filter(function (b) {
      return b.count > 0;
    }).map(function (b) { return binLabel(b) + ' : ' + b.count; }).join(' ; '), total ? chart : null, null, data);
  }

  function timeChart(report) {
    var lines = report.learners || [];
    var rows = lines.map(function (l) {
      var m = minutes(l.timeOnTaskSeconds);
      return { label: l.name, value: m, text: t('minutesValue', { n: number(m, 1) }), id: l.learnerId };
    });
    var max = rows.reduce(function (m, r) { return Math.max(m, r.value); }, 0);
    var chart = rows.length ? horizontalBars(rows, niceMax(max || 1), COLOURS[0], t('minutes')) : null;
    var data = table(t('timeTitle'), [{ label: t('learner') }, { label: t('minutes'), num: true }], rows.map(function (r) {
      return { attrs: { 'data-learner': r.id }, cells: [r.label, { key: 'minutes', value: r.value, text: number(r.value, 1) }] };
    }), { 'data-table': 'time' });
    return chartFigure('time', t('timeTitle'), t('timeDesc') + ' ' + rows.map(function (r) {
      return r.label + ' : ' + r.text;
    }).join(' ; '), chart, null, data);
  }

  function questionChart(report) {
    var questions = report.questions || [];
    var rows = questions.map(function (q) {
      var percent = round((Number(q.successRate) || 0) * 100, 1);
      return {
        label: q.interactionId, value: percent, id: q.interactionId, q: q,
        text: number(percent, 1) + ' % (' + q.correct + '/' + q.answers + ')'
      };
    });
    var chart = rows.length ? horizontalBars(rows, 100, COLOURS[2], t('successRate') + ' (%)') : null;
    var data = table(t('questionsTitle'), [{ label: t('question') }, { label: t('answers'), num: true },
      { label: t('correct'), num: true }, { label: t('successRate'), num: true }], rows.map(function (r) {
      return {
        attrs: { 'data-question': r.id },
        cells: [r.label, { key: 'answers', value: r.q.answers, text: number(r.q.answers, 0) },
          { key: 'correct', value: r.q.correct, text: number(r.q.correct, 0) },
          { key: 'rate', value: r.value, text: number(r.value, 1) + ' %' }]
      };
    }), { 'data-table': 'questions' });
    return chartFigure('questions', t('questionsTitle'), t('questionsDesc') + ' ' + rows.map(function (r) {
      return r.label + ' : ' + r.text;
    }).join(' ; '), chart, null, data);
  }

  // =============================================================================================================
  // Start
  // =============================================================================================================

  function start() {
    // The server's heading stays; the rest is built here.
    Array.prototype.slice.call(root.querySelectorAll('noscript')).forEach(function (n) { n.parentNode.removeChild(n); });
    root.appendChild(banner);
    root.appendChild(learnersSection());
    root.appendChild(enrollSection());
    root.appendChild(uploadSection());
    root.appendChild(reportsSection());
    Promise.all([loadLearners(), loadCourses()]).catch(function (e) {
      banner.say(errorText(e), 'error');
    }).then(function () {
      return pendingReport;
    }).then(function () {
      document.documentElement.classList.add('portail-admin-ready');
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
