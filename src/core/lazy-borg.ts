import type { BorgClient } from '../borg/types.js';

type Load = () => Promise<BorgClient>;

/**
 * A BorgClient that imports and builds the real one on its first call. Verbs that never run
 * borg (`repo list`, `status`, `exclusions …`) then skip loading the client, execa and the
 * borg JSON schemas, which cost a third of the start-up budget (docs/performance.md).
 */
export function lazyBorgClient(load: Load): BorgClient {
  const call =
    <K extends keyof BorgClient>(k: K) =>
    async (...args: Parameters<BorgClient[K]>): Promise<Awaited<ReturnType<BorgClient[K]>>> => {
      const client = await load();
      return (client[k] as (...a: typeof args) => Promise<Awaited<ReturnType<BorgClient[K]>>>)(
        ...args,
      );
    };
  return {
    version: call('version'),
    init: call('init'),
    create: call('create'),
    prune: call('prune'),
    compact: call('compact'),
    check: call('check'),
    listArchives: call('listArchives'),
    async *listContents(...args) {
      yield* (await load()).listContents(...args);
    },
    repoInfo: call('repoInfo'),
    archiveInfo: call('archiveInfo'),
    async *diff(...args) {
      yield* (await load()).diff(...args);
    },
    extract: call('extract'),
    async *extractFile(...args) {
      yield* (await load()).extractFile(...args);
    },
    deleteArchive: call('deleteArchive'),
    deleteRepo: call('deleteRepo'),
    recreate: call('recreate'),
    exportKey: call('exportKey'),
    getConfig: call('getConfig'),
    setConfig: call('setConfig'),
    breakLock: call('breakLock'),
    acquireLock: call('acquireLock'),
  };
}
