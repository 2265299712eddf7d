import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import aws4 from 'aws4';
import type { Config } from './config.js';
import { AppError } from './errors.js';

/** A stored blob: the URL that names it, and what it holds. */
export interface StoredBlob {
  url: string;
  size: number;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
  contentType: string;
}

/** Where case attachments live: a folder on disk, or an S3-compatible bucket. */
export interface BlobStore {
  kind: 'disk' | 's3';
  /** Stores `bytes` under `key` (letters, digits, `._-`, `/` between segments), replacing what was there. */
  put(key: string, bytes: Buffer, contentType: string): Promise<StoredBlob>;
  /** The bytes of a blob this store holds; `not_found` when there are none. */
  get(url: string): Promise<{ bytes: Buffer; contentType: string }>;
  /** Removes a blob; removing one that is not there is no error. */
  delete(url: string): Promise<void>;
}

const diskPrefix = 'blob:disk/';

/**
 * Blobs as files under `dir`, named `blob:disk/<key>`. A put writes a temporary file, syncs
 * it and renames it into place, so a crash leaves the old blob or the new one, never half.
 * The content type is kept beside the file in a hidden `.<name>.type`.
 */
export function diskBlobStore(dir: string): BlobStore {
  const root = path.resolve(dir);
  const fileOf = (key: string) => path.join(root, ...checkKey(key).split('/'));
  const typeFileOf = (file: string) => path.join(path.dirname(file), `.${path.basename(file)}.type`);
  const keyOf = (url: string) => {
    if (!url.startsWith(diskPrefix)) throw new AppError('invalid', `not a disk blob URL: ${url}`, { field: 'url' });
    return url.slice(diskPrefix.length);
  };
  return {
    kind: 'disk',
    async put(key, bytes, contentType) {
      checkContentType(contentType);
      const file = fileOf(key);
      if ((await fs.stat(file).catch(() => null))?.isDirectory()) throw folderConflict(key);
      await fs.mkdir(path.dirname(file), { recursive: true }).catch((err: NodeJS.ErrnoException) => {
        throw ['EEXIST', 'ENOTDIR'].includes(err.code ?? '') ? folderConflict(key) : err;
      });
      await writeAtomically(typeFileOf(file), Buffer.from(contentType));
      await writeAtomically(file, bytes);
      await syncDir(path.dirname(file));
      return { url: diskPrefix + key, size: bytes.length, sha256: sha256(bytes), contentType };
    },
    async get(url) {
      const file = fileOf(keyOf(url));
      let bytes: Buffer;
      try {
        bytes = await fs.readFile(file);
      } catch (err) {
        if (['ENOENT', 'EISDIR', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '')) throw new AppError('not_found', `no blob at ${url}`);
        throw err;
      }
      const stored = await fs.readFile(typeFileOf(file), 'utf8').catch(() => '');
      return { bytes, contentType: stored.trim() || contentTypeOf(file) };
    },
    async delete(url) {
      const file = fileOf(keyOf(url));
      await fs.rm(file, { force: true });
      await fs.rm(typeFileOf(file), { force: true });
    },
  };
}

