import { createDeps } from '../core/deps.js';
import { offlineOverride } from '../cli/global-options.js';
import { warn } from '../cli/output.js';
import { runCli } from '../cli/run-cli.js';

// The SDK's Node 20 end-of-support notice is for developers, not for a backup's stderr.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// `borgboi repo list | head -1`: the reader went away. Stop writing quietly (no stack trace);
// the command itself runs to its end, so a backup is never cut short by a closed pipe.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
  });
}

const controller = new AbortController();
let interrupts = 0;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    interrupts += 1;
    // A third interrupt means the user insists: leave now (the child borg got ours already).
    if (interrupts >= 3) process.exit(signal === 'SIGTERM' ? 143 : 130);
    controller.abort(signal);
  });
}

void runCli(process.argv.slice(2), {
  io: {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin.isTTY ? process.stdin : null,
    isStdinTTY: Boolean(process.stdin.isTTY),
    isStdoutTTY: Boolean(process.stdout.isTTY),
    isStderrTTY: Boolean(process.stderr.isTTY),
    columns: process.stderr.columns || process.stdout.columns || 100,
  },
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
  makeDeps: (globals, rt) =>
    createDeps({
      env: process.env,
      cwd: process.cwd(),
      signal: controller.signal,
      configFile: globals.config,
      offlineFlag: offlineOverride(globals),
      onNotice: (message) => warn(rt, message),
    }),
}).then((code) => {
  process.exitCode = code;
});
