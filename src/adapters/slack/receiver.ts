/**
 * The HTTP edge of the Slack adapter: a Bolt receiver that owns the HTTP server and lets
 * a request through to Bolt's own HTTPReceiver (acks, url_verification, dispatch) only
 * after it has passed, in this order:
 *
 * 1. POST /slack/events, and signature headers that are present, well formed and fresh
 *    (within five minutes either way). Decided on the headers alone: nothing of the body
 *    of an unsigned or stale request is read.
 * 2. A body within BODY_LIMIT_BYTES, read while the bytes of all not-yet-verified bodies in
 *    flight stay within a budget (a flood with forged headers can't buffer more than that).
 * 3. A signature that matches the signing secret (Bolt's own check).
 * 4. A body that is a payload object (Bolt would crash on `payload=null`).
 * 5. Not seen before: each (timestamp, signature) is claimed once, across instances when
 *    the store is shared. A replay is refused; Slack's own retry of it (X-Slack-Retry-Num)
 *    gets a 200 with no effect, so Slack stops retrying something already handled.
 *
 * Refusals close the connection and are logged at most once per interval with counts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type App,
  type Logger as BoltLogger,
  type BufferedIncomingMessage,
  HTTPReceiver,
  isValidSlackRequest,
  type Receiver,
} from '@slack/bolt';
import type { Logger } from '../../logger.js';
import { type ClaimStore, FirstClaims } from './dedupe.js';
import { RefusalLog, type RefusalReason } from './refusal-log.js';
import { checkSignatureHeaders, declaredLength, isForm, isPayloadObject, isSslCheck, replayMemoryMs } from './request-checks.js';

export const EVENTS_PATH = '/slack/events';

/**
 * Slack's payloads are far below this: a slash command is a few KB, an event with a
 * 40,000-character message and its rich-text blocks about 150 KB, and a click carries the
 * clicked message (ours are under 20 KB), form-encoded (at most ~3× its JSON).
 */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** An unsigned ssl_check probe is read only when it declares a body this small. */
const SSL_CHECK_MAX_BYTES = 512;

export interface EdgeOptions {
  bodyLimitBytes: number;
  /** Bytes of bodies read but not yet verified, over all requests in flight. */
  unverifiedBudgetBytes: number;
  /** Time to receive a request's headers. */
  headersTimeoutMs: number;
  /** Time to receive a whole request (Slack wants an answer within 3 s anyway). */
  requestTimeoutMs: number;
  /** A connection silent this long is closed. */
  idleTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** How often Node checks the two timeouts above (its default of 30 s would let a slow sender stay far longer). */
  timeoutCheckIntervalMs: number;
  /** One summary line of refusals per this interval. */
  refusalLogIntervalMs: number;
  /** Wall clock for timestamps (Slack's are wall-clock seconds). */
  now: () => number;
}

export const DEFAULT_EDGE: EdgeOptions = {
  bodyLimitBytes: BODY_LIMIT_BYTES,
  unverifiedBudgetBytes: 16 * 1024 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
  idleTimeoutMs: 15_000,
  keepAliveTimeoutMs: 5_000,
  timeoutCheckIntervalMs: 1_000,
  refusalLogIntervalMs: 60_000,
  now: Date.now,
};

/** What the edge has seen (tests and benchmarks read it). */
export interface EdgeStats {
  /** Most body bytes held before verification at any moment. */
  peakUnverifiedBytes: number;
  /** Most bytes (headers included) read from the connection of a refused request before it closed. */
  maxBytesReadWhenRefused: number;
  refused: ReadonlyMap<RefusalReason, number>;
}

type BodyRead = { kind: 'ok'; body: Buffer } | { kind: 'too-large' } | { kind: 'busy' } | { kind: 'aborted' };

export class SlackEdgeReceiver implements Receiver {
  private readonly bolt: HTTPReceiver;
  private readonly opts: EdgeOptions;
  private readonly replays: FirstClaims;
  private readonly refusals: RefusalLog;
  private server: Server | undefined;
  private unverifiedBytes = 0;
  private peakUnverifiedBytes = 0;
  private maxBytesReadWhenRefused = 0;

  constructor(
    private readonly signingSecret: string,
    private readonly log: Logger,
    boltLogger: BoltLogger,
    claims?: ClaimStore,
    options: Partial<EdgeOptions> = {},
  ) {
    this.opts = { ...DEFAULT_EDGE, ...options };
    // Never started: its request listener is called for requests that passed the checks.
    this.bolt = new HTTPReceiver({ signingSecret, logger: boltLogger, endpoints: EVENTS_PATH, processBeforeResponse: false });
    this.replays = new FirstClaims(log, claims, 50_000, this.opts.now);
    this.refusals = new RefusalLog(log, this.opts.refusalLogIntervalMs);
  }

  get stats(): EdgeStats {
    return {
      peakUnverifiedBytes: this.peakUnverifiedBytes,
      maxBytesReadWhenRefused: this.maxBytesReadWhenRefused,
      refused: this.refusals.totals,
    };
  }

  init(app: App): void {
    this.bolt.init(app);
  }

