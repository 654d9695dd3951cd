// @ts-check
// SCORM 1.2 prerequisites (adlcp:prerequisites type="aicc_script", CAM 2.3.2.5.1 after AICC CMI001): what must be
// done before an item may be launched. No DOM: the player and Tests/JS/prerequisites.test.mjs use it as it is.
//
//   expression := and ('|' and)*                        & binds tighter than |
//   and        := unary ('&' unary)*
//   unary      := '~' unary | '(' expression ')' | set | comparison | identifier
//   set        := N '*' '{' identifier (',' identifier)* '}'    at least N of the items completed or passed
//   comparison := identifier ('=' | '<>') status              passed, completed, failed, incomplete, browsed,
//                                                              not attempted, or their first letter (any case)
//   identifier :  an item's identifier: an item completed or passed satisfies it

/** @typedef {'passed' | 'completed' | 'failed' | 'incomplete' | 'browsed' | 'not attempted'} LessonStatus */

/**
 * A parsed expression.
 * @typedef {{kind: 'item', id: string}
 *   | {kind: 'status', id: string, status: LessonStatus, equal: boolean}
 *   | {kind: 'set', min: number, ids: string[]}
 *   | {kind: 'not', operand: Prerequisite}
 *   | {kind: 'and' | 'or', left: Prerequisite, right: Prerequisite}} Prerequisite
 */

/**
 * An item's status, or null when the identifier names no item of the course (nothing to wait for).
 * @typedef {(id: string) => (LessonStatus | null)} StatusOf
 */

/** @typedef {{op: string} | {word: string}} Token */

/** @type {Record<string, LessonStatus>} */
var STATUSES = {
  passed: 'passed', completed: 'completed', failed: 'failed', incomplete: 'incomplete', browsed: 'browsed',
  'not attempted': 'not attempted', p: 'passed', c: 'completed', f: 'failed', i: 'incomplete', b: 'browsed',
  n: 'not attempted'
};

var OPERATOR = /[&|~(){},*=]/;
var WORD = /[^\s&|~(){},*=<>]/;

/**
 * @param {string} text
 * @returns {Token[]}
 */
function tokenize(text) {
  /** @type {Token[]} */
  var tokens = [];
  var i = 0;
  while (i < text.length) {
    var c = text.charAt(i);
    if (/\s/.test(c)) {
      i++;
    } else if (OPERATOR.test(c)) {
      tokens.push({ op: c });
      i++;
    } else if (text.slice(i, i + 2) === '<>') {
      tokens.push({ op: '<>' });
      i += 2;
    } else if (WORD.test(c)) {
      var start = i;
      while (i < text.length && WORD.test(text.charAt(i))) i++;
      tokens.push({ word: text.slice(start, i) });
    } else {
      throw new Error('unexpected ' + c);
    }
  }
  return tokens;
}

/** @param {Token | undefined} token */
function describe(token) {
  if (!token) return 'end';
  return 'op' in token ? token.op : token.word;
}

/**
 * Parses an expression; null when there is none (empty or blank). Throws an Error on a syntax error.
 * @param {string} text
 * @returns {Prerequisite | null}
 */
export function parsePrerequisites(text) {
  var tokens = tokenize(String(text));
  var position = 0;

  /** @param {string} op */
  function isOp(op) {
    var token = tokens[position];
    return !!token && 'op' in token && token.op === op;
  }

  /** @param {string} op */
  function expect(op) {
    if (!isOp(op)) throw new Error('expected ' + op + ', found ' + describe(tokens[position]));
    position++;
  }

  function word() {
    var token = tokens[position];
    if (!token || !('word' in token)) throw new Error('expected an identifier, found ' + describe(token));
    position++;
    return token.word;
  }

  /** @returns {LessonStatus} */
  function status() {
    var text = word().toLowerCase();
    var next = tokens[position];
    if (text === 'not' && next && 'word' in next && next.word.toLowerCase() === 'attempted') {
      position++;
      text = 'not attempted';
    }
    var known = Object.prototype.hasOwnProperty.call(STATUSES, text) ? STATUSES[text] : undefined;
    if (!known) throw new Error('unknown status ' + text);
    return known;
  }

  /** @returns {Prerequisite} */
  function set() {
    var min = Number(word());
    expect('*');
    expect('{');
    var ids = [word()];
    while (isOp(',')) {
      position++;
      ids.push(word());
    }
    expect('}');
    return { kind: 'set', min: min, ids: ids };
  }

  /** @returns {Prerequisite} */
  function unary() {
    var token = tokens[position];
    if (!token) throw new Error('unexpected end');
    if ('op' in token) {
      if (token.op === '~') {
        position++;
        return { kind: 'not', operand: unary() };
      }
      if (token.op === '(') {
        position++;
        var inner = expression();
        expect(')');
        return inner;
      }
      throw new Error('unexpected ' + token.op);
    }
    var after = tokens[position + 1];
    if (/^\d+$/.test(token.word) && after && 'op' in after && after.op === '*') return set();
    var id = word();
    if (isOp('=') || isOp('<>')) {
      var equal = isOp('=');
      position++;
      return { kind: 'status', id: id, status: status(), equal: equal };
    }
    return { kind: 'item', id: id };
  }

  /** @returns {Prerequisite} */
  function and() {
    var node = unary();
    while (isOp('&')) {
      position++;
      node = { kind: 'and', left: node, right: unary() };
    }
    return node;
  }

  /** @returns {Prerequisite} */
  function expression() {
    var node = and();
    while (isOp('|')) {
      position++;
      node = { kind: 'or', left: node, right: and() };
    }
    return node;
  }

  if (!tokens.length) return null;
  var tree = expression();
  if (position !== tokens.length) throw new Error('unexpected ' + describe(tokens[position]));
  return tree;
}

/** @param {LessonStatus | null} status */
function isDone(status) {
  return status === 'completed' || status === 'passed';
}

/**
 * Evaluates a parsed expression. `missing` collects the items not done yet that the result depends on (for the
 * hint "opens once you have completed: …"); those under a NOT are left out.
 * @param {Prerequisite} node
 * @param {StatusOf} statusOf
 * @param {string[]} [missing]
 * @returns {boolean}
 */
export function evaluatePrerequisites(node, statusOf, missing) {
  var out = missing || [];
  /** @param {string} id */
  function miss(id) {
    if (out.indexOf(id) < 0) out.push(id);
  }
  switch (node.kind) {
    case 'item': {
      var status = statusOf(node.id);
      if (status === null || isDone(status)) return true;
      miss(node.id);
      return false;
    }
    case 'status': {
      var actual = statusOf(node.id);
      if (actual === null || (actual === node.status) === node.equal) return true;
      miss(node.id);
      return false;
    }
    case 'set': {
      var done = node.ids.filter(function (id) {
        var s = statusOf(id);
        return s === null || isDone(s);
      }).length;
      if (done >= node.min) return true;
      node.ids.forEach(function (id) {
        if (!isDone(statusOf(id))) miss(id);
      });
      return false;
    }
    case 'not':
      return !evaluatePrerequisites(node.operand, statusOf, []);
    case 'and': {
      var a = evaluatePrerequisites(node.left, statusOf, out);
      var b = evaluatePrerequisites(node.right, statusOf, out);
      return a && b;
    }
    default: {
      var left = evaluatePrerequisites(node.left, statusOf, out);
      var right = evaluatePrerequisites(node.right, statusOf, out);
      return left || right;
    }
  }
}
