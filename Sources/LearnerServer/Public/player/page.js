// @ts-check
// The player page as the server renders it (docs/player.md "Page contracts"): its elements, the #portail-player
// JSON and what derives from it, and the page's texts.

import { createTranslator } from '../i18n.js';
import { PLAYER_TEXTS } from './strings.js';

/**
 * One launchable item of the course, as the server lists it.
 * @typedef {Object} ScoEntry
 * @property {string} id the item's identifier
 * @property {string} [title]
 * @property {string} url absolute, under /content/
 * @property {unknown[]} [parents] titles of the enclosing items, outermost first
 * @property {boolean} [isSCO] false for an asset: no API, completed once shown
 * @property {number} [masteryScore] 0–100
 * @property {number} [completionThreshold] 0–1
 * @property {string} [launchData]
 * @property {string} [prerequisites] SCORM 1.2 aicc_script
 */

/**
 * The #portail-player JSON. Read defensively: a field of the wrong type is left out.
 * @typedef {Object} PlayerData
 * @property {{id?: unknown, version?: number, title?: string, standard?: unknown, language?: unknown}} [course]
 * @property {{id?: unknown, name?: unknown}} [learner]
 * @property {unknown} [api] the API's base path
 * @property {unknown} [csrfHeader]
 * @property {unknown[]} [scos] ScoEntry objects
 * @property {Record<string, unknown>} [strings] the UI texts in the course language
 */

/** @param {string} id */
function byId(id) {
  return document.getElementById(id);
}

export var dataEl = byId('portail-player');
export var toc = byId('portail-toc');
export var frame = /** @type {HTMLIFrameElement | null} */ (byId('portail-sco-frame'));
export var prevButton = /** @type {HTMLButtonElement | null} */ (byId('portail-prev'));
export var nextButton = /** @type {HTMLButtonElement | null} */ (byId('portail-next'));
export var syncEl = byId('portail-sync-status');

/** @type {PlayerData | null} */
var parsed = null;
/** @type {string | null} */
export var configProblem = null;
try {
  parsed = JSON.parse(dataEl ? dataEl.textContent || '' : 'null');
} catch (e) {
  configProblem = e instanceof Error ? e.message : String(e);
}
/** @type {PlayerData} */
var config = parsed && typeof parsed === 'object' ? parsed : {};

export var course = config.course && typeof config.course === 'object' ? config.course : {};
export var learner = config.learner && typeof config.learner === 'object' ? config.learner : {};
export var API_BASE = String(config.api || '/api/v1').replace(/\/+$/, '');
export var CSRF_HEADER = String(config.csrfHeader || 'X-Portail-CSRF');
/** @type {'scorm12' | 'scorm2004'} */
export var STANDARD = /1\.?2/.test(String(course.standard || '')) && !/2004/.test(String(course.standard || ''))
  ? 'scorm12' : 'scorm2004';
export var IS2004 = STANDARD === 'scorm2004';
export var COURSE_ID = course.id === undefined || course.id === null ? '' : String(course.id);
export var LEARNER_ID = learner.id === undefined || learner.id === null ? '' : String(learner.id);
/** @type {ScoEntry[]} */
export var scos = (Array.isArray(config.scos) ? config.scos : []).filter(function (s) {
  return s && typeof s === 'object' && typeof s.id === 'string' && s.id !== '' && typeof s.url === 'string';
});

var langTag = String(document.documentElement.getAttribute('lang') || course.language || 'fr').toLowerCase();
/** @type {Record<string, unknown>} */
export var pageStrings = config.strings && typeof config.strings === 'object' ? config.strings : {};

/** A text of the page: the server's `strings`, else the fallback; {name} placeholders filled. */
export var t = createTranslator(pageStrings, PLAYER_TEXTS, langTag);

/** @param {string} id */
export function indexOfSco(id) {
  for (var i = 0; i < scos.length; i++) if (/** @type {ScoEntry} */ (scos[i]).id === id) return i;
  return -1;
}

/**
 * The SCO next to another in the organization order, or -1.
 * @param {number} from
 * @param {number} direction 1 or -1
 */
export function neighbour(from, direction) {
  var i = from + direction;
  return i >= 0 && i < scos.length ? i : -1;
}

/**
 * The SCO at an index (the caller knows it exists).
 * @param {number} index
 * @returns {ScoEntry}
 */
export function scoAt(index) {
  var sco = scos[index];
  if (!sco) throw new Error('no SCO at ' + index);
  return sco;
}

/** @param {string} path */
export function apiUrl(path) {
  return API_BASE + path;
}

/**
 * @param {string} scoId
 * @param {string} tail
 */
export function scoPath(scoId, tail) {
  return '/me/courses/' + encodeURIComponent(COURSE_ID) + '/scos/' + encodeURIComponent(scoId) + tail;
}

/** @returns {Record<string, string>} */
export function csrfHeaders() {
  /** @type {Record<string, string>} */
  var headers = {};
  headers[CSRF_HEADER] = '1';
  return headers;
}
