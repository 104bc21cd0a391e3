export interface CappedBody {
  bytes: Buffer;
  truncated: boolean;
}

/** Reads at most `maxBytes` of a response body and cancels the rest, so a huge reply costs nothing more. */
export async function readCappedBody(response: Response, maxBytes: number): Promise<CappedBody> {
  if (!response.body) return { bytes: Buffer.alloc(0), truncated: false };
  const reader = response.body.getReader();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { bytes: Buffer.concat(chunks), truncated: false };
      chunks.push(Buffer.from(value));
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { bytes: Buffer.concat(chunks).subarray(0, maxBytes), truncated: true };
      }
    }
  } finally {
    reader.releaseLock();
  }
}

/** Decodes bytes with the charset of a Content-Type header (utf-8 when absent or unknown). */
export function decodeText(bytes: Buffer, contentType: string | null): string {
  const charset = /charset=["']?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

export const truncationNote = (maxBytes: number): string => `[truncated: the response was larger than ${Math.round(maxBytes / 1024)} KiB]`;
