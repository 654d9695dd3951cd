// @ts-check
// Pages and navigation: one page shown at a time, the previous/next buttons (and SCORM 2004 navigation requests
// past the first and last page), the table of contents, in-page links that never change location.hash.

var sections = pageIds.map(function (id) {
  return document.getElementById('page-' + id) ||
    /** @type {HTMLElement | null} */ (document.querySelector('.portail-page[data-page="' + id + '"]'));
});
var prevButton = /** @type {HTMLButtonElement | null} */ ($('portail-prev'));
var nextButton = /** @type {HTMLButtonElement | null} */ ($('portail-next'));
var positionEl = $('portail-position');
var toc = $('portail-toc');
var quizPageIndex = pageIds.indexOf('quiz');

function tocLinks() {
  return toc ? Array.prototype.slice.call(toc.querySelectorAll('a[data-page]')) : [];
}

/**
 * SCORM 2004: whether the LMS would take a navigation request now.
 * @param {string} request continue or previous
 */
function navRequestValid(request) {
  if (!IS2004 || mode !== 'lms' || terminated) return false;
  var r = getValue('adl.nav.request_valid.' + request);
  return r.ok && r.value === 'true';
}

var navAtStart = false;
var navAtEnd = false;

function updateNavigation() {
  var last = pageIds.length - 1;
  navAtStart = state.current === 0 && navRequestValid('previous');
  navAtEnd = state.current === last && navRequestValid('continue');
  if (prevButton) prevButton.disabled = terminated || (state.current <= 0 && !navAtStart);
  if (nextButton) nextButton.disabled = terminated || (state.current >= last && !navAtEnd);
  if (positionEl) positionEl.textContent = t('page', { n: state.current + 1, total: pageIds.length });
  tocLinks().forEach(function (/** @type {Element} */ link) {
    var index = pageIds.indexOf(link.getAttribute('data-page') || '');
    if (index === state.current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
    link.classList.toggle('seen', index >= 0 && state.seen[index] === true);
  });
}

/** @param {HTMLElement} section */
function focusHeading(section) {
  var target = /** @type {HTMLElement} */ (section.querySelector('h2') || section);
  if (!target.hasAttribute('tabindex') && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) {
    target.setAttribute('tabindex', '-1');
  }
  try {
    target.focus({ preventScroll: false });
  } catch (e) {
    target.focus();
  }
  if (typeof target.scrollIntoView === 'function') target.scrollIntoView({ block: 'start' });
}

/**
 * @param {number} index
 * @param {boolean} moveFocus
 */
function showPage(index, moveFocus) {
  if (index < 0 || index >= pageIds.length) return;
  sections.forEach(function (section, i) {
    if (section) section.hidden = i !== index;
  });
  state.current = index;
  state.seen[index] = true;
  if (index === quizPageIndex && quizShownAt === null) quizShownAt = Date.now();
  updateNavigation();
  var section = sections[index];
  if (moveFocus && section) focusHeading(section);
}

/** @param {number} index */
function goTo(index) {
  if (terminated || index < 0 || index >= pageIds.length) return;
  showPage(index, true);
  persist();
  updateNavigation(); // request_valid may change once the status is saved
}

/** @param {string} request */
function sendNavRequest(request) {
  if (!setValue('adl.nav.request', request)) return;
  if (prevButton) prevButton.disabled = true;
  if (nextButton) nextButton.disabled = true;
  finish();
}

function onPrevious() {
  if (state.current > 0) goTo(state.current - 1);
  else if (IS2004 && navRequestValid('previous')) sendNavRequest('previous');
}

function onNext() {
  if (state.current < pageIds.length - 1) goTo(state.current + 1);
  else if (IS2004 && navRequestValid('continue')) sendNavRequest('continue');
}

/**
 * In-page links never change location.hash: pages are shown, other targets focused.
 * @param {MouseEvent} event
 */
function onDocumentClick(event) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  var clicked = /** @type {Element} */ (event.target);
  var link = clicked.closest ? clicked.closest('a[href^="#"]') : null;
  if (!link) return;
  var id = decodeURIComponent((link.getAttribute('href') || '').slice(1));
  if (!id) return;
  var pageId = link.getAttribute('data-page');
  var pageIndex = pageId !== null ? pageIds.indexOf(pageId) : -1;
  var target = document.getElementById(id);
  if (pageIndex < 0 && target) {
    var section = /** @type {HTMLElement | null} */ (target.closest ? target.closest('.portail-page') : null);
    if (section && section === target) pageIndex = sections.indexOf(section);
    else if (section) {
      event.preventDefault();
      var owner = sections.indexOf(section);
      if (owner >= 0 && owner !== state.current) goTo(owner);
      if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
      target.focus();
      return;
    }
  }
  var page = sections[pageIndex];
  if (pageIndex >= 0) {
    event.preventDefault();
    if (pageIndex !== state.current) goTo(pageIndex);
    else if (page) focusHeading(page);
    return;
  }
  if (target) {
    event.preventDefault();
    if (!target.hasAttribute('tabindex') && target.tabIndex < 0) target.setAttribute('tabindex', '-1');
    target.focus();
  }
}
