import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge, type KnowledgeBase } from '../../../src/core/knowledge/load.js';
import type { Topic } from '../../../src/core/knowledge/schema.js';
import { createMatcher } from '../../../src/core/matching/index.js';
import type { Matcher } from '../../../src/core/matching/types.js';

let kb: KnowledgeBase;
let matcher: Matcher;

beforeAll(async () => {
  kb = await loadKnowledge(path.resolve('knowledge'));
  matcher = createMatcher(kb);
});

const topicOf = (q: string) => matcher.match(q).topic;

describe('topic questions', () => {
  it.each([
    ['what is the difference between sales and marketing', 'overview'],
    ['why do people mix up sales and marketing?', 'common-goal'],
    ['what is marketing', 'what-is-marketing'],
    ['define sales', 'what-is-sales'],
    ['which is broader, sales or marketing?', 'scope'],
    ['what are the 4 Ps of marketing', 'four-ps'],
    ['where does sales sit in the funnel', 'funnel'],
    ['what do salespeople do all day', 'sales-activities'],
    ['what does the marketing team actually do', 'marketing-activities'],
    ['who runs the feasibility study', 'research-feasibility'],
    ['who anticipates changes in the market', 'future-alignment'],
    ['what is mass personalization', 'customer-interaction'],
    ['is marketing one-way or two-way communication', 'communication'],
    ['what is the key to effective sales', 'strategy-drives-sales'],
  ])('%s -> %s', (q, topic) => {
    const r = matcher.match(q);
    expect(r.kind).toBe('topic');
    expect(r.topic).toBe(topic);
    expect(r.verdict).toBeNull();
    expect(r.suggestions).not.toContain(topic);
  });

  it.each([
    ['what does a salesperson work on?', 'sales-activities'],
    ['what do people in marketing spend most of their week doing', 'marketing-activities'],
    ['what does a sales role involve day to day', 'sales-activities'],
    ['typical duties of a marketing department?', 'marketing-activities'],
    ['how are sales and marketing different when it comes to communicating with customers', 'communication'],
    ['how do sales and marketing differ in how they deal with customers', 'customer-interaction'],
    ['compare sales and marketing on who does the research', 'research-feasibility'],
    ['which end of the funnel does sales sit at', 'funnel'],
    ['is there a training course on the sales vs marketing stuff', 'strategy-drives-sales'],
    ['so what is selling, in plain words?', 'what-is-sales'],
  ])('reads what the question asks for: %s -> %s', (q, topic) => {
    expect(matcher.match(q)).toMatchObject({ kind: 'topic', topic, verdict: null });
  });

  it('sees through chat noise', () => {
    expect(topicOf('<@U024BE7LH> <!here> *what are the* `4P`s of mktg?? :thinking_face: 🤔')).toBe('four-ps');
    expect(topicOf('<@123456789012345678> <#111111111111111111> > marketing is one-way communication\nwhat does that mean')).toBe('communication');
    expect(topicOf('wh\u200Bat is mar\u200Dketing')).toBe('what-is-marketing');
  });

  it('tolerates typos', () => {
    expect(topicOf('whats the diffrence between markting and saels')).toBe('overview');
    expect(topicOf('what is a feasability study')).toBe('research-feasibility');
  });

  it('answers one- and two-word messages', () => {
    expect(topicOf('funnel?')).toBe('funnel');
    expect(topicOf('marketing?')).toBe('what-is-marketing');
    expect(topicOf('4ps')).toBe('four-ps');
  });

  it('answers a long rambling message by what it is about', () => {
    const ramble =
      'ok so quick context, I joined last month and I keep sitting in meetings where people say marketing is this huge funnel ' +
      'and sales only lives at the narrow end of it, closing the transaction. nobody ever explained that picture to me and ' +
      'I do not want to ask in the big channel, so: what does the funnel thing actually mean?';
    expect(topicOf(ramble)).toBe('funnel');
  });

  it('gives 2-3 suggestions that exist in the knowledge base', () => {
    const r = matcher.match('what is the funnel');
    expect(r.suggestions.length).toBeGreaterThanOrEqual(2);
    expect(r.suggestions.length).toBeLessThanOrEqual(3);
    for (const id of r.suggestions) expect(kb.byId.has(id)).toBe(true);
  });
});

