/**
 * A one-line progress bar on a TTY (redrawn in place), or one plain line per step elsewhere
 * (CI logs, pipes), so that logs stay readable.
 */
export function createProgressBar(total: number, stream: NodeJS.WriteStream = process.stderr) {
  const width = 24;
  let done = 0;
  const tty = Boolean(stream.isTTY);
  return {
    tick(label: string, outcome: string) {
      done++;
      if (!tty) {
        stream.write(`[${done}/${total}] ${label}: ${outcome}\n`);
        return;
      }
      const filled = Math.round((done / total) * width);
      stream.write(
        `\r\x1b[2K[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${label}: ${outcome}`,
      );
      if (done === total) stream.write('\n');
    },
  };
}
