// @ts-check
// Statuses in each standard's terms, and saving: after each meaningful change (set what changed, commit) and at
// the end of the session (session time, commit, Terminate, exactly once). Without an LMS: localStorage.

function allSeen() {
  return state.seen.length > 0 && state.seen.every(Boolean);
}

function seenCount() {
  return state.seen.filter(Boolean).length;
}

function lessonStatus12() {
  var status;
  if (quizDesc && state.quiz.result && allSeen()) status = state.quiz.result;
  else if (!quizDesc && allSeen()) status = 'completed';
  else status = 'incomplete';
  if (statusFloor12 === 'passed') return 'passed';
  if (statusFloor12 === 'completed' && status === 'incomplete') return 'completed';
  return status;
}

function completion2004() {
  return allSeen() ? 'completed' : 'incomplete';
}

function success2004() {
  if (!quizDesc) return allSeen() ? 'passed' : 'unknown';
  return state.quiz.result || 'unknown';
}

function exitValue() {
  if (IS2004) {
    return completion2004() === 'completed' && success2004() === 'passed' ? 'normal' : 'suspend';
  }
  var s = lessonStatus12();
  return s === 'completed' || s === 'passed' ? '' : 'suspend';
}

function progressMeasure() {
  if (!pageIds.length) return '1';
  return String(roundTo(seenCount() / pageIds.length, 4));
}

// ---------------------------------------------------------------------------------------------
// Saving
// ---------------------------------------------------------------------------------------------

function writeState() {
  var location = pageIds[state.current] || '';
  var suspend = suspendDataWithinBudget();
  var ok = true;
  if (IS2004) {
    if (location && location.length <= LOCATION_LIMIT) ok = setIfChanged('cmi.location', location) && ok;
    ok = setIfChanged('cmi.suspend_data', suspend) && ok;
    ok = setIfChanged('cmi.completion_status', completion2004()) && ok;
    ok = setIfChanged('cmi.progress_measure', progressMeasure()) && ok;
    var success = success2004();
    if (success !== 'unknown') ok = setIfChanged('cmi.success_status', success) && ok;
    ok = setIfChanged('cmi.exit', exitValue()) && ok;
  } else {
    if (location && location.length <= LOCATION_LIMIT) {
      ok = setIfChanged('cmi.core.lesson_location', location) && ok;
    }
    ok = setIfChanged('cmi.suspend_data', suspend) && ok;
    ok = setIfChanged('cmi.core.lesson_status', lessonStatus12()) && ok;
    ok = setIfChanged('cmi.core.exit', exitValue()) && ok;
  }
  return ok;
}

function saveLocally() {
  try {
    window.localStorage.setItem(storageKey, JSON.stringify({
      location: pageIds[state.current] || '',
      suspendData: suspendDataWithinBudget()
    }));
    return true;
  } catch (e) {
    return false;
  }
}

/** Saves after a meaningful change: sets what changed and commits (or writes localStorage). */
function persist() {
  if (terminated) return;
  syncAnswers();
  if (mode === 'lms') {
    var ok = writeState();
    ok = call('commit', [''], true).ok && ok;
    if (ok) showStatus(suspendNotice ? t('suspendTruncated') : t('saved'), suspendNotice ? 'warning' : 'saved');
  } else if (saveLocally()) {
    showStatus(suspendNotice ? t('suspendTruncated') : t('savedLocally'), suspendNotice ? 'warning' : 'saved');
  } else {
    showStatus(t('saveFailed'), 'error');
  }
}

/** The end of the session: last values, session time, commit and Terminate, exactly once. */
function finish() {
  if (terminated) return;
  syncAnswers(); // a text typed but not yet left (no change event) is kept too
  if (mode !== 'lms') {
    saveLocally();
    terminated = true;
    return;
  }
  writeState();
  var elapsed = Date.now() - sessionStart;
  setValue(IS2004 ? 'cmi.session_time' : 'cmi.core.session_time', IS2004 ? duration2004(elapsed) : timespan12(elapsed));
  call('commit', [''], true);
  terminated = true;
  call('finish', [''], false);
}

