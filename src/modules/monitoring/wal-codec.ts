import { crc32 } from 'node:zlib';

/** A message as the write-ahead log keeps it: where it came from, when, its topic and raw payload. */
export interface WalMessage {
  source: 'mqtt' | 'http';
  receivedAt: number;
  topic: string;
  payload: Buffer;
}

// A frame: body length (u32 LE), CRC-32 of the body (u32 LE), then the body: source (u8),
// receivedAt (f64 LE), topic length (u16 LE), topic (UTF-8), payload (the rest).
const headerBytes = 8;
const fixedBodyBytes = 11;
/** The largest body a frame may have: MQTT's own limit on a packet (256 MB) is far above what a reading needs. */
export const maxFrameBody = 16 * 1024 * 1024;

/** Encodes one message as a frame. */
export function encodeFrame(m: WalMessage): Buffer {
  const topicLength = Buffer.byteLength(m.topic);
  if (topicLength > 0xffff) throw new Error('topic longer than 65535 bytes');
  const bodyLength = fixedBodyBytes + topicLength + m.payload.length;
  if (bodyLength > maxFrameBody) throw new Error(`message of ${bodyLength} bytes is larger than the write-ahead log takes`);
  const frame = Buffer.allocUnsafe(headerBytes + bodyLength);
  frame.writeUInt32LE(bodyLength, 0);
  frame.writeUInt8(m.source === 'mqtt' ? 1 : 2, 8);
  frame.writeDoubleLE(m.receivedAt, 9);
  frame.writeUInt16LE(topicLength, 17);
  frame.write(m.topic, 19, 'utf8');
  m.payload.copy(frame, 19 + topicLength);
  frame.writeUInt32LE(crc32(frame.subarray(headerBytes)), 4);
  return frame;
}

/** A frame read back, with its offset in the file. */
export interface DecodedFrame {
  offset: number;
  message: WalMessage;
}

/**
 * Decodes the frames of a segment, in order. It stops at the first frame that is cut short or
 * fails its checksum: what follows was never acknowledged (a crash mid-write) or is damaged,
 * and `torn` says at which offset the good part ends.
 */
export function decodeFrames(data: Buffer): { frames: DecodedFrame[]; torn: number | null } {
  const frames: DecodedFrame[] = [];
  let at = 0;
  while (at < data.length) {
    if (data.length - at < headerBytes) return { frames, torn: at };
    const bodyLength = data.readUInt32LE(at);
    if (bodyLength < fixedBodyBytes || bodyLength > maxFrameBody || at + headerBytes + bodyLength > data.length) return { frames, torn: at };
    const body = data.subarray(at + headerBytes, at + headerBytes + bodyLength);
    if (crc32(body) !== data.readUInt32LE(at + 4)) return { frames, torn: at };
    const source = body.readUInt8(0) === 1 ? 'mqtt' : 'http';
    const topicLength = body.readUInt16LE(9);
    if (fixedBodyBytes + topicLength > bodyLength) return { frames, torn: at };
    frames.push({
      offset: at,
      message: { source, receivedAt: body.readDoubleLE(1), topic: body.toString('utf8', fixedBodyBytes, fixedBodyBytes + topicLength), payload: Buffer.from(body.subarray(fixedBodyBytes + topicLength)) },
    });
    at += headerBytes + bodyLength;
  }
  return { frames, torn: null };
}
