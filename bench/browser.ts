/** Browser feel: placeholder until the scenario lands. */
export interface BrowserParams {
  keystrokes: number;
  intervalMs: number;
  runs: number;
}

export async function browserFeel(_params: BrowserParams): Promise<string> {
  return '### Browser feel\n\nnot built yet';
}
