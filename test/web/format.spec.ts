import { changeDirection, formatChange, formatValue } from '../../apps/web/src/format.js';

describe('how the dashboard writes numbers', () => {
  it('writes shares in whole percent, counts grouped, decimals to their places, null as a dash', () => {
    expect(formatValue('share', 0.4285714)).toBe('43%');
    expect(formatValue('share', 1)).toBe('100%');
    expect(formatValue('count', 10_412)).toBe('10,412');
    expect(formatValue('decimal1', 7 / 3)).toBe('2.3');
    expect(formatValue('decimal2', 0.5)).toBe('0.50');
    expect(formatValue('share', null)).toBe('—');
  });

  it('writes a change of a share in percentage points, with a true minus sign', () => {
    expect(formatChange('share', 0.92, 0.86)).toBe('+6 pts');
    expect(formatChange('share', 0.24, 0.28)).toBe('\u22124 pts');
    expect(formatChange('count', 152, 140)).toBe('+12');
    expect(formatChange('decimal2', 0.1, 0.12)).toBe('\u22120.02');
  });

  it('calls a change that rounds to nothing no change, with no direction; a missing side no comparison', () => {
    expect(formatChange('share', 0.501, 0.5)).toBe('no change');
    expect(changeDirection('share', 0.501, 0.5)).toBeNull();
    expect(formatChange('decimal2', 0.1501, 0.1498)).toBe('no change');
    expect(changeDirection('decimal2', 0.16, 0.15)).toBe('up');
    expect(formatChange('share', null, 0.5)).toBe('no comparison');
    expect(changeDirection('share', 0.5, null)).toBeNull();
  });
});
