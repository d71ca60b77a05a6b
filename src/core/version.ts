declare const __BORGBOI_VERSION__: string | undefined;

/** Injected by the esbuild bundle; tests running from source read 'dev'. */
export const BORGBOI_VERSION: string =
  typeof __BORGBOI_VERSION__ === 'string' ? __BORGBOI_VERSION__ : '0.0.0-dev';
