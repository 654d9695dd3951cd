/*
 * A strict test LMS for Portail's end-to-end tests.
 *
 * strict-lms.html?sco=URL&standard=scorm12|scorm2004[&entry=ab-initio|resume|][&state=JSON][&restore=1]
 *                 [&navContinue=true|false|unknown][&navPrevious=…][&feedback12=spec|identifier]
 *                 [&masteryScore=N][&scaledPassingScore=X][&mode=normal|browse|review][&credit=credit|no-credit]
 *                 [&keepAfterTerminate=1][&failSet=ELEMENT]…
 *
 * It provides window.API (SCORM 1.2) or window.API_1484_11 (SCORM 2004 4th edition) with a strict run-time
 * data model: the API state machine, read-only / write-only elements, vocabularies, data types, the formats
 * of interaction responses and patterns, array index rules and the standard's error codes.
 *
 * For tests it exposes:
 *   window.lmsLog     every call: {fn, args, result, error}
 *   window.lmsData    the data store, element → value (a plain object)
 *   window.lmsErrors  every call that ended with a non-zero error code: {fn, args, error, diagnostic}
 *   window.lmsStatus  {state, standard, initializeCount, terminateCount, commitCount, navRequest, entry}
 *   window.lmsUnloadSco()  replaces the SCO frame with a blank page (the SCO gets `pagehide`)
 * and saves {data, log, errors, status} to localStorage `strict-lms:<standard>:state` at every successful
 * Initialize, Commit and Terminate, so that `restore=1` can resume a previous session.
 */
