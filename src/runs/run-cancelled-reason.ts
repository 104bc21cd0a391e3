/**
 * The abort reason of a cancelled run: a standard `AbortError` DOMException, so fetch, undici and SDKs
 * treat it as an ordinary abort. The run service tells cancel from timeout by which signal fired.
 */
export function runCancelledReason(runId: string): DOMException {
  return new DOMException(`Run ${runId} was cancelled`, 'AbortError');
}
