import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

/**
 * A uPlot chart in the returned element, as wide as the element and redrawn when it resizes
 * (a tablet turned, a window narrowed); rebuilt when `key` changes.
 */
export function useChart(key: string, options: (width: number) => uPlot.Options, data: uPlot.AlignedData) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const host = element.current;
    if (!host) return;
    const chart = new uPlot(options(host.clientWidth), data, host);
    const resized = new ResizeObserver(() => chart.setSize({ width: host.clientWidth, height: chart.height }));
    resized.observe(host);
    return () => {
      resized.disconnect();
      chart.destroy();
    };
  }, [key]);
  return element;
}
