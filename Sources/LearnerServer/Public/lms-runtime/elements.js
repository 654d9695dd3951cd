// @ts-check
// GetValue and SetValue: an element's access, indexes, dependencies, value rules and identity rules (RTE 4 of
// 2004, 3.4 of 1.2), applied to one launch's values.

import { resolve, knownPattern, concreteOf, TYPES12, TYPES2004, SINGLE_PATTERN_TYPES } from './data-model.js';
import { items } from './data-types.js';
import { fail } from './errors.js';
import { count, bumpCount, completionStatus, successStatus, totalTimeText } from './launch.js';
import { has, safeCall } from './util.js';

/** @typedef {import('./launch.js').Launch} Launch */
/** @typedef {import('./data-model.js').Resolved} Resolved */
/** @typedef {import('./data-model.js').ArrayIndex} ArrayIndex */
/** @typedef {Extract<Resolved, {kind: 'found'}>} Found */

/**
 * @param {unknown} arg
 * @returns {string}
 */
function elementName(arg) {
  if (arg === undefined || arg === null) return '';
  if (typeof arg !== 'string') fail('argument', 'the element name must be a string, not ' + typeof arg);
  return arg;
}

/**
 * Fails with the code an unknown or malformed element gets (1.2 has its own for _children and _count).
 * @param {Launch} launch
 * @param {Exclude<Resolved, {kind: 'found'}>} r
 * @param {string} element
 * @param {boolean} forSet
 * @returns {never}
 */
function unknownElement(launch, r, element, forSet) {
  if (r.kind === 'malformed') fail('malformed', element + ' is not a valid element name: ' + r.reason);
  var last = r.kind === 'unknown' ? r.last : undefined;
  var parent = r.kind === 'unknown' ? r.parent : undefined;
  if (!forSet && (last === '_children' || last === '_count') && parent && knownPattern(launch.model, parent)) {
    fail(last === '_children' ? 'noChildren' : 'noCount', parent + (last === '_children' ? ' has no children' : ' is not an array'));
  }
  return fail('undefinedElement', element + ' is not an element of the ' + launch.model.name + ' data model');
}

/**
 * @param {Launch} launch
 * @param {Found} r
 * @param {string} element
 */
function checkIndexesExist(launch, r, element) {
  r.indexes.forEach(function (ix) {
    if (ix.index >= count(launch, ix.container)) {
      fail('getIndex', element + ': ' + ix.container + '.' + ix.index + ' does not exist (' + ix.container +
        ' has ' + count(launch, ix.container) + ' entries)');
    }
  });
}

/**
 * adl.nav.request_valid.*: the player's answer.
 * @param {Launch} launch
 * @param {string} request
 * @param {string} [target]
 */
function navValidity(launch, request, target) {
  var navigation = launch.navigation;
  if (!navigation || typeof navigation.valid !== 'function') return 'unknown';
  var answer = safeCall(navigation.valid, navigation, target === undefined ? [request] : [request, target]);
  if (answer === true || answer === 'true') return 'true';
  if (answer === false || answer === 'false') return 'false';
  return 'unknown';
}

/**
 * GetValue's answer for an element (throws a Failure).
 * @param {Launch} launch
 * @param {unknown} arg
 * @returns {string}
 */
