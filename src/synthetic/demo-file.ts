/** One synthetic file of the demo: its name (always with `synthetic`), what it holds, and how to write it. */
export interface DemoFile {
  name: string;
  description: string;
  write(path: string): Promise<void>;
}
