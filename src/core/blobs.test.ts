import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import aws4 from 'aws4';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { blobStoreFromConfig, diskBlobStore, s3BlobStore, type BlobStore } from './blobs.js';
import { loadConfig } from './config.js';
import { AppError } from './errors.js';

/** The AppError a promise rejects with. */
async function appError(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw new Error(`expected an AppError, got ${String(err)}`, { cause: err });
  }
  throw new Error('expected a rejection');
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('路面塌陷照片'), 0x00, 0xff, 0xd9]);
const badKeys = ['', '../etc/passwd', '/etc/passwd', 'a/../b', 'a/./b', 'a//b', 'a/', '.hidden', 'cases/.x', 'a b', 'a\\b', '照片.jpg', 'a\0b', 'x'.repeat(513)];

describe('diskBlobStore', () => {
  let dir: string;
  let store: BlobStore;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-blobs-'));
    store = diskBlobStore(dir);
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('stores and returns the bytes and content type under blob:disk/<key>', async () => {
    const stored = await store.put('110000/case_01/photo-1.jpg', photo, 'image/jpeg');
    expect(stored).toEqual({ url: 'blob:disk/110000/case_01/photo-1.jpg', size: photo.length, sha256: sha256(photo), contentType: 'image/jpeg' });
    expect(await store.get(stored.url)).toEqual({ bytes: photo, contentType: 'image/jpeg' });
    expect(await fs.readFile(path.join(dir, '110000', 'case_01', 'photo-1.jpg'))).toEqual(photo);
    // No temporary file is left behind; the type sits in a hidden sidecar.
    expect((await fs.readdir(path.join(dir, '110000', 'case_01'))).sort()).toEqual(['.photo-1.jpg.type', 'photo-1.jpg']);
    expect(store.kind).toBe('disk');
  });

  it('replaces a blob put again under the same key', async () => {
    await store.put('notes/a.txt', Buffer.from('first'), 'text/plain');
    const again = await store.put('notes/a.txt', Buffer.from('第二版'), 'text/plain; charset=utf-8');
    expect(await store.get(again.url)).toEqual({ bytes: Buffer.from('第二版'), contentType: 'text/plain; charset=utf-8' });
  });

  it('derives the content type from the name when the sidecar is gone', async () => {
    const { url } = await store.put('x/scan.pdf', Buffer.from('%PDF-1.7'), 'application/pdf');
    await fs.rm(path.join(dir, 'x', '.scan.pdf.type'));
    expect((await store.get(url)).contentType).toBe('application/pdf');
    const other = await store.put('x/blob', Buffer.from('?'), 'application/x-thing');
    await fs.rm(path.join(dir, 'x', '.blob.type'));
    expect((await store.get(other.url)).contentType).toBe('application/octet-stream');
  });

  it('rejects keys that could leave its folder or hide among its own files', async () => {
    for (const key of badKeys) {
      const err = await appError(store.put(key, photo, 'image/jpeg'));
      expect([key, err.kind, err.field]).toEqual([key, 'invalid', 'key']);
    }
    expect((await appError(store.get('blob:disk/../secrets.json'))).kind).toBe('invalid');
    expect((await appError(store.get('s3://bucket/a.jpg'))).field).toBe('url');
    expect((await appError(store.put('a.jpg', photo, 'not a type'))).field).toBe('contentType');
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('answers not_found for a blob it does not hold, and deletes idempotently', async () => {
    const missing = await appError(store.get('blob:disk/110000/nothing.jpg'));
    expect([missing.kind, missing.message]).toEqual(['not_found', 'no blob at blob:disk/110000/nothing.jpg']);
    const { url } = await store.put('110000/gone.jpg', photo, 'image/jpeg');
    await store.delete(url);
    expect((await appError(store.get(url))).kind).toBe('not_found');
    await store.delete(url);
    expect(await fs.readdir(path.join(dir, '110000'))).toEqual([]);
    // A folder of blobs is not a blob.
    await store.put('folder/inner.jpg', photo, 'image/jpeg');
    expect((await appError(store.get('blob:disk/folder'))).kind).toBe('not_found');
    expect((await appError(store.put('folder', photo, 'image/jpeg'))).kind).toBe('conflict');
    expect((await appError(store.put('folder/inner.jpg/deeper', photo, 'image/jpeg'))).kind).toBe('conflict');
  });
});

describe('s3BlobStore', () => {
  const credentials = { accessKeyId: 'AKIDCITYWORKTEST', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
  const region = 'cn-north-1';
  const objects = new Map<string, { bytes: Buffer; contentType: string }>();
  const log: { method: string; path: string; verified: boolean }[] = [];
  let server: http.Server;
  let endpoint: string;

  const xmlError = (res: http.ServerResponse, status: number, code: string) =>
    res.writeHead(status, { 'content-type': 'application/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`);

  // A fake S3: re-signs each request with aws4 from the headers it names as signed, and answers as S3 would.
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const auth = req.headers.authorization ?? '';
        const signedNames = /SignedHeaders=([^,]+)/.exec(auth)?.[1]?.split(';') ?? [];
        const headers = Object.fromEntries(signedNames.map((name) => [name, String(req.headers[name] ?? '')]));
        const resigned = aws4.sign({ host: req.headers.host, path: req.url, method: req.method, service: 's3', region, headers, body: body.length ? body : undefined }, credentials);
        const verified =
          auth !== '' &&
          resigned.headers!.Authorization === auth &&
          signedNames.includes('host') &&
          signedNames.includes('x-amz-content-sha256') &&
          req.headers['x-amz-content-sha256'] === sha256(body);
        log.push({ method: req.method!, path: req.url!, verified });
        if (!verified) return xmlError(res, 403, 'SignatureDoesNotMatch');
        const [, bucket, ...rest] = decodeURIComponent(req.url!).split('/');
        if (bucket !== 'citywork-test') return xmlError(res, 404, 'NoSuchBucket');
        const key = rest.join('/');
        if (req.method === 'PUT') {
          objects.set(key, { bytes: body, contentType: req.headers['content-type'] ?? 'binary/octet-stream' });
          return res.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"` }).end();
        }
        const object = objects.get(key);
        if (req.method === 'GET') return object ? res.writeHead(200, { 'content-type': object.contentType }).end(object.bytes) : xmlError(res, 404, 'NoSuchKey');
        if (req.method === 'DELETE') return objects.delete(key), res.writeHead(204).end();
        xmlError(res, 405, 'MethodNotAllowed');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    objects.clear();
    log.splice(0);
  });

  const s3 = (overrides: Partial<Parameters<typeof s3BlobStore>[0]> = {}) => s3BlobStore({ endpoint, bucket: 'citywork-test', region, ...credentials, ...overrides });

  it('puts, gets and deletes objects path-style with SigV4-signed requests', async () => {
    const store = s3();
    const stored = await store.put('110000/case_01/photo-1.jpg', photo, 'image/jpeg');
    expect(stored).toEqual({ url: 's3://citywork-test/110000/case_01/photo-1.jpg', size: photo.length, sha256: sha256(photo), contentType: 'image/jpeg' });
    expect(objects.get('110000/case_01/photo-1.jpg')).toEqual({ bytes: photo, contentType: 'image/jpeg' });
    expect(await store.get(stored.url)).toEqual({ bytes: photo, contentType: 'image/jpeg' });
    await store.delete(stored.url);
    expect(objects.size).toBe(0);
    expect(log).toEqual([
      { method: 'PUT', path: '/citywork-test/110000/case_01/photo-1.jpg', verified: true },
      { method: 'GET', path: '/citywork-test/110000/case_01/photo-1.jpg', verified: true },
      { method: 'DELETE', path: '/citywork-test/110000/case_01/photo-1.jpg', verified: true },
    ]);
    expect(store.kind).toBe('s3');
  });

  it('answers not_found for a missing object and deletes idempotently', async () => {
    const store = s3();
    const err = await appError(store.get('s3://citywork-test/110000/none.jpg'));
    expect([err.kind, err.message]).toEqual(['not_found', 'no blob at s3://citywork-test/110000/none.jpg']);
    await store.delete('s3://citywork-test/110000/none.jpg');
    expect(log.every((l) => l.verified)).toBe(true);
  });

  it('fails with the S3 error code when the signature does not match', async () => {
    const err = await appError(s3({ secretAccessKey: 'not-the-secret' }).put('a.jpg', photo, 'image/jpeg'));
    expect([err.kind, err.message]).toEqual(['unavailable', 'S3 PUT a.jpg answered 403 SignatureDoesNotMatch']);
    expect(objects.size).toBe(0);
    expect((await appError(s3({ bucket: 'elsewhere' }).put('a.jpg', photo, 'image/jpeg'))).message).toBe('S3 PUT a.jpg answered 404 NoSuchBucket');
  });

  it('checks keys and URLs before any request', async () => {
    const store = s3();
    for (const key of badKeys) expect((await appError(store.put(key, photo, 'image/jpeg'))).field).toBe('key');
    expect((await appError(store.get('s3://other-bucket/a.jpg'))).field).toBe('url');
    expect((await appError(store.get('s3://citywork-test/../a.jpg'))).field).toBe('key');
    expect((await appError(store.get('blob:disk/a.jpg'))).field).toBe('url');
    expect(log).toEqual([]);
  });

  it('is unavailable when the endpoint cannot be reached', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const err = await appError(s3({ endpoint: `http://127.0.0.1:${port}` }).get('s3://citywork-test/a.jpg'));
    expect([err.kind, err.message]).toEqual(['unavailable', 'S3 GET a.jpg failed: ECONNREFUSED']);
  });
});

describe('blobStoreFromConfig', () => {
  const s3Env = { CITYWORK_S3_ENDPOINT: 'http://minio:9000', CITYWORK_S3_BUCKET: 'citywork', CITYWORK_S3_ACCESS_KEY: 'ak', CITYWORK_S3_SECRET_KEY: 'sk' };

  it('keeps blobs on disk under <dataDir>/blobs unless S3 is configured', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-data-'));
    try {
      const store = blobStoreFromConfig(loadConfig({ env: { CITYWORK_DATA_DIR: dataDir } }));
      expect(store.kind).toBe('disk');
      await store.put('k/a.txt', Buffer.from('x'), 'text/plain');
      expect(await fs.readFile(path.join(dataDir, 'blobs', 'k', 'a.txt'), 'utf8')).toBe('x');
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
    expect(blobStoreFromConfig(loadConfig({ env: s3Env })).kind).toBe('s3');
    expect(loadConfig({ env: s3Env }).s3Region).toBe('us-east-1');
  });

  it('names what is missing from a partial S3 configuration', () => {
    const { CITYWORK_S3_BUCKET: _bucket, ...noBucket } = s3Env;
    expect(() => blobStoreFromConfig(loadConfig({ env: noBucket }))).toThrow(/^CITYWORK_S3_BUCKET must be set/);
    try {
      blobStoreFromConfig(loadConfig({ env: { CITYWORK_S3_ENDPOINT: 'http://minio:9000' } }));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).field).toBe('CITYWORK_S3_BUCKET');
      expect((err as AppError).message).toContain('CITYWORK_S3_BUCKET, CITYWORK_S3_ACCESS_KEY, CITYWORK_S3_SECRET_KEY must be set with CITYWORK_S3_ENDPOINT');
    }
    expect(() => loadConfig({ env: { CITYWORK_S3_BUCKET: 'Bad_Bucket' } })).toThrow(/^CITYWORK_S3_BUCKET: must be an S3 bucket name/);
  });
});
