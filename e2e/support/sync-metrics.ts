/** Reads one unlabelled gauge or counter from the sync server's Prometheus `/metrics`. */
export async function readSyncMetric(syncHttpURL: string, name: string): Promise<number> {
  const response = await fetch(`${syncHttpURL}/metrics`);
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  const text = await response.text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `));
  if (line === undefined) throw new Error(`${name} is not among the sync server's metrics`);
  return Number(line.slice(name.length + 1));
}
