/**
 * Hocuspocus 4 with its defaults (in memory, no extensions), as a benchmark
 * comparison. Plain JavaScript so no loader inflates its RSS. Port from
 * BENCH_PORT.
 */
import { Server } from '@hocuspocus/server';

const server = new Server({ port: Number(process.env.BENCH_PORT), address: '127.0.0.1', quiet: true });
await server.listen();
