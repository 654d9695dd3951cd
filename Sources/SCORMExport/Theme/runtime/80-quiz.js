// @ts-check
// The quiz's answers and submissions: what counts as answered and as correct, the score, submit, retry, the
// ordering buttons, and the quiz's start from the state (restored or new).

/** @typedef {{results: boolean[], percent: number, passed: boolean}} Score */

/**
 * @param {Question} q
 * @param {Answer | undefined} a
 */
function isAnswered(q, a) {
  if (a === null || a === undefined) return false;
  switch (q.type) {
    case 'fill-in':
      return /** @type {string} */ (a).trim() !== '';
    case 'numeric':
      return canonicalNumber(a) !== null;
    case 'matching': {
      var map = /** @type {Record<string, string | null>} */ (a);
      return q.sources.every(function (s) { return !!map[s]; });
    }
    case 'multiple':
    case 'ordering':
      return /** @type {string[]} */ (a).length > 0;
    default:
      return true;
  }
}

/**
 * @param {Question} q
 * @param {Answer | undefined} a an answer (isAnswered)
 */
function isCorrect(q, a) {
  switch (q.type) {
    case 'single':
      return (q.correct || []).indexOf(/** @type {string} */ (a)) >= 0;
    case 'multiple': {
      var chosen = /** @type {string[]} */ (a);
      var correct = q.correct || [];
      return chosen.length === correct.length && chosen.every(function (c) { return correct.indexOf(c) >= 0; });
    }
    case 'true-false':
      return a === q.correct;
    case 'fill-in': {
      var given = /** @type {string} */ (a).trim().normalize('NFC');
      var caseSensitive = q.caseSensitive;
      return (q.accepted || []).some(function (accepted) {
        var expected = String(accepted).trim().normalize('NFC');
        return caseSensitive ? given === expected : given.toLowerCase() === expected.toLowerCase();
      });
    }
    case 'numeric': {
      var n = Number(canonicalNumber(a));
      return n >= q.min && n <= q.max;
    }
    case 'matching': {
      var map = /** @type {Record<string, string | null>} */ (a);
      var pairs = q.correct || [];
      return pairs.every(function (pair) { return map[pair[0] || ''] === pair[1]; }) &&
        q.sources.every(function (s) {
          return pairs.some(function (pair) { return pair[0] === s && pair[1] === map[s]; });
        });
    }
    case 'ordering':
      return sameOrder(/** @type {string[]} */ (a), q.items);
    default:
      return false;
  }
}

/**
 * @param {Answer[]} answers
 * @returns {Score}
 */
function scoreOf(answers) {
  var total = 0;
  var right = 0;
  var results = questions.map(function (q, i) {
    var weight = Number(q.weight) > 0 ? Number(q.weight) : 1;
    total += weight;
    var ok = isAnswered(q, answers[i]) && isCorrect(q, answers[i]);
    if (ok) right += weight;
    return ok;
  });
  var percent = total > 0 ? (100 * right) / total : 0;
  return { results: results, percent: percent, passed: percent + 1e-9 >= Number(quizDesc && quizDesc.passingScore || 0) };
}

function collectAnswers() {
  state.quiz.answers = questions.map(readAnswer);
}

/** The answers on screen, while they can still be edited. */
function syncAnswers() {
  if (quizReady && state.quiz.open) collectAnswers();
}

/** @param {Event} event */
function onSubmit(event) {
  event.preventDefault();
  if (terminated || !state.quiz.open) return;
  collectAnswers();
  /** @type {number[]} */
  var missing = [];
  questions.forEach(function (q, i) {
    if (!isAnswered(q, state.quiz.answers[i])) missing.push(i);
  });
  markUnanswered(missing);
  var firstMissing = missing[0];
  if (firstMissing !== undefined) {
    showStatus(t('answerAll'), 'warning');
    var question = questions[firstMissing];
    var fs = question ? fieldsetOf(question) : null;
    var first = /** @type {HTMLElement | null} */ (fs ? fs.querySelector('input:not([disabled]), select:not([disabled]), button:not([disabled])') : null);
    if (first) first.focus();
    return;
  }
  var score = scoreOf(state.quiz.answers);
  state.quiz.submissions += 1;
  state.quiz.result = score.passed ? 'passed' : 'failed';
  state.quiz.open = false;
  writeInteractions(score, state.quiz.submissions);
  writeScore(score);
  showSubmittedQuiz(true);
  persist();
  updateNavigation();
}

function onRetry() {
  if (terminated || state.quiz.open || state.quiz.result !== 'failed') return;
  state.quiz.open = true;
  state.quiz.answers = questions.map(function () { return null; });
  showOpenQuiz();
  questions.forEach(function (q) {
    if (q.shuffle) shuffleChoices(q);
    writeAnswer(q, null);
  });
  markUnanswered([]);
  quizShownAt = Date.now();
  state.quiz.answers = questions.map(readAnswer);
  persist();
  var firstSet = form ? form.querySelector('fieldset.portail-question') : null;
  var first = /** @type {HTMLElement | null} */ (firstSet ? firstSet.querySelector('input, select, button') : null);
  if (first) first.focus();
}

/**
 * The up and down buttons of an ordering question.
 * @param {Event} event
 */
function onMove(event) {
  var clicked = /** @type {Element} */ (event.target);
  var button = /** @type {HTMLButtonElement | null} */ (clicked.closest ? clicked.closest('[data-move]') : null);
  if (!button || !form || !form.contains(button) || button.disabled) return;
  event.preventDefault();
  var li = button.closest('li[data-item]');
  var fs = button.closest('fieldset.portail-question');
  if (!li || !fs) return;
  var owner = fs;
  var q = questions.filter(function (x) { return x.id === owner.getAttribute('data-question'); })[0];
  if (!q) return;
  var direction = button.getAttribute('data-move');
  var list = /** @type {ParentNode & Node} */ (li.parentNode);
  if (direction === 'up' && li.previousElementSibling) list.insertBefore(li, li.previousElementSibling);
  else if (direction === 'down' && li.nextElementSibling) list.insertBefore(li.nextElementSibling, li);
  updateMoveButtons(q);
  var focusTarget = /** @type {HTMLElement | null} */ (button.disabled
    ? li.querySelector('[data-move="' + (direction === 'up' ? 'down' : 'up') + '"]') : button);
  if (focusTarget) focusTarget.focus();
  onAnswerChange();
}

function onAnswerChange() {
  if (terminated || !state.quiz.open) return;
  collectAnswers();
  persist();
}

/**
 * Shows the quiz as the state has it (restored answers, or a new attempt) and listens to it.
 * @param {boolean} restored
 */
function initQuiz(restored) {
  var quiz = form;
  if (!quiz || !quizDesc) return;
  shuffleQuestions();
  questions.forEach(function (q) {
    if (q.shuffle) shuffleChoices(q);
  });
  questions.forEach(function (q, i) {
    var a = restored ? state.quiz.answers[i] : null;
    writeAnswer(q, a === undefined ? null : a);
  });
  state.quiz.answers = questions.map(function (q, i) {
    // Keep what was restored, plus the order in which the ordering items are shown.
    var a = state.quiz.answers[i];
    return q.type === 'ordering' ? readAnswer(q) : a === undefined ? null : a;
  });
  if (state.quiz.open) showOpenQuiz();
  else showSubmittedQuiz(false);
  quizReady = true;
  quiz.setAttribute('novalidate', '');
  quiz.addEventListener('submit', onSubmit);
  quiz.addEventListener('click', onMove);
  quiz.addEventListener('change', onAnswerChange);
  if (retryButton) retryButton.addEventListener('click', onRetry);
}
