// @ts-check
// What the player's modules share and change: the outbox, the SCO shown and its API object, the launch under way.

/** @typedef {import('../lms-runtime/contracts.js').Outbox} Outbox */
/** @typedef {import('../lms-runtime/contracts.js').PortailApi} PortailApi */

/**
 * @typedef {Object} PlayerState
 * @property {Outbox | null} outbox created at start
 * @property {number} current index of the SCO shown (or last shown); -1 before the first
 * @property {PortailApi | null} currentApi the API object of the SCO shown
 * @property {boolean} loaded the states are loaded: statuses and buttons can be shown
 * @property {boolean} scoClosed the SCO ended by exit, exitAll, suspendAll or the end of the course: a message shows
 * @property {{index: number, text: string} | null} userHint why the module the learner chose cannot open
 * @property {number} launchCounter identifies a launch: late navigation callbacks of an older one are ignored
 * @property {boolean} switching a SCO is being unloaded or loaded
 * @property {boolean} frameHasContent the frame holds a SCO (it must be unloaded before the next one)
 * @property {{index: number, reason: string} | null} queued a launch asked for while another one was switching
 */

/** @type {PlayerState} */
export var player = {
  outbox: null,
  current: -1,
  currentApi: null,
  loaded: false,
  scoClosed: false,
  userHint: null,
  launchCounter: 0,
  switching: false,
  frameHasContent: false,
  queued: null
};
