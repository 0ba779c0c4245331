/** Points for one answer: rules of the game, kept pure. */

export const CORRECT_POINTS = 100;
export const MAX_SPEED_BONUS = 50;

/**
 * A correct answer scores 100; with the speed bonus on, up to 50 more, in proportion to
 * the time left when it came in (an instant answer +50, one at the buzzer +0).
 * A wrong answer scores nothing.
 */
export function pointsFor(a: { correct: boolean; speedBonus: boolean; openedAt: number; deadline: number; answeredAt: number }): number {
  if (!a.correct) return 0;
  if (!a.speedBonus) return CORRECT_POINTS;
  const window = a.deadline - a.openedAt;
  if (window <= 0) return CORRECT_POINTS;
  const left = Math.min(Math.max(a.deadline - a.answeredAt, 0), window);
  return CORRECT_POINTS + Math.round((MAX_SPEED_BONUS * left) / window);
}
