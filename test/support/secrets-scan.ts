import { open, readdir } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';

export interface TextHit {
  secretIndex: number;
  /** Byte offset (files) or UTF-16 index (scanText) of the first character. */
  offset: number;
  line: number;
}

export interface FileHit extends TextHit {
  path: string;
  /** `name` when the secret is part of the file name, else `content`. */
  where: 'content' | 'name';
}

const MIN_SECRET_LENGTH = 6;

export function checkSecrets(secrets: readonly string[]): void {
  if (secrets.length === 0) throw new Error('secrets audit: no secrets given');
  for (const s of secrets) {
    if (s.length < MIN_SECRET_LENGTH)
      throw new Error(
        `secrets audit: a secret shorter than ${MIN_SECRET_LENGTH} would match noise`,
      );
  }
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Every occurrence of every secret in text (stdout, stderr, `--json` output, error text). */
export function scanText(text: string, secrets: readonly string[]): TextHit[] {
  checkSecrets(secrets);
  const hits: TextHit[] = [];
  secrets.forEach((secret, secretIndex) => {
    for (let i = text.indexOf(secret); i !== -1; i = text.indexOf(secret, i + 1)) {
      hits.push({ secretIndex, offset: i, line: lineAt(text, i) });
    }
  });
  return hits.sort((a, b) => a.offset - b.offset || a.secretIndex - b.secretIndex);
}

export interface ScanFilesOptions {
  /**
   * Files or directories that legitimately hold a secret (key files), absolute or relative to
   * the scanned dir. They are skipped and listed in `skipped`, so the exclusion stays visible.
   */
  allow?: readonly string[];
  /** Read size (tests use a tiny one to cross chunk boundaries). */
  chunkBytes?: number;
}

export interface ScanFilesResult {
  hits: FileHit[];
  skipped: string[];
  filesScanned: number;
}

async function scanFile(
  path: string,
  needles: readonly Buffer[],
  chunkBytes: number,
  hits: FileHit[],
): Promise<void> {
  const overlap = Math.max(...needles.map((n) => n.length)) - 1;
  const fh = await open(path, 'r');
  try {
    let tail = Buffer.alloc(0);
    let base = 0; // file offset of buf[0]
    let lineBase = 1;
    for (;;) {
      const chunk = Buffer.allocUnsafe(chunkBytes);
      const { bytesRead } = await fh.read(chunk, 0, chunkBytes, null);
      if (bytesRead === 0) break;
      const buf = Buffer.concat([tail, chunk.subarray(0, bytesRead)]);
      needles.forEach((needle, secretIndex) => {
        for (let i = buf.indexOf(needle); i !== -1; i = buf.indexOf(needle, i + 1)) {
          if (i + needle.length <= tail.length) continue; // found in the previous chunk
          const line = lineBase + countNewlines(buf.subarray(0, i));
          hits.push({ path, where: 'content', secretIndex, offset: base + i, line });
        }
      });
      const keep = Math.min(overlap, buf.length);
      lineBase += countNewlines(buf.subarray(0, buf.length - keep));
      base += buf.length - keep;
      tail = Buffer.from(buf.subarray(buf.length - keep));
    }
  } finally {
    await fh.close();
  }
}

function countNewlines(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

/** Recursively scans file contents and names under dirs; symlinks are not followed. */
export async function scanFiles(
  dirs: string | readonly string[],
  secrets: readonly string[],
  opts: ScanFilesOptions = {},
): Promise<ScanFilesResult> {
  checkSecrets(secrets);
  const needles = secrets.map((s) => Buffer.from(s));
  const result: ScanFilesResult = { hits: [], skipped: [], filesScanned: 0 };
  for (const dir of typeof dirs === 'string' ? [dirs] : dirs) {
    const root = resolve(dir);
    const allow = new Set((opts.allow ?? []).map((p) => (isAbsolute(p) ? p : join(root, p))));
    const walk = async (d: string): Promise<void> => {
      for (const e of await readdir(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (allow.has(p)) {
          result.skipped.push(p);
          continue;
        }
        secrets.forEach((s, secretIndex) => {
          if (e.name.includes(s))
            result.hits.push({ path: p, where: 'name', secretIndex, offset: 0, line: 0 });
        });
        if (e.isDirectory()) await walk(p);
        else if (e.isFile()) {
          result.filesScanned++;
          await scanFile(p, needles, opts.chunkBytes ?? 1 << 20, result.hits);
        }
      }
    };
    await walk(root);
  }
  result.hits.sort((a, b) => a.path.localeCompare(b.path) || a.offset - b.offset);
  return result;
}
