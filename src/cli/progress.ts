import { BroadcastChannel } from 'node:worker_threads';

import { PROGRESS_CHANNEL, setProgressListener } from './internal-plugin.js';

export interface Progress {
  stop(): void;
}

/**
 * A one-line progress display on a TTY stderr: files linted out of the total, and time elapsed.
 * Files answered from the cache are not counted, so a cached run may finish early.
 */
export function startProgress(total: number, stream: NodeJS.WriteStream): Progress {
  const started = Date.now();
  let done = 0;
  let last = 0;
  const channel = new BroadcastChannel(PROGRESS_CHANNEL);
  const render = (): void => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    stream.write(`\r\u001B[2Kscalability-lint: ${String(Math.min(done, total))}/${String(total)} files, ${seconds}s`);
  };
  const tick = (): void => {
    done++;
    const now = Date.now();
    if (now - last >= 100 || done === total) {
      last = now;
      render();
    }
  };
  channel.onmessage = tick;
  setProgressListener(tick);
  render();
  const timer = setInterval(render, 1000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      setProgressListener(undefined);
      channel.close();
      stream.write('\r\u001B[2K');
    },
  };
}
