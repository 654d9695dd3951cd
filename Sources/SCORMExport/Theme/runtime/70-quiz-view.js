// @ts-check
// The quiz on screen: its fields (the theme's markup: fieldset.portail-question[data-question], inputs named
// q-<id>), shuffling, reading and writing answers, feedback, the score line, locking.

var form = /** @type {HTMLFormElement | null} */ ($('portail-quiz'));
var quizReady = false; // the quiz's DOM reflects the state (after initQuiz)
var submitButton = $('portail-submit');
var scoreEl = $('portail-score');
var retryButton = $('portail-retry');

/**
 * The inputs of the quiz: radio buttons and checkboxes, text fields, selects.
 * @typedef {HTMLInputElement | HTMLSelectElement} QuizInput
 */

/**
 * @param {Question} q
 * @returns {HTMLElement | null}
 */
function fieldsetOf(q) {
  return form ? form.querySelector('fieldset.portail-question[data-question="' + q.id + '"]') : null;
}

/**
 * @param {Question} q
 * @returns {QuizInput[]}
 */
function inputsOf(q) {
  var fs = fieldsetOf(q);
  return fs ? Array.prototype.slice.call(fs.querySelectorAll('[name="q-' + q.id + '"]')) : [];
}

/**
 * The element around each input that moves when choices are shuffled (child of their common ancestor).
 * @param {Element[]} inputs
 * @returns {Element[] | null}
 */
function choiceWrappers(inputs) {
  if (inputs.length < 2) return null;
  var chains = inputs.map(function (input) {
    /** @type {Element[]} */
    var chain = [];
    for (var node = /** @type {Element | null} */ (input); node && node.tagName !== 'FIELDSET'; node = node.parentElement) chain.unshift(node);
    return chain;
  });
  var first = /** @type {Element[]} */ (chains[0]);
  var depth = 0;
  while (chains.every(function (c) { return c.length > depth + 1 && c[depth] === first[depth]; })) depth++;
  var wrappers = chains.map(function (c) { return /** @type {Element} */ (c[depth]); });
  var parent = /** @type {Element} */ (wrappers[0]).parentNode;
  var distinct = wrappers.every(function (w, i) { return w.parentNode === parent && wrappers.indexOf(w) === i; });
  return distinct ? wrappers : null;
}

/**
 * Puts elements, currently in some slots of their parent, in the given order in those same slots.
 * @param {Element[]} elements
 * @param {Element[]} order
 */
function reorderInSlots(elements, order) {
  if (!elements.length) return;
  var markers = elements.map(function (el) {
    var marker = document.createComment('slot');
    /** @type {ParentNode & Node} */ (el.parentNode).insertBefore(marker, el);
    return marker;
  });
  order.forEach(function (el, i) {
    var marker = /** @type {Comment} */ (markers[i]);
    /** @type {ParentNode & Node} */ (marker.parentNode).insertBefore(el, marker);
  });
  markers.forEach(function (m) { /** @type {ParentNode & Node} */ (m.parentNode).removeChild(m); });
}

/** @param {Question} q */
function orderingList(q) {
  var fs = fieldsetOf(q);
  return fs ? fs.querySelector('ol.portail-ordering') : null;
}

/**
 * @param {Question} q
 * @returns {HTMLElement[]}
 */
function orderingItems(q) {
  var list = orderingList(q);
  return list ? Array.prototype.slice.call(list.querySelectorAll(':scope > li[data-item]')) : [];
}

/** @param {Question} q */
function updateMoveButtons(q) {
  var items = orderingItems(q);
  var locked = !state.quiz.open || terminated;
  items.forEach(function (li, i) {
    var up = /** @type {HTMLButtonElement | null} */ (li.querySelector('[data-move="up"]'));
    var down = /** @type {HTMLButtonElement | null} */ (li.querySelector('[data-move="down"]'));
    if (up) up.disabled = locked || i === 0;
    if (down) down.disabled = locked || i === items.length - 1;
  });
}

/**
 * @param {Question} q
 * @param {string[]} order item ids
 */
function applyOrdering(q, order) {
  var list = orderingList(q);
  if (!list) return;
  var items = orderingItems(q);
  /** @type {Record<string, HTMLElement>} */
  var byId = {};
  items.forEach(function (li) { byId[li.getAttribute('data-item') || ''] = li; });
  var sorted = /** @type {HTMLElement[]} */ (order.map(function (id) { return byId[id]; }).filter(Boolean));
  if (sorted.length === items.length) reorderInSlots(items, sorted);
  updateMoveButtons(q);
}

/** @param {Extract<Question, {type: 'ordering'}>} q */
function shuffleOrdering(q) {
  var ids = q.items.slice();
  var order = shuffled(ids);
  for (var tries = 0; ids.length > 1 && sameOrder(order, ids) && tries < 20; tries++) order = shuffled(ids);
  applyOrdering(q, order);
}

