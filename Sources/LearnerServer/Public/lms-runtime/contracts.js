// @ts-check
// The shapes the API object, the outbox and the player exchange (types only: nothing here runs).

/**
 * Element → value, as SCORM stores everything: text.
 * @typedef {Record<string, string>} Values
 */

/**
 * A SCO's state: the attempt, the last sequence number the server applied, and the values
 * (GET {api}/me/courses/{c}/scos/{s}/state; also what a snapshot gives to relaunch from).
 * @typedef {Object} AttemptState
 * @property {number} attempt
 * @property {number} seq
 * @property {Values} values
 */

/**
 * A commit: the values changed since the previous one, for the outbox.
 * @typedef {Object} CommitBatch
 * @property {string} scoId
 * @property {number} attempt
 * @property {number} seq
 * @property {Values} values
 * @property {string} [id] the outbox's id for it, once queued
 */

/**
 * What may be queued: a commit, or a batch of the player's own (an asset marked as viewed).
 * @typedef {Object} BatchInput
 * @property {unknown} [scoId]
 * @property {unknown} attempt
 * @property {unknown} [seq] null or absent: the outbox takes the next one
 * @property {unknown} [values]
 * @property {unknown} [id]
 */

/**
 * A batch as the outbox keeps it in localStorage and sends it to POST {api}/me/sync.
 * @typedef {Object} OutboxEntry
 * @property {string} courseId
 * @property {string} scoId
 * @property {string} id a UUID: the server answers a retry with the stored result
 * @property {number} attempt
 * @property {number} seq
 * @property {Values} values
 * @property {string} at ISO 8601 time of the commit
 */

/**
 * A value the server refused in a batch it received.
 * @typedef {Object} SyncProblem
 * @property {string} scoId
 * @property {string} batch
 * @property {number} seq
 * @property {string} message
 * @property {unknown} [code]
 * @property {unknown} [element]
 */

/**
 * The outbox's status events (onStatusChange, subscribe, status()).
 * @typedef {Object} SyncEvent
 * @property {'sync'} kind
 * @property {'saved' | 'pending' | 'offline' | 'error'} state
 * @property {number} pending batches not yet answered by the server
 * @property {string} message
 * @property {string} [storage] why batches could not be kept on this device
 * @property {number} [status] the HTTP status of a refused request
 * @property {number} [retryIn] milliseconds before the next try
 * @property {number} [failures] tries that failed in a row
 * @property {SyncProblem[]} [errors] values the server refused
 */

/**
 * What PortailLMS.create uses of an outbox: each method is optional (tests give partial ones).
 * @typedef {Object} OutboxPort
 * @property {(input: BatchInput) => (OutboxEntry | unknown)} [enqueue] throws when the batch cannot be kept
 * @property {(scoId: string, attempt: number, floor: number) => number} [nextSeq]
 * @property {(scoId?: string) => OutboxEntry[]} [pending]
 */

/**
 * PortailLMS.createOutbox's object.
 * @typedef {Object} Outbox
 * @property {string} courseId
 * @property {string} storageKey
 * @property {(input: BatchInput) => OutboxEntry} enqueue
 * @property {(scoId: unknown, attempt: number, floor: unknown) => number} nextSeq
 * @property {(options?: {keepalive?: boolean}) => Promise<SyncEvent | null>} flush
 * @property {(fn: (event: SyncEvent) => void) => () => void} subscribe
 * @property {(scoId?: string) => OutboxEntry[]} pending
 * @property {() => SyncEvent} status
 * @property {() => SyncProblem[]} problems
 */

/**
 * The player's answers about navigation (SCORM 2004 adl.nav.request_valid.* and adl.nav.request).
 * @typedef {Object} Navigation
 * @property {(request: string, target?: string) => unknown} [valid] true, false, or anything else for unknown
 * @property {(request: string, target?: string) => void} [request] called after Terminate
 */

/**
 * The API object's status events (onStatusChange) and the base of its snapshot.
 * @typedef {Object} StatusSummary
 * @property {'sco'} kind
 * @property {'scorm12' | 'scorm2004'} standard
 * @property {string} scoId
 * @property {number} attempt
 * @property {number} seq
 * @property {string} entry
 * @property {string} mode
 * @property {string} credit
 * @property {string} session 'not initialized', 'running' or 'terminated'
 * @property {string} totalTime
 * @property {string} completion
 * @property {string} success
 * @property {number | null} score percent
 * @property {number | null} [progress] 2004
 * @property {string} [navRequest] 2004
 * @property {string} [lessonStatus] 1.2
 * @property {string | null} location
 * @property {string | null} exit
 */

/**
 * @typedef {StatusSummary & {values: Values, batches: CommitBatch[], state: AttemptState}} Snapshot
 */

/**
 * The API object: SCORM's methods, plus two for the player (not enumerable).
 * @typedef {(ScormApi12 | ScormApi2004) & {snapshot: () => Snapshot, forceTerminate: () => boolean}} PortailApi
 */

/**
 * PortailLMS.create's options (lms-runtime.js's header describes them).
 * @typedef {Object} CreateOptions
 * @property {unknown} standard 'scorm12' or 'scorm2004' (and their usual spellings)
 * @property {unknown} [scoId]
 * @property {{id?: unknown, name?: unknown}} [learner]
 * @property {Partial<AttemptState>} [state]
 * @property {Partial<AttemptState>} [initialState] older name of state
 * @property {unknown} [masteryScore] 0–100
 * @property {unknown} [completionThreshold] 0–1
 * @property {unknown} [launchData]
 * @property {OutboxPort | null} [outbox]
 * @property {(summary: StatusSummary) => void} [onStatusChange]
 * @property {Navigation | null} [navigation]
 * @property {unknown} [mode] normal, browse or review
 * @property {unknown} [credit] credit or no-credit
 */

export {};
