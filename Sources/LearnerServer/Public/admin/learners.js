// @ts-check
// Learners (the list, create one: its token is shown once; a one-time sign-in link) and enrollments (a learner
// in a course's latest version).

import { t } from './page.js';
import { call, errorText } from './api.js';
import { el, clear, statusBox, secret, field, table } from './dom.js';
import { dateText } from './format.js';
import { catalog, showsLearners, loadLearners, listLearnersIn, listCoursesIn, learnerById, courseById } from './catalog.js';
import { refreshReportOf } from './reports.js';

var learnersTable = el('div', { id: 'portail-learners-table' });
var learnerResult = statusBox('portail-learner-result');
var linkResult = statusBox('portail-signin-link-result');

export function learnersSection() {
  var name = /** @type {HTMLInputElement} */ (el('input', { type: 'text', name: 'name', required: true, maxlength: 200, autocomplete: 'off' }));
  var email = /** @type {HTMLInputElement} */ (el('input', { type: 'email', name: 'email', maxlength: 320, autocomplete: 'off' }));
  var submit = /** @type {HTMLButtonElement} */ (el('button', { type: 'submit' }, t('create')));
  var form = /** @type {HTMLFormElement} */ (el('form', { id: 'portail-create-learner', novalidate: true }, [
    el('h3', null, t('createLearner')),
    el('div', { className: 'portail-form-row' }, [field(t('name'), name), field(t('email'), email), el('p', null, submit)])
  ]));
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    /** @type {{name: string, email?: string}} */
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
  showsLearners(renderLearners);
  return el('section', { id: 'portail-admin-learners', 'aria-labelledby': 'portail-h-learners' }, [
    el('h2', { id: 'portail-h-learners' }, t('learners')), form, learnerResult, linkResult, learnersTable
  ]);
}

function renderLearners() {
  clear(learnersTable);
  if (!catalog.learners.length) {
    learnersTable.appendChild(el('p', null, t('noLearners')));
    return;
  }
  var rows = catalog.learners.map(function (l) {
    var button = /** @type {HTMLButtonElement} */ (el('button', {
      type: 'button', className: 'secondary', 'data-action': 'signin-link', 'data-learner': l.id,
      'aria-label': t('signinLink') + ' — ' + l.name
    }, t('signinLink')));
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

export function enrollSection() {
  var learnerSelect = /** @type {HTMLSelectElement} */ (el('select', { name: 'learnerId', id: 'portail-enroll-learner' }));
  var courseSelect = /** @type {HTMLSelectElement} */ (el('select', { name: 'courseId', id: 'portail-enroll-course' }));
  listLearnersIn(learnerSelect);
  listCoursesIn(courseSelect);
  var result = statusBox('portail-enroll-result');
  var submit = /** @type {HTMLButtonElement} */ (el('button', { type: 'submit' }, t('enroll')));
  var form = el('form', { id: 'portail-enroll' }, el('div', { className: 'portail-form-row' }, [
    field(t('learner'), learnerSelect), field(t('course'), courseSelect), el('p', null, submit)
  ]));
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var learner = learnerById(learnerSelect.value);
    var course = courseById(courseSelect.value);
    if (!learner || !course) return;
    var chosen = { learner: learner, course: course };
    submit.disabled = true;
    call('POST', '/courses/' + encodeURIComponent(course.id) + '/enrollments', { learnerId: learner.id }).then(function (r) {
      var e = r.json || {};
      result.say(t(r.status === 201 ? 'enrolled' : 'alreadyEnrolled',
        { name: chosen.learner.name, course: chosen.course.title, version: e.version }), 'ok');
      refreshReportOf(chosen.course.id);
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
