export type NdjsonLine = { number: number; text: string } | { number: number; tooLongBytes: number };

const NEWLINE = 0x0a;

/**
 * Splits a byte stream into numbered lines without holding more than one
 * line: an over-long line is dropped as it streams past and reported by its
 * size. Blank lines keep their number but are not yielded.
 */
export async function* ndjsonLines(source: AsyncIterable<Uint8Array | string>, maxLineBytes: number): AsyncGenerator<NdjsonLine> {
  let parts: Buffer[] = [];
  let lineBytes = 0;
  let number = 0;

  const take = (piece: Buffer) => {
    lineBytes += piece.length;
    if (lineBytes > maxLineBytes) parts = [];
    // Copy: the source may reuse its chunk buffers.
    else if (piece.length > 0) parts.push(Buffer.from(piece));
  };

  const finishLine = (): NdjsonLine | undefined => {
    number++;
    const bytes = lineBytes;
    const text = bytes > maxLineBytes ? undefined : Buffer.concat(parts).toString('utf8').trim();
    parts = [];
    lineBytes = 0;
    if (text === undefined) return { number, tooLongBytes: bytes };
    return text.length > 0 ? { number, text } : undefined;
  };

  for await (const chunk of source) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (let end = buffer.indexOf(NEWLINE, start); end !== -1; end = buffer.indexOf(NEWLINE, start)) {
      take(buffer.subarray(start, end));
      const line = finishLine();
      if (line) yield line;
      start = end + 1;
    }
    take(buffer.subarray(start));
  }
  if (lineBytes > 0) {
    const line = finishLine();
    if (line) yield line;
  }
}
