/** The last bytes a worker wrote (stdout, stderr, its log messages): what a crash report shows. */
export class OutputTail {
  private text = '';

  constructor(private readonly maxChars = 64 * 1024) {}

  append(chunk: string): void {
    this.text += chunk;
    if (this.text.length > this.maxChars * 2) this.text = this.text.slice(-this.maxChars);
  }

  /** The last `lines` lines, without a trailing newline. */
  lines(lines = 60): string {
    const all = this.text.slice(-this.maxChars).split('\n');
    if (all[all.length - 1] === '') all.pop();
    return all.slice(-lines).join('\n');
  }
}