export function getValue(launch, arg) {
  var element = elementName(arg);
  if (element === '') fail('emptyGet', 'no data model element was named');
  var r = resolve(launch.model, element);
  if (r.kind !== 'found') return unknownElement(launch, r, element, false);
  var spec = r.spec;
  var is2004 = launch.is2004;
  if (spec.access === 'kw') {
    checkIndexesExist(launch, r, element);
    if (r.last === '_count') return String(count(launch, element.slice(0, -7)));
    return /** @type {string} */ (spec.value);
  }
  if (spec.access === 'wo') fail('writeOnly', element + ' is write-only');
  if (r.request) return navValidity(launch, r.request, r.target);
  if (element === 'adl.nav.request_valid.continue') return navValidity(launch, 'continue');
  if (element === 'adl.nav.request_valid.previous') return navValidity(launch, 'previous');
  checkIndexesExist(launch, r, element);
  if (is2004 && element === 'cmi.completion_status') return completionStatus(launch);
  if (is2004 && element === 'cmi.success_status') return successStatus(launch);
  if (element === launch.names.total) return totalTimeText(launch, launch.storedTotal);
  if (spec.access === 'ro') {
    var v = has(launch.lms, element) ? launch.lms[element] : null;
    if (v !== null && v !== undefined) return v;
    if (is2004) fail('notInitialized', element + ' has no value (not provided by the LMS)');
    return '';
  }
  var value = has(launch.values, element) ? launch.values[element] : undefined;
  if (value !== undefined) return value;
  var byDefault = has(launch.defaults, element) ? launch.defaults[element] : undefined;
  if (byDefault !== undefined) return byDefault;
  if (is2004 && (r.pattern === 'cmi.objectives.n.success_status' || r.pattern === 'cmi.objectives.n.completion_status')) {
    return 'unknown';
  }
  if (is2004) fail('notInitialized', element + ' has no value yet');
  return '';
}

/**
 * A new entry must take the next index of its array.
 * @param {Launch} launch
 * @param {ArrayIndex} ix
 * @param {string} element
 */
function gap(launch, ix, element) {
  var n = count(launch, ix.container);
  if (ix.index > n) {
    fail('gap', element + ' skips an index: ' + ix.container + ' has ' + n + (n === 1 ? ' entry' : ' entries') +
      ', so a new entry must use index ' + n);
  }
}

/**
 * The type of the interaction an element belongs to, when it was set to one of the standard's types.
 * @param {Launch} launch
 * @param {Found} r
 * @returns {string | undefined}
 */
function interactionTypeOf(launch, r) {
  var first = r.indexes[0];
  if (r.pattern.indexOf('cmi.interactions.n.') !== 0 || !first) return undefined;
  var type = launch.values['cmi.interactions.' + first.index + '.type'];
  var known = launch.is2004 ? TYPES2004 : TYPES12;
  return type !== undefined && known.indexOf(type) >= 0 ? type : undefined;
}

/**
 * Fails when another entry of the same array has the same value in `field`.
 * @param {Launch} launch
 * @param {Found} r
 * @param {string} value
 * @param {string} field
 * @param {string} element
 * @param {(a: string, b: string) => boolean} same
 */
function duplicate(launch, r, value, field, element, same) {
  var last = r.indexes[r.indexes.length - 1];
  if (!last) return;
  var n = Math.max(count(launch, last.container), last.index);
  for (var other = 0; other < n; other++) {
    if (other === last.index) continue;
    var key = last.container + '.' + other + '.' + field;
    var existing = has(launch.values, key) ? launch.values[key] : undefined;
    if (existing !== undefined && same(existing, value)) {
      fail('setFailure', element + ' must be unique: ' + key + ' already has the same value');
    }
  }
}

/**
 * @param {string} a
 * @param {string} b
 */
function sameSet(a, b) {
  var x = items(a).slice().sort();
  var y = items(b).slice().sort();
  return x.length === y.length && x.every(function (v, i) { return v === y[i]; });
}

/**
 * @param {string} a
 * @param {string} b
 */
function equal(a, b) {
  return a === b;
}

/**
 * SCORM 2004's identity rules: objective ids never change and are unique, and so are an interaction's objective
 * ids and its choice and sequencing patterns.
 * @param {Launch} launch
 * @param {Found} r
 * @param {string} element
 * @param {string} value
 */