export interface S3Options {
  /** `https://s3.cn-north-1.amazonaws.com.cn`, `http://minio:9000`: objects are addressed path-style under it. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Blobs in an S3-compatible bucket, named `s3://<bucket>/<key>`: signed (SigV4) PUT, GET and DELETE. */
export function s3BlobStore({ endpoint, bucket, region, accessKeyId, secretAccessKey, fetch: fetchFn = fetch, timeoutMs = 30_000 }: S3Options): BlobStore {
  const base = new URL(endpoint);
  const prefix = `s3://${bucket}/`;
  const keyOf = (url: string) => {
    if (!url.startsWith(prefix)) throw new AppError('invalid', `not a blob of bucket ${bucket}: ${url}`, { field: 'url' });
    return checkKey(url.slice(prefix.length));
  };

  async function request(method: 'PUT' | 'GET' | 'DELETE', key: string, body?: Buffer, contentType?: string): Promise<Response> {
    const objectPath = `${base.pathname.replace(/\/$/, '')}/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
    const headers: Record<string, string> = { 'x-amz-content-sha256': sha256(body ?? Buffer.alloc(0)) };
    if (contentType) headers['content-type'] = contentType;
    const signed = aws4.sign({ host: base.host, path: objectPath, method, service: 's3', region, headers, body }, { accessKeyId, secretAccessKey });
    // fetch sets Host and Content-Length itself, to the same values that were signed.
    const sent = Object.fromEntries(Object.entries(signed.headers ?? {}).filter(([name]) => !/^(host|content-length)$/i.test(name)).map(([k, v]) => [k, String(v)]));
    try {
      return await fetchFn(new URL(objectPath, base), { method, headers: sent, body, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      const reason = err instanceof Error && err.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : describe(err);
      throw new AppError('unavailable', `S3 ${method} ${key} failed: ${reason}`, { cause: err });
    }
  }

  async function failure(res: Response, method: string, key: string): Promise<AppError> {
    const text = await res.text().catch(() => '');
    const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? res.statusText;
    return new AppError('unavailable', `S3 ${method} ${key} answered ${res.status}${code ? ` ${code}` : ''}`);
  }

  return {
    kind: 's3',
    async put(key, bytes, contentType) {
      checkKey(key);
      checkContentType(contentType);
      const res = await request('PUT', key, bytes, contentType);
      if (!res.ok) throw await failure(res, 'PUT', key);
      await res.arrayBuffer();
      return { url: prefix + key, size: bytes.length, sha256: sha256(bytes), contentType };
    },
    async get(url) {
      const key = keyOf(url);
      const res = await request('GET', key);
      if (res.status === 404) {
        await res.arrayBuffer();
        throw new AppError('not_found', `no blob at ${url}`);
      }
      if (!res.ok) throw await failure(res, 'GET', key);
      return { bytes: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type') ?? 'application/octet-stream' };
    },
    async delete(url) {
      const key = keyOf(url);
      const res = await request('DELETE', key);
      if (!res.ok && res.status !== 404) throw await failure(res, 'DELETE', key);
      await res.arrayBuffer();
    },
  };
}

/** The store the settings ask for: S3 when CITYWORK_S3_* are set, else `<dataDir>/blobs` on disk. */
export function blobStoreFromConfig(config: Config): BlobStore {
  const s3 = { CITYWORK_S3_ENDPOINT: config.s3Endpoint, CITYWORK_S3_BUCKET: config.s3Bucket, CITYWORK_S3_ACCESS_KEY: config.s3AccessKey, CITYWORK_S3_SECRET_KEY: config.s3SecretKey };
  const given = Object.entries(s3).filter(([, v]) => v);
  if (!given.length) return diskBlobStore(path.join(config.dataDir, 'blobs'));
  const missing = Object.entries(s3).filter(([, v]) => !v);
  if (missing.length) {
    const names = missing.map(([k]) => k);
    throw new AppError('invalid', `${names.join(', ')} must be set with ${given.map(([k]) => k).join(', ')}: S3 storage needs all four`, { field: names[0] });
  }
  return s3BlobStore({ endpoint: config.s3Endpoint!, bucket: config.s3Bucket!, region: config.s3Region, accessKeyId: config.s3AccessKey!, secretAccessKey: config.s3SecretKey! });
}

// Plain segments only: no absolute paths, no `..`, no hidden files (the store's own are hidden).
function checkKey(key: string): string {
  const ok =
    key.length > 0 &&
    key.length <= 512 &&
    /^[A-Za-z0-9._/-]+$/.test(key) &&
    key.split('/').every((segment) => segment.length > 0 && !segment.startsWith('.'));
  if (!ok) throw new AppError('invalid', `bad blob key ${JSON.stringify(key)}: use letters, digits, . _ - and / between segments, no segment starting with a dot`, { field: 'key' });
  return key;
}

function checkContentType(contentType: string): void {
  if (!/^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=("[^"\r\n]*"|[\w.+-]+))*$/.test(contentType) || contentType.length > 200) {
    throw new AppError('invalid', `bad content type ${JSON.stringify(contentType)}`, { field: 'contentType' });
  }
}

async function writeAtomically(file: string, bytes: Buffer): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(temp, 'wx', 0o640);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
}

function folderConflict(key: string): AppError {
  return new AppError('conflict', `blob key ${key} would make a blob and a folder of blobs share a name`, { field: 'key' });
}

// A rename is durable once its directory is synced; some platforms cannot sync a directory.
async function syncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r').catch(() => null);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
  } finally {
    await handle.close();
  }
}

const typesByExtension: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.amr': 'audio/amr',
  '.mp4': 'video/mp4',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

function contentTypeOf(file: string): string {
  return typesByExtension[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function describe(err: unknown): string {
  const cause = err instanceof Error ? (err.cause as NodeJS.ErrnoException | undefined) : undefined;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}
