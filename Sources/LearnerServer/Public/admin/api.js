// @ts-check
// The dashboard's calls to the API: the admin session cookie authenticates them (credentials: 'same-origin'),
// those that change anything carry the CSRF header; the API's objects the dashboard reads.

import { API, CSRF, t } from './page.js';

/**
 * @typedef {Object} Learner
 * @property {string} id
 * @property {string} name
 * @property {string} [email]
 * @property {string} createdAt
 */
/**
 * @typedef {Object} CourseSummary
 * @property {string} id
 * @property {number} version
 * @property {string} title
 * @property {string} standard
 * @property {string} [label] the author's version label
 * @property {{id: string, title: string}[]} [scos]
 */
/**
 * @typedef {Object} ReportStep
 * @property {string} scoId
 * @property {string} title
 * @property {string} [module]
 * @property {number} started
 * @property {number} completed
 * @property {number} passed
 */
/**
 * @typedef {Object} QuestionStat
 * @property {string} interactionId
 * @property {string} scoId
 * @property {number} answers
 * @property {number} correct
 * @property {number} successRate 0–1
 */
/**
 * @typedef {Object} LearnerLine
 * @property {string} learnerId
 * @property {string} name
 * @property {string} status not-started, in-progress or completed
 * @property {string} success passed, failed or unknown
 * @property {number} [score] 0–100
 * @property {number} timeOnTaskSeconds
 * @property {string} [lastAccess]
 */
/**
 * GET {api}/reports/courses/{id}.
 * @typedef {Object} CourseReport
 * @property {string} courseId
 * @property {number} version
 * @property {string} title
 * @property {number} enrolled
 * @property {number} started
 * @property {number} completed
 * @property {number} passed
 * @property {number} [averageScore]
 * @property {number} [medianScore]
 * @property {number} [medianTimeOnTaskSeconds]
 * @property {ReportStep[]} [funnel]
 * @property {QuestionStat[]} [questions]
 * @property {LearnerLine[]} [learners]
 */

/** An answer other than 2xx (status 0: no answer at all). */
export class ApiError {
  /**
   * @param {number} status
   * @param {string} code the API's error code
   * @param {string} message
   */
  constructor(status, code, message) {
    this.status = status;
    this.code = code;
    this.message = message;
  }
}

/** @type {() => void} */
var unauthorized = function () {};

/**
 * What to do when the session has expired (a 401).
 * @param {() => void} fn
 */
export function whenUnauthorized(fn) {
  unauthorized = fn;
}

/**
 * fetch with the session cookie; the CSRF header on changes; resolves the JSON, rejects with ApiError.
 * @param {string} method
 * @param {string} path under the API's base
 * @param {unknown} [body] JSON, or the raw body when contentType is given
 * @param {string} [contentType]
 * @returns {Promise<{status: number, json: any}>}
 */
export function call(method, path, body, contentType) {
  /** @type {Record<string, string>} */
  var headers = { Accept: 'application/json' };
  /** @type {RequestInit} */
  var init = { method: method, credentials: 'same-origin', cache: 'no-store', headers: headers };
  if (method !== 'GET' && method !== 'HEAD') headers[CSRF] = '1';
  if (body !== undefined) {
    if (contentType) {
      headers['Content-Type'] = contentType;
      init.body = /** @type {BodyInit} */ (body);
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
      if (response.status === 401) unauthorized();
      throw failure;
    });
  }, function (e) {
    throw new ApiError(0, 'network', t('networkError', { message: e && e.message ? e.message : String(e) }));
  });
}

/** @param {unknown} e */
export function errorText(e) {
  if (e instanceof ApiError) return e.status === 0 ? e.message : t('error', { message: e.message });
  return t('error', { message: e instanceof Error ? e.message : String(e) });
}
