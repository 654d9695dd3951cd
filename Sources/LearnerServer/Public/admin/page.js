// @ts-check
// The dashboard page as the server renders it: <main id="portail-admin"> and the #portail-admin-data JSON
// {"api", "csrfHeader"[, "strings"]}, and the page's texts.

import { createTranslator } from '../i18n.js';
import { ADMIN_TEXTS } from './strings.js';

/**
 * @typedef {Object} AdminData
 * @property {unknown} [api] the API's base path
 * @property {unknown} [csrfHeader]
 * @property {Record<string, unknown>} [strings]
 */

export var root = document.getElementById('portail-admin');

/** @type {AdminData} */
var config = {};
try {
  var dataEl = document.getElementById('portail-admin-data');
  config = JSON.parse(dataEl ? dataEl.textContent || '' : '{}') || {};
} catch (e) {
  config = {};
}

export var API = String(config.api || '/api/v1').replace(/\/+$/, '');
export var CSRF = String(config.csrfHeader || 'X-Portail-CSRF');
export var LANG = String(document.documentElement.getAttribute('lang') || 'fr').toLowerCase();
var pageStrings = config.strings && typeof config.strings === 'object' ? config.strings : {};

export var t = createTranslator(pageStrings, ADMIN_TEXTS, LANG);
