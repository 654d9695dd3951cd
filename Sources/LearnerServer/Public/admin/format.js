// @ts-check
// Numbers, durations and dates as the dashboard shows them, in the page's language.

import { LANG, t } from './page.js';

/**
 * A number with at most `digits` decimals, or the "none" sign.
 * @param {number | null | undefined} value
 * @param {number} [digits]
 */
export function number(value, digits) {
  if (value === undefined || value === null || !isFinite(value)) return t('none');
  var d = digits === undefined ? 1 : digits;
  try {
    return Number(value).toLocaleString(LANG, { maximumFractionDigits: d, minimumFractionDigits: 0 });
  } catch (e) {
    return String(Math.round(value * Math.pow(10, d)) / Math.pow(10, d));
  }
}

/**
 * @param {number} value
 * @param {number} [digits]
 */
export function round(value, digits) {
  var f = Math.pow(10, digits === undefined ? 1 : digits);
  return Math.round(value * f) / f;
}

/** @param {unknown} seconds */
export function minutes(seconds) {
  return round((Number(seconds) || 0) / 60, 1);
}

/**
 * @param {string | undefined} iso
 * @param {boolean} [withTime]
 */
export function dateText(iso, withTime) {
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

/**
 * @param {unknown} text
 * @param {number} n
 */
export function truncate(text, n) {
  var s = String(text);
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}
