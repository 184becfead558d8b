import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as createRoute } from '@/app/api/docs/route';
import { MAX_BODY_BYTES } from '@/lib/request-body';
import { BASE, createTestUser, type ErrorBody, type TestUser, useTempDataDir } from './helpers';

let dataDir: ReturnType<typeof useTempDataDir>;
let user: TestUser;
beforeAll(async () => {
  dataDir = useTempDataDir();
  user = await createTestUser();
});
afterAll(() => {
  dataDir.cleanup();
});

/**
 * A body that never ends and declares no length, like a client trickling data
 * with chunked encoding. Counts what the route pulled so a test can tell it stopped.
 */
function endlessBody(): { stream: ReadableStream<Uint8Array>; pulledBytes: () => number; cancelled: () => boolean } {
  const chunk = new TextEncoder().encode(`{"title":"${'x'.repeat(1000)}`);
  let pulled = 0;
  let wasCancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
    cancel() {
      wasCancelled = true;
    },
  });
  return { stream, pulledBytes: () => pulled, cancelled: () => wasCancelled };
}

function streamingPost(path: string, body: ReadableStream<Uint8Array>, contentType: string): Request {
  return new Request(`${BASE}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType, cookie: user.cookie },
    body,
    duplex: 'half',
  } as RequestInit);
}

describe('request bodies are read with a limit', () => {
  it('answers 413 to an endless JSON body after reading little more than the limit', async () => {
    const body = endlessBody();
    const response = await createRoute(streamingPost('/api/docs', body.stream, 'application/json'));
    expect(response.status).toBe(413);
    expect(((await response.json()) as ErrorBody).error.code).toBe('payload_too_large');
    expect(body.cancelled()).toBe(true);
    expect(body.pulledBytes()).toBeLessThan(MAX_BODY_BYTES + 64 * 1024);
  });

  it('refuses a declared oversized body without reading it', async () => {
    const body = endlessBody();
    const request = new Request(`${BASE}/api/docs`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': String(10 * 1024 * 1024),
        cookie: user.cookie,
      },
      body: body.stream,
      duplex: 'half',
    } as RequestInit);
    const response = await createRoute(request);
    expect(response.status).toBe(413);
    expect(body.pulledBytes()).toBeLessThan(MAX_BODY_BYTES);
  });
});
