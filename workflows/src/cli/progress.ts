/**
 * A one-line progress bar on a terminal, plain lines elsewhere (CI logs, pipes). Writes to stderr so the
 * command's real output stays clean.
 */
export function progressBar(label: string, total: number, out: NodeJS.WriteStream = process.stderr) {
  const width = 28;
  const started = performance.now();
  let done = 0;
  const draw = (note: string) => {
    const filled = total > 0 ? Math.round((done / total) * width) : width;
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const line = `${label} ${bar} ${done}/${total} ${seconds}s ${note}`;
    if (out.isTTY) out.write(`\r\x1b[2K${line.slice(0, (out.columns ?? 120) - 1)}`);
    else out.write(`${line}\n`);
  };
  return {
    tick(note = '') {
      done = Math.min(total, done + 1);
      draw(note);
    },
    finish(note = 'done') {
      done = total;
      draw(note);
      if (out.isTTY) out.write('\n');
    },
  };
}
