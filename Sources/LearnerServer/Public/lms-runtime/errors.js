// @ts-check
// The error codes of each standard, and which code each kind of failure gets (RTE 3.3.2 of 1.2, 3.1.7 of 2004).

/** @type {Record<number, string>} */
export var ERRORS12 = {
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

/** @type {Record<number, string>} */
export var ERRORS2004 = {
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

// Which code each kind of failure gets in each standard.
export var CODES12 = {
  argument: 201, undefinedElement: 201, malformed: 201, keywordSet: 402, readOnly: 403, writeOnly: 404,
  noChildren: 202, noCount: 203, getIndex: 201, emptyGet: 201, emptySet: 201, gap: 201, dependency: 201,
  setFailure: 201, type: 405, range: 405, notInitialized: 301, general: 101,
  initTwice: 101, initAfterEnd: 101, endBeforeInit: 301, endTwice: 301, getBefore: 301, getAfter: 301,
  setBefore: 301, setAfter: 301, commitBefore: 301, commitAfter: 301, commitFailure: 101, endFailure: 101
};

/** @typedef {keyof typeof CODES12} FailureKind */

/** @type {Record<FailureKind, number>} */
export var CODES2004 = {
  argument: 201, undefinedElement: 401, malformed: 401, keywordSet: 404, readOnly: 404, writeOnly: 405,
  noChildren: 301, noCount: 301, getIndex: 301, emptyGet: 301, emptySet: 351, gap: 351, dependency: 408,
  setFailure: 351, type: 406, range: 407, notInitialized: 403, general: 101,
  initTwice: 103, initAfterEnd: 104, endBeforeInit: 112, endTwice: 113, getBefore: 122, getAfter: 123,
  setBefore: 132, setAfter: 133, commitBefore: 142, commitAfter: 143, commitFailure: 391, endFailure: 111
};

/** A call that fails: the API method answers with the kind's code and keeps the diagnostic. */
export class Failure {
  /**
   * @param {FailureKind} kind
   * @param {string} diagnostic
   */
  constructor(kind, diagnostic) {
    this.kind = kind;
    this.diagnostic = diagnostic;
  }
}

/**
 * @param {FailureKind} kind
 * @param {string} diagnostic
 * @returns {never}
 */
export function fail(kind, diagnostic) {
  throw new Failure(kind, diagnostic);
}