/** @param {Question} q */
function shuffleChoices(q) {
  if (q.type === 'single' || q.type === 'multiple') {
    var wrappers = choiceWrappers(inputsOf(q));
    if (wrappers) reorderInSlots(wrappers, shuffled(wrappers));
  } else if (q.type === 'matching') {
    var selects = /** @type {HTMLSelectElement[]} */ (inputsOf(q));
    if (!selects.length) return;
    var permutation = shuffled(q.targets);
    selects.forEach(function (select) {
      var options = Array.prototype.slice.call(select.options).filter(function (/** @type {HTMLOptionElement} */ o) { return o.value !== ''; });
      /** @type {Record<string, HTMLOptionElement>} */
      var byValue = {};
      options.forEach(function (/** @type {HTMLOptionElement} */ o) { byValue[o.value] = o; });
      reorderInSlots(options, /** @type {HTMLOptionElement[]} */ (permutation.map(function (v) { return byValue[v]; }).filter(Boolean)));
    });
  }
}

function shuffleQuestions() {
  if (!form || !quizDesc || !quizDesc.shuffle) return;
  var sets = /** @type {HTMLElement[]} */ (questions.map(fieldsetOf).filter(Boolean));
  if (sets.length > 1) reorderInSlots(sets, shuffled(sets));
  // Questions shown in a new order are numbered in that order (the theme's .portail-question-number).
  Array.prototype.slice.call(form.querySelectorAll('fieldset.portail-question')).forEach(function (/** @type {Element} */ fs, i) {
    var number = fs.querySelector('.portail-question-number');
    if (number) number.textContent = (number.textContent || '').replace(/\d+/, String(i + 1));
  });
}

/**
 * The answer on screen.
 * @param {Question} q
 * @returns {Answer}
 */
function readAnswer(q) {
  var inputs = inputsOf(q);
  /** @param {QuizInput} i */
  var checked = function (i) { return /** @type {HTMLInputElement} */ (i).checked; };
  switch (q.type) {
    case 'single': {
      var chosen = inputs.filter(checked)[0];
      return chosen ? chosen.value : null;
    }
    case 'true-false': {
      var tf = inputs.filter(checked)[0];
      return tf ? tf.value === 'true' : null;
    }
    case 'multiple': {
      var values = inputs.filter(checked).map(function (i) { return i.value; });
      var ordered = q.choices.filter(function (c) { return values.indexOf(c) >= 0; });
      return ordered.length ? ordered : null;
    }
    case 'fill-in':
    case 'numeric': {
      var field = inputs[0];
      var value = field ? field.value : '';
      return value === '' ? null : truncate(value, q.maxLength || (q.type === 'numeric' ? 20 : 80));
    }
    case 'matching': {
      /** @type {Record<string, string | null>} */
      var map = {};
      var any = false;
      inputs.forEach(function (select) {
        var source = select.getAttribute('data-source') || '';
        map[source] = select.value || null;
        if (select.value) any = true;
      });
      return any ? map : null;
    }
    case 'ordering':
      return orderingItems(q).map(function (li) { return li.getAttribute('data-item') || ''; });
    default:
      return null;
  }
}

/**
 * Shows an answer (null: none; an ordering question is then shuffled).
 * @param {Question} q
 * @param {Answer} a
 */
function writeAnswer(q, a) {
  var inputs = inputsOf(q);
  switch (q.type) {
    case 'single':
    case 'multiple':
      inputs.forEach(function (i) {
        /** @type {HTMLInputElement} */ (i).checked = a !== null &&
          (q.type === 'single' ? i.value === a : /** @type {string[]} */ (a).indexOf(i.value) >= 0);
      });
      break;
    case 'true-false':
      inputs.forEach(function (i) { /** @type {HTMLInputElement} */ (i).checked = a !== null && i.value === String(a); });
      break;
    case 'fill-in':
    case 'numeric': {
      var field = inputs[0];
      if (field) field.value = a === null ? '' : /** @type {string} */ (a);
      break;
    }
    case 'matching': {
      var map = /** @type {Record<string, string | null> | null} */ (a);
      inputs.forEach(function (select) {
        var v = map ? map[select.getAttribute('data-source') || ''] : null;
        select.value = v || '';
      });
      break;
    }
    case 'ordering':
      if (a) applyOrdering(q, /** @type {string[]} */ (a));
      else shuffleOrdering(q);
      break;
    default:
      break;
  }
}

/** @param {boolean} locked */
function setQuizLocked(locked) {
  questions.forEach(function (q) {
    inputsOf(q).forEach(function (input) { input.disabled = locked; });
    updateMoveButtons(q);
  });
}

