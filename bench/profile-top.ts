/**
 * `npx tsx bench/profile-top.ts FILE.cpuprofile [N]`: the N functions with the
 * most self time in a V8 CPU profile (BENCH_CPU_PROF=dir npm run bench …),
 * and the share of each file/package, for bench/RESULTS.md.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, count = '25'] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-top.ts FILE.cpuprofile [N]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => {
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
const frames = new Map<string, number>();
const places = new Map<string, number>();
for (const [id, micros] of self) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const short = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/');
  const key = `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
  frames.set(key, (frames.get(key) ?? 0) + micros);
  const place =
    url === ''
      ? functionName
      : (short
          .split('/')
          .slice(0, short.startsWith('@') ? 2 : 1)
          .join('/') ?? short);
  places.set(place, (places.get(place) ?? 0) + micros);
}
const top = (map: Map<string, number>, n: number) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([key, micros]) => `| ${((100 * micros) / total).toFixed(1)} % | ${key} |`)
    .join('\n');
process.stdout.write(
  `total sampled ${(total / 1e6).toFixed(2)} s\n\n| self | frame |\n| --- | --- |\n${top(frames, Number(count))}\n\n| self | where |\n| --- | --- |\n${top(places, 12)}\n`,
);
