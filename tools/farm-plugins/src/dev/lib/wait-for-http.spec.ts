import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pollHttp, waitForHttp } from './wait-for-http';

describe('pollHttp', () => {
  let server: Server;
  let url: string;
  let hits = 0;
  beforeAll(async () => {
    // Answers 503 twice (a server still starting), then 200.
    server = createServer((_req, res) => {
      hits += 1;
      res.statusCode = hits <= 2 ? 503 : 200;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('waits through refusals until the status is accepted', async () => {
    hits = 0;
    expect(await pollHttp(url, { timeoutMs: 5_000, intervalMs: 10 })).toEqual({ answered: true, last: 'HTTP 200' });
    expect(hits).toBe(3);
  });

  it("takes the caller's idea of ready (e2e: anything below 500)", async () => {
    hits = 0;
    expect(await pollHttp(url, { timeoutMs: 5_000, intervalMs: 10, accept: (s) => s === 503 })).toEqual({
      answered: true,
      last: 'HTTP 503',
    });
    expect(hits).toBe(1);
  });

  it('says what it last saw when the time runs out, and stops as soon as the caller gives up', async () => {
    hits = 0;
    expect(await pollHttp(url, { timeoutMs: 300, intervalMs: 10, accept: () => false })).toMatchObject({
      answered: false,
      last: expect.stringMatching(/^HTTP (503|200)$/),
    });
    const before = hits;
    expect(await waitForHttp(url, 5_000, () => true)).toBe(false);
    expect(hits).toBe(before);
  });

  it('reports a connection error for a port nobody listens on', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await pollHttp(`http://127.0.0.1:${port}/`, { timeoutMs: 200, intervalMs: 20 });
    expect(result.answered).toBe(false);
    expect(result.last).not.toBe('no response');
  });
});
