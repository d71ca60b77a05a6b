/** Where shell completion gets repository names from (production: the store, see index.ts). */
export interface RepoNameSource {
  listRepoNames(): Promise<string[]>;
}
