import { describe, expect, it } from 'vitest';
import { decodeFrames, encodeFrame, type WalMessage } from './wal-codec.js';

const a: WalMessage = { source: 'mqtt', receivedAt: 1767225600123, topic: 'citywork/110000/gas-1/telemetry', payload: Buffer.from('{"ts":1,"readings":[]}') };
const b: WalMessage = { source: 'http', receivedAt: 1767225600456.5, topic: 'citywork/110000/水-2/telemetry', payload: Buffer.from([0, 255, 1]) };

describe('write-ahead frames', () => {
  it('round-trip messages with their offsets', () => {
    const fa = encodeFrame(a);
    const data = Buffer.concat([fa, encodeFrame(b)]);
    expect(decodeFrames(data)).toEqual({ frames: [{ offset: 0, message: a }, { offset: fa.length, message: b }], torn: null });
  });

  it('stop at a frame cut short by a crash', () => {
    const fa = encodeFrame(a);
    const fb = encodeFrame(b);
    for (const cut of [1, 7, 8, fb.length - 1]) {
      const out = decodeFrames(Buffer.concat([fa, fb.subarray(0, cut)]));
      expect(out).toEqual({ frames: [{ offset: 0, message: a }], torn: fa.length });
    }
  });

  it('stop at a damaged frame', () => {
    const data = Buffer.concat([encodeFrame(a), encodeFrame(b)]);
    data[data.length - 2]! ^= 0xff;
    expect(decodeFrames(data).frames).toHaveLength(1);
    const first = Buffer.from(data);
    first[20]! ^= 0x01;
    expect(decodeFrames(first)).toEqual({ frames: [], torn: 0 });
  });
});
