/** `npm run kb:check [dir]`: validates the knowledge base and lists every problem. */
import { loadKnowledgeCached } from '../src/cli/kb-cache.js';
import { KnowledgeError } from '../src/core/knowledge/load.js';

const dir = process.argv[2] ?? 'knowledge';
try {
  // Validates, and leaves the snapshot `npm run ask` reads, so its first run is fast too.
  // FUNNELBOT_CACHE_DIR moves the snapshot and FUNNELBOT_NO_CACHE skips it, as for `npm run ask`.
  const kb = await loadKnowledgeCached(dir, process.env.FUNNELBOT_NO_CACHE ? null : (process.env.FUNNELBOT_CACHE_DIR ?? undefined));
  const topics = kb.topics.filter((t) => !t.team);
  const examples = topics.reduce((n, t) => n + t.examples.length, 0);
  const items = topics.reduce((n, t) => n + t.quiz.length, 0);
  const team = kb.topics.length - topics.length;
  const writers = new Set(kb.examples.map((e) => e.writer)).size;
  console.log(
    `${dir}: OK — ${topics.length} topics, ${examples} example questions, ${items} quiz items, ${kb.activities.length} activities, ` +
      `${kb.distinctions.list.length} distinctions, ${kb.functions.length} other functions, ${kb.outOfScope.length} out-of-scope messages, ` +
      `${kb.examples.length} labelled questions from ${writers} writers${team > 0 ? `, ${team} team answer${team === 1 ? '' : 's'}` : ''}.`,
  );
} catch (err) {
  if (!(err instanceof KnowledgeError)) throw err;
  console.error(err.message);
  process.exitCode = 1;
}
