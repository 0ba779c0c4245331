import type { BankItem } from './bank.js';
import { type Random, shuffled } from './random.js';

/**
 * Picks `count` distinct questions for a round from the chosen topics (all when empty),
 * spreading them across topics: topics take turns, each giving its next shuffled item.
 * Returns fewer when the bank is smaller than asked.
 */
export function selectItems(bank: readonly BankItem[], topics: readonly string[], count: number, random: Random): BankItem[] {
  const wanted = new Set(topics);
  const byTopic = new Map<string, BankItem[]>();
  for (const item of bank) {
    if (wanted.size > 0 && !wanted.has(item.topic)) continue;
    const list = byTopic.get(item.topic) ?? [];
    list.push(item);
    byTopic.set(item.topic, list);
  }
  const queues = shuffled([...byTopic.values()], random).map((items) => shuffled(items, random));
  const picked: BankItem[] = [];
  const seen = new Set<string>();
  while (picked.length < count && queues.some((q) => q.length > 0)) {
    for (const queue of queues) {
      const item = queue.shift();
      if (!item || seen.has(item.key)) continue;
      seen.add(item.key);
      picked.push(item);
      if (picked.length === count) break;
    }
  }
  return picked;
}

/** How many distinct questions the bank holds for these topics. */
export function availableCount(bank: readonly BankItem[], topics: readonly string[]): number {
  const wanted = new Set(topics);
  return new Set(bank.filter((i) => wanted.size === 0 || wanted.has(i.topic)).map((i) => i.key)).size;
}
