import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const NEWLINE = 0x0a;

/** How many lines the file has, the last one with or without its newline: the total progress is measured against. */
export async function countLines(file: string): Promise<number> {
  let lines = 0;
  let last: number | undefined;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) lines++;
    if (chunk.length > 0) last = chunk[chunk.length - 1];
  }
  return last === undefined || last === NEWLINE ? lines : lines + 1;
}

/** The first line that is not blank, or undefined for a file of blank lines. */
export async function firstLine(file: string): Promise<string | undefined> {
  const input = createReadStream(file);
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) if (line.trim() !== '') return line;
    return undefined;
  } finally {
    lines.close();
    input.destroy();
  }
}
