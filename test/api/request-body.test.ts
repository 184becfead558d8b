import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as createRoute } from '@/app/api/docs/route';
import { POST as unlockRoute } from '@/app/api/unlock/route';
import { MAX_BODY_BYTES } from '@/lib/request-body';
import { BASE, type ErrorBody, useTempDataDir } from './helpers';

let dataDir: ReturnType<typeof useTempDataDir>;
beforeAll(() => {
  dataDir = useTempDataDir();
});
afterAll(() => {
  delete process.env.TANDEM_ACCESS_KEY;
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
    headers: { 'content-type': contentType },
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
      headers: { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024) },
      body: body.stream,
      duplex: 'half',
    } as RequestInit);
    const response = await createRoute(request);
    expect(response.status).toBe(413);
    expect(body.pulledBytes()).toBeLessThan(MAX_BODY_BYTES);
  });

  it('treats an endless unlock form as a wrong key instead of buffering it', async () => {
    process.env.TANDEM_ACCESS_KEY = 'the key';
    const body = endlessBody();
    const response = await unlockRoute(streamingPost('/api/unlock', body.stream, 'application/x-www-form-urlencoded'));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/unlock?error=1&next=%2F');
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(body.cancelled()).toBe(true);
  });
});
