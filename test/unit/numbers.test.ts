import * as assert from 'node:assert/strict';
import { formatCount } from '../../src/core/reports/numbers';

describe('figures as they read', () => {
  it('groups counts by thousands exactly as en-US does, whole or not, signed or not', () => {
    const values = [0, 7, 999, 1000, 4000, 12_345, 999_999, 1_000_000, 200_000, 1_234_567_890, -1, -1000, -987_654, Number.MAX_SAFE_INTEGER, 1234.5678, 0.25, -2500.5, 1e21, Number.NaN, Infinity];
    for (const value of values) assert.equal(formatCount(value), value.toLocaleString('en-US'), String(value));
  });
});
