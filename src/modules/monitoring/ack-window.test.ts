import { describe, expect, it } from 'vitest';
import { createAckWindow } from './ack-window.js';

describe('the acknowledgement window', () => {
  it('sends PUBACKs in arrival order however the messages became durable', () => {
    const sent: number[] = [];
    const w = createAckWindow((id) => sent.push(id));
    const [a, b, c] = [w.open(10), w.open(11), w.open(12)];
    w.done(c);
    w.done(b);
    expect(sent).toEqual([]);
    expect(w.size()).toBe(3);
    w.done(a);
    expect(sent).toEqual([10, 11, 12]);
    expect(w.size()).toBe(0);
  });

  it('keeps working past many messages (ids are reused by the broker)', () => {
    const sent: number[] = [];
    const w = createAckWindow((id) => sent.push(id));
    for (let i = 0; i < 5000; i++) w.done(w.open(i % 65535 || 1));
    expect(sent).toHaveLength(5000);
    expect(w.size()).toBe(0);
  });

  it('sends nothing more once its connection is gone', () => {
    const sent: number[] = [];
    const w = createAckWindow((id) => sent.push(id));
    const a = w.open(1);
    w.abandon();
    w.done(a);
    w.done(w.open(2));
    expect(sent).toEqual([]);
  });
});
