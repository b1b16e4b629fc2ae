import { describe, expect, test } from 'vitest';
import { ChangeFeed } from './changes.js';

describe('change feed', () => {
  test('a stamp changes when, and only when, one of its tables changes', () => {
    const feed = new ChangeFeed();
    const before = feed.stamp(['returns', 'authorities']);
    feed.changed('sessions');
    expect(feed.stamp(['returns', 'authorities'])).toBe(before);
    feed.changed('authorities');
    expect(feed.stamp(['returns', 'authorities'])).not.toBe(before);
  });

  test('listeners hear every change until they stop', () => {
    const feed = new ChangeFeed();
    const heard: string[] = [];
    const stop = feed.onChange((t) => heard.push(t));
    feed.changed('users');
    stop();
    feed.changed('sessions');
    expect(heard).toEqual(['users']);
  });
});