describe('declining what is outside the knowledge', () => {
  it.each([
    "what's the weather like today",
    'how do i reset my vpn password',
    'what was our Q3 sales number?',
    "what's a good CRM?",
    'who is our head of marketing',
    'tell me a joke',
    'book a meeting room for 3pm',
    // Near misses: domain words, but not a question the knowledge answers.
    "what's the conversion rate of our funnel this month",
    'show me the funnel dashboard',
    'best email marketing tool?',
    'what is the commission rate for sales reps here',
    'write me a linkedin post for our launch',
    // Company data at this moment, how-tos for tools, deliverables, neighbouring subjects.
    "what's our conversion rate at the moment",
    'how many deals are in my pipeline currently',
    'how do I set up an email sequence in hubspot',
    'how can we track campaign performance in the dashboard',
    'can you write a cold email template for dentists',
    'recommend a good sales podcast please',
    "what's the VAT rate on our invoices",
    'thanks bot, very helpful',
  ])('%s', (q) => {
    const r = matcher.match(q);
    expect(r.kind).toBe('abstain');
    expect(r.topic).toBeNull();
    expect(r.verdict).toBeNull();
    expect(r.suggestions.length).toBeGreaterThanOrEqual(2);
    expect(r.suggestions.length).toBeLessThanOrEqual(3);
    expect(r.confidence).toBeLessThan(0.5);
  });

  it('declines an empty or noise-only message without a best topic', () => {
    for (const q of ['', '   ', '<@U024BE7LH>', ':wave: 👋', '\u200B\u200B']) {
      const r = matcher.match(q);
      expect(r.kind).toBe('abstain');
      expect(r.bestTopic).toBeNull();
      expect(r.confidence).toBe(0);
    }
  });
});

