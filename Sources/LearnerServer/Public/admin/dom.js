// @ts-check
// Building the dashboard's DOM: elements with their attributes, SVG, status boxes, fields, tables, secrets
// with a copy button. No innerHTML; styles go through the CSSOM (the page's CSP refuses style attributes).

import { t } from './page.js';

var SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Attributes: `className`, `text`, `style` (CSS text), `on…` listeners, and plain attributes (true: present;
 * false, null, undefined: absent).
 * @typedef {Record<string, unknown>} Attrs
 */
/** @typedef {Node | string | number | null | undefined | false} Child */

/**
 * A status region (role=status) whose say(text, kind, extra nodes) replaces its content; no text hides it.
 * @typedef {HTMLElement & {say: (text: string | null, kind?: string, extra?: Child | Child[]) => void}} StatusBox
 */

var idCounter = 0;

/** @param {string} prefix */
export function uid(prefix) {
  return prefix + '-' + (++idCounter);
}

/**
 * el('p', {className: 'x', 'data-a': 'b'}, [children or text])
 * @param {string} tag
 * @param {Attrs | null} [attrs]
 * @param {Child | Child[]} [children]
 * @returns {HTMLElement}
 */
export function el(tag, attrs, children) {
  var node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

/**
 * @param {HTMLElement} node
 * @param {Attrs | null | undefined} attrs
 */
function setAttrs(node, attrs) {
  if (!attrs) return;
  Object.keys(attrs).forEach(function (k) {
    var v = attrs[k];
    if (v === undefined || v === null || v === false) return;
    if (k === 'className') node.setAttribute('class', String(v));
    else if (k === 'text') node.textContent = String(v);
    // Through the CSSOM: the pages' Content-Security-Policy refuses style attributes.
    else if (k === 'style') node.style.cssText = String(v);
    else if (k.slice(0, 2) === 'on' && typeof v === 'function') node.addEventListener(k.slice(2), /** @type {EventListener} */ (v));
    else node.setAttribute(k, v === true ? '' : String(v));
  });
}

/**
 * @param {Node} node
 * @param {Child | Child[]} [children]
 */
export function append(node, children) {
  if (children === undefined || children === null) return;
  (Array.isArray(children) ? children : [children]).forEach(function (child) {
    if (child === undefined || child === null || child === false) return;
    node.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  });
}

/**
 * An SVG element: `className`, `style` (CSS text) and plain attributes.
 * @param {string} tag
 * @param {Attrs | null} [attrs]
 * @param {Child | Child[]} [children]
 * @returns {SVGElement}
 */
export function svg(tag, attrs, children) {
  var node = /** @type {SVGElement} */ (document.createElementNS(SVG_NS, tag));
  if (attrs) {
    Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v === undefined || v === null) return;
      if (k === 'className') node.setAttribute('class', String(v));
      else if (k === 'style') node.style.cssText = String(v);
      else node.setAttribute(k, String(v));
    });
  }
  append(node, children);
  return node;
}

/** @param {Node} node */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/**
 * A status region: say(text, kind, extra nodes).
 * @param {string} id
 * @returns {StatusBox}
 */
export function statusBox(id) {
  var box = /** @type {StatusBox} */ (el('div', { id: id, role: 'status', 'aria-live': 'polite', className: 'portail-notice', hidden: true }));
  box.say = function (text, kind, extra) {
    clear(box);
    if (!text && !extra) {
      box.hidden = true;
      return;
    }
    if (text) box.appendChild(el('p', null, text));
    append(box, extra);
    box.setAttribute('data-kind', kind || 'info');
    box.hidden = false;
  };
  return box;
}

/** @param {Node | null} node */
function selectText(node) {
  if (!node || !window.getSelection) return;
  var range = document.createRange();
  range.selectNodeContents(node);
  var selection = window.getSelection();
  if (!selection) return;
  selection.removeAllRanges();
  selection.addRange(range);
}

/**
 * @param {string} text
 * @returns {HTMLElement[]}
 */
function copyButton(text) {
  var note = el('span', { className: 'portail-copy-note', 'aria-live': 'polite' });
  var button = el('button', {
    type: 'button', className: 'secondary', onclick: function () {
      var done = function () { note.textContent = ' ' + t('copied'); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () { selectText(button.previousSibling); });
      } else {
        selectText(button.previousSibling);
      }
    }
  }, t('copy'));
  return [button, note];
}

/**
 * A secret shown once (a token, a sign-in link) with a copy button.
 * @param {string} text
 * @param {string} testId
 */
export function secret(text, testId) {
  var out = el('output', { className: 'portail-secret', 'data-secret': testId }, text);
  return el('p', { className: 'portail-actions' }, [/** @type {Child} */ (out)].concat(copyButton(text)));
}

/**
 * A labelled field, with its help text read with the input.
 * @param {string} label
 * @param {HTMLElement} input
 * @param {string} [help]
 */
export function field(label, input, help) {
  var id = input.id || uid('f');
  input.id = id;
  var helpNode = null;
  if (help) {
    helpNode = el('span', { id: id + '-help', className: 'portail-help' }, help);
    input.setAttribute('aria-describedby', id + '-help');
  }
  return el('p', { className: 'portail-field' }, [el('label', { for: id }, label), input, helpNode]);
}

/**
 * A table column.
 * @typedef {{label: string, num?: boolean}} Column
 */
/**
 * A cell: a node, a text, or {value, key, node | text} (value and key become data-value and data-key).
 * @typedef {Child | {value?: unknown, key?: string, node?: Node, text?: string}} Cell
 */
/**
 * A row: its attributes and cells; the first cell is the row's header unless `header` is false.
 * @typedef {{attrs?: Attrs | null, cells: Cell[], header?: boolean}} Row
 */

/**
 * @param {string | null} caption
 * @param {Column[]} headers
 * @param {Row[]} rows
 * @param {Attrs} [attrs]
 */
export function table(caption, headers, rows, attrs) {
  var head = el('tr', null, headers.map(function (h) {
    return el('th', { scope: 'col', className: h.num ? 'num' : null }, h.label);
  }));
  var body = rows.map(function (row) {
    return el('tr', row.attrs || null, row.cells.map(function (c, i) {
      var tag = i === 0 && row.header !== false ? 'th' : 'td';
      var column = headers[i];
      /** @type {Attrs} */
      var cellAttrs = { className: column && column.num ? 'num' : null };
      if (tag === 'th') cellAttrs.scope = 'row';
      if (c && typeof c === 'object' && !(c instanceof Node)) {
        if (c.value !== undefined && c.value !== null) cellAttrs['data-value'] = c.value;
        if (c.key) cellAttrs['data-key'] = c.key;
        return el(tag, cellAttrs, c.node || c.text);
      }
      return el(tag, cellAttrs, c);
    }));
  });
  return el('div', { className: 'portail-table-wrap' },
    el('table', attrs || null, [caption ? el('caption', null, caption) : null, el('thead', null, head), el('tbody', null, body)]));
}
