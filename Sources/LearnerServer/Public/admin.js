// @ts-check
/*
 * Portail's dashboard (/admin, docs/player.md "Page contracts"). ES2017 modules, no library, no external URL.
 *
 * The server renders <main id="portail-admin"> and the JSON <script type="application/json"
 * id="portail-admin-data"> {"api": "/api/v1", "csrfHeader": "X-Portail-CSRF"[, "strings": {…}]}; the admin
 * session cookie authenticates every call (fetch with credentials: 'same-origin'); calls that change anything
 * carry the CSRF header. Sections, one module each (admin/):
 * - learners.js: the learners, create (the token is shown once), a one-time sign-in link (the URL is shown);
 *   enrollments: enroll a learner in a course's latest version;
 * - packages.js: upload a SCORM zip (POST {api}/courses, application/zip), the server's message on refusal;
 * - reports.js: per course version, summary figures, the SVG charts of charts.js (completion funnel per SCO,
 *   score distribution in 10-point bins, time on task per learner, success rate per question), each with
 *   <title>, <desc>, text labels and a data table; CSV links (the report, each learner's attendance).
 * Shared: page.js (the page's data and texts), strings.js, api.js (calls and the API's objects), catalog.js
 * (the learners and courses the selects list), dom.js, format.js.
 */

import { root, t } from './admin/page.js';
import { whenUnauthorized, errorText } from './admin/api.js';
import { el, statusBox } from './admin/dom.js';
import { loadLearners, loadCourses } from './admin/catalog.js';
import { learnersSection, enrollSection } from './admin/learners.js';
import { uploadSection } from './admin/packages.js';
import { reportsSection, pendingReport } from './admin/reports.js';

var banner = statusBox('portail-admin-banner');

whenUnauthorized(function () {
  banner.say(t('sessionExpired'), 'error', el('p', null, el('a', { href: '/admin' }, t('signIn'))));
});

/** @param {HTMLElement} main */
function start(main) {
  // The server's heading stays; the rest is built here.
  Array.prototype.slice.call(main.querySelectorAll('noscript')).forEach(function (n) { n.parentNode.removeChild(n); });
  main.appendChild(banner);
  main.appendChild(learnersSection());
  main.appendChild(enrollSection());
  main.appendChild(uploadSection());
  main.appendChild(reportsSection());
  Promise.all([loadLearners(), loadCourses()]).catch(function (e) {
    banner.say(errorText(e), 'error');
  }).then(function () {
    return pendingReport;
  }).then(function () {
    document.documentElement.classList.add('portail-admin-ready');
  });
}

var main = root;
if (main) {
  var page = main;
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', function () { start(page); });
  else start(page);
}
