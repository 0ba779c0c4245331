/**
 * The fake Gateway: HELLO, IDENTIFY (token, intents, shard checks with Discord's close
 * codes), heartbeats, READY + GUILD_CREATE, sequenced dispatches kept per session for
 * RESUME replay, and the ways Discord disturbs a connection (op 7, op 9, a dropped socket).
 */

import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  GatewayCloseCodes,
  GatewayDispatchEvents,
  type GatewayIdentifyData,
  GatewayIntentBits,
  GatewayOpcodes,
  type GatewayResumeData,
} from 'discord-api-types/v10';
import { type WebSocket, WebSocketServer } from 'ws';
import { waitUntil } from './wait.js';
import type { World } from './world.js';

export interface GatewayFrame {
  connection: number;
  direction: 'in' | 'out';
  op: number;
  t?: string | null;
  s?: number | null;
  d: unknown;
  /** The path the connection was opened on: `/gateway` or `/resume`. */
  path: string;
  at: number;
}

export interface GatewayConnectionInfo {
  id: number;
  path: string;
  query: Record<string, string>;
  closeCode?: number;
}

interface Session {
  id: string;
  seq: number;
  shard: [number, number];
  /** Every dispatch of the session, for replay on RESUME. */
  log: { s: number; t: string; d: unknown }[];
  conn?: Connection;
}

interface Connection {
  info: GatewayConnectionInfo;
  ws: WebSocket;
  session?: Session;
}

const PRIVILEGED = GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;
const KNOWN_INTENTS = Object.values(GatewayIntentBits)
  .filter((v): v is number => typeof v === 'number')
  .reduce((a, b) => a | b, 0);

export interface GatewayOptions {
  heartbeatIntervalMs: number;
  /** Privileged intents the application has been granted in the Developer Portal. */
  grantedIntents: number;
}

