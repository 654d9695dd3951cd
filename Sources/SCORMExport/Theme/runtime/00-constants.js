// @ts-check
/*
 * Portail SCO runtime (portail/runtime.js in every package).
 *
 * Runs inside every SCO page that the Portail exporter writes. It implements the "SCO page contract" and
 * "SCO-side runtime" sections of docs/export.md: it finds the LMS's SCORM API (1.2 or 2004 4th edition),
 * or falls back to a standalone mode that keeps progress in localStorage; it shows one page at a time,
 * runs the quiz, and reports progress, score and interactions in each standard's own formats.
 *
 * Plain ES2017, no library, no network. The only global it defines is window.PortailSCO, a read-only
 * debugging surface.
 *
 * The package ships one file: Theme.load() assembles these parts, in the order of their names, inside one
 * strict function whose scope they share (tsconfig.sco-runtime.json checks them together the same way).
 * 00 constants and texts · 10 utilities · 20 the SCO description and state · 30 the LMS API · 40 suspend data ·
 * 50 statuses and saving · 60 pages and navigation · 70 the quiz on screen · 80 quiz answers and submissions ·
 * 85 interactions and score · 90 start and the debug surface.
 */

var FORMAT_VERSION = '1';
var MAX_SUBMISSIONS_IN_SUSPEND_DATA = 1295; // "zz" in base 36: the quiz field never exceeds 3 characters

/** @type {Record<string, Record<string, string>>} */
var FALLBACK_STRINGS = {
  fr: {
    next: 'Suivant',
    previous: 'Précédent',
    page: 'Page {n} sur {total}',
    saved: 'Progression enregistrée.',
    savedLocally: 'Mode autonome : progression enregistrée sur cet appareil.',
    saveFailed: 'La progression n’a pas pu être enregistrée.',
    noLMS: 'Mode autonome : progression enregistrée sur cet appareil.',
    score: 'Votre score : {score} %',
    passed: 'Réussi.',
    failed: 'Pas encore réussi.',
    retry: 'Réessayer',
    answerAll: 'Répondez à toutes les questions avant de valider.',
    correct: 'Bonne réponse',
    incorrect: 'Réponse incorrecte',
    suspendTruncated: 'Trop de données à enregistrer : vos réponses ne seront pas conservées.',
    sessionEnded: 'Session terminée.'
  },
  en: {
    next: 'Next',
    previous: 'Previous',
    page: 'Page {n} of {total}',
    saved: 'Progress saved.',
    savedLocally: 'Standalone mode: progress saved on this device.',
    saveFailed: 'Your progress could not be saved.',
    noLMS: 'Standalone mode: progress saved on this device.',
    score: 'Your score: {score}%',
    passed: 'Passed.',
    failed: 'Not passed yet.',
    retry: 'Try again',
    answerAll: 'Answer every question before submitting.',
    correct: 'Correct',
    incorrect: 'Incorrect',
    suspendTruncated: 'Too much data to save: your answers will not be kept.',
    sessionEnded: 'Session ended.'
  }
};
