/** `npm run kb:check [dir]`: validates the knowledge base and lists every problem. */
import { loadKnowledgeCached } from '../src/cli/kb-cache.js';
import { KnowledgeError } from '../src/core/knowledge/load.js';

const dir = process.argv[2] ?? 'knowledge';
try {
  // Validates, and leaves the snapshot `npm run ask` reads, so its first run is fast too.
  const kb = await loadKnowledgeCached(dir);
  const examples = kb.topics.reduce((n, t) => n + t.examples.length, 0);
  const items = kb.topics.reduce((n, t) => n + t.quiz.length, 0);
  const writers = new Set(kb.examples.map((e) => e.writer)).size;
  console.log(
    `${dir}: OK — ${kb.topics.length} topics, ${examples} example questions, ${items} quiz items, ${kb.activities.length} activities, ` +
      `${kb.distinctions.list.length} distinctions, ${kb.functions.length} other functions, ${kb.outOfScope.length} out-of-scope messages, ` +
      `${kb.examples.length} labelled questions from ${writers} writers.`,
  );
} catch (err) {
  if (!(err instanceof KnowledgeError)) throw err;
  console.error(err.message);
  process.exitCode = 1;
}
