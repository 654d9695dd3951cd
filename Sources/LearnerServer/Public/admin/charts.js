// @ts-check
// The report's SVG charts, drawn here: completion funnel per SCO, score distribution in 10-point bins, time on
// task per learner, success rate per question. Each has a <title>, a <desc>, text labels and a data table.

import { t } from './page.js';
import { el, svg, uid, table } from './dom.js';
import { number, round, minutes, truncate } from './format.js';

/** @typedef {import('./api.js').CourseReport} CourseReport */
/** @typedef {import('./dom.js').Row} Row */
/** @typedef {{key: string, label: string, colour: string}} Series */
/** @typedef {{label: string, sublabel?: string | null, values: number[]}} BarGroup */
/** @typedef {{label: string, value: number, text: string, id: string}} BarRow */

// Chart colours (WCAG 1.4.11: at least 3:1 on white; the same as portail.css --chart-*).
var COLOURS = ['#0b55a8', '#a35200', '#18632f'];

/** @param {number} i */
function colour(i) {
  return COLOURS[i] || '#000000';
}

/**
 * The <figure> for a chart: caption, svg (role img, <title>, <desc>), legend, data table in <details>.
 * @param {string} key
 * @param {string} title
 * @param {string} desc
 * @param {SVGElement | null} svgNode null: no data yet
 * @param {Series[] | null} legend
 * @param {HTMLElement} dataTable
 */
function chartFigure(key, title, desc, svgNode, legend, dataTable) {
  var titleId = uid('chart-title');
  var descId = uid('chart-desc');
  if (svgNode) {
    svgNode.setAttribute('role', 'img');
    svgNode.setAttribute('aria-labelledby', titleId + ' ' + descId);
    svgNode.insertBefore(svg('desc', { id: descId }, desc), svgNode.firstChild);
    svgNode.insertBefore(svg('title', { id: titleId }, title), svgNode.firstChild);
    svgNode.setAttribute('focusable', 'false');
  }
  var legendNode = legend ? el('ul', { className: 'portail-legend' }, legend.map(function (item) {
    return el('li', { style: '--swatch: ' + item.colour }, item.label);
  })) : null;
  return el('figure', { className: 'portail-chart', 'data-chart': key }, [
    el('figcaption', null, title),
    svgNode || el('p', null, t('noData')),
    legendNode,
    el('details', { 'data-table-for': key }, [el('summary', null, t('dataTable')), dataTable])
  ]);
}

/** @param {number} value */
function niceMax(value) {
  if (value <= 5) return Math.max(1, Math.ceil(value));
  var magnitude = Math.pow(10, Math.floor(Math.log10(value)));
  var steps = [1, 2, 2.5, 5, 10];
  for (var i = 0; i < steps.length; i++) {
    var step = /** @type {number} */ (steps[i]);
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

/** @param {number} max */
function ticks(max) {
  var count = max <= 5 ? max : 5;
  var out = [];
  for (var i = 0; i <= count; i++) out.push(round(max * i / count, 2));
  return out;
}

/**
 * Vertical bars: a group of bars (one per series) per label.
 * @param {BarGroup[]} groups
 * @param {Series[]} series
 * @param {string} yLabel
 * @param {(value: number) => string} format
 */
function verticalBars(groups, series, yLabel, format) {
  var left = 44;
  var right = 12;
  var top = 30;
  var bottom = 54;
  var barWidth = series.length > 1 ? 28 : 30;
  var gap = 6;
  var groupWidth = series.length > 1 ? Math.max(series.length * barWidth + (series.length - 1) * gap + 48, 160) : barWidth + 22;
  var plotWidth = Math.max(groups.length * groupWidth, 300);
  var width = left + plotWidth + right;
  var plotHeight = 180;
  var height = top + plotHeight + bottom;
  var maxValue = 0;
  groups.forEach(function (g) { g.values.forEach(function (v) { maxValue = Math.max(maxValue, v); }); });
  var yMax = niceMax(maxValue || 1);
  /** @param {number} v */
  var y = function (v) { return top + plotHeight - (v / yMax) * plotHeight; };
  var node = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, width: width, height: height, preserveAspectRatio: 'xMinYMin meet',
    style: 'max-width: ' + width + 'px' });
  ticks(yMax).forEach(function (v) {
    node.appendChild(svg('line', { x1: left, x2: left + plotWidth, y1: y(v), y2: y(v), className: 'grid', stroke: '#d5dae0' }));
    node.appendChild(svg('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end' }, number(v, 1)));
  });
  node.appendChild(svg('line', { x1: left, x2: left, y1: top, y2: top + plotHeight, className: 'axis', stroke: '#767f8a' }));
  node.appendChild(svg('line', { x1: left, x2: left + plotWidth, y1: top + plotHeight, y2: top + plotHeight, className: 'axis', stroke: '#767f8a' }));
  node.appendChild(svg('text', { x: 4, y: 12 }, yLabel));
  var slot = plotWidth / Math.max(groups.length, 1);
  groups.forEach(function (g, gi) {
    var inner = series.length * barWidth + (series.length - 1) * gap;
    var x0 = left + gi * slot + (slot - inner) / 2;
    g.values.forEach(function (v, si) {
      var s = series[si];
      if (!s) return;
      var x = x0 + si * (barWidth + gap);
      var h = Math.max(0, top + plotHeight - y(v));
      var bar = svg('rect', {
        x: x, y: y(v), width: barWidth, height: h, fill: s.colour, className: 'series-' + (si + 1),
        'data-series': s.key, 'data-value': v
      }, svg('title', null, g.label + ' — ' + s.label + ' : ' + format(v)));
      node.appendChild(bar);
      node.appendChild(svg('text', { x: x + barWidth / 2, y: y(v) - 4, 'text-anchor': 'middle' }, format(v)));
    });
    var label = svg('text', { x: left + gi * slot + slot / 2, y: top + plotHeight + 18, 'text-anchor': 'middle' },
      truncate(g.label, Math.max(6, Math.floor(slot / 7))));
    label.appendChild(svg('title', null, g.label));
    node.appendChild(label);
    if (g.sublabel) {
      node.appendChild(svg('text', { x: left + gi * slot + slot / 2, y: top + plotHeight + 34, 'text-anchor': 'middle' },
        truncate(g.sublabel, Math.max(6, Math.floor(slot / 7)))));
    }
  });
  return node;
}