describe('is X sales or marketing?', () => {
  it('answers listed activities with the entry, its verdict and reason', () => {
    const listed = kb.activities.find((a) => a.activity === 'cold calling a lead');
    expect(listed).toBeDefined();
    const r = matcher.match('is cold calling sales or marketing?');
    expect(r).toMatchObject({ kind: 'activity', verdict: 'sales', topic: 'sales-activities' });
    expect(r.activity?.known).toBe(listed);
    expect(r.activity?.reason).toBe(listed!.reason);
  });

  it('finds listed activities through their aliases and in other phrasings', () => {
    expect(matcher.match('PR - sales or marketing?')).toMatchObject({ kind: 'activity', verdict: 'marketing' });
    expect(matcher.match('is a newsletter a marketing thing?')).toMatchObject({ kind: 'activity', verdict: 'marketing' });
    expect(matcher.match('who does prospecting, sales or marketing?')).toMatchObject({ kind: 'activity', verdict: 'sales' });
    expect(matcher.match('door to door selling is sales right? or marketing')).toMatchObject({ kind: 'activity', verdict: 'sales' });
  });

  it("gives 'both' for a listed 'both' activity or two steps, one mass and one personal, filed under marketing-activities", () => {
    const both = kb.activities.find((a) => a.verdict === 'both');
    expect(both).toBeDefined();
    expect(matcher.match(`is ${both!.activity} sales or marketing?`)).toMatchObject({ kind: 'activity', verdict: 'both', topic: 'marketing-activities' });
    // A mass step followed by personal follow-up is both (deliberate change: the tuning sets label it so).
    expect(matcher.match('is posting on instagram and then phoning one prospect sales or marketing')).toMatchObject({ kind: 'activity', verdict: 'both', topic: 'marketing-activities' });
    // One activity with cues on both sides, or two steps on the same side, still gets one verdict.
    expect(matcher.match('is phoning one prospect about our instagram campaign sales or marketing')).toMatchObject({ kind: 'activity', verdict: 'sales' });
    expect(matcher.match('is writing a blog post and then sharing it on linkedin sales or marketing')).toMatchObject({ kind: 'activity', verdict: 'marketing' });
    expect(matcher.match('is calling a lead and then emailing them a quote sales or marketing')).toMatchObject({ kind: 'activity', verdict: 'sales' });
  });

  it('reads ownership questions that name no side, and "X, is that sales?"', () => {
    expect(matcher.match('which department is responsible for handling objections from a buyer?')).toMatchObject({ kind: 'activity', verdict: 'sales' });
    expect(matcher.match('whose job is writing the weekly newsletter')).toMatchObject({ kind: 'activity', verdict: 'marketing' });
    expect(matcher.match('negotiating the renewal with our biggest client - which team handles that?')).toMatchObject({ kind: 'activity', verdict: 'sales' });
    expect(matcher.match('putting up a banner at the train station, is that sales right?')).toMatchObject({ kind: 'activity', verdict: 'marketing' });
    expect(matcher.match('a poll on our website asking visitors what feature they want next, would that count as sales?')).toMatchObject({
      kind: 'activity',
      verdict: 'marketing',
      topic: 'research-feasibility',
    });
    // Internal chores are still "neither"; company data about people or reports is declined.
    expect(matcher.match('whose job is approving holiday requests').kind).toBe('neither');
    expect(matcher.match('which team owns the q3 revenue report?').kind).toBe('abstain');
    expect(matcher.match('who owns the acme account').kind).toBe('abstain');
  });

  it('judges unseen activities by the distinctions, ignoring negated cues', () => {
    // Explicitly one-to-one, "not a mass message": sales, although "message"/"offer" alone lean to marketing.
    expect(matcher.match('texting a single customer a custom offer on their birthday - not a mass message - sales or marketing?')).toMatchObject({ verdict: 'sales' });
    expect(matcher.match('running a quiz on instagram that anyone can join, sales or marketing')).toMatchObject({ verdict: 'marketing' });
    expect(matcher.match('walking a family through a new car on the showroom floor, sales or marketing?')).toMatchObject({ verdict: 'sales' });
    expect(matcher.match('interviewing twenty dog owners about what they hate in leashes before we design ours, sales or marketing?')).toMatchObject({
      verdict: 'marketing',
      topic: 'research-feasibility',
    });
  });

  it("takes a listed activity's topic from the message by default, or from the entry when configured", () => {
    const networking = kb.activities.find((a) => a.activity === 'networking at an industry event');
    expect(networking?.topic).toBe('customer-interaction');
    expect(matcher.match('is networking sales or marketing?')).toMatchObject({ verdict: 'sales', topic: 'sales-activities' });
    expect(matcher.match('is networking, where you get to know people personally face to face, sales or marketing?')).toMatchObject({
      verdict: 'sales',
      topic: 'customer-interaction',
    });
    const byEntry = createMatcher(kb, { activityTopicFrom: 'entry' });
    expect(byEntry.match('is networking sales or marketing?')).toMatchObject({ verdict: 'sales', topic: 'customer-interaction' });
  });

  it.each([
    ['is taking a customer to lunch to talk about their renewal sales or marketing', 'sales'],
    ['is phoning one specific client to agree the final price sales or marketing', 'sales'],
    ['is handling pushback from a buyer in a negotiation sales or marketing', 'sales'],
    ['is putting up posters in the subway sales or marketing', 'marketing'],
    ['is a tiktok campaign for our new flavour sales or marketing', 'marketing'],
    ['is sending the same promo email to our whole mailing list sales or marketing', 'marketing'],
  ])('generalises to an unlisted activity: %s -> %s', (q, verdict) => {
    const r = matcher.match(q);
    expect(r.kind).toBe('activity');
    expect(r.verdict).toBe(verdict);
    expect(r.activity?.known).toBeUndefined();
    expect(r.activity?.reason.length).toBeGreaterThan(20);
    expect(r.topic).toBe(verdict === 'sales' ? 'sales-activities' : 'marketing-activities');
  });

  it('picks the deciding topic from research cues and from how the message frames it', () => {
    expect(matcher.match('is polling 500 shoppers about what they need before we design the product sales or marketing')).toMatchObject({
      verdict: 'marketing',
      topic: 'research-feasibility',
    });
    expect(matcher.match('meeting a buyer face to face to understand them personally, sales or marketing?')).toMatchObject({
      verdict: 'sales',
      topic: 'customer-interaction',
    });
    expect(matcher.match('a one-way message from the brand to everyone, sales or marketing?')).toMatchObject({
      verdict: 'marketing',
      topic: 'communication',
    });
  });

  it.each(['is payroll sales or marketing', 'is fixing the printer sales or marketing?', 'is recruiting engineers sales or marketing', 'is doing the tax return sales or marketing'])(
    "says 'neither' for %s",
    (q) => {
      const r = matcher.match(q);
      expect(r).toMatchObject({ kind: 'neither', topic: null, verdict: null });
      expect(r.activity?.reason.length).toBeGreaterThan(20);
    },
  );

  it('matches everyday paraphrases of listed activities through verb synonyms', () => {
    // "phoning"/"ringing" meet "calling", "bargaining" meets "negotiating", "in the newspaper" meets press coverage.
    expect(matcher.match('ringing up a potential customer, sales or marketing?')).toMatchObject({ kind: 'activity', verdict: 'sales' });
    expect(matcher.match('bargaining over contract terms with a client: sales or marketing?')).toMatchObject({ kind: 'activity', verdict: 'sales' });
    expect(matcher.match('getting the company into the newspaper, sales or marketing?')).toMatchObject({ kind: 'activity', verdict: 'marketing' });
  });

  it('answers a listed activity named on its own, and only a listed one', () => {
    expect(matcher.match('and what about a tv spot?')).toMatchObject({ kind: 'activity', verdict: 'marketing' });
    expect(matcher.match('ok next one: objection handling')).toMatchObject({ kind: 'activity', verdict: 'sales' });
    expect(matcher.match('funnel?').kind).toBe('topic');
    expect(matcher.match('gardening?').verdict).toBeNull();
  });

  it('declines requests and status questions shaped like activity questions', () => {
    for (const q of [
      'write me a follow-up email for a lead, sales or marketing style',
      'is our marketing team hiring this spring?',
      'is the sales standup at 9?',
      'thinking of transferring from marketing to sales, good idea?',
    ]) {
      expect(matcher.match(q), q).toMatchObject({ kind: 'abstain', verdict: null });
    }
  });

  it('treats a comparison phrased with "sales or marketing" as a topic question', () => {
    expect(matcher.match('which is broader, sales or marketing?')).toMatchObject({ kind: 'topic', topic: 'scope', verdict: null });
  });
});

