import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type KnowledgeBase, loadKnowledge, makeKnowledgeBase } from '../../../src/core/knowledge/load.js';
import { type ListedName, namesReader, sharedNames } from '../../../src/core/knowledge/names.js';
import type { Activity } from '../../../src/core/knowledge/schema.js';
import { MatcherModel } from '../../../src/core/matching/model.js';

/**
 * The shared-name check must read names exactly as the matcher looks them up: a name it
 * lets through is answered by its own entry, and a name it flags is answered by the earlier
 * one. Checked against a matcher trained on the shipped knowledge plus one colliding activity.
 */
const COLLIDING: Activity = {
  activity: 'running outbound marketing pushes',
  verdict: 'marketing',
  topic: 'marketing-activities',
  reason: 'One message pushed out to many people at once.',
  aliases: ['Outbound Marketing'],
  source: 'general',
};

let kb: KnowledgeBase;
let model: MatcherModel;
beforeAll(async () => {
  const shipped = await loadKnowledge(path.resolve('knowledge'));
  // The labelled questions train the routing, not the listed names: left out, training is quick.
  kb = makeKnowledgeBase({ ...shipped, activities: [...shipped.activities, COLLIDING], examples: [], outOfScope: [] });
  model = MatcherModel.train(kb);
}, 60_000);

function names(): ListedName[] {
  const out: ListedName[] = [];
  kb.activities.forEach((a, i) => {
    for (const text of [a.activity, ...a.aliases])
      out.push({ text, file: 'activities', entry: `activity ${i + 1}`, path: [], answer: a.verdict });
  });
  kb.functions.forEach((f, i) => {
    for (const text of f.examples) out.push({ text, file: 'functions', entry: `function ${i + 1}`, path: [], answer: f.name });
  });
  return out;
}

describe('shared names, read as the matcher reads them', () => {
  it('flags exactly the names the matcher answers from another entry', () => {
    const flagged = sharedNames(names(), namesReader(kb.synonyms, kb.distinctions.sides));
    expect(flagged.map((s) => [s.name.text, s.earlier.text])).toEqual([['Outbound Marketing', 'outbound sales']]);

    const shadowed: string[] = [];
    for (const a of kb.activities) {
      for (const text of [a.activity, ...a.aliases]) {
        if (model.readActivity(model.featurizer.analyse(text)).nearest?.activity !== a) shadowed.push(text);
      }
    }
    for (const f of kb.functions) {
      for (const text of f.examples) if (model.readActivity(model.featurizer.analyse(text)).fn?.fn !== f) shadowed.push(text);
    }
    expect(shadowed).toEqual(['Outbound Marketing']);
    const read = model.readActivity(model.featurizer.analyse('Outbound Marketing')).nearest;
    expect(read?.activity.activity).toBe('outbound prospecting by sdrs');
  });
});
