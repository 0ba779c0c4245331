/**
 * Who someone is on Slack: display name and admin standing from `users.info`,
 * cached (10 minutes by default) so a quiz burst doesn't call Slack per click.
 * A failed lookup never blocks an answer: the name falls back to what the payload
 * said and the person is treated as a non-admin (safe side), cached only briefly.
 */
import type { Privileges } from '../../contract/inbound.js';
import type { Logger } from '../../logger.js';
import type { PersonLookup } from './to-inbound.js';

export interface UsersInfoApi {
  usersInfo(user: string): Promise<SlackUser | undefined>;
}

/** The parts of a users.info `user` we read. */
export interface SlackUser {
  id?: string;
  name?: string;
  real_name?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
  profile?: { display_name?: string; real_name?: string };
}

interface Profile {
  displayName: string;
  isAdmin: boolean;
}

export interface DirectoryOptions {
  /** SLACK_TRAINERS: user ids that are default trainers. */
  trainers: readonly string[];
  ttlMs?: number;
  failureTtlMs?: number;
  now?: () => number;
}

export class SlackDirectory {
  private readonly cache = new Map<string, { at: number; ttl: number; profile: Promise<Profile> }>();
  private readonly ttlMs: number;
  private readonly failureTtlMs: number;
  private readonly now: () => number;
  private readonly trainers: ReadonlySet<string>;

  constructor(
    private readonly api: UsersInfoApi,
    private readonly log: Logger,
    opts: DirectoryOptions,
  ) {
    this.ttlMs = opts.ttlMs ?? 10 * 60_000;
    this.failureTtlMs = opts.failureTtlMs ?? 30_000;
    this.now = opts.now ?? Date.now;
    this.trainers = new Set(opts.trainers);
  }

  /** Display name now (from cache or users.info), privileges on demand. */
  async person(teamId: string, userId: string, fallbackName?: string): Promise<PersonLookup> {
    const profile = await this.profile(teamId, userId, fallbackName);
    return {
      displayName: profile.displayName,
      privileges: async (): Promise<Privileges> => ({
        isAdmin: profile.isAdmin,
        isDefaultTrainer: this.trainers.has(userId),
        roleIds: [],
      }),
    };
  }

  private profile(teamId: string, userId: string, fallbackName?: string): Promise<Profile> {
    const key = `${teamId}:${userId}`;
    const hit = this.cache.get(key);
    const now = this.now();
    if (hit && now - hit.at < hit.ttl) return hit.profile;
    const entry = { at: now, ttl: this.ttlMs, profile: Promise.resolve<Profile>({ displayName: userId, isAdmin: false }) };
    entry.profile = this.lookup(userId, fallbackName).catch((err: unknown) => {
      this.log.warn({ err, userId }, 'users.info failed; using the name from the payload and no admin rights');
      entry.ttl = this.failureTtlMs;
      return { displayName: cleanName(fallbackName) || userId, isAdmin: false };
    });
    this.cache.set(key, entry);
    if (this.cache.size > 20_000) this.cache.delete(this.cache.keys().next().value!);
    return entry.profile;
  }

  private async lookup(userId: string, fallbackName?: string): Promise<Profile> {
    const user = await this.api.usersInfo(userId);
    if (!user) throw new Error('user not found');
    const name = [user.profile?.display_name, user.profile?.real_name, user.real_name, user.name, fallbackName]
      .map(cleanName)
      .find(Boolean);
    return { displayName: name ?? userId, isAdmin: Boolean(user.is_admin || user.is_owner || user.is_primary_owner) };
  }
}

/** Names are shown in standings: one line, no control characters, bounded length. */
function cleanName(name: string | undefined): string {
  return (
    (name ?? '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 80)
  );
}
