// @ts-check
// SCORM packages: upload a zip (POST {api}/courses, application/zip; the server's message on refusal) and the
// list of registered courses.

import { t } from './page.js';
import { call, errorText, ApiError } from './api.js';
import { el, clear, statusBox, field, table } from './dom.js';
import { catalog, showsCourses, loadCourses } from './catalog.js';

var coursesList = el('div', { id: 'portail-courses-list' });

export function uploadSection() {
  var file = /** @type {HTMLInputElement} */ (el('input', { type: 'file', name: 'package', accept: '.zip,application/zip', id: 'portail-upload-file' }));
  var id = /** @type {HTMLInputElement} */ (el('input', {
    type: 'text', name: 'id', id: 'portail-upload-id', pattern: '[a-z0-9]+(-[a-z0-9]+)*', maxlength: 64,
    autocomplete: 'off', spellcheck: 'false'
  }));
  var result = statusBox('portail-upload-result');
  var submit = /** @type {HTMLButtonElement} */ (el('button', { type: 'submit' }, t('upload')));
  var form = /** @type {HTMLFormElement} */ (el('form', { id: 'portail-upload', novalidate: true }, el('div', { className: 'portail-form-row' }, [
    field(t('packageFile'), file), field(t('courseId'), id, t('courseIdHelp')), el('p', null, submit)
  ])));
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
  showsCourses(renderCourses);
  return el('section', { id: 'portail-admin-upload', 'aria-labelledby': 'portail-h-upload' }, [
    el('h2', { id: 'portail-h-upload' }, t('packages')), form, result, el('h3', null, t('courses')), coursesList
  ]);
}

function renderCourses() {
  clear(coursesList);
  if (!catalog.courses.length) {
    coursesList.appendChild(el('p', null, t('noCourses')));
    return;
  }
  coursesList.appendChild(table(null, [{ label: t('course') }, { label: t('courseIdColumn') }, { label: t('version') },
    { label: 'SCORM' }, { label: t('scoCount'), num: true }],
  catalog.courses.map(function (c) {
    return {
      attrs: { 'data-course': c.id },
      cells: [c.title, c.id, String(c.version) + (c.label ? ' (' + c.label + ')' : ''),
        c.standard === 'scorm12' ? '1.2' : '2004', String((c.scos || []).length)]
    };
  }), { 'data-table': 'courses' }));
}
