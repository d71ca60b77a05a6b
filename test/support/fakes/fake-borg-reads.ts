import type * as B from '../../../src/borg/types.js';
import type {
  ArchiveInfo,
  ArchiveInfoResult,
  ArchiveItem,
  ArchiveList,
  DiffEntry,
  RepoInfo,
} from '../../../src/core/models/index.js';
import { FakeBorgBase } from './fake-borg-base.js';
import { diffOf, naiveIso, type FakeArchive, type FakeRepoState } from './fake-borg-model.js';

export const under = (path: string, prefixes: readonly string[] | undefined) =>
  !prefixes?.length || prefixes.some((p) => path === p || path.startsWith(`${p}/`));

/** An in-memory BorgClient over real directories: see FakeBorgBase for the bookkeeping. */
/** The read-only verbs of the fake BorgClient (listings, info, diff, key export). */
export class FakeBorgReads extends FakeBorgBase {
  async listArchives(path: string, ctx: B.BorgCallContext) {
    await this.record('list', path, ctx);
    const state = this.open('list', path, ctx);
    const { encryption, repository } = this.repoInfoOf(state, path);
    const archives = state.archives.map((a) => ({
      name: a.name,
      id: a.id,
      start: a.start,
      time: a.start,
      archive: a.name,
      barchive: a.name,
    }));
    const result: ArchiveList = { archives, encryption, repository };
    return { ...this.info('list'), result };
  }

  async *listContents(
    path: string,
    archive: string,
    opts: B.ListContentsOptions,
    ctx: B.BorgCallContext,
  ): AsyncIterable<ArchiveItem> {
    await this.record('list-contents', path, ctx, { archive, opts });
    const a = this.archive('list-contents', this.open('list-contents', path, ctx), path, archive);
    for (const item of a.items) if (under(item.path, opts.paths)) yield item;
  }

  async repoInfo(path: string, ctx: B.BorgCallContext) {
    await this.record('info', path, ctx);
    const state = this.open('info', path, ctx);
    const result: RepoInfo = {
      ...this.repoInfoOf(state, path),
      security_dir: `/root/.config/borg/security/${state.id}`,
    };
    return { ...this.info('info'), result };
  }

  async archiveInfo(path: string, archive: string, ctx: B.BorgCallContext) {
    await this.record('archive-info', path, ctx, { archive });
    const state = this.open('archive-info', path, ctx);
    const a = this.archive('archive-info', state, path, archive);
    const result: ArchiveInfoResult = {
      archives: [this.archiveInfoOf(a)],
      ...this.repoInfoOf(state, path),
    };
    return { ...this.info('archive-info'), result };
  }

  async *diff(
    path: string,
    a1: string,
    a2: string,
    opts: B.DiffOptions,
    ctx: B.BorgCallContext,
  ): AsyncIterable<DiffEntry> {
    await this.record('diff', path, ctx, { archive: `${a1}..${a2}`, opts });
    const state = this.open('diff', path, ctx);
    const entries = diffOf(
      this.archive('diff', state, path, a1),
      this.archive('diff', state, path, a2),
      opts.contentOnly ?? false,
    );
    for (const e of entries) if (under(e.path, opts.paths)) yield e;
  }

  async *extractFile(
    path: string,
    archive: string,
    file: string,
    ctx: B.BorgCallContext,
  ): AsyncIterable<Uint8Array> {
    await this.record('extract-file', path, ctx, { archive, opts: { file } });
    const a = this.archive('extract-file', this.open('extract-file', path, ctx), path, archive);
    yield a.contents.get(file) ?? new Uint8Array();
  }

  async exportKey(path: string, opts: B.KeyExportOptions, ctx: B.BorgCallContext) {
    await this.record('export-key', path, ctx, { opts });
    const state = this.open('export-key', path, ctx);
    if (state.encryption === 'none')
      throw this.error('export-key', path, 'unknown', 'repository is not encrypted');
    const text =
      opts.format === 'paper'
        ? `To restore key use borg key import --paper /path/to/repo\n\nBORG PAPER KEY v1\nid: ${state.id.slice(0, 24)}\n`
        : `BORG_KEY ${state.id}\nhqlhbGdvcml0aG2mc2hhMjU2pGRhdGHaAN4YVWsXRfoSDYg0eZGztdwQjOCqV0TmcKcsmI\n`;
    return { ...this.info('export-key'), text };
  }

  async getConfig(path: string, key: string, ctx: B.BorgCallContext): Promise<string> {
    await this.record('config-get', path, ctx, { opts: { key } });
    return this.open('config-get', path, ctx).config.get(key) ?? '';
  }

  protected archive(verb: string, state: FakeRepoState, path: string, name: string): FakeArchive {
    const a = state.archives.find((x) => x.name === name);
    if (!a) throw this.error(verb, path, 'archive-missing', `Archive ${name} does not exist`);
    return a;
  }

  protected archiveInfoOf(a: FakeArchive): ArchiveInfo {
    const files = a.items.filter((i) => i.type === '-');
    const size = files.reduce((n, i) => n + i.size, 0);
    const stats = {
      original_size: size,
      compressed_size: size,
      deduplicated_size: size,
      nfiles: files.length,
    };
    return { name: a.name, id: a.id, start: a.start, end: a.start, duration: 0.01, stats };
  }

  protected repoInfoOf(
    state: FakeRepoState,
    path: string,
  ): Pick<RepoInfo, 'cache' | 'encryption' | 'repository'> {
    const size = state.archives.reduce((n, a) => n + this.archiveInfoOf(a).stats.original_size, 0);
    return {
      cache: {
        path: `/root/.cache/borg/${state.id}`,
        stats: {
          total_chunks: 0,
          total_csize: size,
          total_size: size,
          total_unique_chunks: 0,
          unique_csize: size,
          unique_size: size,
        },
      },
      encryption: { mode: state.encryption },
      repository: { id: state.id, last_modified: naiveIso(this.clock.now()), location: path },
    };
  }
}
