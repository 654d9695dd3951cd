// @ts-check
// The translation helper of the player and the dashboard: the page's own texts first (the server's, in the
// course language), then the script's fallback texts in the page's language, then in English, then the key.

/**
 * @typedef {(key: string, params?: Record<string, unknown>) => string} Translate
 * A text with its {name} placeholders filled from `params` (unknown names stay as they are).
 */

/**
 * @param {Record<string, unknown>} pageStrings
 * @param {Record<string, Record<string, string>>} fallbacks texts by two-letter language; `en` is the last resort
 * @param {string} lang the page's language tag (fr, fr-CA, en…)
 * @returns {Translate}
 */
export function createTranslator(pageStrings, fallbacks, lang) {
  var english = fallbacks.en || {};
  var local = fallbacks[String(lang).toLowerCase().slice(0, 2)] || english;
  return function t(key, params) {
    var own = pageStrings[key];
    var mine = local[key];
    var en = english[key];
    var text = typeof own === 'string' && own !== '' ? own : mine !== undefined ? mine : en !== undefined ? en : key;
    if (params) {
      text = text.replace(/\{(\w+)\}/g, function (all, name) {
        return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : all;
      });
    }
    return text;
  };
}