(function () {
  'use strict';

  var params = new URLSearchParams(window.location.search);
  var STANDARD = params.get('standard') === 'scorm2004' ? 'scorm2004' : 'scorm12';
  var IS2004 = STANDARD === 'scorm2004';
  var STORAGE_KEY = 'strict-lms:' + STANDARD + ':state';
  var FEEDBACK12 = params.get('feedback12') === 'identifier' ? 'identifier' : 'spec';
  var FAIL_SET = params.getAll('failSet'); // test hook: SetValue of these elements fails (1.2: 101, 2004: 351)

  // ---------------------------------------------------------------------------------------------
  // Error codes
  // ---------------------------------------------------------------------------------------------

  var ERRORS12 = {
    0: 'No error',
    101: 'General exception',
    201: 'Invalid argument error',
    202: 'Element cannot have children',
    203: 'Element not an array - cannot have count',
    301: 'Not initialized',
    401: 'Not implemented error',
    402: 'Invalid set value, element is a keyword',
    403: 'Element is read only',
    404: 'Element is write only',
    405: 'Incorrect data type'
  };

  var ERRORS2004 = {
    0: 'No Error',
    101: 'General Exception',
    102: 'General Initialization Failure',
    103: 'Already Initialized',
    104: 'Content Instance Terminated',
    111: 'General Termination Failure',
    112: 'Termination Before Initialization',
    113: 'Termination After Termination',
    122: 'Retrieve Data Before Initialization',
    123: 'Retrieve Data After Termination',
    132: 'Store Data Before Initialization',
    133: 'Store Data After Termination',
    142: 'Commit Before Initialization',
    143: 'Commit After Termination',
    201: 'General Argument Error',
    301: 'General Get Failure',
    351: 'General Set Failure',
    391: 'General Commit Failure',
    401: 'Undefined Data Model Element',
    402: 'Unimplemented Data Model Element',
    403: 'Data Model Element Value Not Initialized',
    404: 'Data Model Element Is Read Only',
    405: 'Data Model Element Is Write Only',
    406: 'Data Model Element Type Mismatch',
    407: 'Data Model Element Value Out Of Range',
    408: 'Data Model Dependency Not Established'
  };

  var ERRORS = IS2004 ? ERRORS2004 : ERRORS12;

  // Which code each kind of failure gets in each standard.
  var CODE = IS2004 ? {
    undefinedElement: 401, readOnly: 404, writeOnly: 405, keywordSet: 404, noChildren: 301, noCount: 301,
    type: 406, range: 407, indexGap: 351, getIndex: 301, emptyGet: 301, emptySet: 351, dependency: 408,
    setFailure: 351, argument: 201
  } : {
    undefinedElement: 201, readOnly: 403, writeOnly: 404, keywordSet: 402, noChildren: 202, noCount: 203,
    type: 405, range: 405, indexGap: 201, getIndex: 201, emptyGet: 201, emptySet: 201, dependency: 201,
    setFailure: 201, argument: 201
  };

  function Failure(code, diagnostic) {
    this.code = code;
    this.diagnostic = diagnostic;
  }

  function fail(kind, diagnostic) {
    throw new Failure(typeof kind === 'number' ? kind : CODE[kind], diagnostic);
  }

  // ---------------------------------------------------------------------------------------------
  // Data types
  // ---------------------------------------------------------------------------------------------

  var RE = {
    decimal12: /^-?\d+(\.\d+)?$/,
    sinteger12: /^-?\d+$/,
    identifier12: /^[\x21-\x7e]{1,255}$/,
    time12: /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/,
    timespan12: /^\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?$/,
    real: /^-?(\d+(\.\d+)?|\.\d+)$/,
    uri: /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/,
    language: /^([A-Za-z]{2,3}|[iIxX])(-[A-Za-z0-9]{1,8})*$/,
    interval: /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,2})?)S)?)?$/,
    time2004: /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,2}))?)?)?(Z|[+-]\d{2}(?::\d{2})?)?)?)?)?$/
  };

  function charString(max) {
    return function (v) {
      if (v.length > max) fail('type', 'longer than ' + max + ' characters (' + v.length + ')');
    };
  }

  function vocabulary(words) {
    return function (v) {
      if (words.indexOf(v) < 0) fail('type', JSON.stringify(v) + ' is not one of ' + words.join(', '));
    };
  }

  function decimal12(min, max, allowBlank) {
    return function (v) {
      if (v === '' && allowBlank) return;
      if (!RE.decimal12.test(v)) fail('type', JSON.stringify(v) + ' is not a CMIDecimal');
      var n = Number(v);
      if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
        fail('range', v + ' is outside ' + min + '..' + max);
      }
    };
  }

  function sinteger12(min, max) {
    return function (v) {
      if (!RE.sinteger12.test(v)) fail('type', JSON.stringify(v) + ' is not a CMISInteger');
      var n = Number(v);
      if (n < min || n > max) fail('range', v + ' is outside ' + min + '..' + max);
    };
  }

  function regex(re, name) {
    return function (v) {
      if (!re.test(v)) fail('type', JSON.stringify(v) + ' is not a ' + name);
    };
  }

  function real(min, max) {
    return function (v) {
      if (!RE.real.test(v)) fail('type', JSON.stringify(v) + ' is not a real(10,7)');
      var n = Number(v);
      if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
        fail('range', v + ' is outside ' + (min === undefined ? '' : min) + '..' + (max === undefined ? '' : max));
      }
    };
  }

  function isLongIdentifier(v, max) {
    return v.length > 0 && v.length <= max && RE.uri.test(v) &&
      v.indexOf('[,]') < 0 && v.indexOf('[.]') < 0 && v.indexOf('[:]') < 0;
  }

  function identifier(max) {
    return function (v) {
      if (!isLongIdentifier(v, max)) fail('type', JSON.stringify(v) + ' is not an identifier (URI, ≤ ' + max + ')');
    };
  }

  function splitLang(v) {
    var m = /^\{lang=([^}]*)\}/.exec(v);
    if (!m) return v;
    if (m[1] !== '' && !RE.language.test(m[1])) fail('type', 'bad language tag ' + JSON.stringify(m[1]));
    return v.slice(m[0].length);
  }

  function localized(max) {
    return function (v) {
      var text = splitLang(v);
      if (text.length > max) fail('type', 'longer than ' + max + ' characters (' + text.length + ')');
    };
  }

  function timeinterval(v) {
    var m = RE.interval.exec(v);
    if (!m || v === 'P' || /T$/.test(v)) fail('type', JSON.stringify(v) + ' is not a timeinterval (second,10,2)');
  }

  function time2004(v) {
    var m = RE.time2004.exec(v);
    if (!m) fail('type', JSON.stringify(v) + ' is not a time (second,10,0)');
    var year = Number(m[1]);
    if (year < 1970 || year > 2038) fail('type', 'year out of 1970..2038');
    if (m[2] !== undefined) {
      var month = Number(m[2]);
      if (month < 1 || month > 12) fail('type', 'bad month');
      if (m[3] !== undefined) {
        var day = Number(m[3]);
        var days = new Date(Date.UTC(year, month, 0)).getUTCDate();
        if (day < 1 || day > days) fail('type', 'bad day');
      }
    }
    if (m[4] !== undefined && Number(m[4]) > 23) fail('type', 'bad hour');
    if (m[5] !== undefined && Number(m[5]) > 59) fail('type', 'bad minute');
    if (m[6] !== undefined && Number(m[6]) > 59) fail('type', 'bad second');
    if (m[8] !== undefined && m[5] === undefined) fail('type', 'time zone without minutes');
  }

  function timeintervalToCentiseconds(v) {
    var m = RE.interval.exec(v || '');
    if (!m) return 0;
    var n = function (x) { return x ? Number(x) : 0; };
    return Math.round(((((n(m[1]) * 365 + n(m[2]) * 30 + n(m[3])) * 24 + n(m[4])) * 60 + n(m[5])) * 60 + n(m[6])) * 100);
  }

  function timespan12ToCentiseconds(v) {
    var m = /^(\d{2,4}):(\d{2}):(\d{2})(?:\.(\d{1,2}))?$/.exec(v || '');
    if (!m) return 0;
    return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 100 + (m[4] ? Number((m[4] + '0').slice(0, 2)) : 0);
  }

  function centisecondsToTimespan12(cs) {
    var h = Math.min(9999, Math.floor(cs / 360000));
    var pad = function (x, w) { return String(x).padStart(w, '0'); };
    return pad(h, 4) + ':' + pad(Math.floor((cs % 360000) / 6000), 2) + ':' + pad(Math.floor((cs % 6000) / 100), 2) +
      '.' + pad(cs % 100, 2);
  }

  function centisecondsToInterval(cs) {
    var h = Math.floor(cs / 360000);
    var m = Math.floor((cs % 360000) / 6000);
    var s = (cs % 6000) / 100;
    return 'PT' + h + 'H' + m + 'M' + s + 'S';
  }

  // Interaction responses -----------------------------------------------------------------------

  var TYPES12 = ['true-false', 'choice', 'fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric'];
  var TYPES2004 = ['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing',
    'likert', 'numeric', 'other'];
  var MAX_PATTERNS2004 = {
    'true-false': 1, choice: 10, 'fill-in': 5, 'long-fill-in': 5, matching: 5, performance: 5, sequencing: 5,
    likert: 1, numeric: 1, other: 1
  };

  function token12() {
    return FEEDBACK12 === 'spec' ? '[0-9a-z]' : '[A-Za-z0-9_-]+';
  }

  function feedback12(type, v, isPattern) {
    if (v.length > 255) fail('type', 'CMIFeedback longer than 255 characters');
    var tok = token12();
    var body = v;
    switch (type) {
      case 'true-false':
        if (!/^[01tf]$/.test(v)) fail('type', JSON.stringify(v) + ' is not a true-false CMIFeedback (0, 1, t, f)');
        return;
      case 'choice':
      case 'sequencing':
        if (isPattern && type === 'choice' && /^\{.*\}$/.test(v)) body = v.slice(1, -1);
        if (!new RegExp('^' + tok + '(,' + tok + ')*$').test(body)) {
          fail('type', JSON.stringify(v) + ' is not a ' + type + ' CMIFeedback (' + (FEEDBACK12 === 'spec' ?
            'single characters 0-9 a-z separated by commas' : 'identifiers separated by commas') + ')');
        }
        return;
      case 'matching':
        if (isPattern && /^\{.*\}$/.test(v)) body = v.slice(1, -1);
        if (!new RegExp('^' + tok + '\\.' + tok + '(,' + tok + '\\.' + tok + ')*$').test(body)) {
          fail('type', JSON.stringify(v) + ' is not a matching CMIFeedback (source.target pairs)');
        }
        return;
      case 'likert':
        if (!new RegExp('^(' + tok + ')?$').test(v)) fail('type', JSON.stringify(v) + ' is not a likert CMIFeedback');
        return;
      case 'numeric':
        if (!RE.decimal12.test(v)) fail('type', JSON.stringify(v) + ' is not a numeric CMIFeedback (CMIDecimal)');
        return;
      default:
        return; // fill-in, performance: CMIString255
    }
  }

  function splitList(v, delimiter) {
    return v === '' ? [] : v.split(delimiter);
  }

  function checkIds(list, what, max) {
    if (list.length > max) fail('type', 'more than ' + max + ' ' + what);
    list.forEach(function (id) {
      if (!isLongIdentifier(id, 250)) fail('type', JSON.stringify(id) + ' is not a short_identifier_type');
    });
  }

  function unique(list, what) {
    var seen = {};
    list.forEach(function (x) {
      if (seen[x]) fail('type', 'duplicate ' + what + ' ' + JSON.stringify(x));
      seen[x] = true;
    });
  }

  function stripFlags(v, allowed) {
    var used = {};
    var m;
    while ((m = /^\{(case_matters|order_matters)=([^}]*)\}/.exec(v))) {
      if (allowed.indexOf(m[1]) < 0) break;
      if (used[m[1]]) fail('type', 'repeated {' + m[1] + '}');
      if (m[2] !== 'true' && m[2] !== 'false') fail('type', '{' + m[1] + '} must be true or false');
      used[m[1]] = true;
      v = v.slice(m[0].length);
    }
    return v;
  }

  function response2004(type, v, isPattern) {
    switch (type) {
      case 'true-false':
        if (v !== 'true' && v !== 'false') fail('type', JSON.stringify(v) + ' is not true or false');
        return;
      case 'choice': {
        var ids = splitList(v, '[,]');
        checkIds(ids, 'choices', 36);
        unique(ids, 'choice');
        return;
      }
      case 'sequencing': {
        var seq = splitList(v, '[,]');
        if (!seq.length) fail('type', 'empty sequence');
        checkIds(seq, 'items', 36);
        return;
      }
      case 'matching': {
        var pairs = splitList(v, '[,]');
        if (!pairs.length) fail('type', 'no matching pair');
        if (pairs.length > 36) fail('type', 'more than 36 pairs');
        pairs.forEach(function (p) {
          var parts = p.split('[.]');
          if (parts.length !== 2) fail('type', JSON.stringify(p) + ' is not source[.]target');
          checkIds(parts, 'ids', 2);
        });
        return;
      }
      case 'fill-in':
      case 'long-fill-in': {
        var body = isPattern ? stripFlags(v, ['case_matters', 'order_matters']) : v;
        var strings = body.split('[,]');
        if (type === 'fill-in' && strings.length > 10) fail('type', 'more than 10 strings');
        strings.forEach(function (s) {
          var text = splitLang(s);
          if (text.length > (type === 'fill-in' ? 250 : 4000)) fail('type', 'string longer than the SPM');
        });
        return;
      }
      case 'likert':
        if (!isLongIdentifier(v, 250)) fail('type', JSON.stringify(v) + ' is not a short_identifier_type');
        return;
      case 'numeric':
        if (isPattern) {
          var range = v.split('[:]');
          if (range.length !== 2) fail('type', JSON.stringify(v) + ' is not min[:]max');
          range.forEach(function (x) {
            if (x !== '' && !RE.real.test(x)) fail('type', JSON.stringify(x) + ' is not a real(10,7)');
          });
          if (range[0] !== '' && range[1] !== '' && Number(range[0]) > Number(range[1])) fail('type', 'min > max');
        } else if (!RE.real.test(v)) {
          fail('type', JSON.stringify(v) + ' is not a real(10,7)');
        }
        return;
      default:
        if (v.length > 4000) fail('type', 'longer than 4000 characters');
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The data models
  // ---------------------------------------------------------------------------------------------

  var STATUS12 = ['passed', 'completed', 'failed', 'incomplete', 'browsed'];
  var STATUS12_ALL = STATUS12.concat(['not attempted']);
  var NAV_REQUESTS = ['continue', 'previous', 'choice', 'jump', 'exit', 'exitAll', 'abandon', 'abandonAll',
    'suspendAll', '_none_'];

  // Element definitions: access (rw, ro, wo) and a validator. Array indexes are written `n`.
  var MODEL12 = {
    'cmi.core.student_id': { access: 'ro' },
    'cmi.core.student_name': { access: 'ro' },
    'cmi.core.lesson_location': { access: 'rw', check: charString(255) },
    'cmi.core.credit': { access: 'ro' },
    'cmi.core.lesson_status': { access: 'rw', check: vocabulary(STATUS12) },
    'cmi.core.entry': { access: 'ro' },
    'cmi.core.score.raw': { access: 'rw', check: decimal12(0, 100, true) },
    'cmi.core.score.min': { access: 'rw', check: decimal12(0, 100, true) },
    'cmi.core.score.max': { access: 'rw', check: decimal12(0, 100, true) },
    'cmi.core.total_time': { access: 'ro' },
    'cmi.core.lesson_mode': { access: 'ro' },
    'cmi.core.exit': { access: 'wo', check: vocabulary(['time-out', 'suspend', 'logout', '']) },
    'cmi.core.session_time': { access: 'wo', check: regex(RE.timespan12, 'CMITimespan (HHHH:MM:SS.SS)') },
    'cmi.suspend_data': { access: 'rw', check: charString(4096) },
    'cmi.launch_data': { access: 'ro' },
    'cmi.comments': { access: 'rw', check: charString(4096) },
    'cmi.comments_from_lms': { access: 'ro' },
    'cmi.objectives.n.id': { access: 'rw', check: regex(RE.identifier12, 'CMIIdentifier') },
    'cmi.objectives.n.score.raw': { access: 'rw', check: decimal12(0, 100, true) },
    'cmi.objectives.n.score.min': { access: 'rw', check: decimal12(0, 100, true) },
    'cmi.objectives.n.score.max': { access: 'rw', check: decimal12(0, 100, true) },
    'cmi.objectives.n.status': { access: 'rw', check: vocabulary(STATUS12_ALL) },
    'cmi.student_data.mastery_score': { access: 'ro' },
    'cmi.student_data.max_time_allowed': { access: 'ro' },
    'cmi.student_data.time_limit_action': { access: 'ro' },
    'cmi.student_preference.audio': { access: 'rw', check: sinteger12(-1, 100) },
    'cmi.student_preference.language': { access: 'rw', check: charString(255) },
    'cmi.student_preference.speed': { access: 'rw', check: sinteger12(-100, 100) },
    'cmi.student_preference.text': { access: 'rw', check: sinteger12(-1, 1) },
    'cmi.interactions.n.id': { access: 'wo', check: regex(RE.identifier12, 'CMIIdentifier') },
    'cmi.interactions.n.objectives.n.id': { access: 'wo', check: regex(RE.identifier12, 'CMIIdentifier') },
    'cmi.interactions.n.time': { access: 'wo', check: regex(RE.time12, 'CMITime (HH:MM:SS)') },
    'cmi.interactions.n.type': { access: 'wo', check: vocabulary(TYPES12) },
    'cmi.interactions.n.correct_responses.n.pattern': { access: 'wo', check: 'pattern' },
    'cmi.interactions.n.weighting': { access: 'wo', check: decimal12() },
    'cmi.interactions.n.student_response': { access: 'wo', check: 'response' },
    'cmi.interactions.n.result': {
      access: 'wo',
      check: function (v) {
        if (['correct', 'wrong', 'unanticipated', 'neutral'].indexOf(v) < 0 && !RE.decimal12.test(v)) {
          fail('type', JSON.stringify(v) + ' is not a result (correct, wrong, unanticipated, neutral, CMIDecimal)');
        }
      }
    },
    'cmi.interactions.n.latency': { access: 'wo', check: regex(RE.timespan12, 'CMITimespan (HHHH:MM:SS.SS)') }
  };

  var CHILDREN12 = {
    'cmi.core': 'student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time',
    'cmi.core.score': 'raw,min,max',
    'cmi.objectives': 'id,score,status',
    'cmi.objectives.n.score': 'raw,min,max',
    'cmi.student_data': 'mastery_score,max_time_allowed,time_limit_action',
    'cmi.student_preference': 'audio,language,speed,text',
    'cmi.interactions': 'id,objectives,time,type,correct_responses,weighting,student_response,result,latency'
  };

  var ARRAYS12 = ['cmi.objectives', 'cmi.interactions', 'cmi.interactions.n.objectives',
    'cmi.interactions.n.correct_responses'];

  var MODEL2004 = {
    'cmi.comments_from_learner.n.comment': { access: 'rw', check: localized(4000) },
    'cmi.comments_from_learner.n.location': { access: 'rw', check: charString(250) },
    'cmi.comments_from_learner.n.timestamp': { access: 'rw', check: time2004 },
    'cmi.comments_from_lms.n.comment': { access: 'ro' },
    'cmi.comments_from_lms.n.location': { access: 'ro' },
    'cmi.comments_from_lms.n.timestamp': { access: 'ro' },
    'cmi.completion_status': { access: 'rw', check: vocabulary(['completed', 'incomplete', 'not attempted', 'unknown']) },
    'cmi.completion_threshold': { access: 'ro' },
    'cmi.credit': { access: 'ro' },
    'cmi.entry': { access: 'ro' },
    'cmi.exit': { access: 'wo', check: vocabulary(['time-out', 'suspend', 'logout', 'normal', '']) },
    'cmi.interactions.n.id': { access: 'rw', check: identifier(4000) },
    'cmi.interactions.n.type': { access: 'rw', check: vocabulary(TYPES2004) },
    'cmi.interactions.n.objectives.n.id': { access: 'rw', check: identifier(4000) },
    'cmi.interactions.n.timestamp': { access: 'rw', check: time2004 },
    'cmi.interactions.n.correct_responses.n.pattern': { access: 'rw', check: 'pattern' },
    'cmi.interactions.n.weighting': { access: 'rw', check: real() },
    'cmi.interactions.n.learner_response': { access: 'rw', check: 'response' },
    'cmi.interactions.n.result': {
      access: 'rw',
      check: function (v) {
        if (['correct', 'incorrect', 'unanticipated', 'neutral'].indexOf(v) < 0 && !RE.real.test(v)) {
          fail('type', JSON.stringify(v) + ' is not a result (correct, incorrect, unanticipated, neutral, real)');
        }
      }
    },
    'cmi.interactions.n.latency': { access: 'rw', check: timeinterval },
    'cmi.interactions.n.description': { access: 'rw', check: localized(250) },
    'cmi.launch_data': { access: 'ro' },
    'cmi.learner_id': { access: 'ro' },
    'cmi.learner_name': { access: 'ro' },
    'cmi.learner_preference.audio_level': { access: 'rw', check: real(0) },
    'cmi.learner_preference.language': {
      access: 'rw',
      check: function (v) {
        if (v !== '' && !RE.language.test(v)) fail('type', JSON.stringify(v) + ' is not a language code');
      }
    },
    'cmi.learner_preference.delivery_speed': { access: 'rw', check: real(0) },
    'cmi.learner_preference.audio_captioning': { access: 'rw', check: vocabulary(['-1', '0', '1']) },
    'cmi.location': { access: 'rw', check: charString(1000) },
    'cmi.max_time_allowed': { access: 'ro' },
    'cmi.mode': { access: 'ro' },
    'cmi.objectives.n.id': { access: 'rw', check: identifier(4000) },
    'cmi.objectives.n.score.scaled': { access: 'rw', check: real(-1, 1) },
    'cmi.objectives.n.score.raw': { access: 'rw', check: real() },
    'cmi.objectives.n.score.min': { access: 'rw', check: real() },
    'cmi.objectives.n.score.max': { access: 'rw', check: real() },
    'cmi.objectives.n.success_status': { access: 'rw', check: vocabulary(['passed', 'failed', 'unknown']) },
    'cmi.objectives.n.completion_status': {
      access: 'rw', check: vocabulary(['completed', 'incomplete', 'not attempted', 'unknown'])
    },
    'cmi.objectives.n.progress_measure': { access: 'rw', check: real(0, 1) },
    'cmi.objectives.n.description': { access: 'rw', check: localized(250) },
    'cmi.progress_measure': { access: 'rw', check: real(0, 1) },
    'cmi.scaled_passing_score': { access: 'ro' },
    'cmi.score.scaled': { access: 'rw', check: real(-1, 1) },
    'cmi.score.raw': { access: 'rw', check: real() },
    'cmi.score.min': { access: 'rw', check: real() },
    'cmi.score.max': { access: 'rw', check: real() },
    'cmi.session_time': { access: 'wo', check: timeinterval },
    'cmi.success_status': { access: 'rw', check: vocabulary(['passed', 'failed', 'unknown']) },
    'cmi.suspend_data': { access: 'rw', check: charString(64000) },
    'cmi.time_limit_action': { access: 'ro' },
    'cmi.total_time': { access: 'ro' },
    'adl.nav.request': {
      access: 'rw',
      check: function (v) {
        if (NAV_REQUESTS.indexOf(v) < 0 && !/^\{target=[^\s{}]+\}(choice|jump)$/.test(v)) {
          fail('type', JSON.stringify(v) + ' is not a navigation request');
        }
      }
    },
    'adl.nav.request_valid.continue': { access: 'ro' },
    'adl.nav.request_valid.previous': { access: 'ro' }
  };

  var CHILDREN2004 = {
    'cmi.comments_from_learner': 'comment,location,timestamp',
    'cmi.comments_from_lms': 'comment,location,timestamp',
    'cmi.interactions': 'id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description',
    'cmi.learner_preference': 'audio_level,language,delivery_speed,audio_captioning',
    'cmi.objectives': 'id,score,success_status,completion_status,progress_measure,description',
    'cmi.objectives.n.score': 'scaled,raw,min,max',
    'cmi.score': 'scaled,raw,min,max'
  };

  var ARRAYS2004 = ['cmi.comments_from_learner', 'cmi.comments_from_lms', 'cmi.objectives', 'cmi.interactions',
    'cmi.interactions.n.objectives', 'cmi.interactions.n.correct_responses'];

  var MODEL = IS2004 ? MODEL2004 : MODEL12;
  var CHILDREN = IS2004 ? CHILDREN2004 : CHILDREN12;
  var ARRAYS = IS2004 ? ARRAYS2004 : ARRAYS12;
  var VERSION = IS2004 ? '1.0' : '3.4';

  // ---------------------------------------------------------------------------------------------
  // The store
  // ---------------------------------------------------------------------------------------------

  var data = {};
  var counts = {}; // concrete array path (e.g. cmi.interactions.0.correct_responses) → count

  function defaults() {
    var d = {};
    if (IS2004) {
      d['cmi.learner_id'] = 'learner-1';
      d['cmi.learner_name'] = 'Apprenant, Test';
      d['cmi.credit'] = params.get('credit') || 'credit';
      d['cmi.mode'] = params.get('mode') || 'normal';
      d['cmi.entry'] = 'ab-initio';
      d['cmi.completion_status'] = 'unknown';
      d['cmi.success_status'] = 'unknown';
      d['cmi.total_time'] = 'PT0S';
      d['cmi.time_limit_action'] = 'continue,no message';
      d['cmi.learner_preference.audio_level'] = '1';
      d['cmi.learner_preference.language'] = '';
      d['cmi.learner_preference.delivery_speed'] = '1';
      d['cmi.learner_preference.audio_captioning'] = '0';
      d['adl.nav.request'] = '_none_';
      if (params.get('scaledPassingScore') !== null) d['cmi.scaled_passing_score'] = params.get('scaledPassingScore');
    } else {
      d['cmi.core.student_id'] = 'learner-1';
      d['cmi.core.student_name'] = 'Apprenant, Test';
      d['cmi.core.credit'] = params.get('credit') || 'credit';
      d['cmi.core.lesson_mode'] = params.get('mode') || 'normal';
      d['cmi.core.entry'] = 'ab-initio';
      d['cmi.core.lesson_status'] = 'not attempted';
      d['cmi.core.total_time'] = '0000:00:00.00';
      d['cmi.launch_data'] = '';
      d['cmi.comments_from_lms'] = '';
      d['cmi.student_data.mastery_score'] = params.get('masteryScore') || '';
      d['cmi.student_data.max_time_allowed'] = '';
      d['cmi.student_data.time_limit_action'] = '';
      d['cmi.student_preference.audio'] = '0';
      d['cmi.student_preference.language'] = '';
      d['cmi.student_preference.speed'] = '0';
      d['cmi.student_preference.text'] = '0';
    }
    return d;
  }

  function recount() {
    counts = {};
    Object.keys(data).forEach(function (element) {
      var parts = element.split('.');
      for (var i = 1; i < parts.length; i++) {
        if (/^\d+$/.test(parts[i])) {
          var path = parts.slice(0, i).join('.');
          counts[path] = Math.max(counts[path] || 0, Number(parts[i]) + 1);
        }
      }
    });
  }

  var ENTRY = IS2004 ? 'cmi.entry' : 'cmi.core.entry';
  var EXIT = IS2004 ? 'cmi.exit' : 'cmi.core.exit';
  var SESSION = IS2004 ? 'cmi.session_time' : 'cmi.core.session_time';
  var TOTAL = IS2004 ? 'cmi.total_time' : 'cmi.core.total_time';

  function loadInitialData() {
    var d = defaults();
    var seededFrom = null;
    if (params.get('restore') === '1') {
      var saved = null;
      try {
        saved = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || 'null');
      } catch (e) {
        saved = null;
      }
      if (saved && saved.data) {
        var previous = saved.data;
        var suspended = previous[EXIT] === 'suspend';
        if (suspended || !IS2004) {
          // Resume the attempt (2004: only after a suspend; 1.2: the attempt carries on, entry "").
          Object.keys(previous).forEach(function (k) {
            if (k !== EXIT && k !== SESSION && k !== 'adl.nav.request' && k.indexOf('adl.nav.request_valid') !== 0) {
              d[k] = previous[k];
            }
          });
          var total = IS2004
            ? timeintervalToCentiseconds(previous[TOTAL]) + timeintervalToCentiseconds(previous[SESSION])
            : timespan12ToCentiseconds(previous[TOTAL]) + timespan12ToCentiseconds(previous[SESSION]);
          d[TOTAL] = IS2004 ? centisecondsToInterval(total) : centisecondsToTimespan12(total);
          d[ENTRY] = suspended ? 'resume' : '';
          if (IS2004) d['adl.nav.request'] = '_none_';
        }
        seededFrom = 'localStorage';
      }
    }
    if (params.get('state')) {
      var seed = JSON.parse(params.get('state'));
      Object.keys(seed).forEach(function (k) { d[k] = String(seed[k]); });
      seededFrom = seededFrom ? seededFrom + '+query' : 'query';
    }
    if (params.has('entry')) d[ENTRY] = params.get('entry');
    data = d;
    recount();
    return seededFrom;
  }

  var seededFrom = loadInitialData();

  var navValid = {
    'continue': params.get('navContinue') || 'unknown',
    previous: params.get('navPrevious') || 'unknown'
  };
  if (IS2004) {
    data['adl.nav.request_valid.continue'] = navValid['continue'];
    data['adl.nav.request_valid.previous'] = navValid.previous;
  }

  // ---------------------------------------------------------------------------------------------
  // Element resolution
  // ---------------------------------------------------------------------------------------------

  /** cmi.interactions.3.correct_responses.0.pattern → {pattern: "cmi.interactions.n.correct_responses.n.pattern", indexes}. */
  function resolve(element) {
    var parts = element.split('.');
    var indexes = [];
    var normal = parts.map(function (p, i) {
      if (i > 0 && /^\d+$/.test(p)) {
        indexes.push({ at: i, index: Number(p), path: parts.slice(0, i).join('.') });
        return 'n';
      }
      return p;
    });
    return { parts: parts, normal: normal.join('.'), indexes: indexes };
  }

  function isNavChoiceElement(element) {
    return IS2004 && /^adl\.nav\.request_valid\.(choice|jump)\.\{target=[^}]+\}$/.test(element);
  }

  function parentOf(element) {
    var i = element.lastIndexOf('.');
    return element.slice(0, i);
  }

  function knownParent(normal) {
    if (CHILDREN[normal] || ARRAYS.indexOf(normal) >= 0) return true;
    var prefix = normal + '.';
    return Object.keys(MODEL).some(function (k) { return k.indexOf(prefix) === 0; });
  }

  // ---------------------------------------------------------------------------------------------
  // GetValue / SetValue
  // ---------------------------------------------------------------------------------------------

  function getValue(element) {
    if (typeof element !== 'string') fail('argument', 'the element must be a string');
    if (element === '') fail('emptyGet', 'empty element name');
    if (IS2004 && /^adl\.data(\.|$)/.test(element)) fail(402, 'adl.data is not implemented by this LMS');
    if (isNavChoiceElement(element)) return 'unknown';
    var r = resolve(element);
    var last = r.parts[r.parts.length - 1];
    if (last === '_version') {
      if (element === 'cmi._version') return VERSION;
      fail('undefinedElement', element + ' is not defined');
    }
    if (last === '_children' || last === '_count') {
      var parent = resolve(parentOf(element));
      checkGetIndexes(parent);
      if (last === '_children') {
        if (CHILDREN[parent.normal]) return CHILDREN[parent.normal];
        if (MODEL[parent.normal] || knownParent(parent.normal)) fail('noChildren', parent.normal + ' has no children');
        fail('undefinedElement', element + ' is not defined');
      }
      if (ARRAYS.indexOf(parent.normal) >= 0) return String(counts[parentOf(element)] || 0);
      if (MODEL[parent.normal] || knownParent(parent.normal)) fail('noCount', parent.normal + ' is not an array');
      fail('undefinedElement', element + ' is not defined');
    }
    var def = MODEL[r.normal];
    if (!def) fail('undefinedElement', element + ' is not defined');
    if (def.access === 'wo') fail('writeOnly', element + ' is write-only');
    checkGetIndexes(r);
    if (Object.prototype.hasOwnProperty.call(data, element)) return data[element];
    if (IS2004) fail(403, element + ' has no value yet');
    return '';
  }

  function checkGetIndexes(r) {
    r.indexes.forEach(function (ix) {
      if (ix.index >= (counts[ix.path] || 0)) fail('getIndex', ix.path + '.' + ix.index + ' does not exist');
    });
  }

  function interactionPrefix(element) {
    var m = /^(cmi\.interactions\.\d+)\./.exec(element);
    return m ? m[1] : null;
  }

  function setValue(element, value) {
    if (typeof element !== 'string') fail('argument', 'the element must be a string');
    if (element === '') fail('emptySet', 'empty element name');
    if (FAIL_SET.indexOf(element) >= 0) fail(IS2004 ? 351 : 101, 'injected failure (failSet=' + element + ')');
    if (IS2004 && /^adl\.data(\.|$)/.test(element)) fail(402, 'adl.data is not implemented by this LMS');
    if (isNavChoiceElement(element)) fail('readOnly', element + ' is read-only');
    var r = resolve(element);
    var last = r.parts[r.parts.length - 1];
    if (last === '_children' || last === '_count' || last === '_version') {
      var parent = resolve(parentOf(element));
      var known = element === 'cmi._version' ||
        (last === '_children' && CHILDREN[parent.normal]) ||
        (last === '_count' && ARRAYS.indexOf(parent.normal) >= 0);
      if (known) fail('keywordSet', element + ' is a keyword (read-only)');
      fail('undefinedElement', element + ' is not defined');
    }
    var def = MODEL[r.normal];
    if (!def) fail('undefinedElement', element + ' is not defined');
    if (def.access === 'ro') fail('readOnly', element + ' is read-only');
    if (typeof value !== 'string') fail('type', 'the value must be a string, not ' + typeof value);

    // Array indexes: no gaps; a new interaction or objective starts with its id.
    var created = [];
    r.indexes.forEach(function (ix, k) {
      var count = counts[ix.path] || 0;
      if (ix.index > count) fail('indexGap', ix.path + '.' + ix.index + ' would leave a gap (count ' + count + ')');
      if (ix.index === count) {
        var isRecordRoot = ix.path === 'cmi.interactions' || ix.path === 'cmi.objectives';
        var setsId = r.parts.length === ix.at + 2 && r.parts[ix.at + 1] === 'id';
        if (isRecordRoot && !setsId) {
          fail('dependency', 'a new ' + ix.path + ' record must be created by setting its id first');
        }
        if (k < r.indexes.length - 1) fail('indexGap', ix.path + '.' + ix.index + ' does not exist');
        created.push(ix.path);
      }
    });

    // Dependencies and values.
    var prefix = interactionPrefix(element);
    if (def.check === 'response' || def.check === 'pattern') {
      var type = data[prefix + '.type'];
      if (IS2004 && type === undefined) fail('dependency', prefix + '.type must be set first');
      if (IS2004) response2004(type, value, def.check === 'pattern');
      else if (type === undefined) charString(255)(value);
      else feedback12(type, value, def.check === 'pattern');
      if (IS2004 && def.check === 'pattern') {
        var crPath = prefix + '.correct_responses';
        var index = r.indexes[r.indexes.length - 1].index;
        var max = MAX_PATTERNS2004[type] || 1;
        if (index >= max) fail('setFailure', type + ' takes at most ' + max + ' correct response pattern(s)');
        if (type === 'choice' || type === 'sequencing' || type === 'matching') {
          for (var i = 0; i < (counts[crPath] || 0); i++) {
            if (i !== index && data[crPath + '.' + i + '.pattern'] === value) {
              fail('setFailure', 'correct response patterns must be unique');
            }
          }
        }
      }
    } else if (typeof def.check === 'function') {
      def.check(value);
    }
    if (IS2004 && /^cmi\.objectives\.\d+\.id$/.test(element)) {
      var existing = data[element];
      if (existing !== undefined && existing !== value) fail('setFailure', 'an objective id cannot change');
      Object.keys(data).forEach(function (k) {
        if (k !== element && /^cmi\.objectives\.\d+\.id$/.test(k) && data[k] === value) {
          fail('setFailure', 'objective ids must be unique');
        }
      });
    }
    if (IS2004 && /^cmi\.objectives\.\d+\./.test(element) && !/\.id$/.test(element)) {
      var objective = /^(cmi\.objectives\.\d+)\./.exec(element)[1];
      if (data[objective + '.id'] === undefined) fail('dependency', objective + '.id must be set first');
    }

    data[element] = value;
    created.forEach(function (path) { counts[path] = (counts[path] || 0) + 1; });
    return 'true';
  }

  // ---------------------------------------------------------------------------------------------
  // The API objects
  // ---------------------------------------------------------------------------------------------

  var status = {
    standard: STANDARD,
    state: 'not initialized',
    initializeCount: 0,
    terminateCount: 0,
    commitCount: 0,
    navRequest: null,
    entry: data[ENTRY],
    seededFrom: seededFrom,
    feedback12: FEEDBACK12
  };
  var lastError = { code: 0, diagnostic: '' };
  var log = [];
  var errors = [];

  function save() {
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ data: data, log: log, errors: errors, status: status }));
    } catch (e) {
      // Storage can be unavailable; the in-memory record stays.
    }
  }

  function record(fn, args, result) {
    var entry = { fn: fn, args: args, result: result, error: String(lastError.code) };
    log.push(entry);
    if (lastError.code !== 0) {
      errors.push({ fn: fn, args: args, error: String(lastError.code), diagnostic: lastError.diagnostic });
    }
    renderPanel(entry);
  }

  function argsOf(list) {
    return Array.prototype.slice.call(list).map(function (a) { return a; });
  }

  /** Runs one state-changing or data call with the standard's state machine and error bookkeeping. */
  function run(fn, args, body, failureResult, persist) {
    var result;
    try {
      result = body();
      lastError = { code: 0, diagnostic: '' };
    } catch (e) {
      lastError = e instanceof Failure
        ? { code: e.code, diagnostic: e.diagnostic || '' }
        : { code: 101, diagnostic: 'strict LMS internal error: ' + (e && e.stack || e) };
      result = failureResult;
    }
    record(fn, args, result);
    if (persist && lastError.code === 0) save();
    return result;
  }

  function requireState(kind) {
    // kind: 'get' | 'set' | 'commit'
    if (status.state === 'running') return;
    if (!IS2004) fail(301, 'the API is ' + status.state);
    var before = { get: 122, set: 132, commit: 142 };
    var after = { get: 123, set: 133, commit: 143 };
    fail(status.state === 'terminated' ? after[kind] : before[kind], 'the API is ' + status.state);
  }

  function initialize(fn, args) {
    return run(fn, args, function () {
      if (args.length !== 1 || args[0] !== '') fail('argument', fn + ' takes one argument: ""');
      if (status.state === 'running') fail(IS2004 ? 103 : 101, 'already initialized');
      if (status.state === 'terminated') fail(IS2004 ? 104 : 101, 'the session was terminated');
      status.state = 'running';
      status.initializeCount++;
      return 'true';
    }, 'false', true);
  }

  function terminate(fn, args) {
    return run(fn, args, function () {
      if (args.length !== 1 || args[0] !== '') fail('argument', fn + ' takes one argument: ""');
      if (status.state === 'not initialized') fail(IS2004 ? 112 : 301, 'not initialized');
      if (status.state === 'terminated') fail(IS2004 ? 113 : 301, 'already terminated');
      status.state = 'terminated';
      status.terminateCount++;
      if (IS2004) status.navRequest = data['adl.nav.request'] || '_none_';
      if (params.get('keepAfterTerminate') !== '1') window.setTimeout(unloadSco, 0);
      return 'true';
    }, 'false', true);
  }

  function commit(fn, args) {
    return run(fn, args, function () {
      if (args.length !== 1 || args[0] !== '') fail('argument', fn + ' takes one argument: ""');
      requireState('commit');
      status.commitCount++;
      return 'true';
    }, 'false', true);
  }

  function get(fn, args) {
    return run(fn, args, function () {
      requireState('get');
      if (args.length !== 1) fail('argument', fn + ' takes one argument');
      return getValue(args[0]);
    }, '');
  }

  function set(fn, args) {
    return run(fn, args, function () {
      requireState('set');
      if (args.length !== 2) fail('argument', fn + ' takes two arguments');
      return setValue(args[0], args[1]);
    }, 'false');
  }

  function getLastError() {
    return String(lastError.code);
  }

  function getErrorString(code) {
    var text = ERRORS[Number(code)];
    return text === undefined || String(code) === '' ? '' : text;
  }

  function getDiagnostic(code) {
    if (code === '' || code === undefined || Number(code) === lastError.code) {
      return lastError.code === 0 ? '' : lastError.code + ': ' + (lastError.diagnostic || ERRORS[lastError.code]);
    }
    return getErrorString(code);
  }

  var api;
  if (IS2004) {
    api = {
      version: '1.0',
      Initialize: function () { return initialize('Initialize', argsOf(arguments)); },
      Terminate: function () { return terminate('Terminate', argsOf(arguments)); },
      GetValue: function () { return get('GetValue', argsOf(arguments)); },
      SetValue: function () { return set('SetValue', argsOf(arguments)); },
      Commit: function () { return commit('Commit', argsOf(arguments)); },
      GetLastError: getLastError,
      GetErrorString: getErrorString,
      GetDiagnostic: getDiagnostic
    };
    window.API_1484_11 = api;
  } else {
    api = {
      LMSInitialize: function () { return initialize('LMSInitialize', argsOf(arguments)); },
      LMSFinish: function () { return terminate('LMSFinish', argsOf(arguments)); },
      LMSGetValue: function () { return get('LMSGetValue', argsOf(arguments)); },
      LMSSetValue: function () { return set('LMSSetValue', argsOf(arguments)); },
      LMSCommit: function () { return commit('LMSCommit', argsOf(arguments)); },
      LMSGetLastError: getLastError,
      LMSGetErrorString: getErrorString,
      LMSGetDiagnostic: getDiagnostic
    };
    window.API = api;
  }

  window.lmsLog = log;
  window.lmsErrors = errors;
  window.lmsStatus = status;
  Object.defineProperty(window, 'lmsData', { get: function () { return data; }, configurable: false });
  window.lmsCounts = function () { return JSON.parse(JSON.stringify(counts)); };
  window.lmsUnloadSco = unloadSco;

  // ---------------------------------------------------------------------------------------------
  // The page: the SCO frame and a small panel for people debugging by hand
  // ---------------------------------------------------------------------------------------------

  var frame = null;
  var panel = null;

  function unloadSco() {
    if (frame && frame.getAttribute('src') !== 'about:blank') frame.setAttribute('src', 'about:blank');
  }

  function renderPanel(entry) {
    if (!panel) return;
    var line = document.createElement('li');
    line.textContent = entry.fn + '(' + entry.args.map(function (a) { return JSON.stringify(a); }).join(', ') +
      ') → ' + JSON.stringify(entry.result) + (entry.error !== '0' ? '  [error ' + entry.error + ']' : '');
    if (entry.error !== '0') line.className = 'error';
    panel.appendChild(line);
    var summary = document.getElementById('lms-summary');
    if (summary) {
      summary.textContent = STANDARD + ' · ' + status.state + ' · ' + log.length + ' calls · ' + errors.length + ' errors';
    }
  }

  function start() {
    frame = document.getElementById('sco-frame');
    panel = document.getElementById('lms-log');
    renderPanel({ fn: 'strict-lms', args: [STANDARD, 'entry=' + data[ENTRY]], result: seededFrom || 'fresh', error: '0' });
    var sco = params.get('sco');
    if (frame && sco) frame.setAttribute('src', sco);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
