import type { KnowledgeBase } from '../knowledge/load.js';

/**
 * The matcher's thresholds. They are never set by hand: `npm run calibrate` chooses them
 * by leave-one-writer-out cross-validation over the labelled examples and writes
 * `knowledge/calibration.yaml`. These neutral values apply only to a knowledge folder
 * that has never been calibrated.
 */
export interface Calibration {
  /** How much the trained models count against the nearest examples (0..1). */
  alpha: number;
  /** An activity question wins over a topic question when its probability, times this, is higher. */
  activityBias: number;
  /** Out-of-scope probability at which the bot declines. */
  outThreshold: number;
  /** In-scope probability times topic probability below which it declines. */
  confidenceFloor: number;
  /** Probability a topic other than the sides' own needs to frame an activity question. */
  frameThreshold: number;
  /** Side probability below which an activity gets the rule instead of a verdict. */
  doubtThreshold: number;
  /** Similarity at which an activity counts as the listed one. */
  listedSimilarity: number;
  /** Top two topics closer than this (in probability) are offered as a choice. */
  ambiguityMargin: number;
  /** Confidence a second question in a long message needs to be offered. */
  otherQuestion: number;
}

export const NEUTRAL_CALIBRATION: Calibration = {
  alpha: 0.6,
  activityBias: 1,
  outThreshold: 0.5,
  confidenceFloor: 0,
  frameThreshold: 0.5,
  doubtThreshold: 0.4,
  listedSimilarity: 0.8,
  ambiguityMargin: 0.05,
  otherQuestion: 0.5,
};

export function calibrationOf(kb: KnowledgeBase): Calibration {
  return { ...NEUTRAL_CALIBRATION, ...kb.calibration };
}