  async start(port: number): Promise<Server> {
    const o = this.opts;
    const server = createServer(
      { headersTimeout: o.headersTimeoutMs, requestTimeout: o.requestTimeoutMs, connectionsCheckingInterval: o.timeoutCheckIntervalMs },
      (req, res) => this.onRequest(req, res),
    );
    server.timeout = o.idleTimeoutMs;
    server.keepAliveTimeout = o.keepAliveTimeoutMs;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => this.log.error({ err }, 'Slack HTTP server error'));
    this.server = server;
    return server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.refusals.close();
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      // Acks go out at once; whatever is still open a second later is a slow or stuck client.
      setTimeout(() => server.closeAllConnections(), 1000).unref();
    });
  }

  /** The port listened on (PORT=0 picks a free one). */
  port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    req.on('error', () => undefined); // a client that hangs up mid-body is not our error
    this.guard(req, res).catch((err: unknown) => {
      this.log.error({ err }, 'Slack request handling failed');
      this.close(res, 500);
    });
  }

  private async guard(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' || pathOf(req.url) !== EVENTS_PATH) return this.close(res, 404);
    const now = this.opts.now();
    const headers = checkSignatureHeaders(req.headers, now);
    if (!headers.ok) {
      if (headers.reason === 'unsigned' && (await this.answeredSslCheck(req, res))) return;
      return this.refuse(res, 401, headers.reason);
    }
    const declared = declaredLength(req.headers);
    if (declared !== undefined && declared > this.opts.bodyLimitBytes) return this.refuse(res, 413, 'too-large');

    const read = await this.readBody(req, this.opts.bodyLimitBytes);
    if (read.kind === 'aborted') return this.close(res, 400);
    if (read.kind !== 'ok') return this.refuse(res, read.kind === 'busy' ? 503 : 413, read.kind);
    const { body } = read;
    const signed = isValidSlackRequest({
      signingSecret: this.signingSecret,
      body: body.toString('utf8'),
      headers: { 'x-slack-signature': headers.signature, 'x-slack-request-timestamp': headers.timestampSec },
      nowMilliseconds: this.opts.now(),
    });
    if (!signed) return this.refuse(res, 401, 'bad-signature');
    if (!isPayloadObject(req.headers, body)) return this.refuse(res, 400, 'malformed');

    const key = `slack:request:${headers.timestampSec}:${headers.signature}`;
    if (!(await this.replays.first(key, replayMemoryMs(headers.timestampSec, this.opts.now())))) {
      if (req.headers['x-slack-retry-num'] !== undefined) {
        this.log.debug({ retryNum: req.headers['x-slack-retry-num'] }, 'Slack retried a request already handled; acknowledged, ignored');
        return this.close(res, 200);
      }
      return this.refuse(res, 401, 'replay');
    }

    (req as BufferedIncomingMessage).rawBody = body;
    this.bolt.requestListener(req, res);
  }

  /** Slack probes a slash command's URL with an unsigned `ssl_check=1`: answered 200, with no effect. */
  private async answeredSslCheck(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const declared = declaredLength(req.headers);
    if (!isForm(req.headers) || declared === undefined || declared > SSL_CHECK_MAX_BYTES) return false;
    const read = await this.readBody(req, SSL_CHECK_MAX_BYTES);
    if (read.kind !== 'ok' || !isSslCheck(req.headers, read.body)) return false;
    this.close(res, 200);
    return true;
  }

  private readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const finish = (result: BodyRead) => {
        if (done) return;
        done = true;
        req.off('data', onData);
        req.off('end', onEnd);
        req.off('close', onClose);
        this.unverifiedBytes -= size;
        resolve(result);
      };
      const onData = (chunk: Buffer) => {
        if (size + chunk.length > limit) return finish({ kind: 'too-large' });
        if (this.unverifiedBytes + chunk.length > this.opts.unverifiedBudgetBytes) return finish({ kind: 'busy' });
        size += chunk.length;
        this.unverifiedBytes += chunk.length;
        this.peakUnverifiedBytes = Math.max(this.peakUnverifiedBytes, this.unverifiedBytes);
        chunks.push(chunk);
      };
      const onEnd = () => finish({ kind: 'ok', body: Buffer.concat(chunks, size) });
      const onClose = () => finish({ kind: 'aborted' });
      req.on('data', onData);
      req.on('end', onEnd);
      req.on('close', onClose);
    });
  }

  private refuse(res: ServerResponse, status: number, reason: RefusalReason): void {
    this.refusals.note(reason);
    const socket = res.socket;
    socket?.once('close', () => {
      this.maxBytesReadWhenRefused = Math.max(this.maxBytesReadWhenRefused, socket.bytesRead);
    });
    this.close(res, status);
  }

  /** Answers without a body and closes the connection, so the rest of an unread body is never read. */
  private close(res: ServerResponse, status: number): void {
    if (res.headersSent) return;
    res.writeHead(status, { connection: 'close', 'content-length': '0' });
    // Node would otherwise read (and discard) the rest of the body until its FIN is sent.
    res.end(() => res.socket?.destroy());
  }
}

function pathOf(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}
