/**
 * A one-line progress report on stderr: a bar, rate and ETA, redrawn in place
 * on a terminal, a plain line every few seconds otherwise (CI logs, pipes).
 */
export class ProgressBar {
  private readonly started = Date.now();
  private lastPlainLine = 0;

  /** `unit` names what `done` counts when it differs from the events (e.g. lines committed): the line then shows both. */
  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly unit?: string,
  ) {}

  /** `done` of `total` (e.g. lines committed), `count` things processed (e.g. events) for the rate. */
  update(done: number, count: number): void {
    const now = Date.now();
    const line = this.render(done, count, now);
    if (this.out.isTTY) {
      this.out.write(`\r${line}\x1b[K`);
    } else if (now - this.lastPlainLine >= 5000) {
      this.lastPlainLine = now;
      this.out.write(`${line}\n`);
    }
  }

  finish(done: number, count: number): void {
    const line = this.render(done, count, Date.now());
    this.out.write(this.out.isTTY ? `\r${line}\x1b[K\n` : `${line}\n`);
  }

  private render(done: number, count: number, now: number): string {
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const share = this.total > 0 ? Math.min(done / this.total, 1) : 0;
    const width = 24;
    const filled = Math.round(share * width);
    const rate = Math.round(count / seconds);
    const eta = share > 0 && share < 1 ? ` ETA ${formatDuration((seconds / share) * (1 - share))}` : '';
    const of = this.unit ? `, ${done.toLocaleString('en')} of ${this.total.toLocaleString('en')} ${this.unit}` : '';
    return `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${count.toLocaleString('en')} events, ${rate.toLocaleString('en')}/s${of}${eta}`;
  }
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60
    ? `${minutes}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`
    : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
