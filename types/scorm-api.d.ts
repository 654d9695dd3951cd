// The SCORM API objects through which a SCO (Theme/runtime parts) and the player (Public/lms-runtime) talk.
// A declaration file because JSDoc cannot add properties to Window; every other shape is a JSDoc @typedef.

/** SCORM 1.2 (RTE 3.3): every method answers a string ("true"/"false", a value or an error code). */
interface ScormApi12 {
  LMSInitialize(arg?: string): string;
  LMSFinish(arg?: string): string;
  LMSGetValue(element?: string): string;
  LMSSetValue(element?: string, value?: unknown): string;
  LMSCommit(arg?: string): string;
  LMSGetLastError(): string;
  LMSGetErrorString(code?: string | number): string;
  LMSGetDiagnostic(code?: string | number): string;
}

/** SCORM 2004 4th edition (RTE 3.1). */
interface ScormApi2004 {
  Initialize(arg?: string): string;
  Terminate(arg?: string): string;
  GetValue(element?: string): string;
  SetValue(element?: string, value?: unknown): string;
  Commit(arg?: string): string;
  GetLastError(): string;
  GetErrorString(code?: string | number): string;
  GetDiagnostic(code?: string | number): string;
}

interface Window {
  API?: ScormApi12 | undefined;
  API_1484_11?: ScormApi2004 | undefined;
}