describe('ambiguity and confidence', () => {
  it('marks a near tie with the runner-up', () => {
    // Two topics asked in exactly the same words: whichever wins, the other is the runner-up.
    const twin = (id: string, examples: string[]): Topic => ({ ...kb.byId.get('funnel')!, id, title: id, keywords: [], related: [], examples });
    const tiny: KnowledgeBase = {
      topics: [twin('alpha', ['how do widgets work', 'widgets explained']), twin('beta', ['how do widgets work', 'widgets explained'])],
      byId: new Map(),
      activities: [],
    };
    tiny.byId = new Map(tiny.topics.map((t) => [t.id, t]));
    const r = createMatcher(tiny).match('how do widgets work?');
    expect(r.kind).toBe('topic');
    expect([r.topic, r.ambiguousWith].sort()).toEqual(['alpha', 'beta']);
    // A clear winner is not ambiguous.
    expect(matcher.match('what are the 4 Ps of marketing').ambiguousWith).toBeUndefined();
  });

  it('is more confident about a clear question than a vague one', () => {
    expect(matcher.match('what are the 4 Ps of marketing').confidence).toBeGreaterThan(matcher.match('what about customers and the business').confidence);
  });

  it('is a pure function of the knowledge base and the message', () => {
    const again = createMatcher(kb);
    for (const q of ['is seo marketing', 'what is the funnel', 'tell me a joke', 'is payroll sales or marketing']) {
      expect(again.match(q)).toEqual(matcher.match(q));
      expect(matcher.match(q)).toEqual(matcher.match(q));
    }
  });
});
