export * from './archive.js';
export * from './borg-info.js';
export * from './options.js';
export * from './repository.js';
export * from './retention.js';
export * from './run-record.js';
