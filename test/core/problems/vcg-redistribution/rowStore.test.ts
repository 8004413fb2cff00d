import { describe, expect, it } from 'vitest';
import { RowStore } from '../../../../src/core/problems/vcg-redistribution/rowStore.ts';

describe('RowStore', () => {
  it('finds a row under its key in a later profile, with the values written into it', () => {
    const store = new RowStore(5, 2, 3);
    store.nextProfile();
    const offset = store.add(17);
    store.values.set([1, 2, 3, 4, 5], offset);
    expect(store.find(18)).toBe(-1);
    store.nextProfile();
    const found = store.find(17);
    expect(found).toBe(offset);
    expect(Array.from(store.values.subarray(found, found + 5))).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps every possible row when they all fit: n = 3 on K = 100 never forgets', () => {
    const points = 101;
    const store = new RowStore(points, 1, 3);
    for (let profile = 0; profile < 500; profile++) {
      store.nextProfile();
      const key = (profile * 37) % points;
      if (store.find(key) < 0) {
        const offset = store.add(key); // may replace store.values: read it afterwards
        store.values[offset] = key;
      }
    }
    for (let key = 0; key < points; key++) expect(store.values[store.find(key)]).toBe(key);
  });

  it('forgets only between profiles, and only when the next profile might not fit', () => {
    // 6 kept indices on 201 points: far too many rows to keep them all, so it keeps recent ones.
    const store = new RowStore(201, 6, 28);
    const keys: number[] = [];
    let forgotten = -1;
    for (let profile = 0; profile < 200 && forgotten < 0; profile++) {
      store.nextProfile();
      if (keys.length > 0 && store.find(keys[0]) < 0) forgotten = profile;
      for (let r = 0; r < 28; r++) {
        const key = profile * 1000 + r;
        store.add(key);
        keys.push(key);
      }
      // Every row of this profile is still there.
      for (let r = 0; r < 28; r++) expect(store.find(profile * 1000 + r)).toBeGreaterThanOrEqual(0);
    }
    // 1 MB holds 652 rows of 201 points, plus room for one more profile: 24 profiles of 28 rows, then it empties.
    expect(forgotten).toBe(24);
  });

  it('keeps rows for one profile only when keys would not be exact in a double', () => {
    const store = new RowStore(2001, 10, 66);
    expect(store.acrossProfiles).toBe(false);
    store.nextProfile();
    const offset = store.add(5);
    store.values[offset] = 1;
    expect(store.find(5)).toBe(-1);
    store.nextProfile();
    expect(store.add(6)).toBe(0);
  });

  it('grows its buffer as rows are added, keeping the rows already written', () => {
    const store = new RowStore(11, 1, 1);
    store.nextProfile();
    const offsets: number[] = [];
    for (let key = 0; key < 11; key++) {
      store.nextProfile();
      const offset = store.add(key);
      store.values.fill(key, offset, offset + 11);
      offsets.push(offset);
    }
    for (let key = 0; key < 11; key++) expect(store.values[store.find(key) + 10]).toBe(key);
  });
});
