// Unit tests of the player's SCORM 1.2 prerequisites parser (Sources/LearnerServer/Public/player/prerequisites.js),
// run with Debian's node: `node --test Tests/JS/` (Tests/E2E/test_js_units.py runs them in `make test`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePrerequisites, evaluatePrerequisites } from '../../Sources/LearnerServer/Public/player/prerequisites.js';

/** Statuses of a course's items; an identifier not listed names no item (null). */
function course(statuses) {
  return (id) => (Object.prototype.hasOwnProperty.call(statuses, id) ? statuses[id] : null);
}

function met(text, statuses) {
  const missing = [];
  const result = evaluatePrerequisites(parsePrerequisites(text), course(statuses), missing);
  return { result, missing };
}

const A_DONE = { A: 'completed', B: 'not attempted', C: 'incomplete' };

test('an identifier is met by an item completed or passed, not by any other status', () => {
  for (const [status, expected] of [['completed', true], ['passed', true], ['failed', false], ['incomplete', false],
    ['browsed', false], ['not attempted', false]]) {
    assert.equal(met('A', { A: status }).result, expected, status);
  }
});

test('an identifier that names no item is nothing to wait for', () => {
  assert.deepEqual(met('ZZ', A_DONE), { result: true, missing: [] });
  assert.deepEqual(met('ZZ & B', A_DONE), { result: false, missing: ['B'] });
});

test('AND, OR and NOT', () => {
  assert.deepEqual(met('A & B', A_DONE), { result: false, missing: ['B'] });
  assert.equal(met('A&A', A_DONE).result, true);
  assert.equal(met('A | B', A_DONE).result, true);
  assert.deepEqual(met('B | C', A_DONE), { result: false, missing: ['B', 'C'] });
  assert.equal(met('~B', A_DONE).result, true);
  assert.deepEqual(met('~A', A_DONE), { result: false, missing: [] }, 'what is under a NOT is never "to complete"');
  assert.equal(met('~~A', A_DONE).result, true);
});

test('& binds tighter than |, and parentheses group', () => {
  assert.equal(met('A | B & C', A_DONE).result, true);
  assert.equal(met('(A | B) & C', A_DONE).result, false);
  assert.equal(met('B & C | A', A_DONE).result, true);
  assert.equal(met('~(B | C) | A', A_DONE).result, true);
  assert.equal(met('~(A | B)', A_DONE).result, false);
  assert.equal(met('((A))', A_DONE).result, true);
  assert.deepEqual(parsePrerequisites('A | B & C'), {
    kind: 'or', left: { kind: 'item', id: 'A' },
    right: { kind: 'and', left: { kind: 'item', id: 'B' }, right: { kind: 'item', id: 'C' } }
  });
  assert.deepEqual(parsePrerequisites('A & B & C'), {
    kind: 'and', left: { kind: 'and', left: { kind: 'item', id: 'A' }, right: { kind: 'item', id: 'B' } },
    right: { kind: 'item', id: 'C' }
  }, 'left-associative');
});

test('sets: N*{…} needs at least N items of the set completed or passed', () => {
  const statuses = { A: 'passed', B: 'completed', C: 'failed', D: 'not attempted' };
  assert.equal(met('2*{A,B,C}', statuses).result, true);
  assert.deepEqual(met('3*{A, B, C, D}', statuses), { result: false, missing: ['C', 'D'] });
  assert.equal(met('0*{C}', statuses).result, true);
  assert.equal(met('1*{C,D} | A', statuses).result, true);
  assert.equal(met('~2*{A,B}', statuses).result, false);
  assert.equal(met('2*{A,ZZ}', statuses).result, true, 'an identifier that names no item counts as done');
  assert.deepEqual(parsePrerequisites(' 2 * { A , B } '), { kind: 'set', min: 2, ids: ['A', 'B'] });
});