/**
 * Horizontal bars: one row per label, on a scale from 0 to maxValue.
 * @param {BarRow[]} rows
 * @param {number} maxValue
 * @param {string} fill
 * @param {string} axisLabel
 */
function horizontalBars(rows, maxValue, fill, axisLabel) {
  var labelWidth = 170;
  var valueWidth = 96;
  var plotWidth = 320;
  var rowHeight = 28;
  var top = 24;
  var width = labelWidth + plotWidth + valueWidth;
  var height = top + rows.length * rowHeight + 10;
  var scale = maxValue > 0 ? plotWidth / maxValue : 0;
  var node = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, width: width, height: height, preserveAspectRatio: 'xMinYMin meet',
    style: 'max-width: ' + width + 'px' });
  node.appendChild(svg('text', { x: labelWidth, y: 14 }, axisLabel));
  node.appendChild(svg('line', { x1: labelWidth, x2: labelWidth, y1: top - 4, y2: height - 6, className: 'axis', stroke: '#767f8a' }));
  rows.forEach(function (row, i) {
    var yTop = top + i * rowHeight;
    var label = svg('text', { x: labelWidth - 8, y: yTop + 17, 'text-anchor': 'end' }, truncate(row.label, 24));
    label.appendChild(svg('title', null, row.label));
    node.appendChild(label);
    var w = Math.max(row.value > 0 ? 2 : 0, row.value * scale);
    node.appendChild(svg('rect', { x: labelWidth, y: yTop + 4, width: w, height: rowHeight - 10, fill: fill, className: 'series-1', 'data-value': row.value },
      svg('title', null, row.label + ' : ' + row.text)));
    node.appendChild(svg('text', { x: labelWidth + w + 6, y: yTop + 17 }, row.text));
  });
  return node;
}

/** @param {CourseReport} report */
export function funnelChart(report) {
  /** @type {Series[]} */
  var series = [
    { key: 'started', label: t('started'), colour: colour(0) },
    { key: 'completed', label: t('completed'), colour: colour(1) },
    { key: 'passed', label: t('passed'), colour: colour(2) }
  ];
  var steps = report.funnel || [];
  var groups = steps.map(function (s) {
    return { label: s.title || s.scoId, sublabel: s.module && s.module !== s.title ? s.module : null, values: [s.started, s.completed, s.passed] };
  });
  var chart = steps.length ? verticalBars(groups, series, t('learnersCount'), function (v) { return number(v, 0); }) : null;
  var data = table(t('funnelTitle'), [{ label: t('module') }, { label: t('started'), num: true },
    { label: t('completed'), num: true }, { label: t('passed'), num: true }],
  steps.map(function (s) {
    return {
      attrs: { 'data-sco': s.scoId },
      cells: [s.title || s.scoId, { key: 'started', value: s.started, text: number(s.started, 0) },
        { key: 'completed', value: s.completed, text: number(s.completed, 0) },
        { key: 'passed', value: s.passed, text: number(s.passed, 0) }]
    };
  }), { 'data-table': 'funnel' });
  return chartFigure('funnel', t('funnelTitle'), t('funnelDesc', { n: report.enrolled }) + ' ' + steps.map(function (s) {
    return (s.title || s.scoId) + ' : ' + s.started + ' / ' + s.completed + ' / ' + s.passed;
  }).join(' ; '), chart, series, data);
}