function identity(launch, r, element, value) {
  if (!launch.is2004) return;
  if (r.pattern === 'cmi.objectives.n.id') {
    var old = has(launch.values, element) ? launch.values[element] : undefined;
    if (old !== undefined && old !== value) {
      fail('setFailure', element + ' is already "' + old + '": an objective identifier cannot change');
    }
    duplicate(launch, r, value, 'id', element, equal);
  } else if (r.pattern === 'cmi.interactions.n.objectives.n.id') {
    duplicate(launch, r, value, 'id', element, equal);
  } else if (r.pattern === 'cmi.interactions.n.correct_responses.n.pattern') {
    var type = interactionTypeOf(launch, r);
    if (type === 'choice') duplicate(launch, r, value, 'pattern', element, sameSet);
    else if (type === 'sequencing') duplicate(launch, r, value, 'pattern', element, equal);
  }
}

/**
 * SetValue: checks the element and the value, then keeps it (throws a Failure).
 * @param {Launch} launch
 * @param {unknown} arg
 * @param {unknown} rawValue
 * @param {number} argCount
 * @returns {'true'}
 */
export function setValue(launch, arg, rawValue, argCount) {
  var element = elementName(arg);
  if (element === '') fail('emptySet', 'no data model element was named');
  var r = resolve(launch.model, element);
  if (r.kind !== 'found') return unknownElement(launch, r, element, true);
  var found = r;
  var spec = r.spec;
  var is2004 = launch.is2004;
  if (spec.access === 'kw') return fail('keywordSet', element + ' is a keyword and cannot be set');
  if (argCount < 2) fail('argument', 'SetValue takes two arguments: the element and its value');
  /** @type {string} */
  var value;
  if (typeof rawValue === 'string') value = rawValue;
  else if ((typeof rawValue === 'number' && isFinite(rawValue)) || typeof rawValue === 'boolean') value = String(rawValue);
  else return fail('type', element + ': the value must be a string, not ' + (rawValue === null ? 'null' : typeof rawValue));
  // Read-only whatever the index: no index makes it a set failure.
  if (spec.access === 'ro') return fail('readOnly', element + ' is read-only');

  var first = r.indexes[0];
  if (first) {
    gap(launch, first, element);
    if (launch.model.extendable.indexOf(first.pattern) < 0 && first.index >= count(launch, first.container)) {
      fail('setFailure', element + ': ' + first.container + ' has ' + count(launch, first.container) +
        ' entries and a SCO cannot add any');
    }
  }
  if (is2004 && spec.dependsOn) {
    var required = concreteOf(r.indexes, spec.dependsOn);
    if (/\.type$/.test(spec.dependsOn)) {
      if (interactionTypeOf(launch, r) === undefined) {
        fail('dependency', element + ' cannot be set before ' + required + ': its format depends on the interaction type');
      }
    } else if (!has(launch.values, required)) {
      fail('dependency', element + ' cannot be set before ' + required);
    }
  }
  r.indexes.slice(1).forEach(function (ix) { gap(launch, ix, element); });
  var second = r.indexes[1];
  if (is2004 && r.pattern === 'cmi.interactions.n.correct_responses.n.pattern' && second) {
    var type = interactionTypeOf(launch, r);
    if (type !== undefined && SINGLE_PATTERN_TYPES.indexOf(type) >= 0 && second.index >= 1) {
      fail('setFailure', element + ' is refused: a ' + type + ' interaction has a single correct response pattern, ' +
        second.container + '.0.pattern');
    }
  }
  // The server refuses NUL (it separates stored values): refused here too, so that the SCO learns it now.
  if (value.indexOf('\u0000') >= 0) fail('type', element + ' must not contain a NUL character');
  var problem = spec.rule(value, { interactionType: function () { return interactionTypeOf(launch, found); } });
  if (problem) fail(problem.kind, element + ' ' + problem.text + ' (got ' + JSON.stringify(value.length > 80 ? value.slice(0, 80) + '…' : value) + ')');
  identity(launch, r, element, value);

  launch.values[element] = value;
  launch.dirty[element] = true;
  if (element === launch.names.session) launch.sessionSet = true;
  r.indexes.forEach(function (ix) {
    if (launch.model.extendable.indexOf(ix.pattern) >= 0) bumpCount(launch, ix.container, ix.index + 1);
  });
  return 'true';
}