/**
 * A verdict ("Correct") so that the result never relies on colour; the theme may provide its own.
 * @param {Element} feedback
 */
function verdictLabel(feedback) {
  if (feedback.querySelector('[data-feedback] .portail-verdict')) return null;
  var label = feedback.querySelector(':scope > .portail-verdict');
  if (!label) {
    label = document.createElement('p');
    label.className = 'portail-verdict';
    feedback.insertBefore(label, feedback.firstChild);
  }
  return label;
}

/**
 * @param {Question} q
 * @param {boolean} correct
 */
function showFeedback(q, correct) {
  var fs = fieldsetOf(q);
  if (!fs) return;
  fs.setAttribute('data-result', correct ? 'correct' : 'incorrect');
  fs.removeAttribute('aria-invalid');
  fs.classList.remove('portail-unanswered');
  var feedback = /** @type {HTMLElement | null} */ (fs.querySelector('.portail-feedback'));
  if (!feedback) return;
  var label = verdictLabel(feedback);
  if (label) {
    label.textContent = correct ? t('correct') : t('incorrect');
    label.setAttribute('data-result', correct ? 'correct' : 'incorrect');
  }
  Array.prototype.slice.call(feedback.querySelectorAll('[data-feedback]')).forEach(function (/** @type {HTMLElement} */ div) {
    div.hidden = div.getAttribute('data-feedback') !== (correct ? 'correct' : 'incorrect');
  });
  feedback.hidden = false;
}

/** @param {Question} q */
function hideFeedback(q) {
  var fs = fieldsetOf(q);
  if (!fs) return;
  fs.removeAttribute('data-result');
  var feedback = /** @type {HTMLElement | null} */ (fs.querySelector('.portail-feedback'));
  if (!feedback) return;
  feedback.hidden = true;
  Array.prototype.slice.call(feedback.querySelectorAll('[data-feedback]')).forEach(function (/** @type {HTMLElement} */ div) {
    div.hidden = true;
  });
}

/** @param {number[]} list indexes of the questions not answered */
function markUnanswered(list) {
  questions.forEach(function (q, i) {
    var fs = fieldsetOf(q);
    if (!fs) return;
    var missing = list.indexOf(i) >= 0;
    fs.classList.toggle('portail-unanswered', missing);
    if (missing) fs.setAttribute('aria-invalid', 'true');
    else fs.removeAttribute('aria-invalid');
  });
}

/** @param {number} value */
function formatPercent(value) {
  var rounded = roundTo(value, 2);
  try {
    return rounded.toLocaleString(language, { maximumFractionDigits: 2 });
  } catch (e) {
    return String(rounded);
  }
}

/** @param {Score} score */
function showResult(score) {
  if (!scoreEl) return;
  var text = t('score', { score: formatPercent(score.percent) });
  var verdict = t(score.passed ? 'passed' : 'failed', { threshold: formatPercent(Number(quizDesc && quizDesc.passingScore || 0)) });
  scoreEl.textContent = text + (verdict ? ' ' + verdict : '');
  scoreEl.setAttribute('data-result', score.passed ? 'passed' : 'failed');
  scoreEl.hidden = false;
}

/**
 * The quiz as it stands after a submission: answers shown, feedback, score, retry when failed.
 * @param {boolean} moveFocus
 */
function showSubmittedQuiz(moveFocus) {
  var complete = questions.every(function (q, i) { return isAnswered(q, state.quiz.answers[i]); });
  if (complete) {
    var score = scoreOf(state.quiz.answers);
    questions.forEach(function (q, i) { showFeedback(q, score.results[i] === true); });
    showResult(score);
  } else if (scoreEl) {
    scoreEl.textContent = t(state.quiz.result === 'passed' ? 'passed' : 'failed',
      { threshold: formatPercent(Number(quizDesc && quizDesc.passingScore || 0)) });
    scoreEl.setAttribute('data-result', state.quiz.result || '');
    scoreEl.hidden = false;
  }
  setQuizLocked(true);
  if (submitButton) submitButton.hidden = true;
  if (retryButton) retryButton.hidden = state.quiz.result !== 'failed';
  if (moveFocus && scoreEl) {
    if (!scoreEl.hasAttribute('tabindex')) scoreEl.setAttribute('tabindex', '-1');
    scoreEl.focus();
  }
}

function showOpenQuiz() {
  questions.forEach(function (q) { hideFeedback(q); });
  setQuizLocked(false);
  if (scoreEl) {
    scoreEl.hidden = true;
    scoreEl.textContent = '';
    scoreEl.removeAttribute('data-result');
  }
  if (submitButton) submitButton.hidden = false;
  if (retryButton) retryButton.hidden = true;
}
