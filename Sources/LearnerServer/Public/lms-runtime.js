// @ts-check
/*
 * Portail's LMS-side SCORM run-time (docs/player.md, issue 6 §2). ES2017 modules, no library, no external URL.
 *
 *   var outbox = PortailLMS.createOutbox({api: '/api/v1', csrfHeader: 'X-Portail-CSRF', courseId: 'facilitateur',
 *                                         onStatusChange: showSyncStatus});
 *   var api = PortailLMS.create({standard: 'scorm2004', scoId: 'SCO-accueil', learner: {id, name},
 *                                state: {attempt, seq, values},        // GET /me/courses/{c}/scos/{s}/state
 *                                masteryScore, completionThreshold, launchData, outbox, onStatusChange, navigation});
 *   window.API_1484_11 = api;                                          // (window.API for SCORM 1.2)
 *   window.addEventListener('pagehide', function () { outbox.flush({keepalive: true}); });
 *
 * The run-time implements the whole run-time data model of SCORM 1.2 and of SCORM 2004 4th edition: element
 * names, access (read-only, write-only, keywords), data types, vocabularies and ranges, arrays and their index and
 * dependency rules, the error codes with their strings and diagnostics, and the API state machine. It validates
 * values exactly as the server does (Sources/LearnerServer/Runtime/CMIValidator.swift), so that what a SCO may
 * set is what the server accepts. Commits become batches of the values changed since the previous commit; the
 * outbox writes them to localStorage before sending them, in order, to POST {api}/me/sync.
 *
 * The modules, by concern (lms-runtime/): contracts.js (the shapes exchanged: options, batches, events),
 * util.js, data-types.js (value formats), data-model.js (the two models), errors.js, launch.js (the attempt a
 * launch works on), elements.js (GetValue/SetValue), commits.js, api.js (the API object), outbox.js.
 *
 * Loaded as a module: `window.PortailLMS` (frozen) is the only global it defines; modules import create and
 * createOutbox from here.
 */

import { create } from './lms-runtime/api.js';
import { createOutbox } from './lms-runtime/outbox.js';

export { create, createOutbox };

var PortailLMS = Object.freeze({
  version: '1.0.0',
  create: create,
  createOutbox: createOutbox
});
Object.defineProperty(window, 'PortailLMS', { value: PortailLMS, enumerable: true, configurable: false, writable: false });