test('statuses: id = status and id <> status, words or first letters, in any case', () => {
  const statuses = { A: 'passed', B: 'failed', C: 'browsed', D: 'not attempted', E: 'incomplete', F: 'completed' };
  assert.equal(met('A=passed', statuses).result, true);
  assert.equal(met('A = P', statuses).result, true);
  assert.equal(met('A=completed', statuses).result, false);
  assert.equal(met('B = failed & C = b', statuses).result, true);
  assert.equal(met('D = not attempted', statuses).result, true);
  assert.equal(met('D=N', statuses).result, true);
  assert.equal(met('D <> not attempted', statuses).result, false);
  assert.equal(met('E <> incomplete | F = C', statuses).result, true);
  assert.equal(met('E = I & F = COMPLETED', statuses).result, true);
  assert.deepEqual(met('B <> failed', statuses), { result: false, missing: ['B'] });
  assert.equal(met('ZZ = passed', statuses).result, true, 'an identifier that names no item is nothing to wait for');
  assert.deepEqual(parsePrerequisites('A<>not attempted'), { kind: 'status', id: 'A', status: 'not attempted', equal: false });
});

test('empty or blank: no prerequisites', () => {
  assert.equal(parsePrerequisites(''), null);
  assert.equal(parsePrerequisites('  \t\n'), null);
});

test('identifiers are any run of other characters, spaces around operators are optional', () => {
  assert.deepEqual(parsePrerequisites('SCO-a.1_x&ITEM:2'), {
    kind: 'and', left: { kind: 'item', id: 'SCO-a.1_x' }, right: { kind: 'item', id: 'ITEM:2' }
  });
  assert.deepEqual(parsePrerequisites('  SCO-a  '), { kind: 'item', id: 'SCO-a' });
  assert.deepEqual(parsePrerequisites('2'), { kind: 'item', id: '2' }, 'a number alone is an identifier');
});

test('malformed input is refused with a message', () => {
  for (const bad of ['A &', '& A', '(A', 'A)', '()', 'A B', 'A | | B', '~', 'A ~ B', '2*{}', '2*{A,}', '2*{A', '2*A',
    '*{A}', 'x*{A}', 'A = ', 'A = done', '= passed', 'A <', 'A > B', 'A << B', '{A}', 'A, B', 'A = passed = failed',
    'A=not', '2*{A}B']) {
    assert.throws(() => parsePrerequisites(bad), Error, JSON.stringify(bad));
  }
  assert.throws(() => parsePrerequisites('A &'), /unexpected end/);
  assert.throws(() => parsePrerequisites('A B'), /unexpected B/);
  assert.throws(() => parsePrerequisites('(A'), /expected \)/);
  assert.throws(() => parsePrerequisites('A = done'), /unknown status done/);
});

test('the player\'s examples (Tests/E2E/test_player.py PREREQUISITES)', () => {
  const done = (ids) => (id) => (ids.includes(id) ? 'completed' : 'not attempted');
  const cases = [
    ['SCO-a', [], false], ['SCO-a', ['SCO-a'], true], ['SCO-a & SCO-b', ['SCO-a'], false],
    ['SCO-a&SCO-b', ['SCO-a', 'SCO-b'], true], ['SCO-a | SCO-b', ['SCO-b'], true], ['~SCO-a', [], true],
    ['~SCO-a', ['SCO-a'], false], ['SCO-a & (SCO-b | SCO-c)', ['SCO-a', 'SCO-c'], true],
    ['SCO-a & (SCO-b | SCO-c)', ['SCO-b', 'SCO-c'], false], ['SCO-a | SCO-b & SCO-c', ['SCO-a'], true],
    ['(SCO-a | SCO-b) & SCO-c', ['SCO-a'], false], ['~(SCO-a | SCO-b) | SCO-c', [], true], ['  SCO-a  ', ['SCO-a'], true]
  ];
  for (const [text, ids, expected] of cases) {
    assert.equal(evaluatePrerequisites(parsePrerequisites(text), done(ids)), expected, text);
  }
});
