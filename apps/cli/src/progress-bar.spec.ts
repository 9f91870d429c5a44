import { PassThrough } from 'node:stream';
import { ProgressBar } from './progress-bar.js';

/** A pipe, not a terminal: each update the bar decides to show is one whole line. */
function pipe(): { out: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { out: stream as unknown as NodeJS.WriteStream, text: () => text };
}

describe('ProgressBar', () => {
  it('measures the share by what is done (lines committed), and shows it beside the events', () => {
    const { out, text } = pipe();
    const bar = new ProgressBar('import f', 200, out, 'lines committed');
    bar.update(50, 48);
    expect(text()).toMatch(/^import f \[######\.+\] {2}25% 48 events, [\d,]+\/s, 50 of 200 lines committed ETA \d+s\n$/);
  });

  it('shows only the events when done counts them too', () => {
    const { out, text } = pipe();
    new ProgressBar('rebuild', 10, out).finish(10, 10);
    expect(text()).toMatch(/^rebuild \[#{24}\] 100% 10 events, [\d,]+\/s\n$/);
  });
});
