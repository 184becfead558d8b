/**
 * The runtime contract of issue "a supported Node.js LTS, compiled for
 * production": what production runs is plain JavaScript on a supported Node.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  engines: { node: string };
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

describe('runtime', () => {
  it('requires Node 22.12 or newer, and runs the tests on one', () => {
    expect(pkg.engines.node).toBe('>=22.12');
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    expect(major > 22 || (major === 22 && minor >= 12), process.version).toBe(true);
  });

  it.each(['start', 'sync', 'token'])('`npm run %s` runs compiled JavaScript from dist/, without a loader', (name) => {
    const script = pkg.scripts[name] ?? '';
    expect(script).toMatch(/node dist\/\S+\.js/);
    expect(script).not.toMatch(/tsx|--import|--loader|\.ts\b/);
  });

  it('keeps tsx out of the production dependencies', () => {
    expect(pkg.dependencies.tsx).toBeUndefined();
    expect(pkg.devDependencies.tsx).toBeDefined();
  });

  it('the launcher starts the compiled sync server', () => {
    const launcher = readFileSync('dist/scripts/start.js', 'utf8');
    expect(launcher).toMatch(/\(root, "dist", "server", "main\.js"\)/);
    expect(launcher).not.toMatch(/['"]tsx['"]/);
  });
});
