/** The error a cancelled training ends with. */

/** Returns an Error named AbortError (a DOMException does not cross every worker boundary as an Error). */
export function abortError(message = 'training was cancelled'): Error {
  const error = new Error(message);
  error.name = 'AbortError';
  return error;
}
