import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import { type AwarenessLimits, AwarenessRelay } from '../../server/awareness-relay';
import { ProtocolError, readAwarenessEntries } from '../../server/protocol';
import { awarenessFrame } from './frames';

const limits: AwarenessLimits = {
  maxStateBytes: 1024,
  maxEntriesPerFrame: 16,
  maxClientsPerConnection: 2,
  maxRoomBytes: 4096,
};
const payload = (frame: Uint8Array) => {
  const decoder = decoding.createDecoder(frame);
  decoding.readVarUint(decoder);
  return decoding.readVarUint8Array(decoder);
};
const entries = (message: Uint8Array | null) =>
  message === null
    ? []
    : readAwarenessEntries(payload(message), 1000)!.map((e) => ({ ...e, state: new TextDecoder().decode(e.state) }));
const always = () => true;

describe('AwarenessRelay', () => {
  it('keeps only the last entry per client id and relays the sender’s bytes', () => {
    const relay = new AwarenessRelay(limits);
    const owner = { principal: 'a' };
    const frame = awarenessFrame([
      { clientId: 1, clock: 1, json: '{"v":1}' },
      { clientId: 1, clock: 2, json: '{"v":2}' },
      { clientId: 1, clock: 3, json: '{ "v" : 3 }' },
    ]);
    const { message } = relay.apply(owner, payload(frame), always);
    expect(entries(message)).toEqual([{ clientId: 1, clock: 3, state: '{ "v" : 3 }' }]);
    expect(entries(relay.snapshot())).toEqual([{ clientId: 1, clock: 3, state: '{ "v" : 3 }' }]);
  });

  it('follows y-protocols’ clock rules: older clocks ignored, equal clock may only remove', () => {
    const relay = new AwarenessRelay(limits);
    const owner = { principal: 'a' };
    relay.apply(owner, payload(awarenessFrame([{ clientId: 1, clock: 5, json: '{}' }])), always);
    expect(
      relay.apply(owner, payload(awarenessFrame([{ clientId: 1, clock: 4, json: '{"x":1}' }])), always).message,
    ).toBeNull();
    expect(
      relay.apply(owner, payload(awarenessFrame([{ clientId: 1, clock: 5, json: '{"x":1}' }])), always).message,
    ).toBeNull();
    const removal = relay.apply(owner, payload(awarenessFrame([{ clientId: 1, clock: 5, json: 'null' }])), always);
    expect(entries(removal.message)).toEqual([{ clientId: 1, clock: 5, state: 'null' }]);
    expect(relay.snapshot()).toBeNull();
  });

  it('refuses states that are not JSON objects, bounds ids per connection, state size and the room', () => {
    const relay = new AwarenessRelay(limits);
    const owner = { principal: 'a' };
    expect(() => relay.apply(owner, payload(awarenessFrame([{ clientId: 1, clock: 1, json: '[1]' }])), always)).toThrow(
      ProtocolError,
    );
    expect(() => relay.apply(owner, payload(awarenessFrame([{ clientId: 1, clock: 1, json: '{' }])), always)).toThrow(
      ProtocolError,
    );
    const many = relay.apply(
      owner,
      payload(awarenessFrame([1, 2, 3].map((clientId) => ({ clientId, clock: 1, json: '{}' })))),
      always,
    );
    expect(entries(many.message).map((e) => e.clientId)).toEqual([1, 2]);
    expect(many.dropped).toEqual(['too_many_clients']);
    const big = relay.apply(
      { principal: 'b' },
      payload(awarenessFrame([{ clientId: 9, clock: 1, json: `{"p":"${'x'.repeat(2000)}"}` }])),
      always,
    );
    expect(big).toEqual({ message: null, dropped: ['state_too_large'], claimed: false });
    const fill = (principal: string, clientId: number) =>
      relay.apply(
        { principal },
        payload(awarenessFrame([{ clientId, clock: 1, json: `{"p":"${'x'.repeat(1000)}"}` }])),
        always,
      );
    expect(fill('c', 10).message).not.toBeNull();
    expect(fill('d', 11).message).not.toBeNull();
    expect(fill('e', 12).message).not.toBeNull();
    expect(fill('f', 13).message).not.toBeNull();
    expect(fill('g', 14).dropped).toEqual(['room_full']);
    expect(
      relay.apply(
        { principal: 'h' },
        payload(awarenessFrame(Array.from({ length: 17 }, (_, i) => ({ clientId: 100 + i, clock: 1, json: '{}' })))),
        always,
      ),
    ).toEqual({ message: null, dropped: ['too_many_entries'], claimed: false });
  });

  it('changes nothing when the sender cannot afford the relay', () => {
    const relay = new AwarenessRelay(limits);
    const owner = { principal: 'a' };
    expect(relay.apply(owner, payload(awarenessFrame([{ clientId: 1, clock: 1, json: '{}' }])), () => false)).toEqual({
      message: null,
      dropped: ['budget'],
      claimed: false,
    });
    expect(relay.snapshot()).toBeNull();
    expect(relay.idsOf(owner).size).toBe(0);
  });

  it('removes a closed connection’s states and sweeps states not renewed for 30 s', () => {
    let now = 0;
    const relay = new AwarenessRelay(limits, () => now);
    const a = { principal: 'a' };
    const b = { principal: 'b' };
    relay.apply(a, payload(awarenessFrame([{ clientId: 1, clock: 1, json: '{}' }])), always);
    relay.apply(b, payload(awarenessFrame([{ clientId: 2, clock: 1, json: '{}' }])), always);
    expect(entries(relay.release(a))).toEqual([{ clientId: 1, clock: 1, state: 'null' }]);
    now = 30_000;
    expect(entries(relay.sweep())).toEqual([{ clientId: 2, clock: 1, state: 'null' }]);
    expect(relay.snapshot()).toBeNull();
  });
});
