/**
 * One progress line per unit of work (`ingest x.csv → 20,384 rows, 3 issues, 0.4 s`). On a terminal
 * the line updates in place while rows are read; otherwise only the final line is printed.
 */
export class Progress {
  private live = false;
  private lastDraw = 0;

  constructor(private readonly quiet = false, private readonly stream: NodeJS.WriteStream = process.stderr) {}

  update(text: string): void {
    if (this.quiet || !this.stream.isTTY) return;
    const now = Date.now();
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.stream.write(`\r\x1b[2K${text}`);
    this.live = true;
  }

  done(text: string): void {
    if (this.quiet) return;
    this.stream.write(`${this.live ? '\r\x1b[2K' : ''}${text}\n`);
    this.live = false;
  }
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
