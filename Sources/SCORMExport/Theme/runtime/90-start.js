// @ts-check
// Start: Initialize with the LMS (else the standalone mode), restore a suspended session, show the page, save on
// the way and finish on pagehide; then the read-only debugging surface, window.PortailSCO.

function restoreFromStandalone() {
  var saved = null;
  try {
    saved = JSON.parse(window.localStorage.getItem(storageKey) || 'null');
  } catch (e) {
    saved = null;
  }
  if (!saved || typeof saved !== 'object') return false;
  var ok = decodeSuspendData(saved.suspendData);
  var index = pageIds.indexOf(saved.location);
  if (index >= 0) state.current = index;
  return ok;
}

function restoreFromLMS() {
  var entry = getValue(IS2004 ? 'cmi.entry' : 'cmi.core.entry');
  if (!IS2004) {
    var status = getValue('cmi.core.lesson_status');
    if (status.ok && entry.value !== 'resume' && (status.value === 'passed' || status.value === 'completed')) {
      statusFloor12 = status.value;
    }
  }
  if (!entry.ok || entry.value !== 'resume') return false;
  var location = getValue(IS2004 ? 'cmi.location' : 'cmi.core.lesson_location');
  var suspend = getValue('cmi.suspend_data');
  var ok = suspend.ok && decodeSuspendData(suspend.value);
  var index = location.ok ? pageIds.indexOf(location.value) : -1;
  if (index >= 0) state.current = index;
  if (suspend.ok) lastWritten['cmi.suspend_data'] = suspend.value;
  // Every submission records one interaction per question (all must be answered).
  ownInteractionCount = state.quiz.submissions * questions.length;
  return ok || index >= 0;
}

function start() {
  var restored = false;
  api = findAPI();
  if (api) {
    var init = call('init', [''], false);
    if (init.ok && init.value !== 'false') {
      mode = 'lms';
      sessionStart = Date.now();
      restored = restoreFromLMS();
    } else {
      if (init.ok) showStatus(NAMES.init + '("") → ' + init.value, 'error');
      api = null;
    }
  }
  if (mode !== 'lms') {
    var hadError = statusEl && statusEl.getAttribute('data-kind') === 'error';
    if (!hadError) showStatus(t('noLMS'), 'info');
    restored = restoreFromStandalone();
  }
  initQuiz(restored);
  if (prevButton) prevButton.addEventListener('click', onPrevious);
  if (nextButton) nextButton.addEventListener('click', onNext);
  document.addEventListener('click', onDocumentClick);
  showPage(state.current, false);
  persist();
  if (mode === 'standalone' && !suspendNotice) showStatus(t('noLMS'), 'info');
  updateNavigation();
  window.addEventListener('pagehide', finish);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden' && !terminated) persist();
  });
  window.addEventListener('pageshow', function (event) {
    if (!event.persisted || !terminated) return;
    if (mode !== 'lms') {
      terminated = false; // back from the back-forward cache: standalone mode simply carries on
      return;
    }
    // The LMS session ended on pagehide and cannot be reopened from this page.
    showStatus(t('sessionEnded'), 'info');
    updateNavigation();
  });
  document.documentElement.classList.add('portail-ready');
}

// ---------------------------------------------------------------------------------------------
// Debug surface
// ---------------------------------------------------------------------------------------------

function snapshot() {
  return JSON.parse(JSON.stringify({
    standard: STANDARD,
    mode: mode,
    terminated: terminated,
    page: pageIds[state.current] || null,
    pagesSeen: pageIds.filter(function (_id, i) { return state.seen[i]; }),
    quiz: quizDesc ? {
      result: state.quiz.result,
      submissions: state.quiz.submissions,
      open: state.quiz.open,
      answers: state.quiz.answers
    } : null,
    interactionsWritten: interactionsWritten,
    lastError: lastError
  }));
}

var debug = {
  version: FORMAT_VERSION,
  state: snapshot,
  encodeSuspendData: function () { return encodeSuspendData(); },
  storageKey: function () { return storageKey; }
};

/** Defines window.PortailSCO; false when it is defined already (the script was included twice). */
function publishDebugSurface() {
  try {
    Object.defineProperty(window, 'PortailSCO', { value: Object.freeze(debug), writable: false, configurable: false });
    return true;
  } catch (e) {
    return false; // keep the first one
  }
}

if (descriptionRead && publishDebugSurface()) {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}
