import { describe, expect, it } from 'vitest';
import { parseActivityQuestion } from '../../../src/core/matching/activity-question.js';
import { surfaceWords } from '../../../src/core/matching/analyse.js';

const parse = (text: string) => parseActivityQuestion(surfaceWords(text));
const x = (text: string) => parse(text)?.words.join(' ');

describe('parseActivityQuestion', () => {
  it('finds X in the common phrasings', () => {
    expect(x('is cold calling sales or marketing?')).toBe('cold calling');
    expect(x('cold calling: sales or marketing')).toBe('cold calling');
    expect(x('PR - sales or marketing?')).toBe('pr');
    expect(x('is branding a marketing or a sales thing')).toBe('branding');
    expect(x('who does prospecting, sales or marketing?')).toBe('prospecting');
    expect(x('would you say seo counts as sales or marketing')).toBe('seo');
    expect(x('door to door selling is sales right? or marketing')).toBe('door to door selling');
    expect(x('sales or marketing: writing the newsletter')).toBe('writing the newsletter');
    expect(x('is webinars sales/marketing')).toBe('webinars');
  });

  it('reads one-sided questions and remembers the side asked about', () => {
    expect(parse('is branding marketing?')).toMatchObject({ words: ['branding'], asked: 'marketing' });
    expect(parse('is networking part of sales')).toMatchObject({ words: ['networking'], asked: 'sales' });
    expect(parse('cold calling counts as sales?')).toMatchObject({ words: ['cold', 'calling'], asked: 'sales' });
  });

  it('keeps what follows the question as context', () => {
    const q = parse('is sending the same email to our list sales or marketing? it goes to everyone');
    expect(q?.words.join(' ')).toBe('sending the same email to our list');
    expect(q?.context.join(' ')).toContain('goes to everyone');
  });

  it('is not fooled by questions that only mention the two words', () => {
    expect(parse('what is the difference between sales and marketing')).toBeNull();
    expect(parse('is marketing bigger than sales')).toBeNull();
    expect(parse('is sales part of marketing or the other way round')).toBeNull();
    expect(parse('why is networking important in sales')).toBeNull();
    expect(parse('what activities fall under marketing')).toBeNull();
    expect(parse("what's the shared goal of sales and marketing")).toBeNull();
    expect(parse('sales or marketing?')).toBeNull();
  });

  it('reads ownership questions that name no side', () => {
    expect(parse('which team handles objection handling?')).toMatchObject({ words: ['objection', 'handling'], sideless: true });
    expect(parse('whose job is the trade show booth')?.words.join(' ')).toBe('trade show booth');
    expect(parse('renewing the big contract - which department owns that?')).toMatchObject({ words: ['renewing', 'the', 'big', 'contract'], sideless: true });
    expect(parse('which team owns it?')).toBeNull();
    expect(parse('which team is bigger, ours or theirs')).toBeNull();
  });

  it('reads "X, is that sales?" and "X, would that count as marketing?"', () => {
    expect(parse('handing out flyers at the mall, is that sales?')).toMatchObject({ words: ['handing', 'out', 'flyers', 'at', 'the', 'mall'], asked: 'sales' });
    expect(x('a webinar that anyone can sign up for, would that count as marketing?')).toBe('webinar that anyone can sign up');
  });

  it('does not take a pair of sides inside a noun phrase for the question', () => {
    expect(parse('is there a shared aim between marketing and sales')).toBeNull();
    expect(parse('any good book about the sales vs marketing debate')).toBeNull();
    expect(parse('is there a course for sales or marketing people')).toBeNull();
    expect(parse('what is sales, really? is it just talking to customers or is it marketing')).toBeNull();
  });

  it('reads more question forms: "where does X fit", "who should own X", trailing "who does that", tags', () => {
    expect(parse('where does webinar hosting fit?')).toMatchObject({ words: ['webinar', 'hosting'], sideless: true });
    expect(parse('where would a referral scheme belong')).toMatchObject({ words: ['referral', 'scheme'], sideless: true });
    expect(parse('who should own lead scoring?')).toMatchObject({ words: ['lead', 'scoring'], sideless: true });
    expect(parse('who is responsible for the rebrand')).toMatchObject({ words: ['rebrand'], sideless: true });
    expect(parse('writing the case studies, who does that?')).toMatchObject({ words: ['writing', 'the', 'case', 'studies'], sideless: true });
    expect(x('mailing catalogues to past buyers, where does that fit, sales or marketing')).toBe('mailing catalogues to past buyers');
    expect(x('renewing the maintenance contract - is that my job in marketing or should sales do it?')).toBe('renewing the maintenance contract');
    expect(x('a trade fair stand is sales not marketing, right?')).toBe('trade fair stand');
    expect(parse('pitching to a retail chain: sales, right?')).toMatchObject({ words: ['pitching', 'to', 'a', 'retail', 'chain'], asked: 'sales' });
    expect(parse("a billboard by the motorway is marketing isn't it")).toMatchObject({ asked: 'marketing' });
    // A relative clause inside X is part of the activity.
    expect(x('emailing people who signed up for the beta, which team?')).toBe('emailing people who signed up for the beta');
  });

  it('does not read questions about people or company matters as these forms', () => {
    expect(parse('who is our head of growth')).toBeNull();
    expect(parse('sales or marketing, who is paying for the drinks?')).toBeNull();
    expect(parse('one way vs two way: which one is sales and which is marketing?')).toBeNull();
    expect(parse('where does the marketing team sit')).toBeNull();
  });

  it('keeps the question words it trimmed, so comparisons can be told apart', () => {
    expect(parse('which side gets more feedback, sales or marketing?')?.lead).toContain('which');
  });
});
