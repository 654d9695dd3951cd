// @ts-check
// Reports per course version: the summary figures, the charts (charts.js), the learners' table, and the CSV
// links (the report, each learner's attendance).

import { API, t } from './page.js';
import { call, errorText } from './api.js';
import { el, clear, field, table } from './dom.js';
import { number, round, minutes, dateText } from './format.js';
import { listCoursesIn, courseById } from './catalog.js';
import { funnelChart, scoreChart, timeChart, questionChart } from './charts.js';

/** @typedef {import('./api.js').CourseReport} CourseReport */

var reportBox = el('div', { id: 'portail-report', 'aria-live': 'polite', 'aria-busy': 'false' });
/** @type {CourseReport | null} */
var currentReport = null;
var reportRequest = 0;
/** @type {Promise<unknown> | null} the report the first fill of the course select shows (start waits for it) */
export var pendingReport = null;

export function reportsSection() {
  var courseSelect = /** @type {HTMLSelectElement} */ (el('select', { id: 'portail-report-course', name: 'course' }));
  var versionSelect = /** @type {HTMLSelectElement} */ (el('select', { id: 'portail-report-version', name: 'version' }));
  listCoursesIn(courseSelect);
  var form = el('form', { id: 'portail-report-form' }, el('div', { className: 'portail-form-row' }, [
    field(t('course'), courseSelect), field(t('version'), versionSelect), el('p', null, el('button', { type: 'submit' }, t('show')))
  ]));

  function loadVersions() {
    var id = courseSelect.value;
    clear(versionSelect);
    if (!id) return Promise.resolve();
    return call('GET', '/courses/' + encodeURIComponent(id) + '/versions').then(function (r) {
      /** @type {{version: number}[]} */
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

/**
 * Shows the report again if it is the course's (after an enrollment).
 * @param {string} courseId
 */
export function refreshReportOf(courseId) {
  if (currentReport && currentReport.courseId === courseId) showReport(courseId, currentReport.version);
}

/**
 * @param {string} courseId
 * @param {number | null} version null: the latest
 */
function showReport(courseId, version) {
  if (!courseId) return Promise.resolve();
  var known = courseById(courseId);
  if (known && version === known.version) version = null; // the latest version: plain URLs
  var mine = ++reportRequest;
  reportBox.setAttribute('aria-busy', 'true');
  reportBox.setAttribute('data-state', 'loading');
  var query = version ? '?version=' + encodeURIComponent(version) : '';
  var asked = version;
  return call('GET', '/reports/courses/' + encodeURIComponent(courseId) + query).then(function (r) {
    if (mine !== reportRequest) return;
    currentReport = r.json;
    renderReport(r.json, asked);
  }).catch(function (e) {
    if (mine !== reportRequest) return;
    clear(reportBox);
    reportBox.appendChild(el('p', { className: 'portail-notice', 'data-kind': 'error' }, errorText(e)));
    reportBox.setAttribute('data-state', 'error');
  }).then(function () {
    if (mine === reportRequest) reportBox.setAttribute('aria-busy', 'false');
  });
}

/**
 * @param {string} key
 * @param {string} label
 * @param {unknown} value
 * @param {string} display
 */
function figure(key, label, value, display) {
  return el('div', { 'data-figure': key, 'data-value': value === undefined || value === null ? '' : value }, [
    el('dt', null, label), el('dd', null, display)
  ]);
}

/**
 * @param {CourseReport} report
 * @param {number | null} version
 */
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

/** @param {CourseReport} report */
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
