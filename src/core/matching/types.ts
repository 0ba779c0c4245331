import type { Activity, Verdict } from '../knowledge/schema.js';

/** What the matcher concluded about one message. A pure function of the knowledge base and the message. */
export interface MatchResult {
  /**
   * - `topic`: a question about a topic.
   * - `activity`: "is X sales or marketing?" with a verdict.
   * - `neither`: an activity question whose activity is neither sales nor marketing.
   * - `abstain`: outside what the knowledge base covers.
   */
  kind: 'topic' | 'activity' | 'neither' | 'abstain';
  /** The topic that answers the message (for activities: the deciding topic); null exactly when abstaining or `neither`. */
  topic: string | null;
  verdict: Verdict | null;
  /** 0..1: confidence in `topic`, or in `bestTopic` when it declined. */
  confidence: number;
  /** The best-scoring topic even when declined (null only for an empty message). */
  bestTopic: string | null;
  /** 2–3 nearest topic ids to offer (excluding `topic`). */
  suggestions: string[];
  /** Set when two topics were nearly tied: the runner-up, so the bot may ask which was meant. */
  ambiguousWith?: string;
  /** For activity questions: the activity as understood, the labelled entry if one matched, and the reason. */
  activity?: {
    text: string;
    known?: Activity;
    reason: string;
    /** What decided the verdict: a stated audience, a listed activity, a distinction's cue, or only the learned model. */
    basis?: 'audience' | 'listed' | 'distinction' | 'model';
    /** The side model's probability for the verdict given. */
    sideProbability?: number;
  };
}

export interface Matcher {
  match(message: string): MatchResult;
}