export class FakeGateway {
  readonly frames: GatewayFrame[] = [];
  readonly connections: GatewayConnectionInfo[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  private current?: Session;
  private nextConnection = 1;
  private listeners = new Set<() => void>();

  constructor(
    private readonly world: World,
    private readonly token: string,
    private readonly baseUrl: () => string,
    private readonly opts: GatewayOptions,
  ) {}

  get gatewayUrl(): string {
    return `${this.baseUrl()}/gateway`;
  }

  get resumeUrl(): string {
    return `${this.baseUrl()}/resume`;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname !== '/gateway' && url.pathname !== '/resume') {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, url));
  }

  private accept(ws: WebSocket, url: URL): void {
    const info: GatewayConnectionInfo = { id: this.nextConnection++, path: url.pathname, query: Object.fromEntries(url.searchParams) };
    this.connections.push(info);
    const conn: Connection = { info, ws };
    ws.on('message', (raw) => this.onMessage(conn, raw.toString()));
    ws.on('close', (code) => {
      info.closeCode = code;
      if (conn.session?.conn === conn) conn.session.conn = undefined;
      // A normal close ends the session, as on Discord; 4xxx (discord.js uses 4200) keeps it resumable.
      if (conn.session && (code === 1000 || code === 1001)) this.sessions.delete(conn.session.id);
      this.changed();
    });
    ws.on('error', () => undefined);
    if (url.searchParams.get('v') !== '10') return this.closeWith(conn, GatewayCloseCodes.InvalidAPIVersion, 'Invalid API version');
    if (url.searchParams.get('encoding') !== 'json')
      return this.closeWith(conn, GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
    this.send(conn, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.opts.heartbeatIntervalMs } });
    this.changed();
  }

  private onMessage(conn: Connection, raw: string): void {
    let payload: { op: number; d: unknown };
    try {
      payload = JSON.parse(raw);
    } catch {
      return this.closeWith(conn, GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
    }
    this.record(conn, 'in', payload);
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        return this.send(conn, { op: GatewayOpcodes.HeartbeatAck });
      case GatewayOpcodes.Identify:
        return this.identify(conn, payload.d as GatewayIdentifyData);
      case GatewayOpcodes.Resume:
        return this.resume(conn, payload.d as GatewayResumeData);
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestGuildMembers:
        if (!conn.session) return this.closeWith(conn, GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
        return;
      default:
        return this.closeWith(conn, GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
    }
  }

  private identify(conn: Connection, d: GatewayIdentifyData): void {
    if (conn.session) return this.closeWith(conn, GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
    if (d.token !== this.token) return this.closeWith(conn, GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
    const intents = Number(d.intents);
    if (!Number.isInteger(intents) || (intents & ~KNOWN_INTENTS) !== 0)
      return this.closeWith(conn, GatewayCloseCodes.InvalidIntents, 'Invalid intent(s).');
    if (intents & PRIVILEGED & ~this.opts.grantedIntents)
      return this.closeWith(conn, GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).');
    const shard = d.shard ?? [0, 1];
    if (shard[0] < 0 || shard[1] < 1 || shard[0] >= shard[1]) return this.closeWith(conn, GatewayCloseCodes.InvalidShard, 'Invalid shard.');
    const session: Session = { id: randomBytes(16).toString('hex'), seq: 0, shard, log: [], conn };
    this.sessions.set(session.id, session);
    conn.session = session;
    this.current = session;
    this.dispatchTo(session, GatewayDispatchEvents.Ready, this.world.ready(session.id, this.resumeUrl, shard));
    if (this.world.guildsForShard(shard).length) this.dispatchTo(session, GatewayDispatchEvents.GuildCreate, this.world.guildCreate());
    this.changed();
  }

  private resume(conn: Connection, d: GatewayResumeData): void {
    const session = this.sessions.get(d.session_id);
    if (!session || d.token !== this.token) {
      // Discord answers a failed resume with op 9 (not resumable).
      this.send(conn, { op: GatewayOpcodes.InvalidSession, d: false });
      return;
    }
    if (d.seq > session.seq) return this.closeWith(conn, GatewayCloseCodes.InvalidSeq, 'Invalid seq.');
    session.conn?.ws.terminate();
    session.conn = conn;
    conn.session = session;
    this.current = session;
    for (const missed of session.log.filter((e) => e.s > d.seq)) {
      this.send(conn, { op: GatewayOpcodes.Dispatch, t: missed.t, s: missed.s, d: missed.d });
    }
    this.dispatchTo(session, GatewayDispatchEvents.Resumed, null);
    this.changed();
  }

  /** Sends an event to the bot's current session; kept for replay if the socket is down. */
  dispatch(t: string, d: unknown): void {
    if (!this.current || !this.sessions.has(this.current.id)) throw new Error('fake discord: no gateway session (did the client log in?)');
    this.dispatchTo(this.current, t, d);
  }

  private dispatchTo(session: Session, t: string, d: unknown): void {
    const s = ++session.seq;
    session.log.push({ s, t, d });
    if (session.conn) this.send(session.conn, { op: GatewayOpcodes.Dispatch, t, s, d });
  }

  /** op 7: asks the client to reconnect and resume. */
  requestReconnect(): void {
    const conn = this.requireConn();
    this.send(conn, { op: GatewayOpcodes.Reconnect, d: null });
  }

  /** op 9 with d:false: the session is gone; the client must IDENTIFY afresh. */
  invalidateSession(): void {
    const conn = this.requireConn();
    this.sessions.delete(conn.session!.id);
    this.send(conn, { op: GatewayOpcodes.InvalidSession, d: false });
  }

  /** Kills the TCP connection without a close frame (the client sees 1006). */
  dropSocket(): void {
    this.requireConn().ws.terminate();
  }

  /** The current session's last sequence number. */
  get lastSequence(): number {
    return this.current?.seq ?? 0;
  }

  get sessionId(): string | undefined {
    return this.current?.id;
  }

  /** Ids of the sessions that can still receive events, oldest first (several processes of one bot). */
  get sessionIds(): string[] {
    return [...this.sessions.keys()];
  }

  /**
   * Sends the following events to another live session. Discord decides which connection gets a
   * guild's events; tests of several bot processes choose here (by default the last to identify).
   */
  routeTo(sessionId: string): void {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`fake discord: no gateway session ${sessionId}`);
    this.current = session;
  }

  /** True when the current session has a live, authenticated socket. */
  get online(): boolean {
    return !!this.current?.conn && this.sessions.has(this.current.id);
  }

  /** Resolves when `check` holds, re-checked on every frame and connection change. */
  waitFor<T>(check: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
    return waitUntil(this.listeners, check, `fake discord gateway: ${what}`, timeoutMs);
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private requireConn(): Connection {
    const conn = this.current?.conn;
    if (!conn) throw new Error('fake discord: no live gateway connection');
    return conn;
  }

  private send(conn: Connection, payload: { op: number; d?: unknown; t?: string; s?: number }): void {
    const frame = { op: payload.op, d: payload.d ?? null, s: payload.s ?? null, t: payload.t ?? null };
    this.record(conn, 'out', frame);
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(JSON.stringify(frame));
  }

  private closeWith(conn: Connection, code: number, reason: string): void {
    conn.ws.close(code, reason);
  }

  private record(conn: Connection, direction: 'in' | 'out', p: { op: number; d?: unknown; t?: string | null; s?: number | null }): void {
    this.frames.push({ connection: conn.info.id, direction, op: p.op, t: p.t, s: p.s, d: p.d, path: conn.info.path, at: Date.now() });
    this.changed();
  }

  private changed(): void {
    for (const l of [...this.listeners]) l();
  }
}