/**
 * Ten bins: [0,10), [10,20) … [90,100]; 100 falls in the last one.
 * @param {CourseReport} report
 */
function scoreBins(report) {
  /** @type {{from: number, to: number, count: number}[]} */
  var bins = [];
  for (var i = 0; i < 10; i++) bins.push({ from: i * 10, to: i * 10 + 10, count: 0 });
  (report.learners || []).forEach(function (l) {
    if (l.score === undefined || l.score === null || !isFinite(l.score)) return;
    var bin = bins[Math.min(9, Math.max(0, Math.floor(Number(l.score) / 10)))];
    if (bin) bin.count++;
  });
  return bins;
}

/** @param {{from: number, to: number}} b */
function binLabel(b) {
  return b.from + '–' + (b.to === 100 ? '100' : b.to);
}

/** @param {CourseReport} report */
export function scoreChart(report) {
  var bins = scoreBins(report);
  var total = bins.reduce(function (s, b) { return s + b.count; }, 0);
  /** @type {Series[]} */
  var series = [{ key: 'learners', label: t('learnersCount'), colour: colour(0) }];
  var chart = verticalBars(bins.map(function (b) { return { label: binLabel(b), values: [b.count] }; }), series,
    t('learnersCount'), function (v) { return number(v, 0); });
  var data = table(t('scoresTitle'), [{ label: t('scoreRange') }, { label: t('learnersCount'), num: true }],
    bins.map(function (b) {
      return { attrs: { 'data-bin': String(b.from) }, cells: [binLabel(b), { key: 'count', value: b.count, text: number(b.count, 0) }] };
    }), { 'data-table': 'scores' });
  return chartFigure('scores', t('scoresTitle'), t('scoresDesc', { n: total }) + ' ' + bins.filter(function (b) {
    return b.count > 0;
  }).map(function (b) { return binLabel(b) + ' : ' + b.count; }).join(' ; '), total ? chart : null, null, data);
}

/** @param {CourseReport} report */
export function timeChart(report) {
  var lines = report.learners || [];
  /** @type {BarRow[]} */
  var rows = lines.map(function (l) {
    var m = minutes(l.timeOnTaskSeconds);
    return { label: l.name, value: m, text: t('minutesValue', { n: number(m, 1) }), id: l.learnerId };
  });
  var max = rows.reduce(function (m, r) { return Math.max(m, r.value); }, 0);
  var chart = rows.length ? horizontalBars(rows, niceMax(max || 1), colour(0), t('minutes')) : null;
  var data = table(t('timeTitle'), [{ label: t('learner') }, { label: t('minutes'), num: true }], rows.map(function (r) {
    return { attrs: { 'data-learner': r.id }, cells: [r.label, { key: 'minutes', value: r.value, text: number(r.value, 1) }] };
  }), { 'data-table': 'time' });
  return chartFigure('time', t('timeTitle'), t('timeDesc') + ' ' + rows.map(function (r) {
    return r.label + ' : ' + r.text;
  }).join(' ; '), chart, null, data);
}

/** @param {CourseReport} report */
export function questionChart(report) {
  var questions = report.questions || [];
  var rows = questions.map(function (q) {
    var percent = round((Number(q.successRate) || 0) * 100, 1);
    return {
      label: q.interactionId, value: percent, id: q.interactionId, q: q,
      text: number(percent, 1) + ' % (' + q.correct + '/' + q.answers + ')'
    };
  });
  var chart = rows.length ? horizontalBars(rows, 100, colour(2), t('successRate') + ' (%)') : null;
  var data = table(t('questionsTitle'), [{ label: t('question') }, { label: t('answers'), num: true },
    { label: t('correct'), num: true }, { label: t('successRate'), num: true }], rows.map(function (r) {
    return {
      attrs: { 'data-question': r.id },
      cells: [r.label, { key: 'answers', value: r.q.answers, text: number(r.q.answers, 0) },
        { key: 'correct', value: r.q.correct, text: number(r.q.correct, 0) },
        { key: 'rate', value: r.value, text: number(r.value, 1) + ' %' }]
    };
  }), { 'data-table': 'questions' });
  return chartFigure('questions', t('questionsTitle'), t('questionsDesc') + ' ' + rows.map(function (r) {
    return r.label + ' : ' + r.text;
  }).join(' ; '), chart, null, data);
}
