// @ts-check
// The learners and courses the dashboard lists, and the <select>s that offer them (kept filled when they change).

import { call } from './api.js';
import { el, clear } from './dom.js';

/** @typedef {import('./api.js').Learner} Learner */
/** @typedef {import('./api.js').CourseSummary} CourseSummary */

/** @type {{learners: Learner[], courses: CourseSummary[]}} */
export var catalog = { learners: [], courses: [] };

/** @type {HTMLSelectElement[]} */
var learnerSelects = [];
/** @type {HTMLSelectElement[]} */
var courseSelects = [];
/** @type {(() => void)[]} */
var learnerViews = [];
/** @type {(() => void)[]} */
var courseViews = [];

/**
 * A view to redraw when the learners change (before the selects are filled).
 * @param {() => void} render
 */
export function showsLearners(render) {
  learnerViews.push(render);
}

/**
 * A view to redraw when the courses change (before the selects are filled).
 * @param {() => void} render
 */
export function showsCourses(render) {
  courseViews.push(render);
}

/** @param {HTMLSelectElement} select */
export function listLearnersIn(select) {
  learnerSelects.push(select);
}

/**
 * A select of courses: it gets a `portail-refresh` event each time it is filled again.
 * @param {HTMLSelectElement} select
 */
export function listCoursesIn(select) {
  courseSelects.push(select);
}

function fillLearnerSelects() {
  learnerSelects.forEach(function (select) {
    var keep = select.value;
    clear(select);
    catalog.learners.forEach(function (l) {
      select.appendChild(el('option', { value: l.id }, l.name + (l.email ? ' <' + l.email + '>' : '')));
    });
    if (keep) select.value = keep;
  });
}

function fillCourseSelects() {
  courseSelects.forEach(function (select) {
    var keep = select.value;
    clear(select);
    catalog.courses.forEach(function (c) {
      select.appendChild(el('option', { value: c.id }, c.title + ' (' + c.id + ')'));
    });
    if (keep && catalog.courses.some(function (c) { return c.id === keep; })) select.value = keep;
    select.dispatchEvent(new Event('portail-refresh'));
  });
}

export function loadLearners() {
  return call('GET', '/learners').then(function (r) {
    catalog.learners = Array.isArray(r.json) ? r.json : [];
    learnerViews.forEach(function (render) { render(); });
    fillLearnerSelects();
  });
}

export function loadCourses() {
  return call('GET', '/courses').then(function (r) {
    catalog.courses = Array.isArray(r.json) ? r.json : [];
    courseViews.forEach(function (render) { render(); });
    fillCourseSelects();
  });
}

/** @param {string} id */
export function courseById(id) {
  for (var i = 0; i < catalog.courses.length; i++) {
    var course = catalog.courses[i];
    if (course && course.id === id) return course;
  }
  return null;
}

/** @param {string} id */
export function learnerById(id) {
  for (var i = 0; i < catalog.learners.length; i++) {
    var learner = catalog.learners[i];
    if (learner && learner.id === id) return learner;
  }
  return null;
}
