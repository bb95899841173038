/**
 * The one slicing helper the storage repositories and the push use to keep to a batch call's
 * limit (src/domain/chunks.ts).
 */
import { chunks } from '../../src/domain/chunks';

describe('chunks', () => {
  it('slices in order, the last slice holding what is left', () => {
    const items = Array.from({ length: 51 }, (_, i) => i);
    const slices = chunks(items, 25);
    expect(slices.map((slice) => slice.length)).toEqual([25, 25, 1]);
    expect(slices.flat()).toEqual(items);
  });

  it('makes no slice of nothing and one of fewer than the size', () => {
    expect(chunks([], 25)).toEqual([]);
    expect(chunks(['a', 'b'], 25)).toEqual([['a', 'b']]);
  });

  it('refuses a size that would never advance', () => {
    expect(() => chunks([1], 0)).toThrow(RangeError);
    expect(() => chunks([1], 1.5)).toThrow(RangeError);
  });
});
